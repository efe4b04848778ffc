import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

import { LicenseTiersEditor } from "~/components/license-tiers-editor";
import { TrackForm } from "~/components/track-form";
import { requireSession } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit track" };

export default async function EditTrackPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/dashboard/artist/tracks/${id}`);
  // Not an artist: no track of theirs to edit (404); any other error reaches the error page.
  const tracks = await (await api()).artist.myTracks().catch((e: unknown) => {
    if (e instanceof TRPCError && e.code === "FORBIDDEN") return [];
    throw e;
  });
  const track = tracks.find((t) => t.id === id);
  if (!track) notFound();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Edit “{track.title}”</h1>
      <TrackForm
        existing={{
          id: track.id,
          title: track.title,
          description: track.description,
          genreSlug: track.genre?.slug ?? null,
          priceCents: track.priceCents,
          minPriceCents: track.minPriceCents,
          commissionBps: track.commissionBps,
          affiliateEnabled: track.affiliateEnabled,
          masterFilename: track.masterFilename,
          durationSeconds: track.durationSeconds,
        }}
      />
      <LicenseTiersEditor
        trackId={track.id}
        trackPriceCents={track.priceCents}
        currency={track.currency}
      />
    </div>
  );
}
