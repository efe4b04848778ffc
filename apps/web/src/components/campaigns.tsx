"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { CampaignPeriodStats, CampaignStatusName } from "@fanfare/validators";
import { campaignFormSchema, campaignTransition } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore, StatusTabs } from "./admin/admin-list";
import { Countdown } from "./countdown";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type CampaignRow = RouterOutputs["campaign"]["list"]["items"][number];
type Actor = "ADMIN" | "ARTIST";

const STATUS_TONE = {
  DRAFT: "zinc",
  SCHEDULED: "amber",
  ACTIVE: "green",
  COMPLETED: "zinc",
  CANCELLED: "red",
} as const satisfies Record<CampaignStatusName, string>;

type Filter = CampaignStatusName | "ALL";
const FILTERS: { value: Filter; label: string }[] = [
  { value: "ALL", label: "All" },
  { value: "ACTIVE", label: "Active" },
  { value: "SCHEDULED", label: "Scheduled" },
  { value: "DRAFT", label: "Drafts" },
  { value: "COMPLETED", label: "Completed" },
  { value: "CANCELLED", label: "Cancelled" },
];

/** "40% commission · 10% off". */
const termsOf = (c: Pick<CampaignRow, "commissionBps" | "discountBps">) =>
  [
    c.commissionBps != null ? `${formatBps(c.commissionBps)} commission` : null,
    c.discountBps != null ? `${formatBps(c.discountBps)} off` : null,
  ]
    .filter(Boolean)
    .join(" · ");

/** Which tracks, in words. */
function scopeOf(c: CampaignRow): string {
  switch (c.scope) {
    case "PLATFORM":
      return "Every track";
    case "ARTIST":
      return `Every track by ${c.scopeArtistName ?? c.ownerName ?? "the artist"}`;
    case "TRACKS": {
      const titles = c.tracks.map((t) => t.title);
      return titles.length > 3
        ? `${titles.slice(0, 3).join(", ")} and ${titles.length - 3} more`
        : titles.join(", ");
    }
  }
}

/** Whether the campaign applies to sales right now (its window holds now; the job may lag). */
const isLive = (c: CampaignRow, now: number) =>
  (c.status === "SCHEDULED" || c.status === "ACTIVE") &&
  new Date(c.startsAt).getTime() <= now &&
  new Date(c.endsAt).getTime() > now;

/** One period's figure and its change against the period before. */
function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? "—" : "new";
  const pct = Math.round(((current - previous) / previous) * 100);
  return `${pct > 0 ? "+" : ""}${pct}%`;
}

const METRICS: {
  key: keyof Omit<CampaignPeriodStats, "from" | "to">;
  label: string;
  money: boolean;
}[] = [
  { key: "clicks", label: "Clicks", money: false },
  { key: "sales", label: "Sales", money: false },
  { key: "revenueCents", label: "Revenue", money: true },
  { key: "commissionCents", label: "Commission paid", money: true },
  { key: "discountCents", label: "Discount given", money: true },
];

