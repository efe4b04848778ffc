import { LabelDashboard } from "~/components/label-dashboard";
import { requireSession } from "~/lib/require-user";
import { api, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Label dashboard" };

/**
 * The label dashboard (issue 16 §5): roster, invitations, sales by artist and by release or
 * track, promoters across the roster, queried on the server into the first HTML; someone without
 * a label gets the "create a label" form.
 */
export default async function LabelDashboardPage() {
  await requireSession("/dashboard/label");
  const label = await (await api()).label.me();
  await prefetch(
    trpc.label.me.queryOptions(),
    ...(label ? [trpc.label.roster.queryOptions(), trpc.label.stats.queryOptions()] : []),
  );
  return (
    <HydrateClient>
      <LabelDashboard />
    </HydrateClient>
  );
}
