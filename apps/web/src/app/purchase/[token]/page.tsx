import { PurchaseStatus } from "~/components/purchase-status";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your purchase", robots: { index: false } };

export default async function PurchasePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Thank you for your purchase</h1>
      <PurchaseStatus token={token} />
    </div>
  );
}
