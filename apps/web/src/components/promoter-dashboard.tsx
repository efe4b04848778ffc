"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, EmptyState, Loading, Stat, buttonVariants } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { BadgesCard } from "./badges-card";
import { CopyButton } from "./copy-button";
import { LiveCampaigns } from "./live-campaigns";
import { MyCodeCard } from "./my-code-card";
import { RecruitsCard } from "./recruits-card";
import { PromoterApplication } from "./promoter-application";
import { PromoPostsButton } from "./promo-posts";
import { ContestBanner } from "./contest-banner";
import { LinkBuilder } from "./link-builder";
import { LiveEarnings } from "./live-earnings";
import { MilestonesCard } from "./milestones-card";
import { PromoterSourceReport } from "./source-report";
import { TierCard } from "./tier-card";
import { useTRPC } from "~/trpc/react";

type LinkRow = RouterOutputs["promoter"]["links"][number];

/** The links table (from 640 px; cards below): each column but the link itself sorts. */
const linkColumns: DataTableColumn<LinkRow>[] = [
  {
    id: "track",
    accessorFn: (l) => l.track.title,
    header: "Track",
    cell: ({ row: { original: l } }) => (
      <>
        <Link href={`/t/${l.track.slug}`} className="font-medium text-ink hover:text-brand-700">
          {l.track.title}
        </Link>
        <div className="text-xs text-zinc-500">
          {l.track.artistName} · {formatBps(l.track.commissionBps)}
        </div>
        {!l.active ? <Badge tone="amber">Inactive</Badge> : null}
        {l.disabledReason ? (
          <div className="text-xs text-red-700">Disabled by Fanfare: {l.disabledReason}</div>
        ) : null}
      </>
    ),
  },
  {
    id: "link",
    header: "Link",
    enableSorting: false,
    cell: ({ row: { original: l } }) => (
      <div className="flex items-center gap-2">
        <code className="truncate text-xs">{l.url}</code>
        <CopyButton text={l.url} />
        {l.active ? <PromoPostsButton trackId={l.track.id} title={l.track.title} /> : null}
      </div>
    ),
  },
  {
    id: "clicks",
    accessorFn: (l) => l.clickCount,
    header: "Clicks",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row }) => <span data-testid="link-clicks">{row.original.clickCount}</span>,
  },
  {
    id: "sales",
    accessorFn: (l) => l.salesCount,
    header: "Sales",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row }) => <span data-testid="link-sales">{row.original.salesCount}</span>,
  },
  {
    id: "conversion",
    accessorFn: (l) => l.conversionBps,
    header: "Conversion",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row }) => formatBps(row.original.conversionBps),
  },
  {
    id: "earned",
    accessorFn: (l) => l.commissionCents,
    header: "Earned",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row }) => (
      <span data-testid="link-earned">{formatCents(row.original.commissionCents)}</span>
    ),
  },
];

type Standing = RouterOutputs["promoter"]["stats"]["standing"];

const STANDING_TEXT: Record<Exclude<Standing["status"], "ACTIVE">, [string, string]> = {
  PENDING: [
    "Your application is awaiting approval",
    "You can get links once the Fanfare team approves your application.",
  ],
  SUSPENDED: [
    "Your promoter account is suspended",
    "Your links still show the music but count no clicks and earn no commission; pending commissions are held and payouts are paused until the Fanfare team reviews your account.",
  ],
  TERMINATED: [
    "Your promoter account is closed",
    "Your links no longer count clicks or earn commission, and payouts are stopped.",
  ],
};

/** Why the program stopped the promoter's links and payouts (issue 11 §2: the promoter sees why). */
function StandingNotice({ standing }: { standing: Standing }) {
  if (standing.status === "ACTIVE") return null;
  const [title, body] = STANDING_TEXT[standing.status];
  return (
    <div
      role="alert"
      data-testid="promoter-standing"
      className="space-y-1 rounded-xl bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200"
    >
      <p className="font-semibold">{title}</p>
      <p>{body}</p>
      {standing.reason ? <p>Reason given: {standing.reason}</p> : null}
    </div>
  );
}

/** The attribution rules in force, as a promoter reads them: "30-day attribution, last click wins". */
function attributionRule(s: { attributionWindowDays: number; attributionModel: number }): string {
  const click = s.attributionModel === ATTRIBUTION_MODELS.FIRST_CLICK ? "first" : "last";
  return `${s.attributionWindowDays}-day attribution, ${click} click wins`;
}

