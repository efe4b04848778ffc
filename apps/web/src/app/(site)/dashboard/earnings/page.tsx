import { redirect } from "next/navigation";

import { requireSession } from "~/lib/require-user";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";

/** The header's "Earnings": artists land on their artist earnings, everyone else on promoter earnings. */
export default async function EarningsPage() {
  await requireSession("/dashboard/earnings");
  const { user } = await getContext();
  redirect(user?.artist ? "/dashboard/artist/earnings" : "/dashboard/promoter/earnings");
}
