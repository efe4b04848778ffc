"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, EmptyState, Stat } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { CopyButton } from "./copy-button";
import { useTRPC } from "~/trpc/react";

export function PromoterDashboard() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.promoter.stats.queryOptions());
  const links = useQuery(trpc.promoter.links.queryOptions());
  if (stats.error)
    return (
      <p role="alert" className="text-red-600">
        {stats.error.message}
      </p>
    );
  const s = stats.data;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Promoter dashboard</h1>
          <p className="text-sm text-zinc-600">
            Get a link on any track page, share it, and earn on every sale it drives
            {s ? ` (${s.attributionWindowDays}-day attribution, last click wins)` : ""}.
          </p>
        </div>
        <Link
          href="/dashboard/promoter/earnings"
          className="rounded-lg bg-white px-4 py-2 text-sm font-semibold text-ink ring-1 ring-zinc-300 hover:bg-zinc-50"
        >
          Earnings and payouts
        </Link>
      </div>
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
            s && s.holdDays > 0
              ? `Held ${s.holdDays} days after each sale (refund window)`
              : "No holding period"
          }
        />
        <Stat label="Payable" value={s ? formatCents(s.payableCents) : "–"} />
      </dl>
      <section aria-labelledby="links-h" className="space-y-3">
        <h2 id="links-h" className="text-lg font-semibold">
          Your links
        </h2>
        {links.isPending ? (
          <p className="text-zinc-600">Loading links…</p>
        ) : links.error ? (
          <p role="alert" className="text-red-600">
            {links.error.message}
          </p>
        ) : !links.data.length ? (
          <EmptyState title="No links yet">
            <Link href="/" className="text-brand-600">
              Find a track to promote
            </Link>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
            <table className="min-w-full text-sm" data-testid="promoter-links">
              <thead className="bg-zinc-50 text-left text-zinc-600">
                <tr>
                  <th className="px-4 py-2">Track</th>
                  <th className="px-4 py-2">Link</th>
                  <th className="px-4 py-2 text-right">Clicks</th>
                  <th className="px-4 py-2 text-right">Sales</th>
                  <th className="px-4 py-2 text-right">Conversion</th>
                  <th className="px-4 py-2 text-right">Earned</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {links.data.map((l) => (
                  <tr key={l.id} data-testid={`link-row-${l.code}`}>
                    <td className="px-4 py-2">
                      <Link
                        href={`/t/${l.track.slug}`}
                        className="font-medium text-ink hover:text-brand-700"
                      >
                        {l.track.title}
                      </Link>
                      <div className="text-xs text-zinc-500">
                        {l.track.artistName} · {formatBps(l.track.commissionBps)}
                      </div>
                      {!l.active ? <Badge tone="amber">Inactive</Badge> : null}
                    </td>
                    <td className="px-4 py-2">
                      <div className="flex items-center gap-2">
                        <code className="truncate text-xs">{l.url}</code>
                        <CopyButton text={l.url} />
                      </div>
                    </td>
                    <td className="px-4 py-2 text-right" data-testid="link-clicks">
                      {l.clickCount}
                    </td>
                    <td className="px-4 py-2 text-right" data-testid="link-sales">
                      {l.salesCount}
                    </td>
                    <td className="px-4 py-2 text-right">{formatBps(l.conversionBps)}</td>
                    <td className="px-4 py-2 text-right" data-testid="link-earned">
                      {formatCents(l.commissionCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
