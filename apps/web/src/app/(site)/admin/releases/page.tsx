import { AdminReleases } from "~/components/admin/admin-releases";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Releases" };

export default async function AdminReleasesPage() {
  await requireAdmin("/admin/releases");
  return <AdminReleases />;
}
