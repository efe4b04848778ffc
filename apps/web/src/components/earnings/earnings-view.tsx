"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import type { LedgerEntryKind } from "@fanfare/db/kinds";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading, Stat } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@fanfare/ui/tabs";
import { formatCents } from "@fanfare/validators/money";

import { EarningsChart } from "./earnings-chart";
import { formatUtc, formatUtcDate, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export type PayeeRole = "promoter" | "artist" | "label";

const PAYOUT_TONE = {
  PAID: "green",
  PROCESSING: "amber",
  REQUESTED: "amber",
  FAILED: "red",
} as const;

/** Ledger kinds as a payee reads them: every kind the ledger knows (a new one is a type error). */
const KIND_LABEL: Record<LedgerEntryKind, string> = {
  SALE: "Sale",
  RELEASE: "Hold ended",
  REFUND: "Refund",
  CLAWBACK: "Clawback",
  DISPUTE: "Dispute",
  DISPUTE_WON: "Dispute won",
  PAYOUT: "Payout",
  PAYOUT_PAID: "Payout confirmed",
  PAYOUT_FAILED: "Payout failed",
  PAYOUT_REVERSED: "Transfer reversed",
  ADJUSTMENT: "Adjustment",
  COMMISSION_REJECTED: "Commission rejected",
  WRITE_OFF: "Written off",
  MILESTONE_BONUS: "Milestone bonus",
  CONTEST_PRIZE: "Contest prize",
  RECRUITER_FORFEITED: "Recruiter share forfeited",
};

const pagePath = (role: PayeeRole) => `/dashboard/${role}/earnings`;

/** Stripe's requirement codes ("individual.dob.day") as words. */
const requirementLabel = (r: string) => humanize(r.replace(/^individual\./, ""));

/**
 * The payee's procedures: artists, promoters and labels have the same money API under their own
 * router.
 */
function usePayeeApi(role: PayeeRole) {
  const trpc = useTRPC();
  return role === "artist" ? trpc.artist : role === "label" ? trpc.label : trpc.promoter;
}

function Money({
  cents,
  currency,
  testId,
  signed,
}: {
  cents: number;
  currency: string;
  testId?: string;
  signed?: boolean;
}) {
  return (
    <span data-testid={testId} className={cents < 0 ? "text-red-700" : undefined}>
      {signed && cents > 0 ? "+" : ""}
      {formatCents(cents, currency)}
    </span>
  );
}

function ConnectCard({ role, connectParam }: { role: PayeeRole; connectParam?: string }) {
  const api = usePayeeApi(role);
  const qc = useQueryClient();
  const router = useRouter();
  const status = useQuery(api.connectStatus.queryOptions());
  const start = useMutation(
    api.startConnectOnboarding.mutationOptions({ onSuccess: (r) => window.location.assign(r.url) }),
  );
  const dashboard = useMutation(
    api.connectDashboardLink.mutationOptions({ onSuccess: (r) => window.location.assign(r.url) }),
  );
  const refresh = useMutation(
    api.refreshConnect.mutationOptions({
      onSettled: () => {
        void qc.invalidateQueries({ queryKey: api.pathKey() });
        router.replace(pagePath(role), { scroll: false });
      },
    }),
  );

  // Back from onboarding (`?connect=return`): ask Stripe once for the account's state. A link that
  // expired or the mobile app's onboarding URL (`?connect=start`) starts onboarding again.
  const handled = useRef(false);
  useEffect(() => {
    if (handled.current) return;
    if (connectParam === "return") {
      handled.current = true;
      refresh.mutate();
    } else if (connectParam === "start") {
      handled.current = true;
      start.mutate();
    }
  }, [connectParam, refresh, start]);

  const error = start.error ?? dashboard.error ?? refresh.error ?? status.error;
  const s = status.data;
  return (
    <Card>
      <section aria-labelledby="connect-h" className="space-y-3" data-testid="connect-card">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="connect-h" className="text-lg font-semibold">
            Payout account
          </h2>
          {s ? (
            <span data-testid="connect-status">
              {s.status === "enabled" ? (
                <Badge tone="green">Payouts enabled</Badge>
              ) : s.status === "pending" ? (
                <Badge tone="amber">Setup incomplete</Badge>
              ) : (
                <Badge>Not set up</Badge>
              )}
            </span>
          ) : null}
        </div>
        {refresh.isPending ? (
          <p role="status" className="text-sm text-zinc-600">
            Checking your Stripe account…
          </p>
        ) : status.isPending ? (
          <Loading rows={1} />
        ) : !s ? null : s.status === "not_started" ? (
          <p className="text-sm text-zinc-600">
            Fanfare pays you through Stripe. Set up a Stripe account (about two minutes: your name,
            date of birth and bank account) before your first payout.
          </p>
        ) : s.status === "pending" ? (
          <div className="space-y-2 text-sm text-zinc-700">
            <p>
              Stripe needs a few more details before it can pay you
              {s.requirementsDue.length ? ":" : "."}
            </p>
            {s.requirementsDue.length ? (
              <ul
                className="list-inside list-disc text-zinc-600"
                data-testid="connect-requirements"
              >
                {s.requirementsDue.map((r) => (
                  <li key={r}>{requirementLabel(r)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <p className="text-sm text-zinc-600">
            Payouts go to Stripe account <code className="text-xs">{s.stripeAccountId}</code>, and
            from there to your bank.
          </p>
        )}
        {error ? <Alert>{error.message}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          {s && s.status !== "enabled" ? (
            <Button onClick={() => start.mutate()} pending={start.isPending || start.isSuccess}>
              {start.isPending || start.isSuccess
                ? "Opening Stripe…"
                : s.status === "pending"
                  ? "Continue setup"
                  : "Set up payouts"}
            </Button>
          ) : null}
          {s && s.status !== "not_started" ? (
            <Button
              variant="secondary"
              onClick={() => dashboard.mutate()}
              pending={dashboard.isPending || dashboard.isSuccess}
            >
              Open Stripe dashboard
            </Button>
          ) : null}
        </div>
      </section>
    </Card>
  );
}

function RequestPayout({ role, currency }: { role: PayeeRole; currency: string }) {
  const api = usePayeeApi(role);
  const qc = useQueryClient();
  const eligibility = useQuery(api.payoutEligibility.queryOptions());
  const request = useMutation(
    api.requestPayout.mutationOptions({
      onSettled: () => qc.invalidateQueries({ queryKey: api.pathKey() }),
    }),
  );
  const e = eligibility.data;
  const result = request.data;
  return (
    <Card className="space-y-3">
      <section aria-labelledby="request-h" className="space-y-3">
        <h2 id="request-h" className="text-lg font-semibold">
          Get paid
        </h2>
        {eligibility.isPending ? (
          <p className="text-sm text-zinc-600">Checking…</p>
        ) : !e ? (
          <Alert>{eligibility.error?.message ?? "Could not check your payout eligibility."}</Alert>
        ) : (
          <>
            <p className="text-sm text-zinc-600">
              A payout sends your whole payable balance to your Stripe account. Minimum{" "}
              {formatCents(e.minimumPayoutCents, currency)}.
            </p>
            <Button
              onClick={() => request.mutate()}
              disabled={!e.canRequest}
              pending={request.isPending}
              aria-describedby={e.reason ? "payout-reason" : undefined}
              data-testid="request-payout"
            >
              {request.isPending
                ? "Sending…"
                : e.canRequest
                  ? `Request payout of ${formatCents(e.payableCents, currency)}`
                  : "Request payout"}
            </Button>
            {e.reason ? (
              <p id="payout-reason" className="text-sm text-zinc-600" data-testid="payout-reason">
                {e.reason}
                {e.taxFormUrl ? (
                  <>
                    {" "}
                    <Link href="/settings/tax" className="font-medium text-brand-600 underline">
                      Submit your tax form
                    </Link>
                  </>
                ) : null}
              </p>
            ) : null}
          </>
        )}
        {request.error ? <Alert>{request.error.message}</Alert> : null}
        {result ? (
          <p
            role="status"
            className={
              result.status === "FAILED" ? "text-sm text-red-700" : "text-sm text-green-700"
            }
            data-testid="payout-result"
          >
            {result.status === "PAID"
              ? `Sent ${formatCents(result.amountCents, currency)} to your Stripe account.`
              : result.status === "FAILED"
                ? `The payout of ${formatCents(result.amountCents, currency)} failed: ${(result.failureReason ?? "no reason given").replace(/[.\s]+$/, "")}. The money is back in your payable balance.`
                : `The payout of ${formatCents(result.amountCents, currency)} is on its way; it shows as paid once Stripe confirms.`}
          </p>
        ) : null}
      </section>
    </Card>
  );
}

type PayoutRow = RouterOutputs["promoter"]["payouts"]["items"][number];

/** The payout history's columns, amounts in the payee's currency. */
function payoutColumns(currency: string): DataTableColumn<PayoutRow>[] {
  return [
    {
      id: "requestedAt",
      accessorFn: (p) => p.requestedAt,
      header: "Requested (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.requestedAt),
    },
    {
      id: "amountCents",
      accessorFn: (p) => p.amountCents,
      header: "Amount",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row }) => (
        <span data-testid="payout-amount">{formatCents(row.original.amountCents, currency)}</span>
      ),
    },
    {
      id: "status",
      accessorFn: (p) => p.status,
      header: "Status",
      cell: ({ row }) => (
        <span data-testid="payout-status">
          <Badge tone={PAYOUT_TONE[row.original.status]}>{humanize(row.original.status)}</Badge>
        </span>
      ),
    },
    {
      id: "paidAt",
      accessorFn: (p) => p.paidAt ?? undefined,
      header: "Paid (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => (row.original.paidAt ? formatUtc(row.original.paidAt) : "—"),
    },
    {
      id: "details",
      header: "Details",
      enableSorting: false,
      cell: ({ row: { original: p } }) =>
        p.failureReason ? (
          <span className="text-red-700">{p.failureReason}</span>
        ) : (
          <code className="text-xs text-zinc-600">{p.id}</code>
        ),
    },
  ];
}

function PayoutHistory({
  role,
  currency,
  ready,
}: {
  role: PayeeRole;
  currency: string;
  ready: boolean;
}) {
  const api = usePayeeApi(role);
  const payouts = useQuery({ ...api.payouts.queryOptions({ limit: 20 }), enabled: ready });
  const columns = useMemo(() => payoutColumns(currency), [currency]);
  return (
    <section aria-labelledby="payouts-h" className="space-y-3">
      <h2 id="payouts-h" className="text-lg font-semibold">
        Payouts
      </h2>
      {payouts.isPending ? (
        <Loading label="Loading payouts…" />
      ) : payouts.error ? (
        <Alert>{payouts.error.message}</Alert>
      ) : !payouts.data.items.length ? (
        <EmptyState title="No payouts yet">
          Once your payable balance reaches the minimum, request a payout above.
        </EmptyState>
      ) : (
        <DataTable
          label="Payouts"
          columns={columns}
          data={payouts.data.items}
          getRowId={(p) => p.id}
          testId="payout-history"
          rowTestId="payout-row"
        />
      )}
    </section>
  );
}

type LedgerRow = RouterOutputs["promoter"]["ledger"]["items"][number];

/**
 * The ledger as a statement: newest first in posting order, each entry with the balance before
 * and after it, so the columns are not sortable (a re-sorted statement's balances would not
 * follow on from each other).
 */
function ledgerColumns(currency: string): DataTableColumn<LedgerRow>[] {
  return [
    {
      id: "date",
      header: "Date (UTC)",
      meta: { nowrap: true },
      cell: ({ row: { original: e } }) => formatUtc(e.createdAt),
    },
    {
      id: "kind",
      header: "Kind",
      meta: { nowrap: true },
      cell: ({ row: { original: e } }) => (
        <span data-testid="ledger-kind">
          {e.kind === "CLAWBACK" ? <Badge tone="red">Clawback</Badge> : KIND_LABEL[e.kind]}
        </span>
      ),
    },
    {
      id: "description",
      header: "Description",
      cell: ({ row: { original: e } }) => (
        <span className="block min-w-56 text-zinc-700">
          {e.description}
          {e.availableOn ? (
            <span
              className="block text-xs whitespace-nowrap text-zinc-500"
              data-testid="ledger-available-on"
            >
              payable {formatUtcDate(e.availableOn)}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      id: "before",
      header: "Balance before",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: e } }) => (
        <span className="text-zinc-500" data-testid="ledger-balance-before">
          <Money cents={e.balanceBeforeCents} currency={currency} />
        </span>
      ),
    },
    {
      id: "amount",
      header: "Amount",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: e } }) => (
        <span data-testid="ledger-amount">
          <Money cents={e.amountCents} currency={currency} signed />
        </span>
      ),
    },
    {
      id: "after",
      header: "Balance after",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: e } }) => (
        <span data-testid="ledger-balance">
          <Money cents={e.balanceAfterCents} currency={currency} />
        </span>
      ),
    },
  ];
}

