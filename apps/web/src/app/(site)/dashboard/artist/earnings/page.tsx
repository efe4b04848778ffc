import { redirect } from "next/navigation";

import { EarningsView } from "~/components/earnings/earnings-view";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Artist earnings" };

export default async function ArtistEarningsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string }>;
}) {
  await requireSession("/dashboard/artist/earnings");
  const [ctx, sp] = await Promise.all([getContext(), searchParams]);
  // No artist profile yet: the artist dashboard offers to create one. A label acting for a
  // roster artist cannot see their earnings: back to the catalog.
  if (!ctx.user?.artist || actsForAnotherArtist(ctx)) redirect("/dashboard/artist");
  return <EarningsView role="artist" isArtist connectParam={sp.connect} />;
}
