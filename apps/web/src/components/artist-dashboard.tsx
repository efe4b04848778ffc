"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Field,
  Input,
  Loading,
  Stat,
  buttonVariants,
} from "@fanfare/ui";
import type { RouterOutputs } from "@fanfare/api";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { ZBecomeArtistInput } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { plural } from "~/lib/format";
import { ArtistLabelCard } from "./artist-label-card";
import { ArtistProfileEditor } from "./artist-profile-editor";
import { ArtistTopFans } from "./artist-top-fans";
import { useSave, useZodForm } from "~/lib/form";
import { LiveSaleToasts } from "./live-sale-toasts";
import { PostTemplatesEditor } from "./post-templates-editor";
import { PressKitEditor } from "./press-kit-editor";
import { ArtistSourceReport } from "./source-report";
import { useTRPC } from "~/trpc/react";

/** "Sell your music": the artist profile form (`ZBecomeArtistInput`'s name, on `useZodForm`). */
function BecomeArtist() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZBecomeArtistInput.pick({ name: true }), {
    defaultValues: { name: "" },
  });
  const { failure, save } = useSave(form);
  const m = useMutation(trpc.artist.becomeArtist.mutationOptions());
  const error = form.formState.errors.name?.message;
  return (
    <Card className="max-w-md space-y-4">
      <h2 className="text-lg font-semibold">Sell your music on Fanfare</h2>
      <p className="text-sm text-zinc-600">
        Create your artist profile to upload tracks. Fans promote them for the commission you
        choose.
      </p>
      <form
        className="space-y-3"
        noValidate
        onSubmit={form.handleSubmit(async (input) => {
          if (await save(() => m.mutateAsync(input))) await qc.invalidateQueries();
        })}
      >
        <Field id="artist-name" label="Artist name" error={error}>
          <Input id="artist-name" {...form.register("name")} invalid={!!error} />
        </Field>
        <Alert>{failure}</Alert>
        <Button type="submit" pending={form.formState.isSubmitting}>
          Create artist profile
        </Button>
      </form>
      <p className="text-sm text-zinc-600">
        Run a label instead?{" "}
        <Link href="/dashboard/label" className="text-brand-600">
          Create a label
        </Link>{" "}
        to manage a roster of artists.
      </p>
    </Card>
  );
}

const date = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

type TrackRow = RouterOutputs["artist"]["myTracks"][number];
type SaleRow = RouterOutputs["artist"]["sales"]["items"][number];

/**
 * The artist's tracks, with publish / unpublish, edit and delete on each row; without the
 * "Earned" column for a label acting for the artist (`showEarned` false: the API sends no money).
 */
