import Link from "next/link";
import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import { getSandboxConnectAccount } from "@fanfare/payments";
import { Badge, Card, Stat } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox Stripe dashboard", robots: { index: false } };

/** Where a payee's earnings page sends them back: the account's owner is "promoter:<id>" or "artist:<id>". */
const earningsPathOf = (ownerRef: string | undefined) =>
  ownerRef?.startsWith("artist:") ? "/dashboard/artist/earnings" : "/dashboard/promoter/earnings";

/** The offline stand-in for a connected account's Stripe Express dashboard: its balance and payouts. */
export default async function SandboxConnectDashboardPage({
  params,
}: {
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  const found = await getSandboxConnectAccount(await getDb(), accountId);
  if (!found) notFound();
  const { account, balanceCents, paidOutCents } = found;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
        Payments sandbox: this page stands in for your Stripe Express dashboard. The balances are
        the sandbox’s own bookkeeping; no money moves.
      </p>
      <Card className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-xl font-bold">Stripe Express (sandbox)</h1>
          {account.payouts_enabled ? (
            <Badge tone="green">Payouts enabled</Badge>
          ) : (
            <Badge tone="amber">Setup incomplete</Badge>
          )}
        </div>
        <p className="text-sm text-zinc-600">
          {account.email} · <code className="text-xs">{account.id}</code>
        </p>
      </Card>
      <dl className="grid grid-cols-2 gap-4">
        <Stat
          label="Balance"
          value={<span data-testid="sandbox-balance">{formatCents(balanceCents, "usd")}</span>}
          hint="Transferred by Fanfare, not yet paid to your bank"
        />
        <Stat
          label="Paid out to your bank"
          value={<span data-testid="sandbox-paid-out">{formatCents(paidOutCents, "usd")}</span>}
        />
      </dl>
      {account.requirements.currently_due.length ? (
        <Card>
          <h2 className="font-semibold">Still needed</h2>
          <ul className="list-inside list-disc text-sm text-zinc-600">
            {account.requirements.currently_due.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Link
        href={earningsPathOf(account.metadata.ownerRef)}
        className="inline-block text-sm text-brand-600"
      >
        Back to Fanfare
      </Link>
    </div>
  );
}