/** The campaign's figures so far against the same length of time just before it started. */
function CampaignStatsPanel({ campaign }: { campaign: CampaignRow }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.campaign.stats.queryOptions({ id: campaign.id }));
  if (stats.error) return <Alert>{stats.error.message}</Alert>;
  if (!stats.data) return <Loading label="Loading the figures…" rows={2} />;
  const { current, previous } = stats.data;
  if (current.from.getTime() === current.to.getTime())
    return (
      <p className="text-sm text-zinc-600" data-testid={`campaign-stats-${campaign.id}`}>
        No figures yet: the campaign starts {formatUtc(campaign.startsAt)} UTC.
      </p>
    );
  const show = (value: number, money: boolean) => (money ? formatCents(value) : String(value));
  return (
    <div className="space-y-2" data-testid={`campaign-stats-${campaign.id}`}>
      <p className="text-xs text-zinc-600">
        {formatUtc(current.from)} – {formatUtc(current.to)} UTC against the same length of time
        before ({formatUtc(previous.from)} – {formatUtc(previous.to)}), on the campaign&apos;s
        tracks. Sales count when checkout started and the sale completed.
      </p>
      <table className="min-w-full text-sm">
        <thead className="text-left text-zinc-500">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Figure
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-medium">
              Campaign
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-medium">
              Before
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map((m) => (
            <tr key={m.key} className="border-t border-zinc-100">
              <th scope="row" className="py-1 pr-4 text-left font-normal text-zinc-700">
                {m.label}
              </th>
              <td className="py-1 pr-4 text-right tabular-nums">{show(current[m.key], m.money)}</td>
              <td className="py-1 pr-4 text-right tabular-nums text-zinc-600">
                {show(previous[m.key], m.money)}
              </td>
              <td className="py-1 text-right tabular-nums">
                {change(current[m.key], previous[m.key])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Schedule (a draft) and cancel (anything not over), as the status machine allows. */
function CampaignActions({
  campaign,
  open,
  onToggle,
  onMessage,
}: {
  campaign: CampaignRow;
  open: boolean;
  onToggle: () => void;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const action = useMutation(trpc.campaign.action.mutationOptions());
  const run = async (what: "schedule" | "cancel") => {
    const c = await action.mutateAsync({ id: campaign.id, action: what });
    await queryClient.invalidateQueries({ queryKey: trpc.campaign.list.pathKey() });
    onMessage(
      what === "schedule"
        ? `${c.name} is scheduled: it applies from ${formatUtc(c.startsAt)} UTC, and promoters with links on its tracks are emailed when it starts.`
        : `${c.name} is cancelled.`,
    );
  };
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <Button size="sm" variant="ghost" aria-expanded={open} onClick={onToggle}>
        {open ? "Hide figures" : "Figures"}
      </Button>
      {campaignTransition(campaign.status, "schedule") ? (
        <Button
          size="sm"
          variant="secondary"
          pending={action.isPending}
          onClick={() => void run("schedule").catch(() => undefined)}
        >
          Schedule
        </Button>
      ) : null}
      {campaignTransition(campaign.status, "cancel") ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost" pending={action.isPending}>
              Cancel
            </Button>
          }
          title={`Cancel ${campaign.name}?`}
          description="It stops applying to new sales at once; sales already made keep their terms. A cancelled campaign cannot be scheduled again."
          confirmLabel="Cancel campaign"
          onConfirm={() => void run("cancel").catch(() => undefined)}
        />
      ) : null}
      {action.error ? <Alert>{action.error.message}</Alert> : null}
    </div>
  );
}

function campaignColumns(
  actor: Actor,
  open: string | null,
  setOpen: (id: string | null) => void,
  onMessage: (m: string) => void,
): DataTableColumn<CampaignRow>[] {
  const now = Date.now();
  return [
    {
      id: "name",
      accessorFn: (c) => c.name,
      header: "Campaign",
      cell: ({ row: { original: c } }) => (
        <div className="space-y-1">
          <div className="font-semibold">{c.name}</div>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[c.status]}>{humanize(c.status)}</Badge>
            {isLive(c, now) ? (
              <Countdown endsAt={c.endsAt} className="text-xs text-green-700" />
            ) : c.status === "SCHEDULED" ? (
              <Countdown endsAt={c.startsAt} label="Starts in" className="text-xs text-zinc-600" />
            ) : null}
          </div>
          {c.description ? <div className="text-xs text-zinc-600">{c.description}</div> : null}
        </div>
      ),
    },
    {
      id: "terms",
      accessorFn: (c) => c.commissionBps ?? 0,
      header: "Terms",
      cell: ({ row: { original: c } }) => (
        <>
          <div>{termsOf(c)}</div>
          <div className="text-xs text-zinc-500">
            {scopeOf(c)} ·{" "}
            {c.artistId
              ? actor === "ADMIN"
                ? `run by ${c.ownerName ?? "an artist"}, from their share`
                : "from your share"
              : "from the platform fee"}
          </div>
        </>
      ),
    },
    {
      id: "window",
      accessorFn: (c) => c.startsAt,
      header: "When (UTC)",
      sortFn: "datetime",
      cell: ({ row: { original: c } }) => (
        <div className="text-xs text-zinc-600">
          from {formatUtc(c.startsAt)}
          <br />
          until {formatUtc(c.endsAt)}
        </div>
      ),
    },
    actionsColumn((c) => (
      <CampaignActions
        campaign={c}
        open={open === c.id}
        onToggle={() => setOpen(open === c.id ? null : c.id)}
        onMessage={onMessage}
      />
    )),
  ];
}

/** One status's campaigns (or all), newest first, a page at a time, with figures per row. */
function CampaignList({
  actor,
  filter,
  onMessage,
}: {
  actor: Actor;
  filter: Filter;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.campaign.list.infiniteQueryOptions(
      { limit: 50, ...(filter === "ALL" ? {} : { status: filter }) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(
    () => campaignColumns(actor, open, setOpen, onMessage),
    [actor, open, onMessage],
  );
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading campaigns…" />;
  if (rows.length === 0)
    return (
      <EmptyState title="No campaigns here">
        {filter === "ALL" ? "Create the first one below." : null}
      </EmptyState>
    );
  return (
    <>
      <DataTable
        label="Campaigns"
        testId="campaigns"
        columns={columns}
        data={rows}
        getRowId={(c) => c.id}
        rowAttributes={(c) => ({ "data-testid": `campaign-row-${c.id}`, "data-status": c.status })}
        expansion={(c) =>
          open === c.id
            ? { id: `campaign-stats-row-${c.id}`, content: <CampaignStatsPanel campaign={c} /> }
            : null
        }
      />
      <LoadMore list={list} />
    </>
  );
}

/** The artist's own published tracks as checkboxes. */
function OwnTrackPicker({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const tracks = useQuery(trpc.artist.myTracks.queryOptions());
  if (tracks.error) return <Alert>{tracks.error.message}</Alert>;
  if (!tracks.data) return <Loading label="Loading your tracks…" rows={2} />;
  const published = tracks.data.filter((t) => t.published && !t.takenDownAt);
  if (published.length === 0)
    return <p className="text-sm text-zinc-600">Publish a track first.</p>;
  return (
    <ul className="grid gap-1 sm:grid-cols-2">
      {published.map((t) => (
        <li key={t.id}>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={selected.includes(t.id)}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...selected, t.id] : selected.filter((id) => id !== t.id),
                )
              }
            />
            {t.title}{" "}
            <span className="text-xs text-zinc-500">({formatBps(t.commissionBps)} now)</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * The console's picker: search published tracks by title or artist, then tick tracks (TRACKS)
 * or choose one artist (ARTIST). What was chosen stays listed while the search changes.
 */
function CatalogPicker({
  mode,
  selectedTracks,
  onTracks,
  artist,
  onArtist,
}: {
  mode: "TRACKS" | "ARTIST";
  selectedTracks: { id: string; title: string }[];
  onTracks: (tracks: { id: string; title: string }[]) => void;
  artist: { id: string; name: string } | null;
  onArtist: (artist: { id: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const results = useQuery(
    trpc.admin.tracks.list.queryOptions({
      limit: 20,
      state: "PUBLISHED",
      ...(query ? { query } : {}),
    }),
  );
  const rows = results.data?.items ?? [];
  const artists = [...new Map(rows.map((t) => [t.artist.id, t.artist])).values()];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-72">
          <Field id="campaign-search" label="Search title or artist">
            <Input
              id="campaign-search"
              type="search"
              maxLength={100}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  setQuery(typed.trim());
                }
              }}
            />
          </Field>
        </div>
        <Button type="button" variant="secondary" onClick={() => setQuery(typed.trim())}>
          Search
        </Button>
      </div>
      {results.error ? <Alert>{results.error.message}</Alert> : null}
      {mode === "TRACKS" ? (
        <>
          {selectedTracks.length ? (
            <p className="text-sm">
              Chosen: {selectedTracks.map((t) => t.title).join(", ")}{" "}
              <Button type="button" size="sm" variant="ghost" onClick={() => onTracks([])}>
                Clear
              </Button>
            </p>
          ) : null}
          <ul className="grid gap-1 sm:grid-cols-2">
            {rows.map((t) => (
              <li key={t.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={selectedTracks.some((s) => s.id === t.id)}
                    onChange={(e) =>
                      onTracks(
                        e.target.checked
                          ? [...selectedTracks, { id: t.id, title: t.title }]
                          : selectedTracks.filter((s) => s.id !== t.id),
                      )
                    }
                  />
                  {t.title} <span className="text-xs text-zinc-500">by {t.artist.name}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          {artist ? <p className="text-sm">Chosen: {artist.name}</p> : null}
          <ul className="flex flex-wrap gap-2">
            {artists.map((a) => (
              <li key={a.id}>
                <Button
                  type="button"
                  size="sm"
                  variant={artist?.id === a.id ? "primary" : "secondary"}
                  aria-pressed={artist?.id === a.id}
                  onClick={() => onArtist({ id: a.id, name: a.name })}
                >
                  {a.name}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {!results.isPending && rows.length === 0 ? (
        <p className="text-sm text-zinc-600">No published track matches.</p>
      ) : null}
    </div>
  );
}

/** The new-campaign form; what it may cover follows the actor (see `campaignFormSchema`). */
function NewCampaignForm({ actor, onDone }: { actor: Actor; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = useMemo(() => campaignFormSchema(actor), [actor]);
  const form = useZodForm(schema, {
    defaultValues: {
      name: "",
      description: "",
      scope: actor === "ADMIN" ? "PLATFORM" : "ARTIST",
      artistId: "",
      trackIds: [],
      boost: "",
      discount: "",
      startsAt: "",
      endsAt: "",
    },
  });
  const { failure, save } = useSave(form, { commissionBps: "boost", discountBps: "discount" });
  const create = useMutation(trpc.campaign.create.mutationOptions());
  const [chosenTracks, setChosenTracks] = useState<{ id: string; title: string }[]>([]);
  const [chosenArtist, setChosenArtist] = useState<{ id: string; name: string } | null>(null);
  const errors = form.formState.errors;
  const scope = form.watch("scope");
  const trackIds = form.watch("trackIds");
  const setTracks = (ids: string[]) =>
    form.setValue("trackIds", ids, { shouldValidate: form.formState.isSubmitted });
  return (
    <form
      noValidate
      aria-label="New campaign"
      className="grid gap-4 md:grid-cols-3"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const c = await create.mutateAsync(input);
          await queryClient.invalidateQueries({ queryKey: trpc.campaign.list.pathKey() });
          onDone(`${c.name} saved as a draft (${termsOf(c)}): schedule it to publish it.`);
          form.reset();
          setChosenTracks([]);
          setChosenArtist(null);
        });
      })}
    >
      <Field id="campaign-name" label="Name" error={errors.name?.message}>
        <Input id="campaign-name" {...form.register("name")} invalid={!!errors.name} />
      </Field>
      <Field
        id="campaign-description"
        label="Description (promoters and buyers see it)"
        error={errors.description?.message}
      >
        <Input id="campaign-description" {...form.register("description")} />
      </Field>
      <Field id="campaign-scope" label="Applies to" error={errors.scope?.message}>
        <Select id="campaign-scope" {...form.register("scope")}>
          {actor === "ADMIN" ? <option value="PLATFORM">Every track</option> : null}
          <option value="ARTIST">
            {actor === "ADMIN" ? "One artist's tracks" : "All my tracks"}
          </option>
          <option value="TRACKS">Chosen tracks</option>
        </Select>
      </Field>
      {scope === "TRACKS" || (actor === "ADMIN" && scope === "ARTIST") ? (
        <fieldset className="space-y-2 md:col-span-3" aria-describedby="campaign-pick-error">
          <legend className="text-sm font-medium text-ink">
            {scope === "TRACKS" ? "Tracks" : "Artist"}
          </legend>
          {actor === "ARTIST" ? (
            <OwnTrackPicker selected={trackIds} onChange={setTracks} />
          ) : (
            <CatalogPicker
              mode={scope === "TRACKS" ? "TRACKS" : "ARTIST"}
              selectedTracks={chosenTracks}
              onTracks={(tracks) => {
                setChosenTracks(tracks);
                setTracks(tracks.map((t) => t.id));
              }}
              artist={chosenArtist}
              onArtist={(a) => {
                setChosenArtist(a);
                form.setValue("artistId", a.id, { shouldValidate: form.formState.isSubmitted });
              }}
            />
          )}
          {errors.trackIds?.message || errors.artistId?.message ? (
            <p id="campaign-pick-error" role="alert" className="text-sm text-red-600">
              {errors.trackIds?.message ?? errors.artistId?.message}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <Field
        id="campaign-boost"
        label="Commission while it runs (%)"
        error={errors.boost?.message}
        hint="E.g. 40 for 40 %; at most 50. Empty: no boost."
      >
        <Input
          id="campaign-boost"
          inputMode="decimal"
          {...form.register("boost")}
          invalid={!!errors.boost}
        />
      </Field>
      <Field
        id="campaign-discount"
        label="Discount for buyers (%)"
        error={errors.discount?.message}
        hint="Empty: no discount. A better code wins; they never add up."
      >
        <Input
          id="campaign-discount"
          inputMode="decimal"
          {...form.register("discount")}
          invalid={!!errors.discount}
        />
      </Field>
      <div className="hidden md:block" />
      <Field id="campaign-starts" label="Starts (UTC)" error={errors.startsAt?.message}>
        <Input
          id="campaign-starts"
          type="datetime-local"
          {...form.register("startsAt")}
          invalid={!!errors.startsAt}
        />
      </Field>
      <Field
        id="campaign-ends"
        label="Ends (UTC)"
        error={errors.endsAt?.message}
        hint="At most 90 days after the start."
      >
        <Input
          id="campaign-ends"
          type="datetime-local"
          {...form.register("endsAt")}
          invalid={!!errors.endsAt}
        />
      </Field>
      <div className="space-y-2 md:col-span-3">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Save draft
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/**
 * Campaigns (issue 12 §3): time-boxed commission boosts and discounts. The campaigns the viewer
 * manages by status, each with its countdown, terms, window and figures against the period
 * before; schedule and cancel; a form for a new one (saved as a draft). An admin's campaigns are
 * the platform's (paid from the platform fee) and the admin sees artists' too; an artist's cover
 * their own tracks and are paid from their share.
 */
export function Campaigns({ actor }: { actor: Actor }) {
  const [filter, setFilter] = useState<Filter>("ALL");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <Card>
        <section aria-labelledby="campaigns-h" className="space-y-4">
          <div>
            <h2 id="campaigns-h" className="text-lg font-semibold">
              {actor === "ADMIN" ? "Campaigns" : "Your campaigns"}
            </h2>
            <p className="text-sm text-zinc-600">
              {actor === "ADMIN"
                ? "Platform campaigns raise the commission (the boost above the artist's rate comes from the platform fee) or take a discount from the fee, on every track, one artist's or chosen ones. Artists' own campaigns are listed too."
                : "A campaign raises the commission on your tracks (e.g. 25 % → 40 % this weekend) or gives buyers a discount, both paid from your share, for a time you choose."}{" "}
              A sale gets the terms in force when checkout starts; promoters with links on the
              tracks are emailed when it starts.
            </p>
          </div>
          <ActionResult message={message} testId="campaign-result" />
          <StatusTabs
            label="Campaigns by status"
            filters={FILTERS}
            value={filter}
            onChange={setFilter}
            render={(f) => <CampaignList actor={actor} filter={f} onMessage={setMessage} />}
          />
        </section>
      </Card>
      <Card>
        <section aria-labelledby="new-campaign-h" className="space-y-4">
          <h2 id="new-campaign-h" className="text-lg font-semibold">
            New campaign
          </h2>
          <NewCampaignForm actor={actor} onDone={setMessage} />
        </section>
      </Card>
    </div>
  );
}
