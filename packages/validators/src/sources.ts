import { z } from "zod";

import { findControlCharacter, zId, zText } from "./text";
import type { UtmParam } from "./tracking-params";

/**
 * Sources and UTM (issue 14 §2): the rules for the `?src=` source tag and the `utm_*` values a
 * click stores, and the "Performance by source" report's inputs and output.
 */

/** The longest source tag (`?src=`), in characters. */
export const SOURCE_TAG_MAX = 40;
/** A source tag: lowercase a–z, 0–9, `-` and `_` (`youtube-review`, `ig_story`). */
export const SOURCE_TAG_PATTERN = /^[a-z0-9_-]+$/;
/** The longest UTM value a click stores, in characters (code points); longer ones are cut. */
export const UTM_VALUE_MAX = 200;

/**
 * The source tag a click stores from a raw `?src=` value: trimmed and lowered (`YouTube` →
 * `youtube`), then kept only when it is 1–40 of a–z, 0–9, `-`, `_`. Anything else (spaces,
 * punctuation, control characters, 41+ characters) is dropped (null): a bad tag never fails the
 * page, and the report's groups stay the tags the link builder makes.
 */
export function captureSourceTag(raw: string | null | undefined): string | null {
  const tag = raw?.trim().toLowerCase();
  if (!tag || tag.length > SOURCE_TAG_MAX || !SOURCE_TAG_PATTERN.test(tag)) return null;
  return tag;
}

/** The longest partner network click id (`?click_id=`, issue 15 §3) a click keeps. */
export const NETWORK_CLICK_ID_MAX = 128;

/**
 * A partner network's click id from a raw `?click_id=` value (issue 15 §3: PartnerStack, Impact
 * or ShareASale send one with each click and read it back in their postback's `{click_id}`):
 * trimmed, kept only when it is 1–128 printable ASCII characters (CHECKed by the database as
 * `ClickEvent_network_click_id_check`) and not only dots; anything else is dropped (null), never
 * failing the page.
 */
export function captureNetworkClickId(raw: string | null | undefined): string | null {
  const id = raw?.trim();
  if (!id || id.length > NETWORK_CLICK_ID_MAX || !/^[\x21-\x7e]+$/.test(id)) return null;
  // Only dots: a postback template's `{click_id}` would become a `.`/`..` path segment.
  if (/^\.+$/.test(id)) return null;
  return id;
}

/**
 * The source tag a click stores from a link's query: `?src=`, else a network's `?sub_id=`
 * (issue 15 §3: the sub-affiliate id networks append, the same idea as a source tag), each by
 * `captureSourceTag`'s rules.
 */
export function captureSourceFromQuery(params: URLSearchParams): string | null {
  return captureSourceTag(params.get("src")) ?? captureSourceTag(params.get("sub_id"));
}

/**
 * The UTM value a click stores from a raw (decoded) `utm_*` value: trimmed; an empty value or
 * one holding a control character (a NUL cannot be stored in PostgreSQL text, and would cost the
 * whole click) is dropped (null); a longer one is cut to UTM_VALUE_MAX code points (a surrogate
 * pair is never split). Case and spaces are kept: UTM values are free text (`Spring Launch`).
 */
export function captureUtmValue(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value || findControlCharacter(value)) return null;
  if (value.length <= UTM_VALUE_MAX) return value;
  return Array.from(value).slice(0, UTM_VALUE_MAX).join("").trimEnd();
}

/** The link builder's source tag field: empty, or a tag `captureSourceTag` keeps as typed. */
export const ZSourceTag = zText("Source tag")
  .trim()
  .max(SOURCE_TAG_MAX, `Keep the source tag to ${SOURCE_TAG_MAX} characters or fewer.`)
  .regex(
    /^[a-z0-9_-]*$/,
    "Use lowercase letters, digits, - and _ in the source tag (like youtube-review).",
  );

/** One UTM field of the link builder: up to UTM_VALUE_MAX characters of one line of text. */
export const ZUtmValue = (param: UtmParam) =>
  zText(param).trim().max(UTM_VALUE_MAX, `Keep ${param} to ${UTM_VALUE_MAX} characters or fewer.`);

