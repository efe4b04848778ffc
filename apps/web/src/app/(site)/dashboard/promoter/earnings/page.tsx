import { EarningsView } from "~/components/earnings/earnings-view";
import { requireSession } from "~/lib/require-user";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Promoter earnings" };

export default async function PromoterEarningsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string }>;
}) {
  await requireSession("/dashboard/promoter/earnings");
  const [{ user }, sp] = await Promise.all([getContext(), searchParams]);
  return <EarningsView role="promoter" isArtist={!!user?.artist} connectParam={sp.connect} />;
}