function trackColumns(
  act: {
    publish: (trackId: string) => void;
    unpublish: (trackId: string) => void;
    remove: (trackId: string) => void;
  },
  showEarned: boolean,
): DataTableColumn<TrackRow>[] {
  const columns: DataTableColumn<TrackRow>[] = [
    {
      id: "track",
      accessorFn: (t) => t.title,
      header: "Track",
      cell: ({ row: { original: t } }) => (
        <Link
          href={`/t/${t.slug}`}
          className="font-medium text-ink underline decoration-zinc-300 underline-offset-2 hover:text-brand-700 hover:decoration-brand-600"
        >
          {t.title}
        </Link>
      ),
    },
    {
      id: "status",
      accessorFn: (t) => (t.published ? 1 : 0),
      header: "Status",
      sortFn: "basic",
      cell: ({ row: { original: t } }) =>
        t.takenDownAt ? (
          <div className="max-w-56 space-y-1">
            <Badge tone="red">Taken down</Badge>
            <div className="text-xs text-zinc-600">{t.takedownReason}</div>
          </div>
        ) : t.published ? (
          <Badge tone="green">Published</Badge>
        ) : (
          <Badge>Draft</Badge>
        ),
    },
    {
      id: "price",
      accessorFn: (t) => t.minPriceCents ?? t.priceCents,
      header: "Price",
      sortFn: "basic",
      meta: { nowrap: true },
      cell: ({ row: { original: t } }) =>
        t.minPriceCents != null ? `${formatCents(t.minPriceCents)}+` : formatCents(t.priceCents),
    },
    {
      id: "commission",
      accessorFn: (t) => (t.affiliateEnabled ? t.commissionBps : -1),
      header: "Commission",
      sortFn: "basic",
      cell: ({ row: { original: t } }) => (t.affiliateEnabled ? formatBps(t.commissionBps) : "off"),
    },
    {
      id: "clicks",
      accessorFn: (t) => t.clickCount,
      header: "Clicks",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "sales",
      accessorFn: (t) => t.salesCount,
      header: "Sales",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "earned",
      accessorFn: (t) => t.artistCents ?? -1,
      header: "Earned",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: t } }) =>
        t.artistCents == null ? "–" : formatCents(t.artistCents),
    },
    actionsColumn((t) => (
      <div className="inline-flex items-center gap-2">
        {t.takenDownAt ? null : t.published ? (
          <Button variant="secondary" size="sm" onClick={() => act.unpublish(t.id)}>
            Unpublish
          </Button>
        ) : (
          <Button size="sm" onClick={() => act.publish(t.id)}>
            Publish
          </Button>
        )}
        <Link href={`/dashboard/artist/tracks/${t.id}`} className="text-brand-600">
          Edit
        </Link>
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" className="text-red-700">
              Delete
            </Button>
          }
          title={`Delete “${t.title}”?`}
          description="It leaves your page and discover, and its links stop counting. Buyers keep their downloads; past sales and earnings stay in your ledger."
          confirmLabel="Delete track"
          onConfirm={() => act.remove(t.id)}
        />
      </div>
    )),
  ];
  return showEarned ? columns : columns.filter((c) => c.id !== "earned");
}

/**
 * The artist's recent sales: what the buyer paid less what was refunded or disputed, the
 * artist's share net of reversals (the original struck through), and the promoter's the same way.
 */
const saleColumns: DataTableColumn<SaleRow>[] = [
  {
    id: "date",
    accessorFn: (sale) => new Date(sale.createdAt),
    header: "Date",
    sortFn: "datetime",
    meta: { nowrap: true },
    cell: ({ row: { original: sale } }) => date(sale.createdAt),
  },
  {
    id: "track",
    accessorFn: (sale) => sale.track.title,
    header: "Track",
    cell: ({ row: { original: sale } }) => (
      <>
        {sale.track.title}
        {sale.status === "REFUNDED" ? (
          <>
            {" "}
            <Badge tone="red">Refunded</Badge>
          </>
        ) : sale.reversedCents > 0 ? (
          <>
            {" "}
            <Badge tone="amber">{sale.disputedCents > 0 ? "Disputed" : "Partly refunded"}</Badge>
          </>
        ) : null}
      </>
    ),
  },
  {
    id: "paid",
    accessorFn: (sale) => sale.amountCents,
    header: "Paid",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row: { original: sale } }) => (
      <span data-testid="sale-paid">
        {formatCents(sale.amountCents, sale.currency)}
        {sale.reversedCents > 0 ? (
          <span
            className="block text-xs whitespace-nowrap text-red-700"
            data-testid="sale-reversed"
          >
            −{formatCents(sale.reversedCents, sale.currency)}{" "}
            {sale.disputedCents === 0
              ? "refunded"
              : sale.refundedCents === 0
                ? "disputed"
                : "refunded and disputed"}
          </span>
        ) : null}
      </span>
    ),
  },
  {
    id: "net",
    accessorFn: (sale) => sale.netArtistCents,
    header: "You get",
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row: { original: sale } }) => (
      <span data-testid="sale-artist-net">
        {formatCents(sale.netArtistCents, sale.currency)}
        {sale.netArtistCents !== sale.artistCents ? (
          <span className="block text-xs whitespace-nowrap text-zinc-500 line-through">
            {formatCents(sale.artistCents, sale.currency)}
          </span>
        ) : null}
        {sale.label && sale.labelCents > 0 ? (
          <span className="block text-xs whitespace-nowrap text-zinc-500" data-testid="sale-label">
            {sale.label.name} took {formatCents(sale.labelCents, sale.currency)}
          </span>
        ) : null}
      </span>
    ),
  },
  {
    id: "promoter",
    accessorFn: (sale) => sale.promoter?.label ?? "",
    header: "Driven by",
    cell: ({ row: { original: sale } }) =>
      sale.promoter ? (
        <>
          {sale.promoter.label}{" "}
          <span className="font-mono text-xs text-zinc-500">({sale.promoter.linkCode})</span> ·{" "}
          {formatCents(sale.netCommissionCents, sale.currency)}
          {sale.netCommissionCents !== sale.commissionCents ? (
            <span className="text-xs text-zinc-500 line-through">
              {" "}
              {formatCents(sale.commissionCents, sale.currency)}
            </span>
          ) : null}
        </>
      ) : (
        <span className="text-zinc-500">Direct</span>
      ),
  },
];