/** The report's periods: the last 7, 30 or 90 UTC days including today, or all time. */
export const SOURCE_REPORT_PERIODS = ["7d", "30d", "90d", "all"] as const;
export type SourceReportPeriod = (typeof SOURCE_REPORT_PERIODS)[number];
export const SOURCE_REPORT_PERIOD_LABELS: Record<SourceReportPeriod, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  all: "All time",
};

/** What the report groups by: the source tag (`?src=`) or one UTM field. */
export const SOURCE_REPORT_GROUPINGS = ["src", "utm_source", "utm_medium", "utm_campaign"] as const;
export type SourceReportGrouping = (typeof SOURCE_REPORT_GROUPINGS)[number];
export const SOURCE_REPORT_GROUPING_LABELS: Record<SourceReportGrouping, string> = {
  src: "Source tag",
  utm_source: "UTM source",
  utm_medium: "UTM medium",
  utm_campaign: "UTM campaign",
};

/** The most rows a report lists (the best-earning groups). */
export const SOURCE_REPORT_MAX_ROWS = 50;
/** The key of the group of clicks and sales without a value. */
export const SOURCE_REPORT_NONE = "(none)";

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<Exclude<SourceReportPeriod, "all">, number> = {
  "7d": 7,
  "30d": 30,
  "90d": 90,
};

/**
 * When a period starts: 00:00 UTC of the first of its days (today, UTC, is the last), e.g. "7d"
 * on 2026-12-06T15:00Z → 2026-11-30T00:00Z; null for "all".
 */
export function sourceReportSince(period: SourceReportPeriod, now: Date = new Date()): Date | null {
  if (period === "all") return null;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (PERIOD_DAYS[period] - 1) * DAY_MS);
}

const reportFields = {
  period: z.enum(SOURCE_REPORT_PERIODS, {
    error: `Period must be one of ${SOURCE_REPORT_PERIODS.join(", ")}.`,
  }),
  groupBy: z.enum(SOURCE_REPORT_GROUPINGS, {
    error: `Group by must be one of ${SOURCE_REPORT_GROUPINGS.join(", ")}.`,
  }),
};

/** `promoter.sourceReport`: the promoter's links, one period, one grouping. */
export const ZPromoterSourceReportInput = z.object(reportFields);
export type PromoterSourceReportInput = z.infer<typeof ZPromoterSourceReportInput>;

/** `artist.sourceReport`: the artist's tracks (or one of them), one period, one grouping. */
export const ZArtistSourceReportInput = z.object({
  ...reportFields,
  trackId: zId("Track id").optional(),
});
export type ArtistSourceReportInput = z.infer<typeof ZArtistSourceReportInput>;

const count = z.number().int().nonnegative();

/** One group of the report. */
export const ZSourceReportRow = z.object({
  /** The value (tag or UTM value), or SOURCE_REPORT_NONE for clicks and sales without one. */
  key: z.string(),
  /** True for the group without a value (so a UTM value spelled "(none)" stays distinct). */
  isNone: z.boolean(),
  /** Counted clicks in the period (bots and repeats not counted). */
  clicks: count,
  /** Completed sales in the period attributed through a click with this value, not fully refunded. */
  sales: count,
  /** sales × 10,000 ÷ clicks, rounded; 0 without clicks. */
  conversionBps: count,
  /** Integer cents: the promoter's commission, or the artist's share, net of reversals. */
  earningsCents: z.number().int(),
});
export type SourceReportRow = z.infer<typeof ZSourceReportRow>;

export const ZSourceReportOutput = z.object({
  period: z.enum(SOURCE_REPORT_PERIODS),
  groupBy: z.enum(SOURCE_REPORT_GROUPINGS),
  /** Start of the period (00:00 UTC), null for all time. */
  since: z.date().nullable(),
  rows: z.array(ZSourceReportRow),
  /** More groups exist than the SOURCE_REPORT_MAX_ROWS listed. */
  truncated: z.boolean(),
});
export type SourceReport = z.infer<typeof ZSourceReportOutput>;
