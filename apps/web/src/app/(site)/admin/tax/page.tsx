import { AdminTax } from "~/components/admin/admin-tax";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Tax forms" };

export default async function AdminTaxPage() {
  await requireAdmin("/admin/tax");
  return <AdminTax />;
}