export function PromoterDashboard() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.promoter.stats.queryOptions());
  const links = useQuery(trpc.promoter.links.queryOptions());
  const campaigns = useQuery(trpc.campaign.live.queryOptions({}));
  if (stats.error) return <Alert>{stats.error.message}</Alert>;
  const s = stats.data;
  // Awaiting approval (issue 11 §2): the application instead of the link tools.
  if (s?.standing.status === "PENDING")
    return (
      <div className="space-y-8">
        <h1 className="text-2xl font-bold">Promoter dashboard</h1>
        <PromoterApplication />
      </div>
    );
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Promoter dashboard</h1>
          <p className="text-sm text-zinc-600">
            Get a link on any track page, share it, and earn on every sale it drives
            {s ? ` (${attributionRule(s)})` : ""}.{" "}
            <Link href="/help/promoters" className="font-medium text-brand-700 underline">
              How attribution works
            </Link>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href="/dashboard/promoter/landing"
            className={buttonVariants({ variant: "secondary" })}
          >
            Landing page
          </Link>
          <Link href="/resources" className={buttonVariants({ variant: "secondary" })}>
            Resources
          </Link>
          <Link
            href="/dashboard/promoter/earnings"
            className={buttonVariants({ variant: "secondary" })}
          >
            Earnings and payouts
          </Link>
        </div>
      </div>
      <LiveEarnings />
      {s && s.standing.status !== "ACTIVE" ? <StandingNotice standing={s.standing} /> : null}
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="promoter-stats">
        <Stat
          label="Clicks"
          value={s?.clickCount ?? "–"}
          hint={`Bots and repeats not counted; updated every ${s?.clicksLagSeconds ?? 2} s`}
        />
        <Stat
          label="Sales"
          value={s?.salesCount ?? "–"}
          hint={s ? `${formatBps(s.conversionBps)} conversion` : undefined}
        />
        <Stat label="Earned" value={s ? formatCents(s.earningsCents) : "–"} />
        <Stat
          label="Pending"
          value={s ? formatCents(s.pendingCents) : "–"}
          hint={
            s && s.heldCents > 0
              ? `${formatCents(s.heldCents)} on hold until the Fanfare team releases it`
              : s && s.holdDays > 0
                ? `Held ${s.holdDays} days after each sale (refund window)`
                : "No holding period"
          }
        />
        <Stat label="Payable" value={s ? formatCents(s.payableCents) : "–"} />
      </dl>
      <ContestBanner />
      {s?.standing.status === "ACTIVE" ? <MyCodeCard /> : null}
      <TierCard />
      <BadgesCard />
      <MilestonesCard />
      <LiveCampaigns campaigns={campaigns.data ?? []} title="Live campaigns: promote these now" />
      {s?.standing.status === "ACTIVE" ? <LinkBuilder /> : null}
      <section aria-labelledby="links-h" className="space-y-3">
        <h2 id="links-h" className="text-lg font-semibold">
          Your links
        </h2>
        {links.isPending ? (
          <Loading label="Loading links…" />
        ) : links.error ? (
          <Alert>{links.error.message}</Alert>
        ) : !links.data.length ? (
          <EmptyState title="No links yet">
            <Link href="/" className="text-brand-600">
              Find a track to promote
            </Link>
          </EmptyState>
        ) : (
          <>
            {/* Phones: one card per link, so the copy button and the figures are on screen. */}
            <ul className="space-y-3 sm:hidden" data-testid="promoter-link-cards">
              {links.data.map((l) => (
                <li
                  key={l.id}
                  className="rounded-xl bg-white p-4 ring-1 ring-zinc-200"
                  data-testid={`link-card-${l.code}`}
                >
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <Link
                        href={`/t/${l.track.slug}`}
                        className="font-medium text-ink underline decoration-zinc-300 underline-offset-2 hover:text-brand-700"
                      >
                        {l.track.title}
                      </Link>
                      <div className="text-xs text-zinc-500">
                        {l.track.artistName} · {formatBps(l.track.commissionBps)}
                      </div>
                    </div>
                    <div className="text-right">
                      <div className="font-semibold">{formatCents(l.commissionCents)}</div>
                      <div className="text-xs text-zinc-500">earned</div>
                    </div>
                  </div>
                  {!l.active ? <Badge tone="amber">Inactive</Badge> : null}
                  {l.disabledReason ? (
                    <div className="text-xs text-red-700">
                      Disabled by Fanfare: {l.disabledReason}
                    </div>
                  ) : null}
                  <div className="mt-3 flex items-center gap-2">
                    <code className="min-w-0 flex-1 truncate rounded bg-zinc-50 px-2 py-1 text-xs">
                      {l.url}
                    </code>
                    <CopyButton text={l.url} />
                    {l.active ? (
                      <PromoPostsButton trackId={l.track.id} title={l.track.title} />
                    ) : null}
                  </div>
                  <dl className="mt-3 grid grid-cols-3 gap-2 text-xs text-zinc-500">
                    <div>
                      <dt>Clicks</dt>
                      <dd className="text-sm font-semibold text-ink">{l.clickCount}</dd>
                    </div>
                    <div>
                      <dt>Sales</dt>
                      <dd className="text-sm font-semibold text-ink">{l.salesCount}</dd>
                    </div>
                    <div>
                      <dt>Conversion</dt>
                      <dd className="text-sm font-semibold text-ink">
                        {formatBps(l.conversionBps)}
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
            <DataTable
              label="Your links"
              className="hidden sm:block"
              columns={linkColumns}
              data={links.data}
              getRowId={(l) => l.id}
              testId="promoter-links"
              rowAttributes={(l) => ({ "data-testid": `link-row-${l.code}` })}
            />
          </>
        )}
      </section>
      <PromoterSourceReport />
      {s?.standing.status === "ACTIVE" ? <RecruitsCard /> : null}
    </div>
  );
}
