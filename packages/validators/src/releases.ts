/**
 * Releases (issue 16 §1): an artist's album, EP or single grouping some of their tracks in order,
 * sold as one product at its own price (fixed, or pay-what-you-want with a minimum) and
 * commission rate, optionally as a pre-order until its release date. The inputs of the `artist`
 * router's release procedures and the web's release form, shared by the API, the web and mobile.
 * Prices, minimums and commission rates follow the tracks' rules (`trackFields`, `priceRule`,
 * `priceFormFields` in schemas.ts), so both products are refused the same way.
 */
import { z } from "zod";

import { minPriceCentsOfForm, priceFormFields, priceRule, trackFields, ZText } from "./schemas";
import { zId } from "./text";

/**
 * A release's kinds and how a person reads them. The database's list is RELEASE_KINDS in
 * packages/db/src/kinds.ts (CHECKed by `Release_kind_check`); packages/api asserts at compile
 * time that the two agree.
 */
export const RELEASE_KIND_LABELS = { album: "Album", ep: "EP", single: "Single" } as const;
export type ReleaseKindName = keyof typeof RELEASE_KIND_LABELS;
const KINDS = Object.keys(RELEASE_KIND_LABELS) as [ReleaseKindName, ...ReleaseKindName[]];

/** At most this many tracks on one release. */
export const MAX_RELEASE_TRACKS = 100;
/** Longest title and description (the database's `Release_text_check`). */
export const MAX_RELEASE_TITLE = 200;
export const MAX_RELEASE_DESCRIPTION = 5000;
/** Release dates are between these UTC days, inclusive (a guard against typos). */
const FIRST_DAY = "1900-01-01";
const LAST_DAY = "2100-12-31";

/**
 * The UTC midnight starting `day` ("2027-03-01"), or null when `day` is not a real calendar day
 * written YYYY-MM-DD (2027-02-30 is not).
 */
export function releaseDayToDate(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : d;
}

/** The UTC day ("2027-03-01") of `date`, as release dates are written. */
export function dateToReleaseDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** What is wrong with `day` as a release date, or null when it is one. */
function releaseDayProblem(day: string): string | null {
  if (!releaseDayToDate(day))
    return `Release date must be a real day written YYYY-MM-DD, like 2027-03-01; got "${day.slice(0, 20)}".`;
  if (day < FIRST_DAY || day > LAST_DAY) return "Release date must be between 1900 and 2100.";
  return null;
}

/** A release date: a UTC day written YYYY-MM-DD between 1900 and 2100. */
export const ZReleaseDay = z
  .string({
    error: (iss) =>
      iss.input === undefined
        ? "Release date is required."
        : "Release date must be a date written YYYY-MM-DD.",
  })
  .check((ctx) => {
    const problem = releaseDayProblem(ctx.value);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });

/** The ordered track list of a release: 1–100 of the artist's track ids, each once. */
export const ZReleaseTrackIds = z
  .array(zId("Track id"), {
    error: (iss) =>
      iss.input === undefined ? "Choose the release's tracks." : "Track ids must be a list.",
  })
  .min(1, "Choose at least one track.")
  .max(MAX_RELEASE_TRACKS, `A release holds at most ${MAX_RELEASE_TRACKS} tracks.`)
  .check((ctx) => {
    const seen = new Set<string>();
    for (const id of ctx.value) {
      if (seen.has(id)) {
        ctx.issues.push({
          code: "custom",
          message: `Track ${id.slice(0, 64)} is listed twice: a track appears once on a release.`,
          input: ctx.value,
        });
        return;
      }
      seen.add(id);
    }
  });

const releaseFields = {
  title: ZText("Title")
    .trim()
    .min(1, "Enter a title.")
    .max(MAX_RELEASE_TITLE, `Title must be at most ${MAX_RELEASE_TITLE} characters.`),
  kind: z.enum(KINDS, { message: 'Kind must be "album", "ep" or "single".' }),
  description: ZText("Description", { multiline: true })
    .trim()
    .max(
      MAX_RELEASE_DESCRIPTION,
      `Description must be at most ${MAX_RELEASE_DESCRIPTION} characters.`,
    ),
  artworkUploadId: zId("Artwork upload id").optional().nullable(),
  /** The UTC day it comes out; null: no date (on sale as soon as it is published). */
  releaseDate: ZReleaseDay.nullable(),
  /** Sold before the release date (charged now, downloads open on that day). */
  preorder: z.boolean({ message: "Pre-order must be true or false." }),
  priceCents: trackFields.priceCents,
  minPriceCents: trackFields.minPriceCents,
  commissionBps: trackFields.commissionBps,
  affiliateEnabled: z.boolean({ message: "Promotion must be true or false." }),
  trackIds: ZReleaseTrackIds,
};

