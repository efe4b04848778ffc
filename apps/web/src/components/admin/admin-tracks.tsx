"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { AdminTrackSort, AdminTrackState } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore, StatusTabs } from "./admin-list";
import { TrackModerationForm } from "./track-moderation-form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type TrackRow = RouterOutputs["admin"]["tracks"]["list"]["items"][number];
type Filter = AdminTrackState | "ALL";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "ALL", label: "All" },
  { value: "PUBLISHED", label: "Published" },
  { value: "DRAFT", label: "Draft" },
  { value: "TAKEN_DOWN", label: "Taken down" },
  { value: "DELETED", label: "Deleted" },
];

const SORTS: { value: AdminTrackSort; label: string }[] = [
  { value: "newest", label: "Newest" },
  { value: "sales", label: "Most sales" },
  { value: "gross", label: "Most gross" },
];

const STATE_BADGE: Record<AdminTrackState, { tone: "green" | "zinc" | "red"; label: string }> = {
  PUBLISHED: { tone: "green", label: "Published" },
  DRAFT: { tone: "zinc", label: "Draft" },
  TAKEN_DOWN: { tone: "red", label: "Taken down" },
  DELETED: { tone: "zinc", label: "Deleted by the artist" },
};

const link = "text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-ink";

function trackColumns(
  open: string | null,
  setOpen: (id: string | null) => void,
): DataTableColumn<TrackRow>[] {
  return [
    {
      id: "track",
      accessorFn: (t) => t.title,
      header: "Track",
      cell: ({ row: { original: t } }) => (
        <div className="max-w-72 break-words">
          <Link href={`/t/${t.slug}`} className={`font-medium ${link}`}>
            {t.title}
          </Link>
          <div className="text-xs break-all text-zinc-500">/t/{t.slug}</div>
        </div>
      ),
    },
    {
      id: "artist",
      accessorFn: (t) => t.artist.name,
      header: "Artist",
      cell: ({ row: { original: t } }) => (
        <Link href={`/admin/people/${t.artist.userId}`} className={`break-words ${link}`}>
          {t.artist.name}
        </Link>
      ),
    },
    {
      id: "state",
      accessorFn: (t) => t.state,
      header: "State",
      cell: ({ row: { original: t } }) => (
        <div className="max-w-64 space-y-1" data-testid="track-state">
          <Badge tone={STATE_BADGE[t.state].tone}>{STATE_BADGE[t.state].label}</Badge>
          {t.takenDownAt ? (
            <div className="text-xs break-words text-red-700">
              {formatUtc(t.takenDownAt)} UTC: {t.takedownReason}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "price",
      accessorFn: (t) => t.priceCents,
      header: "Price",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: t } }) => (
        <>
          {formatCents(t.priceCents)}
          {t.minPriceCents != null ? (
            <span className="block text-xs text-zinc-500">min {formatCents(t.minPriceCents)}</span>
          ) : null}
        </>
      ),
    },
    {
      id: "commission",
      accessorFn: (t) => (t.affiliateEnabled ? t.commissionBps : -1),
      header: "Commission",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: t } }) =>
        t.affiliateEnabled ? formatBps(t.commissionBps) : "No affiliates",
    },
    {
      id: "salesCount",
      accessorFn: (t) => t.salesCount,
      header: "Sales",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "grossCents",
      accessorFn: (t) => t.grossCents,
      header: "Gross",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row }) => formatCents(row.original.grossCents),
    },
    {
      id: "createdAt",
      accessorFn: (t) => t.createdAt,
      header: "Created (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.createdAt),
    },
    actionsColumn((t) => {
      // A deleted track is gone from the store already; the takedown service refuses it.
      if (t.state === "DELETED") return null;
      const down = t.takenDownAt != null;
      return (
        <Button
          size="sm"
          variant={down ? "secondary" : "ghost"}
          aria-expanded={open === t.id}
          aria-controls={`moderate-row-${t.id}`}
          onClick={() => setOpen(open === t.id ? null : t.id)}
        >
          {down ? "Restore" : "Take down"}
        </Button>
      );
    }),
  ];
}

/** One state's tracks in the chosen order, a page at a time. */
function TrackList({
  filter,
  query,
  sort,
  onMessage,
}: {
  filter: Filter;
  query: string;
  sort: AdminTrackSort;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.admin.tracks.list.infiniteQueryOptions(
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
  const columns = useMemo(() => trackColumns(open, setOpen), [open]);
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading tracks…" />;
  if (rows.length === 0)
    return (
      <EmptyState title="No tracks match">
        {query ? "Try part of the title, the slug or the artist's name." : null}
      </EmptyState>
    );
  return (
    <>
      <DataTable
        label="Tracks"
        testId="admin-tracks"
        columns={columns}
        data={rows}
        getRowId={(t) => t.id}
        rowAttributes={(t) => ({ "data-testid": `track-row-${t.slug}`, "data-state": t.state })}
        expansion={(t) =>
          open === t.id
            ? {
                id: `moderate-row-${t.id}`,
                content: (
                  <TrackModerationForm
                    track={t}
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
 * Every track (issue 11 §6, "tracks (search, takedown)"): search by title, slug or artist name,
 * one state per tab, newest first or by sales or gross; each row opens the track's page and the
 * artist's person page, and takes the track down or restores it with a reason the artist reads.
 */
export function AdminTracks() {
  const [filter, setFilter] = useState<Filter>("ALL");
  const [sort, setSort] = useState<AdminTrackSort>("newest");
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Card>
      <section aria-labelledby="tracks-h" className="space-y-4">
        <div>
          <h2 id="tracks-h" className="text-lg font-semibold">
            Tracks
          </h2>
          <p className="text-sm text-zinc-600">
            Every track in the store and out of it. Taking one down unpublishes it at once and keeps
            its artist from publishing it again until you restore it; past sales and downloads stay.
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
            <Field id="track-query" label="Search title, slug or artist">
              <Input
                id="track-query"
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
            <Field id="track-sort" label="Sort by">
              <Select
                id="track-sort"
                value={sort}
                onChange={(e) => setSort(e.target.value as AdminTrackSort)}
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
        <ActionResult message={message} testId="track-result" />
        <StatusTabs
          label="Track state"
          filters={FILTERS}
          value={filter}
          onChange={setFilter}
          render={(value) => (
            <TrackList filter={value} query={query} sort={sort} onMessage={setMessage} />
          )}
        />
      </section>
    </Card>
  );
}
