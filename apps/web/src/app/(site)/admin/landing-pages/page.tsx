import { AdminLandingPages } from "~/components/admin/admin-landing-pages";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Landing pages" };

export default async function AdminLandingPagesPage() {
  await requireAdmin("/admin/landing-pages");
  return <AdminLandingPages />;
}
