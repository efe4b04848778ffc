import { PromoterStart } from "~/components/promoter-start";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Start promoting", robots: { index: false } };

/**
 * Where a buyer's share & earn sign-in link lands (issue 14 §7): the program's terms, the
 * application when the program requires approval, then their link for `?track=<slug>`. Signed in
 * only; the steps come from the promoter's own queries, prefetched on the server.
 */
export default async function PromoterStartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const slug = typeof sp.track === "string" && sp.track ? sp.track : null;
  await requireSession(
    slug
      ? `/dashboard/promoter/start?track=${encodeURIComponent(slug)}`
      : "/dashboard/promoter/start",
  );
  await prefetch(
    trpc.promoter.terms.queryOptions(),
    trpc.promoter.application.queryOptions(),
    ...(slug ? [trpc.buyer.trackBySlug.queryOptions({ slug })] : []),
  );
  return (
    <HydrateClient>
      <PromoterStart slug={slug} />
    </HydrateClient>
  );
}