export function ArtistDashboard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.promoter.me.queryOptions());
  // A label acting for a roster artist (issue 16 §5): the catalog is theirs, the money is not.
  const acting = useQuery(trpc.label.acting.queryOptions());
  const actingFor = acting.data?.artist ?? null;
  const isActing = !!acting.data;
  const isArtist = actingFor ? true : !isActing && !!me.data?.artist;
  const myLabel = useQuery(trpc.label.me.queryOptions());
  const tracks = useQuery({ ...trpc.artist.myTracks.queryOptions(), enabled: isArtist });
  // The artist's totals are their money: never asked for while a label acts for them.
  const stats = useQuery({ ...trpc.artist.stats.queryOptions(), enabled: isArtist && !isActing });
  const sales = useQuery({
    ...trpc.artist.sales.queryOptions({ limit: 20 }),
    enabled: isArtist && !isActing,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.artist.pathKey() });
  // What the last action did, said once (role="status"): published with its public link,
  // back to draft, deleted.
  const [notice, setNotice] = useState<{ text: string; href?: string } | null>(null);
  const publish = useMutation(
    trpc.artist.publishTrack.mutationOptions({
      onSuccess: (t) => {
        setNotice({
          text: `“${t.title}” is published: it is on sale and promoters can link it.`,
          href: `/t/${t.slug}`,
        });
        return refresh();
      },
    }),
  );
  const unpublish = useMutation(
    trpc.artist.unpublishTrack.mutationOptions({
      onSuccess: (t) => {
        setNotice({ text: `“${t.title}” is a draft again: only you can see its page.` });
        return refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.artist.deleteTrack.mutationOptions({
      onSuccess: (t) => {
        setNotice({ text: `“${t.title}” is deleted.` });
        return refresh();
      },
    }),
  );
  const actionError = publish.error ?? unpublish.error ?? remove.error;

  if (me.isPending || acting.isPending) return <Loading label="Loading your dashboard…" rows={4} />;
  if (me.error) return <Alert>{me.error.message}</Alert>;
  // Acting for an artist the label may no longer manage: the banner above says why, with Stop.
  if (isActing && !actingFor) return null;
  if (!isArtist) return <BecomeArtist />;
  const s = stats.data;
  return (
    <div className="space-y-8">
      {isActing ? null : <LiveSaleToasts />}
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{actingFor?.name ?? me.data.artist?.name}</h1>
          <p className="text-sm text-zinc-600">
            {acting.data?.label
              ? `Artist dashboard, managed by ${acting.data.label.name}`
              : "Artist dashboard"}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {isActing ? null : (
            <Link
              href="/dashboard/artist/earnings"
              className={buttonVariants({ variant: "secondary" })}
            >
              Earnings and payouts
            </Link>
          )}
          <Link
            href="/dashboard/artist/releases"
            className={buttonVariants({ variant: "secondary" })}
          >
            Releases
          </Link>
          {myLabel.data && !isActing ? (
            <Link href="/dashboard/label" className={buttonVariants({ variant: "secondary" })}>
              Label dashboard
            </Link>
          ) : null}
          {isActing ? null : (
            <>
              <Link
                href="/dashboard/artist/codes"
                className={buttonVariants({ variant: "secondary" })}
              >
                Discount codes
              </Link>
              <Link
                href="/dashboard/artist/campaigns"
                className={buttonVariants({ variant: "secondary" })}
              >
                Campaigns
              </Link>
              <Link
                href="/dashboard/artist/subscription"
                className={buttonVariants({ variant: "secondary" })}
              >
                Catalog subscription
              </Link>
            </>
          )}
          <Link href="/dashboard/artist/tracks/new" className={buttonVariants()}>
            Upload a track
          </Link>
        </div>
      </div>
      {isActing ? null : (
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="artist-stats">
          <Stat label="Sales" value={s?.salesCount ?? "–"} />
          <Stat
            label="Revenue"
            value={s ? formatCents(s.grossCents) : "–"}
            hint="What buyers paid"
          />
          <Stat
            label="Your earnings"
            value={s ? formatCents(s.artistCents) : "–"}
            hint="After fee and commissions"
          />
          <Stat label="Paid to promoters" value={s ? formatCents(s.commissionsCents) : "–"} />
          <Stat label="Link clicks" value={s?.clickCount ?? "–"} />
        </dl>
      )}

      {isActing ? null : (
        <>
          <ArtistLabelCard compact />
          <ArtistProfileEditor />
          <PressKitEditor />
        </>
      )}

      <section aria-labelledby="tracks-h" className="space-y-3">
        <h2 id="tracks-h" className="text-lg font-semibold">
          Tracks
        </h2>
        {actionError ? <Alert>{actionError.message}</Alert> : null}
        <p
          role="status"
          className={notice ? "rounded-lg bg-green-50 p-3 text-sm text-green-800" : "sr-only"}
          data-testid="track-notice"
        >
          {notice?.text}
          {notice?.href ? (
            <>
              {" "}
              <Link href={notice.href} className="font-medium underline">
                View its page
              </Link>
            </>
          ) : null}
        </p>
        {tracks.isPending ? (
          <Loading label="Loading tracks…" />
        ) : !tracks.data?.length ? (
          <EmptyState title="No tracks yet">
            <Link href="/dashboard/artist/tracks/new" className="text-brand-600">
              Upload your first track
            </Link>
          </EmptyState>
        ) : (
          <DataTable
            label="Your tracks"
            columns={trackColumns(
              {
                publish: (trackId) => publish.mutate({ trackId }),
                unpublish: (trackId) => unpublish.mutate({ trackId }),
                remove: (trackId) => remove.mutate({ trackId }),
              },
              !isActing,
            )}
            data={tracks.data}
            getRowId={(t) => t.id}
            rowAttributes={(t) => ({ "data-testid": `track-row-${t.slug}` })}
          />
        )}
      </section>

      {isActing ? (
        // A label sees the artist's catalog only: sales, promoters, sources and fans are the
        // artist's (the label's own figures are on its dashboard).
        <PostTemplatesEditor scope="artist" />
      ) : (
        <>
          <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
            <section aria-labelledby="sales-h" className="space-y-3">
              <h2 id="sales-h" className="text-lg font-semibold">
                Recent sales
              </h2>
              {!sales.data?.items.length ? (
                <EmptyState title="No sales yet">
                  Share your track pages, and let fans promote them.
                </EmptyState>
              ) : (
                <DataTable
                  label="Recent sales"
                  testId="artist-sales"
                  columns={saleColumns}
                  data={sales.data.items}
                  getRowId={(sale) => sale.id}
                />
              )}
            </section>
            <section aria-labelledby="top-h" className="space-y-3">
              <h2 id="top-h" className="text-lg font-semibold">
                Who’s linking
              </h2>
              {!s?.topPromoters.length ? (
                <EmptyState title="No promoter sales yet" />
              ) : (
                <ol className="space-y-2">
                  {s.topPromoters.map((p, i) => (
                    <li
                      key={p.promoterId}
                      className="flex items-center justify-between rounded-lg bg-white px-4 py-2 ring-1 ring-zinc-200"
                    >
                      <span>
                        {i + 1}. {p.label}
                      </span>
                      <span className="text-sm text-zinc-600">
                        {plural(p.salesCount, "sale")} · {formatCents(p.revenueCents)}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
          <ArtistSourceReport />
          {me.data.artist ? <ArtistTopFans artistId={me.data.artist.id} /> : null}
          <PostTemplatesEditor scope="artist" />
        </>
      )}
    </div>
  );
}
