"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { toast } from "@fanfare/ui/toast";
import { formatCents } from "@fanfare/validators/money";

import { useLiveEvents } from "~/lib/live-stream";
import { useTRPC } from "~/trpc/react";

type Totals = { todayCents: number; weekCents: number; monthCents: number };

/** Counts a figure up (or down) to `target` over ~0.8 s; jumps when motion is reduced. */
function useCountUp(target: number | null): number | null {
  const [shown, setShown] = useState(target);
  const from = useRef(target);
  useEffect(() => {
    if (target === null) return;
    const start = from.current ?? target;
    from.current = target;
    if (
      start === target ||
      typeof window === "undefined" ||
      window.matchMedia?.("(prefers-reduced-motion: reduce)").matches
    ) {
      setShown(target);
      return;
    }
    const t0 = performance.now();
    let frame = 0;
    const step = (t: number) => {
      const k = Math.min(1, (t - t0) / 800);
      const eased = 1 - (1 - k) ** 3;
      setShown(Math.round(start + (target - start) * eased));
      if (k < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [target]);
  return shown;
}

function Figure({ label, cents, testId }: { label: string; cents: number | null; testId: string }) {
  const shown = useCountUp(cents);
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-brand-700" data-testid={testId}>
        {shown === null ? "–" : formatCents(shown)}
      </dd>
    </div>
  );
}

/**
 * The promoter's earnings today (UTC), this week and this month (the last 7 and 30 days) at the
 * top of the dashboard (issue 13 §6), pushed from the server: `live.events` over SSE (the page's
 * one stream, shared with the header's bell: ~/lib/live-stream.ts) sends a snapshot (a fresh one
 * is asked for on mount), then each commission with the new totals, and the figures count up
 * with a toast ("+$1.20 from Night Drive"). While the stream is down (dropped and reconnecting,
 * or refused), the figures are polled every 30 s (`promoter.earnings`) until it is back; the dot
 * says which.
 */
export function LiveEarnings() {
  const trpc = useTRPC();
  const [totals, setTotals] = useState<Totals | null>(null);
  const status = useLiveEvents(
    (m) => {
      if (m.type === "snapshot" && m.earnings) setTotals(m.earnings);
      if (m.type === "commission") {
        setTotals(m.earnings);
        toast.success(`+${formatCents(m.amountCents)} commission`, {
          description: `A sale of "${m.trackTitle}" through your link.`,
        });
      }
    },
    { freshSnapshot: true },
  );
  const live = status === "live";
  const down = status === "down";
  // The fallback: while the stream is down, poll the same figures.
  const polled = useQuery({
    ...trpc.promoter.earnings.queryOptions(),
    enabled: down,
    refetchInterval: 30_000,
  });
  useEffect(() => {
    if (down && polled.data) setTotals(polled.data);
  }, [down, polled.data]);
  return (
    <section
      aria-label="Your earnings"
      className="flex flex-wrap items-center gap-6 rounded-xl bg-white px-4 py-3 ring-1 ring-zinc-200"
      data-testid="live-earnings"
    >
      <dl className="flex flex-wrap gap-6">
        <Figure label="Today" cents={totals?.todayCents ?? null} testId="live-today" />
        <Figure label="This week" cents={totals?.weekCents ?? null} testId="live-week" />
        <Figure label="This month" cents={totals?.monthCents ?? null} testId="live-month" />
      </dl>
      <span className="ml-auto flex items-center gap-1.5 text-xs text-zinc-500">
        <span
          aria-hidden
          className={`h-2 w-2 rounded-full ${live ? "bg-green-500" : "bg-zinc-300"}`}
        />
        {live ? "Live" : down ? "Updating every 30 s" : "Connecting…"}
      </span>
    </section>
  );
}
