import { PostTemplatesEditor } from "~/components/post-templates-editor";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Share kit" };

/** The share kit's platform defaults (issue 14 §4): the promo post templates per network. */
export default async function AdminSharePage() {
  await requireAdmin("/admin/share");
  return <PostTemplatesEditor scope="admin" />;
}
