"use client";

import { useQuery } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import { Badge, EmptyState, Loading, buttonVariants } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { RELEASE_KIND_LABELS } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

type ReleaseRow = RouterOutputs["artist"]["releases"][number];

/** A release's state as one badge: taken down, published (or on pre-order, or coming), draft. */
export function ReleaseState({ release: r }: { release: ReleaseRow }) {
  if (r.takenDownAt) return <Badge tone="red">Taken down</Badge>;
  if (!r.published) return <Badge>Draft</Badge>;
  if (r.upcoming)
    return (
      <Badge tone={r.preorder ? "brand" : "amber"}>
        {r.preorder ? "Pre-order" : "Coming"} · {r.releaseDate}
      </Badge>
    );
  return <Badge tone="green">Published</Badge>;
}

const editHref = (r: ReleaseRow) => `/dashboard/artist/releases/${r.id}`;

const columns: DataTableColumn<ReleaseRow>[] = [
  {
    id: "release",
    accessorFn: (r) => r.title,
    header: "Release",
    cell: ({ row: { original: r } }) => (
      <span className="flex items-center gap-3">
        {r.artworkUrl ? (
          <Image
            src={r.artworkUrl}
            alt=""
            width={40}
            height={40}
            className="size-10 shrink-0 rounded bg-zinc-100 object-cover"
          />
        ) : (
          <span
            aria-hidden
            className="flex size-10 shrink-0 items-center justify-center rounded bg-gradient-to-br from-brand-500 to-indigo-600 font-bold text-white"
          >
            {r.title.slice(0, 1).toUpperCase()}
          </span>
        )}
        <Link
          href={editHref(r)}
          className="font-medium text-ink underline decoration-zinc-300 underline-offset-2 hover:text-brand-700 hover:decoration-brand-600"
        >
          {r.title}
        </Link>
      </span>
    ),
  },
  {
    id: "kind",
    accessorFn: (r) => RELEASE_KIND_LABELS[r.kind],
    header: "Kind",
  },
  {
    id: "tracks",
    accessorFn: (r) => r.trackCount,
    header: "Tracks",
    sortFn: "basic",
    meta: { align: "right" },
  },
  {
    id: "price",
    accessorFn: (r) => r.minPriceCents ?? r.priceCents,
    header: "Price",
    sortFn: "basic",
    meta: { nowrap: true },
    cell: ({ row: { original: r } }) =>
      r.minPriceCents != null ? `${formatCents(r.minPriceCents)}+` : formatCents(r.priceCents),
  },
  {
    id: "status",
    accessorFn: (r) => (r.published ? 1 : 0),
    header: "Status",
    sortFn: "basic",
    cell: ({ row: { original: r } }) => <ReleaseState release={r} />,
  },
  {
    id: "sales",
    accessorFn: (r) => r.salesCount,
    header: "Sales",
    sortFn: "basic",
    meta: { align: "right" },
  },
  {
    id: "earned",
    accessorFn: (r) => r.artistCents ?? -1,
    header: "Earned",
    sortFn: "basic",
    meta: { align: "right" },
    // Null for a label acting for the artist: the artist's money is theirs alone.
    cell: ({ row: { original: r } }) => (r.artistCents == null ? "–" : formatCents(r.artistCents)),
  },
  actionsColumn((r) => (
    <span className="inline-flex items-center gap-3">
      {r.published ? (
        <Link href={`/r/${r.slug}`} className="text-brand-600">
          View page
        </Link>
      ) : null}
      <Link href={editHref(r)} className="text-brand-600">
        Edit
      </Link>
    </span>
  )),
];

/**
 * "Releases" on the artist dashboard (issue 16 §1): each release with its artwork, title, kind,
 * track count, price, state, sales and earnings, linking to its editor (and its page when
 * published), and "New release".
 */
export function ArtistReleases() {
  const trpc = useTRPC();
  const releases = useQuery(trpc.artist.releases.queryOptions());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Releases</h1>
          <p className="text-sm text-zinc-600">
            Albums, EPs and singles: your tracks sold together, at their own price.
          </p>
        </div>
        <Link href="/dashboard/artist/releases/new" className={buttonVariants()}>
          New release
        </Link>
      </div>
      {releases.isPending ? (
        <Loading label="Loading releases…" />
      ) : releases.error ? (
        <Alert>{releases.error.message}</Alert>
      ) : !releases.data.length ? (
        <EmptyState title="No releases yet">
          Group your tracks into an album, EP or single.{" "}
          <Link href="/dashboard/artist/releases/new" className="text-brand-600">
            Create your first release
          </Link>
        </EmptyState>
      ) : (
        <DataTable
          label="Your releases"
          testId="artist-releases"
          columns={columns}
          data={releases.data}
          getRowId={(r) => r.id}
          rowAttributes={(r) => ({ "data-testid": `release-row-${r.slug}` })}
        />
      )}
    </div>
  );
}
