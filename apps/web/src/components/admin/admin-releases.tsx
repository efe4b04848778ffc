"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { AdminReleaseSort, AdminReleaseState } from "@fanfare/validators";
import { RELEASE_KIND_LABELS } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore, StatusTabs } from "./admin-list";
import { ReleaseModerationForm } from "./release-moderation-form";
import { formatUtc, formatUtcDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type ReleaseRow = RouterOutputs["admin"]["releases"]["list"]["items"][number];
type Filter = AdminReleaseState | "ALL";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "ALL", label: "All" },
  { value: "PUBLISHED", label: "Published" },
  { value: "DRAFT", label: "Draft" },
  { value: "TAKEN_DOWN", label: "Taken down" },
  { value: "DELETED", label: "Deleted" },
];

const SORTS: { value: AdminReleaseSort; label: string }[] = [
  { value: "newest", label: "Newest" },
  { value: "sales", label: "Most sales" },
  { value: "gross", label: "Most gross" },
];

const STATE_BADGE: Record<AdminReleaseState, { tone: "green" | "zinc" | "red"; label: string }> = {
  PUBLISHED: { tone: "green", label: "Published" },
  DRAFT: { tone: "zinc", label: "Draft" },
  TAKEN_DOWN: { tone: "red", label: "Taken down" },
  DELETED: { tone: "zinc", label: "Deleted by the artist" },
};

const link = "text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-ink";

function releaseColumns(
  open: string | null,
  setOpen: (id: string | null) => void,
): DataTableColumn<ReleaseRow>[] {
  return [
    {
      id: "release",
      accessorFn: (r) => r.title,
      header: "Release",
      cell: ({ row: { original: r } }) => (
        <div className="max-w-72 break-words">
          <Link href={`/r/${r.slug}`} className={`font-medium ${link}`}>
            {r.title}
          </Link>
          <div className="text-xs break-all text-zinc-500">
            {RELEASE_KIND_LABELS[r.kind]} · /r/{r.slug}
          </div>
        </div>
      ),
    },
    {
      id: "artist",
      accessorFn: (r) => r.artist.name,
      header: "Artist",
      cell: ({ row: { original: r } }) => (
        <Link href={`/admin/people/${r.artist.userId}`} className={`break-words ${link}`}>
          {r.artist.name}
        </Link>
      ),
    },
    {
      id: "state",
      accessorFn: (r) => r.state,
      header: "State",
      cell: ({ row: { original: r } }) => (
        <div className="max-w-64 space-y-1" data-testid="release-state">
          <Badge tone={STATE_BADGE[r.state].tone}>{STATE_BADGE[r.state].label}</Badge>
          {r.takenDownAt ? (
            <div className="text-xs break-words text-red-700">
              {formatUtc(r.takenDownAt)} UTC: {r.takedownReason}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "trackCount",
      accessorFn: (r) => r.trackCount,
      header: "Tracks",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "releaseDate",
      // Undated releases sort first (ascending), as the earliest.
      accessorFn: (r) => (r.releaseDate ? new Date(r.releaseDate).getTime() : -1),
      header: "Release date (UTC)",
      sortFn: "basic",
      meta: { nowrap: true },
      cell: ({ row: { original: r } }) =>
        r.releaseDate ? (
          <>
            {formatUtcDate(r.releaseDate)}
            {r.preorder ? <span className="block text-xs text-zinc-500">pre-order</span> : null}
          </>
        ) : (
          "—"
        ),
    },
    {
      id: "price",
      accessorFn: (r) => r.priceCents,
      header: "Price",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: r } }) => (
        <>
          {formatCents(r.priceCents)}
          {r.minPriceCents != null ? (
            <span className="block text-xs text-zinc-500">min {formatCents(r.minPriceCents)}</span>
          ) : null}
        </>
      ),
    },
    {
      id: "commission",
      accessorFn: (r) => (r.affiliateEnabled ? r.commissionBps : -1),
      header: "Commission",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: r } }) =>
        r.affiliateEnabled ? formatBps(r.commissionBps) : "No affiliates",
    },
    {
      id: "salesCount",
      accessorFn: (r) => r.salesCount,
      header: "Sales",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "grossCents",
      accessorFn: (r) => r.grossCents,
      header: "Gross",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row }) => formatCents(row.original.grossCents),
    },
    {
      id: "createdAt",
      accessorFn: (r) => r.createdAt,
      header: "Created (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.createdAt),
    },
    actionsColumn((r) => {
      // A deleted release is gone from the store already; the takedown service refuses it.
      if (r.state === "DELETED") return null;
      const down = r.takenDownAt != null;
      return (
        <Button
          size="sm"
          variant={down ? "secondary" : "ghost"}
          aria-expanded={open === r.id}
          aria-controls={`moderate-release-${r.id}`}
          onClick={() => setOpen(open === r.id ? null : r.id)}
        >
          {down ? "Restore" : "Take down"}
        </Button>
      );
    }),
  ];
}

