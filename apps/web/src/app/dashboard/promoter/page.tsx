import { PromoterDashboard } from "~/components/promoter-dashboard";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Promoter dashboard" };

/** The promoter's stats and links, queried on the server and rendered into the first HTML. */
export default async function PromoterDashboardPage() {
  await requireSession("/dashboard/promoter");
  await prefetch(trpc.promoter.stats.queryOptions(), trpc.promoter.links.queryOptions());
  return (
    <HydrateClient>
      <PromoterDashboard />
    </HydrateClient>
  );
}
