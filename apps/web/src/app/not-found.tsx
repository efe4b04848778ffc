import Link from "next/link";

import { SiteChrome } from "~/components/site-chrome";

export const metadata = { title: "Page not found" };

/**
 * The 404 body: the same page for everyone, cacheable. `(site)/not-found.tsx` shows it for
 * `notFound()` inside the site's layout; this root page shows it, with the site's chrome, for
 * unknown paths.
 */
export function NotFoundBody() {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-16 text-center" data-testid="not-found">
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">404</p>
      <h1 className="text-2xl font-bold">This page does not exist</h1>
      <p className="text-zinc-600">
        The link may be mistyped, or the track was removed by its artist.
      </p>
      <Link href="/" className="inline-block text-sm font-medium text-brand-600">
        Discover music →
      </Link>
    </div>
  );
}

/** Unknown paths: the 404 body with the site's header and footer. */
export default function NotFound() {
  return (
    <SiteChrome>
      <NotFoundBody />
    </SiteChrome>
  );
}
