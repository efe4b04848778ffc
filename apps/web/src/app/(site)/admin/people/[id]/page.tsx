import { AdminPerson } from "~/components/admin/admin-person";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Person" };

export default async function AdminPersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/people/${id}`);
  return <AdminPerson userId={id} />;
}
