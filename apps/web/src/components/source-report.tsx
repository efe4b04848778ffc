"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Card, EmptyState, Field, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";
import type {
  SourceReport,
  SourceReportGrouping,
  SourceReportPeriod,
  SourceReportRow,
} from "@fanfare/validators";
import {
  SOURCE_REPORT_GROUPING_LABELS,
  SOURCE_REPORT_GROUPINGS,
  SOURCE_REPORT_MAX_ROWS,
  SOURCE_REPORT_PERIOD_LABELS,
  SOURCE_REPORT_PERIODS,
} from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

function columns(
  groupBy: SourceReportGrouping,
  earnings: string,
): DataTableColumn<SourceReportRow>[] {
  return [
    {
      id: "key",
      accessorFn: (r) => r.key,
      header: SOURCE_REPORT_GROUPING_LABELS[groupBy],
      cell: ({ row: { original: r } }) =>
        r.isNone ? (
          <span className="text-zinc-500 italic">(none)</span>
        ) : (
          <span className="font-mono text-sm break-all">{r.key}</span>
        ),
    },
    {
      id: "clicks",
      accessorFn: (r) => r.clicks,
      header: "Clicks",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "sales",
      accessorFn: (r) => r.sales,
      header: "Sales",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "conversion",
      accessorFn: (r) => r.conversionBps,
      header: "Conversion",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row }) => formatBps(row.original.conversionBps),
    },
    {
      id: "earnings",
      accessorFn: (r) => r.earningsCents,
      header: earnings,
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row }) => formatCents(row.original.earningsCents),
    },
  ];
}

/**
 * The card around one report: the period and grouping selects (and any extra filter), the
 * table, its empty state, and what the figures mean.
 */
function SourceReportCard({
  idPrefix,
  period,
  setPeriod,
  groupBy,
  setGroupBy,
  query,
  earningsLabel,
  earningsNote,
  filter,
  emptyHint,
}: {
  idPrefix: string;
  period: SourceReportPeriod;
  setPeriod: (p: SourceReportPeriod) => void;
  groupBy: SourceReportGrouping;
  setGroupBy: (g: SourceReportGrouping) => void;
  query: { data?: SourceReport; error: { message: string } | null; isPending: boolean };
  earningsLabel: string;
  earningsNote: string;
  filter?: ReactNode;
  emptyHint: ReactNode;
}) {
  const report = query.data;
  return (
    <section aria-labelledby={`${idPrefix}-h`} className="space-y-3" data-testid={`${idPrefix}`}>
      <h2 id={`${idPrefix}-h`} className="text-lg font-semibold">
        Performance by source
      </h2>
      <Card className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id={`${idPrefix}-period`} label="Period">
            <Select
              id={`${idPrefix}-period`}
              value={period}
              onChange={(e) => setPeriod(e.target.value as SourceReportPeriod)}
            >
              {SOURCE_REPORT_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {SOURCE_REPORT_PERIOD_LABELS[p]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${idPrefix}-group`} label="Group by">
            <Select
              id={`${idPrefix}-group`}
              value={groupBy}
              onChange={(e) => setGroupBy(e.target.value as SourceReportGrouping)}
            >
              {SOURCE_REPORT_GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {SOURCE_REPORT_GROUPING_LABELS[g]}
                </option>
              ))}
            </Select>
          </Field>
          {filter}
        </div>
        {query.error ? (
          <Alert>{query.error.message}</Alert>
        ) : query.isPending || !report ? (
          <Loading label="Loading the report…" />
        ) : !report.rows.length ? (
          <EmptyState title="No clicks or sales in this period">{emptyHint}</EmptyState>
        ) : (
          <DataTable
            label={`Performance by ${SOURCE_REPORT_GROUPING_LABELS[report.groupBy].toLowerCase()}`}
            columns={columns(report.groupBy, earningsLabel)}
            data={report.rows}
            getRowId={(r) => (r.isNone ? "none" : `value:${r.key}`)}
            testId={`${idPrefix}-table`}
            rowAttributes={(r) => ({ "data-key": r.isNone ? "" : r.key })}
          />
        )}
        {report?.truncated ? (
          <p className="text-xs text-zinc-500">
            The {SOURCE_REPORT_MAX_ROWS} best-earning groups are shown.
          </p>
        ) : null}
        <p className="text-xs text-zinc-500">
          Clicks are counted visits (no bots, one per visitor an hour) and may take a few seconds to
          appear. Sales count on the day they complete, through the link click that carried the tag;
          fully refunded sales drop out and codes without a click are not shown. {earningsNote}{" "}
          Periods are whole days in UTC.
        </p>
      </Card>
    </section>
  );
}

/** "Performance by source" of the promoter's links: their commission per tag or UTM value. */
export function PromoterSourceReport() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<SourceReportPeriod>("30d");
  const [groupBy, setGroupBy] = useState<SourceReportGrouping>("src");
  const query = useQuery({
    ...trpc.promoter.sourceReport.queryOptions({ period, groupBy }),
    placeholderData: keepPreviousData,
  });
  return (
    <SourceReportCard
      idPrefix="promoter-sources"
      {...{ period, setPeriod, groupBy, setGroupBy, query }}
      earningsLabel="Earned"
      earningsNote="Earned is your commission, net of refunds."
      emptyHint="Add a source tag to your links (the link builder above) to see which places bring buyers."
    />
  );
}

/** "Performance by source" of the artist's tracks, all or one: the artist's share per tag or UTM value. */
export function ArtistSourceReport() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<SourceReportPeriod>("30d");
  const [groupBy, setGroupBy] = useState<SourceReportGrouping>("src");
  const [trackId, setTrackId] = useState("");
  const tracks = useQuery(trpc.artist.myTracks.queryOptions());
  const query = useQuery({
    ...trpc.artist.sourceReport.queryOptions({
      period,
      groupBy,
      ...(trackId ? { trackId } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  return (
    <SourceReportCard
      idPrefix="artist-sources"
      {...{ period, setPeriod, groupBy, setGroupBy, query }}
      earningsLabel="Your earnings"
      earningsNote="Your earnings are your share after the fee and commission, net of refunds."
      emptyHint="Promoters’ links with a source tag or UTM values show here once they bring visits."
      filter={
        <Field id="artist-sources-track" label="Track">
          <Select
            id="artist-sources-track"
            value={trackId}
            onChange={(e) => setTrackId(e.target.value)}
          >
            <option value="">All tracks</option>
            {(tracks.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </Select>
        </Field>
      }
    />
  );
}
