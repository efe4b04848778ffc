import { redirect } from "next/navigation";

import { requireSession } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";

/** Artists land on their artist dashboard, everyone else on the promoter dashboard. */
export default async function DashboardPage() {
  await requireSession("/dashboard");
  const me = await (await api()).promoter.me();
  redirect(me.artist ? "/dashboard/artist" : "/dashboard/promoter");
}
