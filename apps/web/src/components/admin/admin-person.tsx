"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading, Stat } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { TrackModerationForm } from "./track-moderation-form";
import { formatAuditState, formatUtc, plural } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Person = RouterOutputs["admin"]["people"]["get"];

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <section aria-labelledby={id} className="space-y-3">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </section>
    </Card>
  );
}

/** One scored signal as `PromoterProfile.fraudScoreDetail` stores it (services/fraud). */
type ScoredSignal = {
  kind: string;
  label: string;
  count: number;
  weight: number;
  points: number;
  evidence: Record<string, unknown>;
};

/** The fraud score and the signals behind it, strongest first (issue 11 §3). */
function FraudDetail({ promoter }: { promoter: NonNullable<Person["promoter"]> }) {
  const signals = (promoter.fraudScoreDetail ?? []) as ScoredSignal[];
  return (
    <div className="space-y-1 text-sm" data-testid="person-fraud">
      <p>
        Fraud score <span className="font-semibold">{promoter.fraudScore}</span> / 100
        {promoter.fraudScoredAt
          ? ` (scored ${formatUtc(promoter.fraudScoredAt)} UTC)`
          : " (not scored yet)"}
      </p>
      {signals.length ? (
        <ul className="list-inside list-disc text-zinc-700">
          {signals.map((s) => (
            <li key={s.kind}>
              {s.label}: {s.count} → {s.points} of {s.weight} points{" "}
              <span className="text-xs text-zinc-500">{formatAuditState(s.evidence)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * One person (issue 11 §6): account and roles; as a promoter, standing, balances, links (disable
 * or enable each) and latest commissions; as an artist, balances, tracks (take down or restore
 * each) and latest sales; the audit trail of what admins did to them.
 */
export function AdminPerson({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const person = useQuery(trpc.admin.people.get.queryOptions({ userId }));
  const setDisabled = useMutation(trpc.admin.links.setDisabled.mutationOptions());
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.people.get.queryKey({ userId }) });

  if (person.isPending) return <Loading />;
  if (person.error) return <Alert>{person.error.message}</Alert>;
  const p: Person = person.data;
  const done = (m: string) => {
    setMessage(m);
    setOpen(null);
  };
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/admin/people" className="text-sm text-brand-700">
          ← People
        </Link>
        <h2 className="text-xl font-bold">{p.name ?? p.email}</h2>
        <p className="text-sm text-zinc-600">
          {p.email} · joined {formatUtc(p.createdAt)} UTC ·{" "}
          {p.emailVerified ? "email verified" : "email not verified"}
        </p>
        <div className="flex flex-wrap gap-1">
          {p.isAdmin ? <Badge tone="zinc">Admin</Badge> : null}
          {p.artist ? <Badge tone="green">Artist</Badge> : null}
          {p.promoter ? (
            <Badge tone={p.promoter.status === "ACTIVE" ? "green" : "red"}>
              Promoter · {p.promoter.status.toLowerCase()}
            </Badge>
          ) : null}
        </div>
      </div>
      <ActionResult message={message} testId="person-result" />

      {p.promoter ? (
        <Section id="person-promoter" title="As a promoter">
          {p.promoter.statusReason ? (
            <p className="text-sm text-zinc-600">
              Standing: {p.promoter.status.toLowerCase()} — {p.promoter.statusReason}
              {p.promoter.statusChangedAt ? ` (${formatUtc(p.promoter.statusChangedAt)} UTC)` : ""}.
              Change it on{" "}
              <Link href="/admin/promoters" className="text-brand-700 underline">
                Promoters
              </Link>
              .
            </p>
          ) : null}
          <FraudDetail promoter={p.promoter} />
          <p className="text-sm" data-testid="person-open-reports">
            {p.promoter.openReports ? (
              <>
                <span className="font-semibold text-red-700">
                  {plural(p.promoter.openReports, "open report")}
                </span>{" "}
                from visitors:{" "}
                <Link href="/admin/reports" className="text-brand-700 underline">
                  review them in Reports
                </Link>
                .
              </>
            ) : (
              "No open reports from visitors."
            )}
          </p>
          <p className="text-sm" data-testid="person-tax-form">
            Tax form:{" "}
            {p.promoter.taxForm ? (
              <>
                {p.promoter.taxForm.kind === "W9" ? "W-9" : "W-8BEN"} ({p.promoter.taxForm.country}
                ), {p.promoter.taxForm.status.toLowerCase()}
                {p.promoter.taxForm.taxIdLast4
                  ? `, tax id ending ${p.promoter.taxForm.taxIdLast4}`
                  : ""}
                .{" "}
              </>
            ) : (
              "none on file. "
            )}
            <Link href="/admin/tax" className="text-brand-700 underline">
              Tax forms
            </Link>
          </p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
            <Stat label="Clicks" value={p.promoter.clickCount} />
            <Stat label="Sales" value={p.promoter.salesCount} />
            <Stat label="Earned" value={formatCents(p.promoter.earningsCents)} />
            <Stat label="Pending" value={formatCents(p.promoter.pendingCents)} />
            <Stat label="Payable" value={formatCents(p.promoter.payableCents)} />
          </dl>
          <h3 className="font-semibold">Links</h3>
          {p.promoter.links.length === 0 ? (
            <EmptyState title="No links yet" />
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-xl ring-1 ring-zinc-200">
              {p.promoter.links.map((l) => (
                <li key={l.id} className="space-y-2 p-3" data-testid={`person-link-${l.code}`}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div>
                      <div className="font-medium">
                        {l.track.title} <code className="text-xs">?ref={l.code}</code>
                      </div>
                      <div className="text-xs text-zinc-500">
                        {l.clickCount} clicks · {l.salesCount} sales ·{" "}
                        {formatCents(l.commissionCents)} earned
                      </div>
                      {l.disabled ? (
                        <div className="text-xs text-red-700">Disabled: {l.disabledReason}</div>
                      ) : null}
                    </div>
                    <Button
                      size="sm"
                      variant={l.disabled ? "secondary" : "ghost"}
                      aria-expanded={open === l.id}
                      onClick={() => setOpen(open === l.id ? null : l.id)}
                    >
                      {l.disabled ? "Enable link" : "Disable link"}
                    </Button>
                  </div>
                  {open === l.id ? (
                    <ReasonForm
                      id={l.id}
                      label={l.disabled ? `Enable ?ref=${l.code}` : `Disable ?ref=${l.code}`}
                      danger={!l.disabled}
                      readerNote="the promoter reads it beside the link"
                      consequence={
                        l.disabled
                          ? "The link counts clicks and attributes sales again."
                          : "The link keeps showing the track but records no clicks and attributes no sales."
                      }
                      run={async (reason) => {
                        await setDisabled.mutateAsync({
                          linkId: l.id,
                          disabled: !l.disabled,
                          reason,
                        });
                        await refresh();
                        return `Link ?ref=${l.code} ${l.disabled ? "enabled" : "disabled"}.`;
                      }}
                      onDone={done}
                      onCancel={() => setOpen(null)}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <h3 className="font-semibold">Latest commissions</h3>
          {p.promoter.commissions.length === 0 ? (
            <EmptyState title="No commissions yet" />
          ) : (
            <ul className="space-y-1 text-sm">
              {p.promoter.commissions.map((c) => (
                <li key={c.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {formatUtc(c.createdAt)} · {c.track.title}
                    {c.heldAt ? <Badge tone="amber">held</Badge> : null}
                    {c.rejectReason ? (
                      <span className="text-xs text-red-700"> rejected: {c.rejectReason}</span>
                    ) : null}
                  </span>
                  <span>
                    {formatCents(c.amountCents - c.reversedCents)} · {c.status.toLowerCase()}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}

      {p.label ? (
        <Section id="person-label" title={`As a label: ${p.label.name}`}>
          <dl className="grid grid-cols-2 gap-3">
            <Stat label="Pending" value={formatCents(p.label.pendingCents)} />
            <Stat label="Payable" value={formatCents(p.label.payableCents)} />
          </dl>
          <h3 className="font-semibold">Roster and invitations</h3>
          {p.label.contracts.length === 0 ? (
            <EmptyState title="No artists on the roster" />
          ) : (
            <ul className="space-y-1 text-sm">
              {p.label.contracts.map((c) => (
                <li key={c.id} className="flex flex-wrap justify-between gap-2">
                  <Link href={`/a/${c.artist.slug}`} className="underline">
                    {c.artist.name}
                  </Link>
                  <span>
                    {formatBps(c.labelShareBps)} of the artist&apos;s share · {c.status} · from{" "}
                    {formatUtc(c.startsAt)}
                    {c.endsAt ? ` to ${formatUtc(c.endsAt)}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}

      {p.artist ? (
        <Section id="person-artist" title={`As an artist: ${p.artist.name}`}>
          <dl className="grid grid-cols-2 gap-3">
            <Stat label="Pending" value={formatCents(p.artist.pendingCents)} />
            <Stat label="Payable" value={formatCents(p.artist.payableCents)} />
          </dl>
          <h3 className="font-semibold">Tracks</h3>
          {p.artist.tracks.length === 0 ? (
            <EmptyState title="No tracks" />
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-xl ring-1 ring-zinc-200">
              {p.artist.tracks.map((t) => {
                const down = t.takenDownAt != null;
                return (
                  <li key={t.id} className="space-y-2 p-3" data-testid={`person-track-${t.slug}`}>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <div>
                        <Link href={`/t/${t.slug}`} className="font-medium text-ink underline">
                          {t.title}
                        </Link>
                        <div className="text-xs text-zinc-500">
                          {formatCents(t.priceCents)} · {formatBps(t.commissionBps)} commission ·{" "}
                          {t.salesCount} sales · {formatCents(t.grossCents)} gross ·{" "}
                          {t.published ? "published" : "unpublished"}
                        </div>
                        {down ? (
                          <div className="text-xs text-red-700">Taken down: {t.takedownReason}</div>
                        ) : null}
                      </div>
                      <Button
                        size="sm"
                        variant={down ? "secondary" : "ghost"}
                        aria-expanded={open === t.id}
                        onClick={() => setOpen(open === t.id ? null : t.id)}
                      >
                        {down ? "Restore" : "Take down"}
                      </Button>
                    </div>
                    {open === t.id ? (
                      <TrackModerationForm track={t} onDone={done} onCancel={() => setOpen(null)} />
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          <h3 className="font-semibold">Releases</h3>
          {p.artist.releases.length === 0 ? (
            <EmptyState title="No releases" />
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-xl ring-1 ring-zinc-200">
              {p.artist.releases.map((r) => (
                <li key={r.id} className="p-3" data-testid={`person-release-${r.slug}`}>
                  <Link href={`/r/${r.slug}`} className="font-medium text-ink underline">
                    {r.title}
                  </Link>
                  <div className="text-xs text-zinc-500">
                    {r.kind} · {formatCents(r.priceCents)} · {r.salesCount} sales ·{" "}
                    {formatCents(r.grossCents)} gross · {r.published ? "published" : "unpublished"}
                  </div>
                  {r.takenDownAt != null ? (
                    <div className="text-xs text-red-700">Taken down: {r.takedownReason}</div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p className="text-xs text-zinc-500">
            Take releases down or restore them in{" "}
            <Link href="/admin/releases" className="underline">
              Releases
            </Link>
            .
          </p>
          <h3 className="font-semibold">Latest sales</h3>
          {p.artist.sales.length === 0 ? (
            <EmptyState title="No sales yet" />
          ) : (
            <ul className="space-y-1 text-sm">
              {p.artist.sales.map((s) => (
                <li key={s.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {s.completedAt ? formatUtc(s.completedAt) : "—"} · {s.track.title}
                  </span>
                  <span>
                    {formatCents(s.amountCents, s.currency)} · artist{" "}
                    {formatCents(s.artistCents, s.currency)} · {s.status.toLowerCase()}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}

      <Section id="person-audit" title="Audit trail">
        {p.audit.length === 0 ? (
          <EmptyState title="No admin actions about this person" />
        ) : (
          <ul className="space-y-2 text-sm" data-testid="person-audit">
            {p.audit.map((a) => (
              <li key={a.id}>
                <span className="font-medium">{a.action}</span>{" "}
                <span className="text-zinc-500">{formatUtc(a.createdAt)} UTC</span>
                <div className="text-xs text-zinc-600">
                  {formatAuditState(a.before)} → {formatAuditState(a.after)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
