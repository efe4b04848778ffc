import { AdminSettings } from "~/components/admin/admin-settings";
import { AdminTerms } from "~/components/admin/admin-terms";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Settings" };

export default async function AdminSettingsPage() {
  await requireAdmin("/admin/settings");
  return (
    <div className="space-y-6">
      <AdminSettings />
      <AdminTerms />
    </div>
  );
}
