import { AccountSettings } from "~/components/account-settings";
import { requireSession } from "~/lib/require-user";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

/** Account settings: name, leaderboard profile, notifications, password (`/settings`). */
export default async function SettingsPage() {
  await requireSession("/settings");
  await prefetch(trpc.account.settings.queryOptions());
  await prefetch(trpc.notification.mutedTypes.queryOptions());
  return (
    <HydrateClient>
      <AccountSettings />
    </HydrateClient>
  );
}
