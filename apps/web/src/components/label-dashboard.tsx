"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useActionState, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Badge, Button, Card, EmptyState, Field, Input, Loading, Stat } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { Switch } from "@fanfare/ui/switch";
import { INVITE_FORM_FIELD_OF, ZCreateLabelInput, ZInviteArtistForm } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { actForArtistAction } from "~/app/(site)/dashboard/label/actions";
import { plural } from "~/lib/format";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type RosterRow = RouterOutputs["label"]["roster"][number];
type Stats = RouterOutputs["label"]["stats"];
type ArtistSalesRow = Stats["byArtist"][number];
type ProductSalesRow = Stats["byProduct"][number];

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
/** The last day in force: the day before the exclusive end instant. */
const lastDay = (endsAt: Date | string) => day(new Date(new Date(endsAt).getTime() - 1));

const STATUS_TONE = { active: "green", invited: "amber", ended: "zinc", declined: "red" } as const;

/** "Create your label": the label's name (`ZCreateLabelInput`). */
export function CreateLabel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZCreateLabelInput, { defaultValues: { name: "" } });
  const { failure, save } = useSave(form);
  const m = useMutation(trpc.label.create.mutationOptions());
  const error = form.formState.errors.name?.message;
  return (
    <Card className="max-w-md space-y-4">
      <h2 className="text-lg font-semibold">Run a label on Fanfare</h2>
      <p className="text-sm text-zinc-600">
        Invite artists to your roster with a revenue split per contract, manage their catalog, and
        see sales and promoters across the roster. Each artist accepts your terms first.
      </p>
      <form
        className="space-y-3"
        noValidate
        onSubmit={form.handleSubmit(async (input) => {
          if (await save(() => m.mutateAsync(input)))
            await qc.invalidateQueries({ queryKey: trpc.label.pathKey() });
        })}
      >
        <Field id="label-name" label="Label name" error={error}>
          <Input id="label-name" {...form.register("name")} invalid={!!error} />
        </Field>
        <Alert>{failure}</Alert>
        <Button type="submit" pending={form.formState.isSubmitting}>
          Create label
        </Button>
      </form>
    </Card>
  );
}

/** "Manage catalog": acts for the artist (the server action checks the contract first). */
function ManageCatalogButton({ artistId }: { artistId: string }) {
  const [state, action, pending] = useActionState(actForArtistAction.bind(null, artistId), {});
  return (
    <form action={action} className="inline">
      <Button type="submit" size="sm" pending={pending}>
        Manage catalog
      </Button>
      {state.error ? <span className="block text-xs text-red-700">{state.error}</span> : null}
    </form>
  );
}

function rosterColumns(act: {
  end: (id: string) => void;
  withdraw: (id: string) => void;
}): DataTableColumn<RosterRow>[] {
  return [
    {
      id: "artist",
      accessorFn: (c) => c.artist.name,
      header: "Artist",
      cell: ({ row: { original: c } }) => (
        <Link href={`/a/${c.artist.slug}`} className="font-medium text-ink underline">
          {c.artist.name}
        </Link>
      ),
    },
    {
      id: "status",
      accessorFn: (c) => c.status,
      header: "Status",
      cell: ({ row: { original: c } }) => (
        <span className="space-x-1">
          <Badge tone={STATUS_TONE[c.status]}>{c.status}</Badge>
          {c.status === "active" && !c.inForce ? <Badge tone="amber">not in force</Badge> : null}
          {c.endedByTerm ? <Badge tone="zinc">end of term</Badge> : null}
        </span>
      ),
    },
    {
      id: "share",
      accessorFn: (c) => c.labelShareBps,
      header: "Label share",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: c } }) => formatBps(c.labelShareBps),
    },
    {
      id: "term",
      accessorFn: (c) => new Date(c.startsAt),
      header: "Term",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: c } }) =>
        `${day(c.startsAt)} → ${c.endsAt ? lastDay(c.endsAt) : "open"}${c.endedAt ? ` (ended ${day(c.endedAt)})` : ""}`,
    },
    {
      id: "manage",
      accessorFn: (c) => (c.canManage ? 1 : 0),
      header: "Manages catalog",
      cell: ({ row: { original: c } }) => (c.canManage ? "Yes" : "No"),
    },
    actionsColumn((c) => (
      <div className="inline-flex items-center gap-2">
        {c.canActNow ? <ManageCatalogButton artistId={c.artist.id} /> : null}
        {c.status === "invited" ? (
          <Button variant="secondary" size="sm" onClick={() => act.withdraw(c.id)}>
            Withdraw
          </Button>
        ) : null}
        {c.status === "active" ? (
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" className="text-red-700">
                End contract
              </Button>
            }
            title={`End your contract with ${c.artist.name}?`}
            description="From now on their sales no longer pay the label a share, and you can no longer manage their catalog. Sales already made keep the label's share."
            confirmLabel="End contract"
            onConfirm={() => act.end(c.id)}
          />
        ) : null}
      </div>
    )),
  ];
}

