import { TaxSettings } from "~/components/tax-settings";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Tax form" };

/** The promoter's W-9 / W-8BEN (`/settings/tax`, issue 11 §4). */
export default async function TaxSettingsPage() {
  await requireSession("/settings/tax");
  await prefetch(trpc.promoter.taxStatus.queryOptions());
  return (
    <HydrateClient>
      <TaxSettings />
    </HydrateClient>
  );
}
