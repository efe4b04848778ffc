import { redirect } from "next/navigation";

import { ArtistReleases } from "~/components/artist-releases";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Releases" };

/** The artist's releases (issue 16 §1), queried on the server into the first HTML. */
export default async function ArtistReleasesPage() {
  await requireSession("/dashboard/artist/releases");
  const { user, actAsArtistId } = await getContext();
  // A label acting for a roster artist (issue 16 §5) manages their releases too.
  if (!user?.artist && !actAsArtistId) redirect("/dashboard/artist");
  await prefetch(trpc.artist.releases.queryOptions());
  return (
    <HydrateClient>
      <ArtistReleases />
    </HydrateClient>
  );
}
