import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";

import type {
  SourceReportGrouping,
  SourceReportPeriod,
  SourceReportRow,
} from "@fanfare/validators";
import {
  formatBps,
  formatCents,
  SOURCE_REPORT_GROUPING_LABELS,
  SOURCE_REPORT_GROUPINGS,
  SOURCE_REPORT_MAX_ROWS,
  SOURCE_REPORT_PERIOD_LABELS,
  SOURCE_REPORT_PERIODS,
} from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";

import { Segmented } from "./segmented";
import { EmptyState, ErrorState, LoadingState } from "./states";
import { colors, space, text } from "./theme";
import { Card, Metric, Muted, Row } from "./ui";

const periods = SOURCE_REPORT_PERIODS.map((p) => ({
  value: p,
  label: SOURCE_REPORT_PERIOD_LABELS[p],
}));
const groupings = SOURCE_REPORT_GROUPINGS.map((g) => ({
  value: g,
  label: SOURCE_REPORT_GROUPING_LABELS[g],
}));

/**
 * "Performance by source" of the promoter's links (issue 14 §2, §9), as on the web: clicks,
 * sales, conversion and commission per source tag or UTM source / medium / campaign
 * (`promoter.sourceReport`), over the last 7, 30 or 90 days or all time.
 */
export function SourceReport() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<SourceReportPeriod>("30d");
  const [groupBy, setGroupBy] = useState<SourceReportGrouping>("src");
  const report = useQuery({
    ...trpc.promoter.sourceReport.queryOptions({ period, groupBy }),
    placeholderData: keepPreviousData,
  });

  return (
    <Card testID="source-report">
      <Text style={styles.label}>Period</Text>
      <Segmented
        kind="radio"
        label="Report period"
        value={period}
        options={periods}
        onChange={setPeriod}
      />
      <Text style={styles.label}>Group by</Text>
      <Segmented
        kind="radio"
        label="Group the report by"
        value={groupBy}
        options={groupings}
        onChange={setGroupBy}
      />
      {report.isPending ? (
        <LoadingState label="Loading the report…" />
      ) : report.isError ? (
        <ErrorState
          title="Could not load the report."
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      ) : report.data.rows.length === 0 ? (
        <EmptyState
          title="No clicks or sales in this period"
          body="Add a source tag to your links (“Build a link” above) to see which places bring buyers."
        />
      ) : (
        <View style={styles.rows}>
          {report.data.rows.map((row) => (
            <SourceRow
              key={row.isNone ? "none" : `value:${row.key}`}
              row={row}
              groupBy={report.data.groupBy}
            />
          ))}
        </View>
      )}
      {report.data?.truncated ? (
        <Muted>The {SOURCE_REPORT_MAX_ROWS} best-earning groups are shown.</Muted>
      ) : null}
      <Muted>
        Clicks may take a few seconds to appear. Clicks are counted visits (no bots, one per visitor
        an hour); sales count on the day they complete, through the click that carried the tag.
        Earned is your commission, net of refunds. Periods are whole days in UTC.
      </Muted>
    </Card>
  );
}

function SourceRow({ row, groupBy }: { row: SourceReportRow; groupBy: SourceReportGrouping }) {
  return (
    <View style={styles.row} testID={row.isNone ? "source-row-none" : `source-row-${row.key}`}>
      <Text style={styles.groupLabel}>{SOURCE_REPORT_GROUPING_LABELS[groupBy]}</Text>
      {row.isNone ? (
        <Text style={[styles.key, styles.none]}>(none)</Text>
      ) : (
        <Text selectable style={styles.key}>
          {row.key}
        </Text>
      )}
      <Row style={styles.stats}>
        <Metric label="Clicks" value={row.clicks.toLocaleString("en-US")} />
        <Metric label="Sales" value={row.sales.toLocaleString("en-US")} />
        <Metric label="Conversion" value={formatBps(row.conversionBps)} />
        <Metric label="Earned" value={formatCents(row.earningsCents)} />
      </Row>
    </View>
  );
}

const styles = StyleSheet.create({
  label: { ...text.sm, fontWeight: "600", color: colors.text },
  rows: { gap: space.md },
  row: {
    gap: 2,
    paddingTop: space.sm,
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
  },
  groupLabel: { ...text.xs, color: colors.muted },
  key: { ...text.base, fontWeight: "600", color: colors.text },
  none: { color: colors.muted, fontStyle: "italic", fontWeight: "400" },
  stats: { gap: space.lg },
});
