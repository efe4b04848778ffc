import { redirect } from "next/navigation";

import { EarningsView } from "~/components/earnings/earnings-view";
import { requireSession } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Label earnings" };

/** The label's money (issue 16 §5): its shares of the roster's sales, payouts and Connect. */
export default async function LabelEarningsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string }>;
}) {
  await requireSession("/dashboard/label/earnings");
  const [label, sp] = await Promise.all([(await api()).label.me(), searchParams]);
  // No label yet: the label dashboard offers to create one.
  if (!label) redirect("/dashboard/label");
  return <EarningsView role="label" isArtist={false} connectParam={sp.connect} />;
}
