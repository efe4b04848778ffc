import { AdminWebhooks } from "~/components/admin/admin-webhooks";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Webhooks" };

/** Every user's webhook endpoints with owners and failure rates (issue 15 §4). */
export default async function AdminWebhooksPage() {
  await requireAdmin("/admin/webhooks");
  return <AdminWebhooks />;
}
