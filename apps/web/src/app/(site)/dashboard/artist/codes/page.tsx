import { redirect } from "next/navigation";

import { DiscountCodes } from "~/components/discount-codes";
import { actsForAnotherArtist } from "~/lib/acting";
import { requireSession } from "~/lib/require-user";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Discount codes" };

/** An artist's discount codes for their own tracks (issue 12 §4). */
export default async function ArtistCodesPage() {
  await requireSession("/dashboard/artist/codes");
  const ctx = await getContext();
  // The user's own artist's alone: a label acting for a roster artist goes back to the catalog.
  if (!ctx.user?.artist || actsForAnotherArtist(ctx)) redirect("/dashboard/artist");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Discount codes</h1>
      <DiscountCodes scope="ARTIST" />
    </div>
  );
}
