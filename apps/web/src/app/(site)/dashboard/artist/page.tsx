import { ArtistDashboard } from "~/components/artist-dashboard";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Artist dashboard" };

/**
 * The artist's profile, tracks, stats and recent sales, queried on the server and rendered into
 * the first HTML (someone without an artist profile gets the "become an artist" form).
 */
export default async function ArtistDashboardPage() {
  await requireSession("/dashboard/artist");
  const ctx = await getContext();
  const user = ctx.user;
  // A label acting for a roster artist (issue 16 §5) sees their catalog, not their sales.
  const acting = actsForAnotherArtist(ctx);
  await prefetch(
    trpc.promoter.me.queryOptions(),
    trpc.label.acting.queryOptions(),
    ...(user?.artist && !acting
      ? [
          trpc.artist.myTracks.queryOptions(),
          trpc.artist.stats.queryOptions(),
          trpc.artist.sales.queryOptions({ limit: 20 }),
        ]
      : []),
  );
  return (
    <HydrateClient>
      <ArtistDashboard />
    </HydrateClient>
  );
}
