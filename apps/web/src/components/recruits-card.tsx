"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ShareKit } from "./share-kit";
import { useTRPC } from "~/trpc/react";

const dateFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/**
 * "Your recruits" (issue 14 §6): the promoter's recruit link (`/join?ref=<code>`) with the share
 * kit, the second tier's terms in force (the recruiter's share of each recruit's commission, for
 * the first months after they join, paid by Fanfare), and the promoters who joined through it:
 * their label (never their email), when they joined, their sales and commission, and what the
 * recruiter earned from them.
 */
export function RecruitsCard() {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<string | null>(null);
  const recruits = useQuery(trpc.promoter.recruits.queryOptions(cursor ? { cursor } : undefined));
  if (recruits.error) return <Alert>{recruits.error.message}</Alert>;
  const d = recruits.data;
  if (!d) return null;
  return (
    <Card>
      <section aria-labelledby="recruits-h" className="space-y-4" data-testid="recruits">
        <div>
          <h2 id="recruits-h" className="text-lg font-semibold">
            Your recruits
          </h2>
          {d.shareBps > 0 ? (
            <p className="text-sm text-zinc-600">
              Invite other fans to promote. For {d.months} months after someone joins through your
              link, you earn {formatBps(d.shareBps)} of every commission they make, paid by Fanfare
              (it never comes out of their commission or the artist&apos;s share).
            </p>
          ) : (
            <p className="text-sm text-zinc-600">
              Invite other fans to promote with your link. Second-tier earnings are paused right
              now.
            </p>
          )}
        </div>
        <ShareKit
          url={d.url}
          text="Earn money sharing the music you love on Fanfare"
          fileName={`fanfare-join-${d.code}`}
        />
        <dl className="grid grid-cols-2 gap-3 text-sm sm:max-w-md">
          <div className="rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200">
            <dt className="text-zinc-600">Recruits</dt>
            <dd className="text-xl font-semibold" data-testid="recruits-count">
              {d.recruits}
            </dd>
          </div>
          <div className="rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200">
            <dt className="text-zinc-600">Your second-tier earnings</dt>
            <dd className="text-xl font-semibold" data-testid="recruits-earned">
              {formatCents(d.earnedCents)}
            </dd>
          </div>
        </dl>
        {d.items.length === 0 ? (
          <EmptyState title="No recruits yet">
            Share your link: everyone who creates an account through it appears here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg ring-1 ring-zinc-200">
            {d.items.map((r) => (
              <li
                key={r.id}
                className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm"
              >
                <div className="min-w-0">
                  <p className="font-medium">
                    {r.label}{" "}
                    {r.status !== "ACTIVE" ? (
                      <Badge tone="amber">{r.status.toLowerCase()}</Badge>
                    ) : null}
                  </p>
                  <p className="text-zinc-600">
                    Joined {dateFmt.format(r.joinedAt)} ·{" "}
                    {r.secondTierActive
                      ? `earning you a share until ${dateFmt.format(r.secondTierEndsAt)}`
                      : `second tier ended ${dateFmt.format(r.secondTierEndsAt)}`}
                  </p>
                </div>
                <p className="text-right text-zinc-700">
                  {r.salesCount} {r.salesCount === 1 ? "sale" : "sales"} ·{" "}
                  {formatCents(r.commissionCents)} earned ·{" "}
                  <span className="font-semibold">{formatCents(r.earnedFromCents)} to you</span>
                </p>
              </li>
            ))}
          </ul>
        )}
        {d.nextCursor || cursor ? (
          <div className="flex gap-2">
            {cursor ? (
              <Button size="sm" variant="secondary" onClick={() => setCursor(null)}>
                First page
              </Button>
            ) : null}
            {d.nextCursor ? (
              <Button size="sm" variant="secondary" onClick={() => setCursor(d.nextCursor)}>
                More recruits
              </Button>
            ) : null}
          </div>
        ) : null}
      </section>
    </Card>
  );
}
