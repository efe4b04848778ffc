import { PurchaseStatus } from "~/components/purchase-status";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your purchase", robots: { index: false } };

const FORMATS = ["mp3_320", "aac_256", "flac", "original"] as const;

/**
 * The buyer's receipt and download page (the address is the receipt: no account needed). The
 * purchase is read on the server, so the links are in the first HTML; `?format=` (the format
 * picker's GET form, issue 16 §2) picks the links' format without JavaScript.
 */
export default async function PurchasePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ format?: string | string[] }>;
}) {
  const { token } = await params;
  const { format } = await searchParams;
  const initialFormat = FORMATS.find((f) => f === format) ?? "original";
  await prefetch(trpc.buyer.purchaseStatus.queryOptions({ token }));
  return (
    <HydrateClient>
      <PurchaseStatus token={token} initialFormat={initialFormat} />
    </HydrateClient>
  );
}
