import { ArtistDashboard } from "~/components/artist-dashboard";
import { requireSession } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Artist dashboard" };

export default async function ArtistDashboardPage() {
  await requireSession("/dashboard/artist");
  return <ArtistDashboard />;
}
