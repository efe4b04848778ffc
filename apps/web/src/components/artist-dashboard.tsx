"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Badge, Button, Card, EmptyState, Field, Input, Stat } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

function BecomeArtist() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const m = useMutation(
    trpc.artist.becomeArtist.mutationOptions({ onSuccess: () => qc.invalidateQueries() }),
  );
  const fe = fieldErrorsOf(m.error);
  return (
    <Card className="max-w-md space-y-4">
      <h2 className="text-lg font-semibold">Sell your music on Fanfare</h2>
      <p className="text-sm text-zinc-600">
        Create your artist profile to upload tracks. Fans promote them for the commission you
        choose.
      </p>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ name });
        }}
      >
        <Field
          id="artist-name"
          label="Artist name"
          error={fe.name ?? (m.error && !fe.name ? m.error.message : undefined)}
        >
          <Input
            id="artist-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            invalid={!!fe.name}
          />
        </Field>
        <Button type="submit" pending={m.isPending}>
          Create artist profile
        </Button>
      </form>
    </Card>
  );
}

const date = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function ArtistDashboard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.promoter.me.queryOptions());
  const isArtist = !!me.data?.artist;
  const tracks = useQuery({ ...trpc.artist.myTracks.queryOptions(), enabled: isArtist });
  const stats = useQuery({ ...trpc.artist.stats.queryOptions(), enabled: isArtist });
  const sales = useQuery({ ...trpc.artist.sales.queryOptions({ limit: 20 }), enabled: isArtist });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.artist.pathKey() });
  const publish = useMutation(trpc.artist.publishTrack.mutationOptions({ onSuccess: refresh }));
  const unpublish = useMutation(trpc.artist.unpublishTrack.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.artist.deleteTrack.mutationOptions({ onSuccess: refresh }));
  const actionError = publish.error ?? unpublish.error ?? remove.error;

  if (me.isPending) return <p className="text-zinc-600">Loading…</p>;
  if (me.error)
    return (
      <p role="alert" className="text-red-600">
        {me.error.message}
      </p>
    );
  if (!isArtist) return <BecomeArtist />;
  const s = stats.data;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{me.data.artist?.name}</h1>
          <p className="text-sm text-zinc-600">Artist dashboard</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href="/dashboard/artist/earnings"
            className="rounded-lg bg-white px-4 py-2 text-sm font-semibold text-ink ring-1 ring-zinc-300 hover:bg-zinc-50"
          >
            Earnings and payouts
          </Link>
          <Link
            href="/dashboard/artist/tracks/new"
            className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Upload a track
          </Link>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="artist-stats">
        <Stat label="Sales" value={s?.salesCount ?? "–"} />
        <Stat label="Revenue" value={s ? formatCents(s.grossCents) : "–"} hint="What buyers paid" />
        <Stat
          label="Your earnings"
          value={s ? formatCents(s.artistCents) : "–"}
          hint="After fee and commissions"
        />
        <Stat label="Paid to promoters" value={s ? formatCents(s.commissionsCents) : "–"} />
        <Stat label="Link clicks" value={s?.clickCount ?? "–"} />
      </dl>

      <section aria-labelledby="tracks-h" className="space-y-3">
        <h2 id="tracks-h" className="text-lg font-semibold">
          Tracks
        </h2>
        {actionError ? (
          <p role="alert" className="text-sm text-red-600">
            {actionError.message}
          </p>
        ) : null}
        {tracks.isPending ? (
          <p className="text-zinc-600">Loading tracks…</p>
        ) : !tracks.data?.length ? (
          <EmptyState title="No tracks yet">
            <Link href="/dashboard/artist/tracks/new" className="text-brand-600">
              Upload your first track
            </Link>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
            <table className="min-w-full text-sm">
              <thead className="bg-zinc-50 text-left text-zinc-600">
                <tr>
                  <th className="px-4 py-2">Track</th>
                  <th className="px-4 py-2">Status</th>
                  <th className="px-4 py-2">Price</th>
                  <th className="px-4 py-2">Commission</th>
                  <th className="px-4 py-2 text-right">Clicks</th>
                  <th className="px-4 py-2 text-right">Sales</th>
                  <th className="px-4 py-2 text-right">Earned</th>
                  <th className="px-4 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {tracks.data.map((t) => (
                  <tr key={t.id} data-testid={`track-row-${t.slug}`}>
                    <td className="px-4 py-2">
                      <Link
                        href={`/t/${t.slug}`}
                        className="font-medium text-ink hover:text-brand-700"
                      >
                        {t.title}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      {t.published ? <Badge tone="green">Published</Badge> : <Badge>Draft</Badge>}
                    </td>
                    <td className="px-4 py-2">
                      {t.minPriceCents != null
                        ? `${formatCents(t.minPriceCents)}+`
                        : formatCents(t.priceCents)}
                    </td>
                    <td className="px-4 py-2">
                      {t.affiliateEnabled ? formatBps(t.commissionBps) : "off"}
                    </td>
                    <td className="px-4 py-2 text-right">{t.clickCount}</td>
                    <td className="px-4 py-2 text-right">{t.salesCount}</td>
                    <td className="px-4 py-2 text-right">{formatCents(t.artistCents)}</td>
                    <td className="space-x-2 whitespace-nowrap px-4 py-2 text-right">
                      {t.published ? (
                        <Button
                          variant="secondary"
                          className="px-2 py-1"
                          onClick={() => unpublish.mutate({ trackId: t.id })}
                        >
                          Unpublish
                        </Button>
                      ) : (
                        <Button
                          className="px-2 py-1"
                          onClick={() => publish.mutate({ trackId: t.id })}
                        >
                          Publish
                        </Button>
                      )}
                      <Link href={`/dashboard/artist/tracks/${t.id}`} className="text-brand-600">
                        Edit
                      </Link>
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-red-700"
                        onClick={() => {
                          if (confirm(`Delete “${t.title}”? Buyers keep their downloads.`))
                            remove.mutate({ trackId: t.id });
                        }}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="sales-h" className="space-y-3">
          <h2 id="sales-h" className="text-lg font-semibold">
            Recent sales
          </h2>
          {!sales.data?.items.length ? (
            <EmptyState title="No sales yet">
              Share your track pages, and let fans promote them.
            </EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
              <table className="min-w-full text-sm" data-testid="artist-sales">
                <thead className="bg-zinc-50 text-left text-zinc-600">
                  <tr>
                    <th className="px-4 py-2">Date</th>
                    <th className="px-4 py-2">Track</th>
                    <th className="px-4 py-2 text-right">Paid</th>
                    <th className="px-4 py-2 text-right">You get</th>
                    <th className="px-4 py-2">Driven by</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {sales.data.items.map((sale) => (
                    <tr key={sale.id}>
                      <td className="px-4 py-2">{date(sale.createdAt)}</td>
                      <td className="px-4 py-2">
                        {sale.track.title}
                        {sale.status === "REFUNDED" ? (
                          <>
                            {" "}
                            <Badge tone="red">Refunded</Badge>
                          </>
                        ) : null}
                      </td>
                      <td className="px-4 py-2 text-right">
                        {formatCents(sale.amountCents, sale.currency)}
                      </td>
                      <td className="px-4 py-2 text-right">
                        {formatCents(sale.artistCents, sale.currency)}
                      </td>
                      <td className="px-4 py-2">
                        {sale.promoter ? (
                          <>
                            {sale.promoter.label}{" "}
                            <span className="font-mono text-xs text-zinc-500">
                              ({sale.promoter.linkCode})
                            </span>{" "}
                            · {formatCents(sale.commissionCents, sale.currency)}
                          </>
                        ) : (
                          <span className="text-zinc-500">Direct</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
                    {p.salesCount} sales · {formatCents(p.revenueCents)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
