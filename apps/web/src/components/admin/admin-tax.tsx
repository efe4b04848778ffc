"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, buttonVariants, Card, EmptyState, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { TAX_ID_TYPE_LABELS } from "@fanfare/validators";

import { ActionResult, LoadMore, StatusTabs } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type FormRow = RouterOutputs["admin"]["tax"]["list"]["items"][number];
type Filter = "SUBMITTED" | "VERIFIED" | "REJECTED" | "ALL";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "SUBMITTED", label: "To review" },
  { value: "VERIFIED", label: "Verified" },
  { value: "REJECTED", label: "Rejected" },
  { value: "ALL", label: "All" },
];
const STATUS_TONE = { SUBMITTED: "amber", VERIFIED: "green", REJECTED: "red" } as const;

/** Verify at once, or open the rejection form (the promoter reads the reason). */
function ReviewActions({
  row,
  rejecting,
  setRejecting,
  onMessage,
}: {
  row: FormRow;
  rejecting: boolean;
  setRejecting: (open: boolean) => void;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const review = useMutation(trpc.admin.tax.review.mutationOptions());
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <Button
        size="sm"
        variant="secondary"
        pending={review.isPending}
        onClick={async () => {
          await review.mutateAsync({ formId: row.id, decision: "VERIFIED" });
          await queryClient.invalidateQueries({ queryKey: trpc.admin.tax.list.pathKey() });
          onMessage(`${row.legalName}'s ${row.kind === "W9" ? "W-9" : "W-8BEN"} verified.`);
        }}
      >
        Verify
      </Button>
      <Button
        size="sm"
        variant="ghost"
        aria-expanded={rejecting}
        aria-controls={`reject-row-${row.id}`}
        onClick={() => setRejecting(!rejecting)}
      >
        Reject
      </Button>
      {review.error ? <Alert>{review.error.message}</Alert> : null}
    </div>
  );
}

function taxColumns(
  rejecting: string | null,
  setRejecting: (id: string | null) => void,
  onMessage: (message: string) => void,
): DataTableColumn<FormRow>[] {
  return [
    {
      id: "createdAt",
      accessorFn: (r) => r.createdAt,
      header: "Signed (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: r } }) => (
        <>
          <div>{formatUtc(r.signedAt)}</div>
          <Badge tone={STATUS_TONE[r.status]}>{humanize(r.status)}</Badge>
        </>
      ),
    },
    {
      id: "form",
      accessorFn: (r) => r.legalName,
      header: "Form",
      cell: ({ row: { original: r } }) => (
        <div className="space-y-0.5">
          <div className="font-medium">
            {r.kind === "W9" ? "W-9" : "W-8BEN"} · {r.legalName}
          </div>
          {r.businessName ? <div className="text-xs text-zinc-600">{r.businessName}</div> : null}
          <div className="text-xs text-zinc-600">
            {[r.city, r.region, r.country].filter(Boolean).join(", ")}
          </div>
          <div className="text-xs text-zinc-600">
            {TAX_ID_TYPE_LABELS[r.taxIdType]}
            {r.taxIdLast4 ? ` ending ${r.taxIdLast4}` : ""}
          </div>
          {r.status === "REJECTED" && r.rejectReason ? (
            <div className="text-xs text-red-700">Rejected: {r.rejectReason}</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "promoter",
      accessorFn: (r) => r.email,
      header: "Promoter",
      cell: ({ row: { original: r } }) => (
        <>
          <Link href={`/admin/people/${r.userId}`} className="font-medium text-brand-700 underline">
            {r.name ?? r.email}
          </Link>
          <div className="text-xs text-zinc-500">{r.email}</div>
        </>
      ),
    },
    actionsColumn((r) =>
      r.status === "SUBMITTED" ? (
        <ReviewActions
          row={r}
          rejecting={rejecting === r.id}
          setRejecting={(open) => setRejecting(open ? r.id : null)}
          onMessage={onMessage}
        />
      ) : null,
    ),
  ];
}

function TaxList({ filter, onMessage }: { filter: Filter; onMessage: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const review = useMutation(trpc.admin.tax.review.mutationOptions());
  const [rejecting, setRejecting] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.admin.tax.list.infiniteQueryOptions(
      { limit: 50, status: filter === "ALL" ? undefined : filter },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(
    () => taxColumns(rejecting, setRejecting, onMessage),
    [rejecting, onMessage],
  );
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading tax forms…" />;
  if (rows.length === 0)
    return (
      <EmptyState title={filter === "SUBMITTED" ? "Nothing to review" : "No forms here"}>
        Promoters submit their W-9 or W-8BEN under Settings → Tax form.
      </EmptyState>
    );
  return (
    <>
      <DataTable
        label="Tax forms"
        testId="tax-forms"
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        rowAttributes={(r) => ({ "data-testid": `tax-row-${r.id}`, "data-promoter": r.email })}
        expansion={(r) =>
          rejecting === r.id
            ? {
                id: `reject-row-${r.id}`,
                content: (
                  <ReasonForm
                    id={`reject-${r.id}`}
                    label={`Reject ${r.legalName}'s form`}
                    consequence="The promoter is asked for a corrected form; a rejected W-9 no longer lets payouts past the reporting threshold."
                    readerNote="the promoter reads it on their tax page"
                    danger
                    run={async (reason) => {
                      await review.mutateAsync({ formId: r.id, decision: "REJECTED", reason });
                      await queryClient.invalidateQueries({
                        queryKey: trpc.admin.tax.list.pathKey(),
                      });
                      return `${r.legalName}'s form rejected.`;
                    }}
                    onCancel={() => setRejecting(null)}
                    onDone={(m) => {
                      onMessage(m);
                      setRejecting(null);
                    }}
                  />
                ),
              }
            : null
        }
      />
      <LoadMore list={list} />
    </>
  );
}

/** The year-end 1099-NEC CSV for a chosen year. */
function Form1099Export() {
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const years = [thisYear, thisYear - 1, thisYear - 2];
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="space-y-1 text-sm">
        <span className="block font-medium">1099-NEC year</span>
        <Select value={year} onChange={(e) => setYear(Number(e.target.value))} className="w-28">
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
      </label>
      <a
        href={`/api/admin/export/1099-nec?year=${year}`}
        className={buttonVariants({ variant: "secondary", size: "sm" })}
        download
      >
        Download 1099-NEC CSV
      </a>
    </div>
  );
}

/**
 * Tax forms (issue 11 §4): forms on file by review status, verify or reject each, and the
 * year-end 1099-NEC export of US promoters paid at or over the year's threshold.
 */
export function AdminTax() {
  const [filter, setFilter] = useState<Filter>("SUBMITTED");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Card>
      <section aria-labelledby="tax-h" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="tax-h" className="text-lg font-semibold">
              Tax forms
            </h2>
            <p className="max-w-2xl text-sm text-zinc-600">
              US promoters need a W-9 on file before payouts reach the year&apos;s 1099-NEC
              threshold (Settings: $600 through 2025, $2,000 from 2026). Tax ids are stored
              encrypted; only the last 4 digits are shown.
            </p>
          </div>
          <Form1099Export />
        </div>
        <ActionResult message={message} testId="tax-result" />
        <StatusTabs
          label="Form status"
          filters={FILTERS}
          value={filter}
          onChange={setFilter}
          render={(value) => <TaxList filter={value} onMessage={setMessage} />}
        />
      </section>
    </Card>
  );
}
