import { AdminPeople } from "~/components/admin/admin-people";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · People" };

export default async function AdminPeoplePage() {
  await requireAdmin("/admin/people");
  return <AdminPeople />;
}
