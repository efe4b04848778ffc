import { AudioLines } from "lucide-react";
import Link from "next/link";

import { NavAccount } from "./nav-account";
import { StripTrackingParams } from "./strip-tracking-params";

/**
 * The site's header (logo, the signed-in part of the nav as a client island) and footer around a
 * page's content: the same for every visitor, so the pages inside stay cacheable. Used by the
 * `(site)` layout and by the root 404 page.
 */
export function SiteChrome({ children }: { children: React.ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white">
        <nav
          aria-label="Main"
          className="mx-auto flex min-h-14 max-w-6xl items-center gap-x-6 px-4 py-2"
        >
          <Link
            href="/"
            className="flex items-center gap-2 text-lg font-bold tracking-tight text-brand-600"
          >
            <span
              aria-hidden
              className="flex size-7 items-center justify-center rounded-lg bg-brand-600 text-white"
            >
              <AudioLines className="size-4" />
            </span>
            Fanfare
          </Link>
          <NavAccount />
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {/* Every page a link lands on (a track, an artist page, discover) drops its tags. */}
        <StripTrackingParams />
        {children}
      </main>
      <footer className="mx-auto max-w-6xl px-4 pb-8 text-sm text-zinc-500">
        <nav aria-label="Footer" className="flex flex-wrap gap-x-6 gap-y-2">
          <Link href="/help/promoters" className="hover:text-ink">
            How promoting works
          </Link>
          <Link href="/terms" className="hover:text-ink">
            Promoter terms
          </Link>
          <Link href="/resources" className="hover:text-ink">
            Resources
          </Link>
        </nav>
      </footer>
    </>
  );
}
