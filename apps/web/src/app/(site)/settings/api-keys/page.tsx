import { ApiKeysSettings } from "~/components/api-keys-settings";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys" };

/** The caller's API keys for the REST API (`/settings/api-keys`, issue 15 §1). */
export default async function ApiKeysPage() {
  await requireSession("/settings/api-keys");
  await prefetch(trpc.apiKey.list.queryOptions());
  await prefetch(trpc.promoter.me.queryOptions());
  return (
    <HydrateClient>
      <ApiKeysSettings />
    </HydrateClient>
  );
}