/** One state's releases in the chosen order, a page at a time. */
function ReleaseList({
  filter,
  query,
  sort,
  onMessage,
}: {
  filter: Filter;
  query: string;
  sort: AdminReleaseSort;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.admin.releases.list.infiniteQueryOptions(
      {
        limit: 50,
        sort,
        ...(filter === "ALL" ? {} : { state: filter }),
        ...(query ? { query } : {}),
      },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(() => releaseColumns(open, setOpen), [open]);
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading releases…" />;
  if (rows.length === 0)
    return (
      <EmptyState title="No releases match">
        {query ? "Try part of the title, the slug or the artist's name." : null}
      </EmptyState>
    );
  return (
    <>
      <DataTable
        label="Releases"
        testId="admin-releases"
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        rowAttributes={(r) => ({ "data-testid": `release-row-${r.slug}`, "data-state": r.state })}
        expansion={(r) =>
          open === r.id
            ? {
                id: `moderate-release-${r.id}`,
                content: (
                  <ReleaseModerationForm
                    release={r}
                    onCancel={() => setOpen(null)}
                    onDone={(m) => {
                      onMessage(m);
                      setOpen(null);
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

/**
 * Every release (issue 16 §1, moderated as tracks are, issue 11 §6): search by title, slug or
 * artist name, one state per tab, newest first or by sales or gross; each row opens the
 * release's page and the artist's person page, and takes the release down or restores it with a
 * reason the artist reads.
 */
export function AdminReleases() {
  const [filter, setFilter] = useState<Filter>("ALL");
  const [sort, setSort] = useState<AdminReleaseSort>("newest");
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Card>
      <section aria-labelledby="releases-h" className="space-y-4">
        <div>
          <h2 id="releases-h" className="text-lg font-semibold">
            Releases
          </h2>
          <p className="text-sm text-zinc-600">
            Every album, EP and single in the store and out of it. Taking one down unpublishes it at
            once and keeps its artist from publishing it again until you restore it; its tracks,
            past sales and downloads stay.
          </p>
        </div>
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(typed.trim());
          }}
        >
          <div className="w-full sm:w-72">
            <Field id="release-query" label="Search title, slug or artist">
              <Input
                id="release-query"
                type="search"
                maxLength={100}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          <div className="w-full sm:w-44">
            <Field id="release-sort" label="Sort by">
              <Select
                id="release-sort"
                value={sort}
                onChange={(e) => setSort(e.target.value as AdminReleaseSort)}
              >
                {SORTS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </form>
        <ActionResult message={message} testId="release-result" />
        <StatusTabs
          label="Release state"
          filters={FILTERS}
          value={filter}
          onChange={setFilter}
          render={(value) => (
            <ReleaseList filter={value} query={query} sort={sort} onMessage={setMessage} />
          )}
        />
      </section>
    </Card>
  );
}
