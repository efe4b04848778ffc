import { TrackForm } from "~/components/track-form";
import { requireSession } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Upload a track" };

export default async function NewTrackPage() {
  await requireSession("/dashboard/artist/tracks/new");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Upload a track</h1>
      <TrackForm />
    </div>
  );
}
