import { PromoterDashboard } from "~/components/promoter-dashboard";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Promoter dashboard" };

/** The promoter's stats and links (or application), queried on the server and rendered into the first HTML. */
export default async function PromoterDashboardPage() {
  await requireSession("/dashboard/promoter");
  await prefetch(
    trpc.promoter.stats.queryOptions(),
    trpc.promoter.links.queryOptions(),
    // A promoter awaiting approval sees their application instead of the links (issue 11 §2).
    trpc.promoter.application.queryOptions(),
    trpc.promoter.myCode.queryOptions(),
    trpc.promoter.progress.queryOptions(),
    trpc.campaign.live.queryOptions({}),
    trpc.promoter.recruits.queryOptions(),
  );
  return (
    <HydrateClient>
      <PromoterDashboard />
    </HydrateClient>
  );
}
