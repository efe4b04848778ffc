import { AdminApiKeys } from "~/components/admin/admin-api-keys";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · API keys" };

/** Every user's API keys and their rate limits (issue 15 §1); an admin raises one key's limit. */
export default async function AdminApiKeysPage() {
  await requireAdmin("/admin/api-keys");
  return <AdminApiKeys />;
}
