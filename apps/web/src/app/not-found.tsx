import Link from "next/link";

export const metadata = { title: "Page not found" };

/** Every 404 of the app (`notFound()`, unknown paths): the same page for everyone, cacheable. */
export default function NotFound() {
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