type Sums = { grossCents: number; labelCents: number; artistCents: number };

/** A right-aligned, sortable column of one of a sales group's amounts, in dollars. */
function moneyColumn<T extends Sums>(key: keyof Sums, header: string): DataTableColumn<T> {
  return {
    id: key,
    accessorFn: (r) => r[key],
    header,
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row }) => formatCents(row.original[key]),
  };
}

const artistSalesColumns: DataTableColumn<ArtistSalesRow>[] = [
  { id: "artist", accessorFn: (r) => r.artist.name, header: "Artist" },
  {
    id: "sales",
    accessorFn: (r) => r.salesCount,
    header: "Sales",
    sortFn: "basic",
    meta: { align: "right" },
  },
  moneyColumn("grossCents", "Gross"),
  moneyColumn("labelCents", "Label share"),
  moneyColumn("artistCents", "Artist share"),
];

const productSalesColumns: DataTableColumn<ProductSalesRow>[] = [
  {
    id: "title",
    accessorFn: (r) => r.title,
    header: "Release, track or subscription",
    cell: ({ row: { original: r } }) => (
      <>
        <Link
          href={`/${r.kind === "release" ? "r" : r.kind === "subscription" ? "a" : "t"}/${r.slug}`}
          className="underline"
        >
          {r.title}
        </Link>{" "}
        <span className="text-xs text-zinc-500">
          {r.kind} · {r.artistName}
        </span>
      </>
    ),
  },
  {
    id: "sales",
    accessorFn: (r) => r.salesCount,
    header: "Sales",
    sortFn: "basic",
    meta: { align: "right" },
  },
  moneyColumn("grossCents", "Gross"),
  moneyColumn("labelCents", "Label share"),
  moneyColumn("artistCents", "Artist share"),
];

/** The invite form: artist (page name or email), share in percent, term, catalog management. */
function InviteArtist() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZInviteArtistForm, {
    defaultValues: { artist: "", sharePercent: "30", startsOn: "", endsOn: "", canManage: true },
  });
  const { failure, save } = useSave(form, INVITE_FORM_FIELD_OF);
  const m = useMutation(trpc.label.invite.mutationOptions());
  const [sent, setSent] = useState<string | null>(null);
  const errors = form.formState.errors;
  const canManage = form.watch("canManage");
  return (
    <Card className="space-y-4">
      <h2 className="text-lg font-semibold">Invite an artist</h2>
      <form
        className="grid gap-3 sm:grid-cols-2"
        noValidate
        onSubmit={form.handleSubmit(async (input) => {
          setSent(null);
          if (await save(() => m.mutateAsync(input))) {
            setSent(
              `Invitation sent to ${input.artist}: they accept or decline it on their dashboard.`,
            );
            form.reset();
            await qc.invalidateQueries({ queryKey: trpc.label.roster.queryKey() });
          }
        })}
      >
        <Field
          id="invite-artist"
          label="Artist"
          error={errors.artist?.message}
          hint="Their page name (the part after /a/) or their account's email."
        >
          <Input id="invite-artist" {...form.register("artist")} invalid={!!errors.artist} />
        </Field>
        <Field
          id="invite-share"
          label="Label share (%)"
          error={errors.sharePercent?.message}
          hint="Of the artist's share of each sale; the artist keeps the rest."
        >
          <Input
            id="invite-share"
            inputMode="decimal"
            {...form.register("sharePercent")}
            invalid={!!errors.sharePercent}
          />
        </Field>
        <Field
          id="invite-starts"
          label="First day (UTC)"
          error={errors.startsOn?.message}
          hint="Empty: from acceptance."
        >
          <Input
            id="invite-starts"
            type="date"
            {...form.register("startsOn")}
            invalid={!!errors.startsOn}
          />
        </Field>
        <Field
          id="invite-ends"
          label="Last day (UTC)"
          error={errors.endsOn?.message}
          hint="Empty: open ended."
        >
          <Input
            id="invite-ends"
            type="date"
            {...form.register("endsOn")}
            invalid={!!errors.endsOn}
          />
        </Field>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Switch
            id="invite-manage"
            checked={canManage}
            onCheckedChange={(v) => form.setValue("canManage", v)}
            aria-labelledby="invite-manage-label"
          />
          <span id="invite-manage-label" className="text-sm">
            The label may upload and edit the artist&apos;s catalog
          </span>
        </div>
        <div className="space-y-2 sm:col-span-2">
          <Alert>{failure}</Alert>
          <Alert tone="success">{sent}</Alert>
          <Button type="submit" pending={form.formState.isSubmitting}>
            Send invitation
          </Button>
        </div>
      </form>
    </Card>
  );
}

