import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import { getSandboxConnectAccount, sandboxDefaultAccountNumber } from "@fanfare/payments";
import { Badge, Card } from "@fanfare/ui";

import { sameOriginUrl } from "~/lib/safe-url";

import { OnboardingForm } from "./onboarding-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox payouts setup", robots: { index: false } };

/**
 * The offline stand-in for Stripe's hosted Connect onboarding
 * (`/sandbox/connect/<accountId>?return=<url>&refresh=<url>`): a short form, then the same
 * signed `account.updated` webhook Stripe would send, then back to `return`.
 */
export default async function SandboxConnectPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ return?: string; refresh?: string }>;
}) {
  const { accountId } = await params;
  const sp = await searchParams;
  const found = await getSandboxConnectAccount(await getDb(), accountId);
  if (!found) notFound();
  const { account } = found;
  // The return URL comes from the query string: only ever send people back to Fanfare itself.
  const returnUrl = sameOriginUrl(sp.return);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
        Payments sandbox: this page stands in for Stripe’s payout setup. Nothing is verified and no
        bank account is linked; completing it sends the same signed webhook Stripe would.
      </p>
      <Card className="space-y-4">
        <div className="flex items-start justify-between gap-2">
          <div>
            <p className="text-sm text-zinc-600">Fanfare partners with Stripe for payouts</p>
            <h1 className="text-xl font-bold">Set up your payout account</h1>
          </div>
          {account.details_submitted ? (
            <span className="shrink-0">
              <Badge tone="green">Complete</Badge>
            </span>
          ) : (
            <span className="shrink-0">
              <Badge tone="amber">{account.requirements.currently_due.length} items due</Badge>
            </span>
          )}
        </div>
        <p className="text-xs text-zinc-500">
          Account <code>{account.id}</code>
        </p>
        {account.details_submitted ? (
          <p className="text-sm text-zinc-700">
            Your details are already submitted. Submitting again tells Fanfare once more.
          </p>
        ) : null}
        <OnboardingForm
          accountId={account.id}
          returnUrl={returnUrl}
          email={account.email}
          defaultAccountNumber={sandboxDefaultAccountNumber(account.id)}
        />
        <a href={returnUrl} className="block text-center text-sm text-zinc-600">
          Not now, return to Fanfare
        </a>
      </Card>
    </div>
  );
}
