import { AdminContests } from "~/components/admin/admin-contests";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Contests" };

/** Contests (issue 13 §5): create, change and cancel; the job starts and closes them. */
export default async function AdminContestsPage() {
  await requireAdmin("/admin/contests");
  return <AdminContests />;
}