/**
 * The label dashboard (`/dashboard/label`, issue 16 §5): the roster with each contract's share,
 * term and status ("Manage catalog" acts for an artist under a contract in force with catalog
 * management), the invite form, sales by artist and by release or track, and the promoters who
 * drove the label's sales. A user without a label gets the "create a label" form.
 */
export function LabelDashboard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.label.me.queryOptions());
  const hasLabel = !!me.data;
  const roster = useQuery({ ...trpc.label.roster.queryOptions(), enabled: hasLabel });
  const stats = useQuery({ ...trpc.label.stats.queryOptions(), enabled: hasLabel });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.label.pathKey() });
  const end = useMutation(trpc.label.end.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.label.withdraw.mutationOptions({ onSuccess: refresh }));

  if (me.isPending) return <Loading label="Loading your label…" rows={4} />;
  if (me.error) return <Alert>{me.error.message}</Alert>;
  if (!me.data) return <CreateLabel />;
  const s = stats.data;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{me.data.name}</h1>
          <p className="text-sm text-zinc-600">Label dashboard</p>
        </div>
        <Link
          href="/dashboard/label/earnings"
          className="text-sm font-medium text-ink underline"
          data-testid="label-earnings-link"
        >
          Earnings and payouts
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="label-stats">
        <Stat label="Sales" value={s?.totals.salesCount ?? "–"} />
        <Stat label="Gross" value={s ? formatCents(s.totals.grossCents) : "–"} />
        <Stat
          label="Label share"
          value={s ? formatCents(s.totals.labelCents) : "–"}
          hint="As recorded on each sale"
        />
        <Stat label="Artists' share" value={s ? formatCents(s.totals.artistCents) : "–"} />
      </dl>

      <section aria-labelledby="roster-h" className="space-y-3">
        <h2 id="roster-h" className="text-lg font-semibold">
          Roster
        </h2>
        <Alert>{end.error?.message ?? withdraw.error?.message}</Alert>
        {roster.isPending ? (
          <Loading label="Loading the roster…" />
        ) : !roster.data?.length ? (
          <EmptyState title="No artists yet">Invite an artist below.</EmptyState>
        ) : (
          <DataTable
            label="Roster"
            testId="label-roster"
            columns={rosterColumns({
              end: (contractId) => end.mutate({ contractId }),
              withdraw: (contractId) => withdraw.mutate({ contractId }),
            })}
            data={roster.data}
            getRowId={(c) => c.id}
          />
        )}
      </section>

      <InviteArtist />

      <section aria-labelledby="by-artist-h" className="space-y-3">
        <h2 id="by-artist-h" className="text-lg font-semibold">
          Sales by artist
        </h2>
        <DataTable
          label="Sales by artist"
          columns={artistSalesColumns}
          data={s?.byArtist ?? []}
          getRowId={(r) => r.artist.id}
          empty={<EmptyState title="No sales under your contracts yet" />}
        />
      </section>
      <section aria-labelledby="by-product-h" className="space-y-3">
        <h2 id="by-product-h" className="text-lg font-semibold">
          Sales by release and track
        </h2>
        <DataTable
          label="Sales by release and track"
          columns={productSalesColumns}
          data={s?.byProduct ?? []}
          getRowId={(r) => `${r.kind}:${r.id}`}
          empty={<EmptyState title="No sales under your contracts yet" />}
        />
      </section>
      <section aria-labelledby="promoters-h" className="space-y-3">
        <h2 id="promoters-h" className="text-lg font-semibold">
          Promoters across the roster
        </h2>
        {!s?.promoters.length ? (
          <EmptyState title="No promoter sales yet" />
        ) : (
          <ol className="space-y-2">
            {s.promoters.map((p, i) => (
              <li
                key={p.promoterId}
                className="flex flex-col gap-x-4 gap-y-0.5 rounded-lg bg-white px-4 py-2 ring-1 ring-zinc-200 sm:flex-row sm:items-center sm:justify-between"
              >
                <span className="min-w-0 break-words">
                  {i + 1}. {p.label}
                </span>
                <span className="text-sm text-zinc-600">
                  {plural(p.salesCount, "sale")} · {formatCents(p.grossCents)} · commission{" "}
                  {formatCents(p.commissionCents)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
