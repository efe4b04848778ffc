import Link from "next/link";
import { redirect } from "next/navigation";

import { SubscriptionPlanEditor } from "~/components/subscription-plan-editor";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Catalog subscription" };

/** The artist's catalog subscription plan (issue 16 §3), prefetched into the first HTML. */
export default async function ArtistSubscriptionPage() {
  await requireSession("/dashboard/artist/subscription");
  const ctx = await getContext();
  // The artist's own price and money: a label acting for a roster artist goes back to the catalog.
  if (!ctx.user?.artist || actsForAnotherArtist(ctx)) redirect("/dashboard/artist");
  await prefetch(trpc.artist.subscriptionPlan.queryOptions());
  return (
    <HydrateClient>
      <div className="max-w-3xl space-y-4">
        <div className="space-y-1">
          <Link href="/dashboard/artist" className="text-sm text-brand-600">
            ← Artist dashboard
          </Link>
          <h1 className="text-2xl font-bold">Catalog subscription</h1>
          <p className="text-sm text-zinc-600">
            Fans pay monthly or yearly to download your whole catalog; promoters who bring them earn
            a share of each payment.
          </p>
        </div>
        <SubscriptionPlanEditor />
      </div>
    </HydrateClient>
  );
}