const LEDGER_TABS = [
  {
    account: "payable",
    label: "Payable",
    hint: "Money you can be paid: it arrives here when a holding period ends.",
  },
  {
    account: "pending",
    label: "Pending",
    hint: "Money inside its holding period, which covers refunds; each entry says when it becomes payable.",
  },
] as const;

function Ledger({ role, currency, ready }: { role: PayeeRole; currency: string; ready: boolean }) {
  const api = usePayeeApi(role);
  const [account, setAccount] = useState<"payable" | "pending">("payable");
  const ledger = useInfiniteQuery({
    ...api.ledger.infiniteQueryOptions(
      { limit: 25, account },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    enabled: ready,
  });
  const items = ledger.data?.pages.flatMap((p) => p.items) ?? [];
  const tab = LEDGER_TABS.find((t) => t.account === account)!;
  return (
    <section aria-labelledby="ledger-h" className="space-y-3">
      <div>
        <h2 id="ledger-h" className="text-lg font-semibold">
          Ledger
        </h2>
        <p className="text-sm text-zinc-600">
          Every cent in and out of each of your two accounts, newest first, in the order it was
          posted. Nothing is edited: refunds and payouts are new entries.
        </p>
      </div>
      <Tabs value={account} onValueChange={(v) => setAccount(v as "payable" | "pending")}>
        <TabsList aria-label="Account">
          {LEDGER_TABS.map((t) => (
            <TabsTrigger key={t.account} value={t.account}>
              {t.label}
            </TabsTrigger>
          ))}
        </TabsList>
        {LEDGER_TABS.map((t) => (
          <TabsContent key={t.account} value={t.account} className="mt-3">
            <p className="text-sm text-zinc-600">{tab.hint}</p>
            {ledger.isPending ? (
              <Loading label="Loading ledger…" />
            ) : ledger.error ? (
              <Alert>{ledger.error.message}</Alert>
            ) : !items.length ? (
              <EmptyState title={`No ${tab.label.toLowerCase()} entries yet`}>
                {role === "promoter"
                  ? "Share a track link: each sale it drives shows up here."
                  : role === "label"
                    ? "Each sale of your roster's music shows up here."
                    : "Each sale of your tracks shows up here."}
              </EmptyState>
            ) : (
              <>
                <DataTable
                  label="Ledger entries"
                  testId="ledger"
                  sortable={false}
                  columns={ledgerColumns(currency)}
                  data={items}
                  getRowId={(e) => e.id}
                  rowAttributes={(e) => ({ "data-testid": `ledger-row-${e.kind.toLowerCase()}` })}
                />
                {ledger.hasNextPage ? (
                  <Button
                    variant="secondary"
                    onClick={() => void ledger.fetchNextPage()}
                    pending={ledger.isFetchingNextPage}
                  >
                    {ledger.isFetchingNextPage ? "Loading…" : "Show older entries"}
                  </Button>
                ) : null}
              </>
            )}
          </TabsContent>
        ))}
      </Tabs>
    </section>
  );
}

/**
 * A payee's earnings page, the same for promoters and artists: Stripe Connect state, balances,
 * recent earnings, payout request, payout history and the ledger with running balances.
 * @param connectParam the page's `?connect=` value ("return" after onboarding, "start" to begin).
 */
export function EarningsView({
  role,
  isArtist,
  connectParam,
}: {
  role: PayeeRole;
  isArtist: boolean;
  connectParam?: string;
}) {
  const api = usePayeeApi(role);
  const earnings = useQuery(api.earnings.queryOptions());
  const e = earnings.data;
  const currency = e?.currency ?? "usd";
  const dash = "–";
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Earnings</h1>
          <p className="text-sm text-zinc-600">
            {role === "promoter"
              ? "Commissions from the sales your links drive."
              : role === "label"
                ? "Your label's share of every sale of your roster's music."
                : "Your share of every sale of your tracks."}
          </p>
        </div>
        {isArtist ? (
          <nav aria-label="Earnings as" className="flex gap-1 rounded-lg bg-zinc-100 p-1 text-sm">
            {(["promoter", "artist"] as const).map((r) => (
              <Link
                key={r}
                href={pagePath(r)}
                aria-current={r === role ? "page" : undefined}
                className={
                  r === role
                    ? "rounded-md bg-white px-3 py-1 font-medium shadow-sm"
                    : "rounded-md px-3 py-1 text-zinc-600 hover:text-ink"
                }
              >
                As {r}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>

      {earnings.error ? <Alert>{earnings.error.message}</Alert> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <ConnectCard role={role} connectParam={connectParam} />
        <RequestPayout role={role} currency={currency} />
      </div>

      <section aria-labelledby="balances-h" className="space-y-3">
        <h2 id="balances-h" className="sr-only">
          Balances
        </h2>
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="balances">
          <Stat
            label="Pending"
            value={
              e ? (
                <Money cents={e.pendingCents} currency={currency} testId="earnings-pending" />
              ) : (
                dash
              )
            }
            hint={
              e
                ? e.holdDays > 0
                  ? `On hold ${e.holdDays} days to cover refunds`
                  : "No holding period"
                : undefined
            }
          />
          <Stat
            label="Payable"
            value={
              e ? (
                <Money cents={e.payableCents} currency={currency} testId="earnings-payable" />
              ) : (
                dash
              )
            }
            hint={
              e ? (
                e.payableCents < 0 ? (
                  <span className="text-red-700" data-testid="clawback-hint">
                    Clawback: a refund after payout. Your next earnings net it out.
                  </span>
                ) : (
                  "Ready to pay out"
                )
              ) : undefined
            }
          />
          <Stat
            label="In transit"
            value={
              e ? (
                <Money cents={e.inTransitCents} currency={currency} testId="earnings-in-transit" />
              ) : (
                dash
              )
            }
            hint="Payouts on their way"
          />
          <Stat
            label="Paid"
            value={
              e ? <Money cents={e.paidCents} currency={currency} testId="earnings-paid" /> : dash
            }
            hint="Sent to your Stripe account"
          />
        </dl>
      </section>

      <section aria-labelledby="recent-h" className="space-y-3">
        <h2 id="recent-h" className="text-lg font-semibold">
          Recent earnings
        </h2>
        <dl className="grid grid-cols-3 gap-4" data-testid="recent-earnings">
          <Stat
            label="Today"
            value={
              e ? <Money cents={e.todayCents} currency={currency} testId="earnings-today" /> : dash
            }
          />
          <Stat
            label="7 days"
            value={
              e ? <Money cents={e.weekCents} currency={currency} testId="earnings-week" /> : dash
            }
          />
          <Stat
            label="30 days"
            value={
              e ? <Money cents={e.monthCents} currency={currency} testId="earnings-month" /> : dash
            }
          />
        </dl>
        <Card>
          {e ? (
            <EarningsChart series={e.series} currency={currency} />
          ) : (
            <p className="text-sm text-zinc-600">{earnings.isPending ? "Loading…" : "No data."}</p>
          )}
        </Card>
      </section>

      {/* Read after `earnings`, which first moves sales whose hold is over to payable. */}
      <PayoutHistory role={role} currency={currency} ready={!earnings.isPending} />
      <Ledger role={role} currency={currency} ready={!earnings.isPending} />
    </div>
  );
}
