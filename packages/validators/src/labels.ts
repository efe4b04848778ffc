/**
 * Labels (issue 16 §5): a label account manages a roster of artists under contracts the artist
 * accepts, each with the label's share of the artist's share of every sale (basis points) and a
 * term of UTC days. The inputs of the `label` router and the web's label dashboard.
 */
import { z } from "zod";

import { parseHundredths } from "./hundredths";
import { releaseDayToDate } from "./releases";
import { zId, zText } from "./text";

/** A label's name: 1–80 characters (the database's `LabelProfile_text_check`). */
export const ZLabelName = zText("Label name")
  .trim()
  .min(1, "Enter your label's name.")
  .max(80, "Label name must be at most 80 characters.");

/** `label.create`'s input: the label's name; the slug comes from it, as an artist's does. */
export const ZCreateLabelInput = z.object({ name: ZLabelName });
export type CreateLabelInput = z.input<typeof ZCreateLabelInput>;

/** The label's share of the artist's share, basis points: 1 (0.01 %) to 10 000 (100 %). */
export const ZLabelShareBps = z
  .number({
    error: (iss) =>
      iss.input === undefined
        ? "Label share is required."
        : "Label share must be a number of basis points.",
  })
  .int("Label share must be a whole number of basis points.")
  .min(1, "Label share must be at least 0.01%.")
  .max(10_000, "Label share must be at most 100%.");

/** A contract day: a UTC calendar day written YYYY-MM-DD between 2000 and 2100. */
const zContractDay = (label: string) =>
  zText(label).check((ctx) => {
    const d = releaseDayToDate(ctx.value);
    const problem = !d
      ? `${label} must be a real day written YYYY-MM-DD, like 2027-03-01.`
      : ctx.value < "2000-01-01" || ctx.value > "2100-12-31"
        ? `${label} must be between 2000 and 2100.`
        : null;
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });

/**
 * The instants a contract's days mean, UTC: in force from the start of `startsOn` (or `now`
 * when absent) until the end of `endsOn` (the last day in force, inclusive), so
 * `endsAt` = the midnight after it (exclusive); no `endsOn`: open ended.
 * @returns `{ startsAt, endsAt }` (endsAt null when open ended).
 */
export function contractTerm(
  input: { startsOn?: string | null; endsOn?: string | null },
  now: Date,
): { startsAt: Date; endsAt: Date | null } {
  const startsAt = input.startsOn ? releaseDayToDate(input.startsOn)! : now;
  const lastDay = input.endsOn ? releaseDayToDate(input.endsOn) : null;
  return {
    startsAt,
    endsAt: lastDay ? new Date(lastDay.getTime() + 86_400_000) : null,
  };
}

/**
 * `label.invite`'s input: the artist by their page's slug (`/a/<slug>`) or their account's
 * email; the label's share (bps); the first day in force (default: from acceptance's moment —
 * now) and the last (optional: open ended); whether the label may upload and edit the artist's
 * catalog (`canManage`, default true). The last day is on or after the first.
 */
export const ZInviteArtistInput = z
  .object({
    artist: zText("Artist")
      .trim()
      .min(1, "Enter the artist's page name (the part after /a/) or their email.")
      .max(254, "Artist must be at most 254 characters."),
    labelShareBps: ZLabelShareBps,
    startsOn: zContractDay("Start date").optional().nullable(),
    endsOn: zContractDay("End date").optional().nullable(),
    canManage: z.boolean({ message: "Can manage must be true or false." }).default(true),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "End date must be on or after the start date.",
      });
  });
export type InviteArtistInput = z.input<typeof ZInviteArtistInput>;

/**
 * The web's invite form as the label fills it in: the share typed as a percentage ("30",
 * "12.5"), dates as the date inputs give them ("" for none). Its output is `label.invite`'s
 * input, so the browser refuses what the server would; the server's `labelShareBps` errors are
 * shown on `sharePercent` (`INVITE_FORM_FIELD_OF`).
 */
export const ZInviteArtistForm = z
  .object({
    artist: z.string(),
    sharePercent: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    canManage: z.boolean(),
  })
  .transform((v, ctx) => {
    const bps = parseHundredths(v.sharePercent.trim().replace(/%$/, ""));
    if (bps === null) {
      ctx.addIssue({
        code: "custom",
        path: ["sharePercent"],
        message: "Enter the label's share as a percentage, like 30 or 12.5.",
      });
      return z.NEVER;
    }
    const parsed = ZInviteArtistInput.safeParse({
      artist: v.artist,
      labelShareBps: bps,
      startsOn: v.startsOn || null,
      endsOn: v.endsOn || null,
      canManage: v.canManage,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "artist");
        ctx.addIssue({
          code: "custom",
          path: [INVITE_FORM_FIELD_OF[field] ?? field],
          message: issue.message,
        });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
export type InviteArtistFormValues = z.input<typeof ZInviteArtistForm>;

/** Where the server's field errors of `label.invite` are shown on `ZInviteArtistForm`. */
export const INVITE_FORM_FIELD_OF: Record<string, keyof InviteArtistFormValues> = {
  labelShareBps: "sharePercent",
};

/** A contract (or invitation) by id: accept, decline, end. */
export const ZLabelContractIdInput = z.object({ contractId: zId("Contract id") });
export type LabelContractIdInput = z.input<typeof ZLabelContractIdInput>;

/** `label.actAs`'s input: the roster artist to act for (ArtistProfile.id). */
export const ZActAsArtistInput = z.object({ artistId: zId("Artist id") });

/**
 * A label user acts for a roster artist (upload and edit their catalog) by naming the artist's
 * id in this cookie (the web app's "Manage catalog" sets it) or, for API clients, this header.
 * The API honours it only on the artist's catalog procedures and only under a contract in force
 * with `canManage`; money procedures refuse while it is set.
 */
export const ACT_AS_COOKIE = "ff_act_as";
export const ACT_AS_HEADER = "x-fanfare-act-as-artist";

const zCents = z.number().int().nonnegative();
/** A group of the label's completed sales: count and integer cents as recorded on each sale. */
const ZLabelSalesSums = z.object({
  salesCount: z.number().int().nonnegative(),
  grossCents: zCents,
  labelCents: zCents,
  artistCents: zCents,
  reversedCents: zCents,
});

/** `label.stats`'s answer (money: an output contract, house style). */
export const ZLabelStatsOutput = z.object({
  totals: ZLabelSalesSums,
  byArtist: z.array(
    ZLabelSalesSums.extend({
      artist: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    }),
  ),
  byProduct: z.array(
    ZLabelSalesSums.extend({
      kind: z.enum(["track", "release", "subscription"]),
      id: z.string(),
      title: z.string(),
      slug: z.string(),
      artistName: z.string(),
    }),
  ),
  promoters: z.array(
    z.object({
      promoterId: z.string(),
      label: z.string(),
      salesCount: z.number().int().nonnegative(),
      grossCents: zCents,
      commissionCents: zCents,
    }),
  ),
});
export type LabelStatsOutput = z.infer<typeof ZLabelStatsOutput>;
