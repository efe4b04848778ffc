"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";

import { ActionResult, LoadMore, StatusTabs } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Row = RouterOutputs["admin"]["landingPages"]["list"]["items"][number];
type Filter = "all" | "published" | "draft" | "taken-down";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "published", label: "Published" },
  { value: "draft", label: "Draft" },
  { value: "taken-down", label: "Taken down" },
];

const link = "text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-ink";

function columns(
  open: string | null,
  setOpen: (id: string | null) => void,
): DataTableColumn<Row>[] {
  return [
    {
      id: "page",
      accessorFn: (p) => p.handle,
      header: "Page",
      cell: ({ row: { original: p } }) => (
        <div className="max-w-72 break-words">
          <Link href={`/p/${p.handle}`} className={`font-medium ${link}`}>
            /p/{p.handle}
          </Link>
          <div className="text-xs text-zinc-500">{p.headline}</div>
        </div>
      ),
    },
    {
      id: "promoter",
      accessorFn: (p) => p.promoter.email,
      header: "Promoter",
      cell: ({ row: { original: p } }) => (
        <Link href={`/admin/people/${p.promoter.userId}`} className={`break-words ${link}`}>
          {p.promoter.name ?? p.promoter.email}
        </Link>
      ),
    },
    {
      id: "state",
      accessorFn: (p) => (p.takenDownAt ? 2 : p.published ? 0 : 1),
      header: "State",
      cell: ({ row: { original: p } }) => (
        <div className="max-w-64 space-y-1" data-testid="landing-state">
          <Badge tone={p.takenDownAt ? "red" : p.published ? "green" : "zinc"}>
            {p.takenDownAt ? "Taken down" : p.published ? "Published" : "Draft"}
          </Badge>
          {p.promoter.status !== "ACTIVE" ? (
            <div className="text-xs text-zinc-500">
              Hidden: promoter {p.promoter.status.toLowerCase()}
            </div>
          ) : null}
          {p.takenDownAt ? (
            <div className="text-xs break-words text-red-700">
              {formatUtc(p.takenDownAt)} UTC: {p.takenDownReason}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "trackCount",
      accessorFn: (p) => p.trackCount,
      header: "Tracks",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "views",
      accessorFn: (p) => p.views,
      header: "Views",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "createdAt",
      accessorFn: (p) => p.createdAt,
      header: "Created (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.createdAt),
    },
    actionsColumn((p) => (
      <Button
        size="sm"
        variant={p.takenDownAt ? "secondary" : "ghost"}
        aria-expanded={open === p.id}
        aria-controls={`landing-row-${p.id}`}
        onClick={() => setOpen(open === p.id ? null : p.id)}
      >
        {p.takenDownAt ? "Restore" : "Take down"}
      </Button>
    )),
  ];
}

function ModerationForm({
  page,
  onDone,
  onCancel,
}: {
  page: Row;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.landingPages.list.pathKey() });
  const takeDown = useMutation(
    trpc.admin.landingPages.takeDown.mutationOptions({ onSuccess: refresh }),
  );
  const restore = useMutation(
    trpc.admin.landingPages.restore.mutationOptions({ onSuccess: refresh }),
  );
  if (page.takenDownAt)
    return (
      <div className="space-y-3">
        <p className="text-sm text-zinc-600">
          Restoring shows /p/{page.handle} again (if its promoter keeps it published and stays
          active).
        </p>
        {restore.error ? <Alert>{restore.error.message}</Alert> : null}
        <div className="flex gap-2">
          <Button
            pending={restore.isPending}
            onClick={() =>
              restore.mutate(
                { landingPageId: page.id },
                { onSuccess: () => onDone(`/p/${page.handle} is restored.`) },
              )
            }
          >
            Restore page
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    );
  return (
    <ReasonForm
      id={page.id}
      label={`Take down /p/${page.handle}`}
      consequence="The page answers “not found” at once, for everyone, until you restore it. The promoter's links keep working."
      danger
      readerNote="the promoter reads it in their editor"
      run={async (reason) => {
        await takeDown.mutateAsync({ landingPageId: page.id, reason });
        return `/p/${page.handle} is taken down.`;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

function PageList({
  filter,
  q,
  onMessage,
}: {
  filter: Filter;
  q: string;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.admin.landingPages.list.infiniteQueryOptions(
      { status: filter, limit: 50, ...(q ? { q } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const cols = useMemo(() => columns(open, setOpen), [open]);
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading landing pages…" />;
  if (rows.length === 0) return <EmptyState title="No landing pages match" />;
  return (
    <>
      <DataTable
        label="Landing pages"
        testId="admin-landing-pages"
        columns={cols}
        data={rows}
        getRowId={(p) => p.id}
        rowAttributes={(p) => ({ "data-testid": `landing-row-${p.handle}` })}
        expansion={(p) =>
          open === p.id
            ? {
                id: `landing-row-${p.id}`,
                content: (
                  <ModerationForm
                    page={p}
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
 * Promoters' landing pages (issue 14 §3): search by handle or headline, one state per tab, views
 * in total; take a page down with a reason the promoter reads, or restore it (audit-logged).
 */
export function AdminLandingPages() {
  const [filter, setFilter] = useState<Filter>("all");
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Card>
      <section aria-labelledby="landing-h" className="space-y-4">
        <div>
          <h2 id="landing-h" className="text-lg font-semibold">
            Landing pages
          </h2>
          <p className="text-sm text-zinc-600">
            Promoters' pages at /p/&lt;handle&gt;. A page shows only while published, not taken
            down, and its promoter active.
          </p>
        </div>
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(typed.trim());
          }}
        >
          <div className="w-full sm:w-72">
            <Field id="landing-query" label="Search handle or headline">
              <Input
                id="landing-query"
                type="search"
                maxLength={60}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <ActionResult message={message} testId="landing-result" />
        <StatusTabs
          label="Landing page state"
          filters={FILTERS}
          value={filter}
          onChange={setFilter}
          render={(value) => <PageList filter={value} q={q} onMessage={setMessage} />}
        />
      </section>
    </Card>
  );
}
