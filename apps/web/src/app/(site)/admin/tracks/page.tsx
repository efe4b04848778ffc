import { AdminTracks } from "~/components/admin/admin-tracks";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Tracks" };

export default async function AdminTracksPage() {
  await requireAdmin("/admin/tracks");
  return <AdminTracks />;
}