/** A pre-order needs the day it delivers on. */
const preorderRule = (
  v: { preorder?: boolean; releaseDate?: string | null },
  ctx: z.RefinementCtx,
) => {
  if (v.preorder === true && v.releaseDate === null)
    ctx.addIssue({
      code: "custom",
      path: ["releaseDate"],
      message: "A pre-order needs a release date: downloads open on that day.",
    });
};

/**
 * A new release (`artist.createRelease`): the fields above; `description` defaults to "",
 * `releaseDate` to null, `preorder` to false, `affiliateEnabled` to true. Prices in cents,
 * commission in basis points, as a track's.
 */
export const ZCreateReleaseInput = z
  .object({
    ...releaseFields,
    kind: releaseFields.kind.default("album"),
    description: releaseFields.description.default(""),
    releaseDate: releaseFields.releaseDate.default(null),
    preorder: releaseFields.preorder.default(false),
    affiliateEnabled: releaseFields.affiliateEnabled.default(true),
  })
  .superRefine(priceRule)
  .superRefine(preorderRule);
export type CreateReleaseInput = z.input<typeof ZCreateReleaseInput>;

/**
 * A release's changes (`artist.updateRelease`): any of the fields; absent ones are kept.
 * `trackIds` replaces the whole ordered list; `artworkUploadId: null` removes the artwork,
 * `minPriceCents: null` makes it fixed-price, `releaseDate: null` removes the date.
 */
export const ZUpdateReleaseInput = z
  .object({
    releaseId: zId("Release id"),
    title: releaseFields.title.optional(),
    kind: releaseFields.kind.optional(),
    description: releaseFields.description.optional(),
    artworkUploadId: releaseFields.artworkUploadId,
    releaseDate: releaseFields.releaseDate.optional(),
    preorder: releaseFields.preorder.optional(),
    priceCents: releaseFields.priceCents.optional(),
    minPriceCents: releaseFields.minPriceCents,
    commissionBps: releaseFields.commissionBps.optional(),
    affiliateEnabled: releaseFields.affiliateEnabled.optional(),
    trackIds: releaseFields.trackIds.optional(),
  })
  .superRefine(priceRule)
  .superRefine(preorderRule);
export type UpdateReleaseInput = z.input<typeof ZUpdateReleaseInput>;

/** One release of the caller's (`artist.release`, publish, unpublish, delete). */
export const ZReleaseIdInput = z.object({ releaseId: zId("Release id") });
export type ReleaseIdInput = z.input<typeof ZReleaseIdInput>;

/**
 * The web's release form as the artist fills it in: prices typed in dollars and
 * pay-what-you-want a checkbox (`priceFormFields`, as the track form), the release date as a date
 * input gives it ("" for none), the tracks in order. Its output is `ZCreateReleaseInput` without
 * the artwork (the form's file field holds it), so the browser refuses what the server would; the
 * server's field errors land on these fields (through `RELEASE_FORM_FIELD_OF`).
 */
export const ZReleaseForm = z
  .object({
    title: releaseFields.title,
    kind: releaseFields.kind,
    description: releaseFields.description,
    /** As `<input type="date">` gives it: "" for no date. */
    releaseDate: z.string().check((ctx) => {
      const problem = ctx.value === "" ? null : releaseDayProblem(ctx.value);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
    }),
    preorder: z.boolean(),
    ...priceFormFields,
    trackIds: ZReleaseTrackIds,
  })
  .superRefine((v, ctx) => preorderRule({ ...v, releaseDate: v.releaseDate || null }, ctx))
  .transform((v, ctx) => {
    const minPriceCents = minPriceCentsOfForm(v, ctx);
    if (minPriceCents === z.NEVER) return z.NEVER;
    return {
      title: v.title,
      kind: v.kind,
      description: v.description,
      releaseDate: v.releaseDate || null,
      preorder: v.preorder,
      priceCents: v.price,
      minPriceCents,
      commissionBps: v.commissionBps,
      affiliateEnabled: v.affiliateEnabled,
      trackIds: v.trackIds,
    };
  });
export type ReleaseFormValues = z.input<typeof ZReleaseForm>;

/** Where the server's field errors of a release call are shown on `ZReleaseForm`'s fields. */
export const RELEASE_FORM_FIELD_OF: Record<string, keyof ReleaseFormValues> = {
  priceCents: "price",
  minPriceCents: "minPrice",
};
