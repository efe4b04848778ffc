import { AdminResources } from "~/components/admin/admin-resources";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Resources" };

/** The resource center (issue 14 §8): swipe files, templates, FAQs, guides and pictures. */
export default async function AdminResourcesPage() {
  await requireAdmin("/admin/resources");
  return <AdminResources />;
}
