import { AdminPayouts } from "~/components/admin/admin-payouts";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Payouts" };

export default async function AdminPayoutsPage() {
  await requireAdmin("/admin/payouts");
  return <AdminPayouts />;
}
