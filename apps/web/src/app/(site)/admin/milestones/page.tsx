import { AdminMilestones } from "~/components/admin/admin-milestones";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Milestones" };

/** Milestones (issue 13 §2): one-time bonuses at thresholds of released sales or commission. */
export default async function AdminMilestonesPage() {
  await requireAdmin("/admin/milestones");
  return <AdminMilestones />;
}
