import { redirect } from "next/navigation";

import { Campaigns } from "~/components/campaigns";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Campaigns" };

/** An artist's campaigns on their own tracks: commission boosts and discounts (issue 12 §3). */
export default async function ArtistCampaignsPage() {
  await requireSession("/dashboard/artist/campaigns");
  const ctx = await getContext();
  // The user's own artist's alone: a label acting for a roster artist goes back to the catalog.
  if (!ctx.user?.artist || actsForAnotherArtist(ctx)) redirect("/dashboard/artist");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Campaigns</h1>
      <Campaigns actor="ARTIST" />
    </div>
  );
}
