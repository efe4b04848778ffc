import { redirect } from "next/navigation";

import { ReleaseForm } from "~/components/release-form";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "New release" };

/** A new release (issue 16 §1): the editor, empty; saving creates a draft. */
export default async function NewReleasePage() {
  await requireSession("/dashboard/artist/releases/new");
  const { user, actAsArtistId } = await getContext();
  // A label acting for a roster artist (issue 16 §5) manages their releases too.
  if (!user?.artist && !actAsArtistId) redirect("/dashboard/artist");
  await prefetch(trpc.artist.myTracks.queryOptions());
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">New release</h1>
      <HydrateClient>
        <ReleaseForm />
      </HydrateClient>
    </div>
  );
}
