import { PurchaseStatus } from "~/components/purchase-status";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your purchase", robots: { index: false } };

/** The buyer's receipt and download page (the address is the receipt: no account needed). */
export default async function PurchasePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <PurchaseStatus token={token} />;
}
