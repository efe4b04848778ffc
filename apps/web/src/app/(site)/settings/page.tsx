import Link from "next/link";

import { buttonVariants, Card } from "@fanfare/ui";

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
      {/* Catalog subscriptions (issue 16 §3): also in the account menu on wider screens. */}
      <div className="mx-auto mt-6 max-w-2xl">
        <Card className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="font-semibold">Subscriptions</h2>
            <p className="text-sm text-zinc-600">
              The artists you subscribe to: downloads, renewals, payment and cancelling.
            </p>
          </div>
          <Link
            href="/subscriptions"
            className={buttonVariants({ variant: "secondary", size: "sm" })}
          >
            Subscriptions
          </Link>
        </Card>
      </div>
      {/* Developers (issue 15): the REST API's keys. */}
      <div className="mx-auto mt-6 max-w-2xl">
        <Card className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="font-semibold">API keys</h2>
            <p className="text-sm text-zinc-600">
              Let your own tools read your stats, links and commissions over the REST API.
            </p>
          </div>
          <Link
            href="/settings/api-keys"
            className={buttonVariants({ variant: "secondary", size: "sm" })}
          >
            API keys
          </Link>
        </Card>
      </div>
    </HydrateClient>
  );
}
