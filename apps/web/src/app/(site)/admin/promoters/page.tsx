import { AdminPromoters } from "~/components/admin/admin-promoters";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Promoters" };

export default async function AdminPromotersPage() {
  await requireAdmin("/admin/promoters");
  return <AdminPromoters />;
}
