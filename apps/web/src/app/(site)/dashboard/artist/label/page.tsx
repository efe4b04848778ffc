import { redirect } from "next/navigation";

import { ArtistLabelCard } from "~/components/artist-label-card";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your label" };

/**
 * The artist's label contracts (issue 16 §5): invitations to accept or decline, the current
 * contract (label, share, term) with End, and past ones. Notifications about contracts link here.
 */
export default async function ArtistLabelPage() {
  await requireSession("/dashboard/artist/label");
  // The user's own contracts: a label acting for a roster artist goes back to their catalog.
  if (actsForAnotherArtist(await getContext())) redirect("/dashboard/artist");
  await prefetch(trpc.label.myContracts.queryOptions());
  return (
    <HydrateClient>
      <div className="mx-auto max-w-3xl space-y-6">
        <h1 className="text-2xl font-bold">Your label</h1>
        <ArtistLabelCard showPast />
      </div>
    </HydrateClient>
  );
}
