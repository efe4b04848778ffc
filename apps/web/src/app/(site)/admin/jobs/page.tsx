import { AdminJobs } from "~/components/admin/admin-jobs";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Jobs" };

export default async function AdminJobsPage() {
  await requireAdmin("/admin/jobs");
  return <AdminJobs />;
}
