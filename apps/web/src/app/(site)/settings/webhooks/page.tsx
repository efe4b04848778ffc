import { WebhookSettings } from "~/components/webhook-settings";
import { requireSession } from "~/lib/require-user";
import { getContext, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Webhooks" };

/** The user's webhook endpoints and network postbacks (`/settings/webhooks`, issue 15 §3, §4). */
export default async function WebhookSettingsPage() {
  await requireSession("/settings/webhooks");
  const { user } = await getContext();
  await prefetch(trpc.webhook.list.queryOptions());
  return (
    <HydrateClient>
      <WebhookSettings canPromoterJoined={!!(user?.isAdmin || user?.artist)} />
    </HydrateClient>
  );
}
