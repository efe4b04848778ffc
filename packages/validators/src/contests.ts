import { z } from "zod";

import { formatHundredths, parseHundredths } from "./hundredths";
import { formatCents } from "./money";
import { zId, zText } from "./text";
import { zUtcDateTimeText, zWhen } from "./when";

/**
 * Contests (issue 13 §5): admin-defined competitions over a window. Every ACTIVE promoter with a
 * positive value takes part; at the end the `contests.tick` job ranks them (sales refunded before
 * the close do not count; a tie goes to whoever reached the final value first) and pays the money
 * prizes from PLATFORM_PROMOTIONS.
 */
export const CONTEST_METRICS = ["sales", "earnings", "clicks"] as const;
export type ContestMetric = (typeof CONTEST_METRICS)[number];

export const CONTEST_METRIC_LABEL: Record<ContestMetric, string> = {
  sales: "Most sales",
  earnings: "Most commission earned",
  clicks: "Most counted clicks",
};

/** The most places one contest pays, and the largest prize of one place (cents, $10,000). */
export const MAX_CONTEST_PLACES = 10;
export const MAX_CONTEST_PRIZE_CENTS = 1_000_000;
/** The longest contest, days. */
export const MAX_CONTEST_DAYS = 366;

/** A contest as an admin defines it. */
export const ZContestInput = z
  .object({
    name: zText("Name")
      .trim()
      .min(1, "Name the contest.")
      .max(80, "Keep the name under 80 characters."),
    description: zText("Description", { multiline: true })
      .trim()
      .max(1000, "Keep the description under 1000 characters.")
      .default(""),
    metric: z.enum(CONTEST_METRICS, { message: "Choose sales, earnings or clicks." }),
    startsAt: zWhen("Start"),
    endsAt: zWhen("End"),
    prizeDescription: zText("Prize", { multiline: true })
      .trim()
      .max(500, "Keep the prize description under 500 characters.")
      .default(""),
    /** Money prizes by place, cents (first place first); empty: no money prize. */
    prizeCents: z
      .array(
        z
          .number({ message: "A prize must be a number of cents." })
          .int("A prize must be whole cents.")
          .min(0, "A prize cannot be negative.")
          .max(MAX_CONTEST_PRIZE_CENTS, "A prize is at most $10,000."),
      )
      .max(MAX_CONTEST_PLACES, `At most ${MAX_CONTEST_PLACES} prizes.`)
      .default([]),
    /** Only this artist's tracks count; null: every track. */
    artistId: zId("Artist id").nullable().default(null),
    /** Only this track counts; null: every track (or the artist's). */
    trackId: zId("Track id").nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt)
      ctx.addIssue({
        code: "custom",
        path: ["endsAt"],
        message: "The end must be after the start.",
      });
    else if (v.endsAt.getTime() - v.startsAt.getTime() > MAX_CONTEST_DAYS * 86_400_000)
      ctx.addIssue({
        code: "custom",
        path: ["endsAt"],
        message: `A contest lasts at most ${MAX_CONTEST_DAYS} days.`,
      });
    if (v.artistId && v.trackId)
      ctx.addIssue({
        code: "custom",
        path: ["trackId"],
        message: "Choose an artist or a track, not both.",
      });
  });
export type ContestInput = z.input<typeof ZContestInput>;

/** `admin.contests.upsert`'s input: a new contest, or the id of the one to change. */
export const ZUpsertContestInput = z.intersection(
  ZContestInput,
  z.object({ id: zId("Contest id").optional() }),
);
export type UpsertContestInput = z.input<typeof ZUpsertContestInput>;

/** `admin.contests.cancel`'s and `contest.get`'s input. */
export const ZContestIdInput = z.object({ id: zId("Contest id") });

/** The number of winners a contest names: one per money prize, at least one. */
export const contestPlaces = (prizeCents: number[]) => Math.max(1, prizeCents.length);

/** A contest's value in words: "12 sales", "$4.20", "31 clicks". */
export function formatContestValue(metric: ContestMetric, value: number): string {
  if (metric === "earnings") return formatCents(value);
  const unit = metric === "sales" ? "sale" : "click";
  return `${value.toLocaleString("en-US")} ${unit}${value === 1 ? "" : "s"}`;
}

/**
 * The contest form as typed: dates from `datetime-local` fields read as UTC, prizes as dollars
 * separated by commas ("50, 25, 10": first, second, third place), the scope as an optional artist
 * or track id. Output: `admin.contests.upsert`'s input without `id`.
 */
export function contestFormSchema() {
  const when = zUtcDateTimeText();
  return z
    .object({
      name: z.string(),
      description: z.string(),
      metric: z.enum(CONTEST_METRICS),
      startsAt: when,
      endsAt: when,
      prizeDescription: z.string(),
      prizes: z.string().trim(),
      artistId: z.string().trim(),
      trackId: z.string().trim(),
    })
    .transform((v, ctx) => {
      const parts = v.prizes === "" ? [] : v.prizes.split(",").map((p) => p.trim());
      const prizeCents = parts.map((p) => parseHundredths(p));
      if (prizeCents.some((c) => c === null)) {
        ctx.addIssue({
          code: "custom",
          path: ["prizes"],
          message: "Enter prizes in dollars separated by commas, like 50, 25, 10 (or leave empty).",
        });
        return z.NEVER;
      }
      const parsed = ZContestInput.safeParse({
        name: v.name,
        description: v.description,
        metric: v.metric,
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        prizeDescription: v.prizeDescription,
        prizeCents,
        artistId: v.artistId || null,
        trackId: v.trackId || null,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "name");
          ctx.addIssue({
            code: "custom",
            path: [field === "prizeCents" ? "prizes" : field],
            message: issue.message,
          });
        }
        return z.NEVER;
      }
      return parsed.data;
    });
}

/** `datetime-local` text of a UTC instant ("2026-12-06T15:04"). */
const localText = (d: Date) => d.toISOString().slice(0, 16);

/** A stored contest as the form types it (the inverse of `contestFormSchema`); null: a new one. */
export function contestFormValues(
  c: {
    name: string;
    description: string;
    metric: ContestMetric;
    startsAt: Date;
    endsAt: Date;
    prizeDescription: string;
    prizeCents: number[];
    artistId: string | null;
    trackId: string | null;
  } | null,
  now = new Date(),
): z.input<ReturnType<typeof contestFormSchema>> {
  if (!c) {
    const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
    return {
      name: "",
      description: "",
      metric: "sales",
      startsAt: localText(start),
      endsAt: localText(new Date(start.getTime() + 7 * 86_400_000)),
      prizeDescription: "",
      prizes: "50, 25, 10",
      artistId: "",
      trackId: "",
    };
  }
  return {
    name: c.name,
    description: c.description,
    metric: c.metric,
    startsAt: localText(c.startsAt),
    endsAt: localText(c.endsAt),
    prizeDescription: c.prizeDescription,
    prizes: c.prizeCents.map(formatHundredths).join(", "),
    artistId: c.artistId ?? "",
    trackId: c.trackId ?? "",
  };
}
