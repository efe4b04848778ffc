import type { StartProduct } from "~/components/promoter-start";
import { PromoterStart } from "~/components/promoter-start";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Start promoting", robots: { index: false } };

/**
 * Where a buyer's share & earn sign-in link lands (issue 14 §7): the program's terms, the
 * application when the program requires approval, then their link for `?track=<slug>` (or
 * `?release=<slug>`: a release bought, issue 16 §1). Signed in only; the steps come from the
 * promoter's own queries, prefetched on the server.
 */
export default async function PromoterStartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const param = (k: string) => (typeof sp[k] === "string" && sp[k] ? sp[k] : null);
  const release = param("release");
  const track = release ? null : param("track");
  const product: StartProduct | null = release
    ? { kind: "release", slug: release }
    : track
      ? { kind: "track", slug: track }
      : null;
  await requireSession(
    product
      ? `/dashboard/promoter/start?${product.kind}=${encodeURIComponent(product.slug)}`
      : "/dashboard/promoter/start",
  );
  await prefetch(
    trpc.promoter.terms.queryOptions(),
    trpc.promoter.application.queryOptions(),
    ...(product?.kind === "track"
      ? [trpc.buyer.trackBySlug.queryOptions({ slug: product.slug })]
      : []),
    ...(product?.kind === "release"
      ? [trpc.release.bySlug.queryOptions({ slug: product.slug })]
      : []),
  );
  return (
    <HydrateClient>
      <PromoterStart product={product} />
    </HydrateClient>
  );
}
