import { z } from "zod";

import { DISCOUNT_SCOPES } from "./discounts";
import { MAX_COMMISSION_BPS } from "./money";
import { ZPageInput } from "./schemas";
import { zId, zText } from "./text";
import { zUtcDateTimeText, zWhen } from "./when";

/**
 * Campaigns (issue 12 §3): time-boxed commission boosts and discounts. The words, limits and
 * status machine shared by the API (services/campaigns), the web forms and the job.
 */

/** A campaign's statuses (the Prisma enum `CampaignStatus`); the moves are `campaignTransition`. */
export const CAMPAIGN_STATUSES = [
  "DRAFT",
  "SCHEDULED",
  "ACTIVE",
  "COMPLETED",
  "CANCELLED",
] as const;
export type CampaignStatusName = (typeof CAMPAIGN_STATUSES)[number];

/**
 * Where a campaign applies (the Prisma enum `DiscountScope`, shared with discount codes): every
 * track (admins only), one artist's tracks, or chosen tracks.
 */
export const CAMPAIGN_SCOPES = DISCOUNT_SCOPES;
export type CampaignScopeName = (typeof CAMPAIGN_SCOPES)[number];

/** What an owner may do to a campaign (`campaign.action`). */
export const CAMPAIGN_ACTIONS = ["schedule", "cancel"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** What moves a campaign: its owner's actions, and the `campaigns.tick` job at start and end. */
export type CampaignEvent = CampaignAction | "start" | "end";

/** The longest campaign, in days: a boost is an event, not a new permanent rate. */
export const MAX_CAMPAIGN_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The status machine of a campaign, the one place its moves live: DRAFT → SCHEDULED (schedule)
 * → ACTIVE (start, the job at `startsAt`) → COMPLETED (end, the job at `endsAt`; a SCHEDULED
 * campaign whose end passed before the job saw it completes directly); DRAFT, SCHEDULED and
 * ACTIVE may be cancelled. COMPLETED and CANCELLED are final. A Record over every status, so a
 * new status does not compile until its moves are written here.
 * The status is for display and emails: the rate a sale gets comes from the timestamps
 * (`liveCampaignsWhere`, packages/api/src/services/campaigns/terms.ts).
 */
export const CAMPAIGN_TRANSITIONS: Record<
  CampaignStatusName,
  Partial<Record<CampaignEvent, CampaignStatusName>>
> = {
  DRAFT: { schedule: "SCHEDULED", cancel: "CANCELLED" },
  SCHEDULED: { start: "ACTIVE", end: "COMPLETED", cancel: "CANCELLED" },
  ACTIVE: { end: "COMPLETED", cancel: "CANCELLED" },
  COMPLETED: {},
  CANCELLED: {},
};

/** The status after `event` (`CAMPAIGN_TRANSITIONS`), or null when it does not apply to `from`. */
export function campaignTransition(
  from: CampaignStatusName,
  event: CampaignEvent,
): CampaignStatusName | null {
  return CAMPAIGN_TRANSITIONS[from][event] ?? null;
}

/** Whether a campaign in `status` may still be edited (before it is published and started). */
export function campaignEditable(status: CampaignStatusName): boolean {
  return status === "DRAFT" || status === "SCHEDULED";
}

/**
 * What is wrong with a campaign's window at `now`, as the field and a sentence, or null: it must
 * end after it starts, end in the future and last at most MAX_CAMPAIGN_DAYS days.
 */
export function campaignWindowProblem(
  w: { startsAt: Date; endsAt: Date },
  now: Date,
): { field: "startsAt" | "endsAt"; message: string } | null {
  if (w.endsAt <= w.startsAt)
    return { field: "endsAt", message: "The campaign must end after it starts." };
  if (w.endsAt <= now) return { field: "endsAt", message: "The campaign must end in the future." };
  if (w.endsAt.getTime() - w.startsAt.getTime() > MAX_CAMPAIGN_DAYS * DAY_MS)
    return {
      field: "endsAt",
      message: `A campaign lasts at most ${MAX_CAMPAIGN_DAYS} days.`,
    };
  return null;
}

const zBps = (label: string, max: number, maxWords: string) =>
  z
    .number({ message: `${label} must be a number of basis points.` })
    .int(`${label} must be whole basis points.`)
    .min(1, `${label} must be at least 1 basis point (0.01 %).`)
    .max(max, `${label} is at most ${max} basis points (${maxWords}).`);

/** The fields of a campaign its owner sets (create; each optional on update). */
const campaignFields = {
  name: zText("Name")
    .trim()
    .min(1, "Name the campaign.")
    .max(80, "Keep the name under 80 characters."),
  description: zText("Description", { multiline: true })
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .default(""),
  scope: z.enum(CAMPAIGN_SCOPES, { message: "Choose where the campaign applies." }),
  /** ARTIST scope: whose tracks (admins; an artist's campaign covers the artist's own). */
  artistId: zId("Artist id").nullable().optional(),
  /** TRACKS scope: which tracks. */
  trackIds: z.array(zId("Track id")).max(100, "At most 100 tracks per campaign.").default([]),
  /** The commission rate while live, basis points (1–5000, the 50 % cap); null: no boost. */
  commissionBps: zBps("Commission", MAX_COMMISSION_BPS, "50 %").nullable().optional(),
  /** The discount while live, basis points of the price (1–10000); null: no discount. */
  discountBps: zBps("Discount", 10_000, "100 %").nullable().optional(),
  startsAt: zWhen("Start"),
  endsAt: zWhen("End"),
};

type CampaignShape = {
  scope: CampaignScopeName;
  trackIds: string[];
  commissionBps?: number | null;
  discountBps?: number | null;
  startsAt: Date;
  endsAt: Date;
};

/**
 * The rules of a whole campaign (create, and an update merged with the stored campaign):
 * a boost or a discount or both, chosen tracks for the TRACKS scope, and the window
 * (`campaignWindowProblem`). Ownership (own tracks, platform scope for admins) is the
 * service's, which knows the caller.
 */
export function campaignProblems(
  v: CampaignShape,
  now: Date,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (v.commissionBps == null && v.discountBps == null)
    problems.push({
      field: "commissionBps",
      message: "Give the campaign a commission boost, a discount, or both.",
    });
  if (v.scope === "TRACKS" && v.trackIds.length === 0)
    problems.push({ field: "trackIds", message: "Choose at least one track." });
  const window = campaignWindowProblem(v, now);
  if (window) problems.push(window);
  return problems;
}

/**
 * `campaign.create`'s input: name and description, the scope (PLATFORM — admins only —, ARTIST
 * with `artistId` for admins, TRACKS with `trackIds`), the commission rate while live
 * (`commissionBps`, 1–5000 bps) and/or the discount (`discountBps`, 1–10000 bps of the price),
 * and the window: `startsAt` < `endsAt`, ending in the future, at most 90 days long. Who funds it
 * follows from who creates it (services/campaigns/campaigns.ts). Dates are instants (UTC).
 */
export const ZCreateCampaignInput = z.object(campaignFields).superRefine((v, ctx) => {
  for (const p of campaignProblems(v, new Date()))
    ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
});
export type CreateCampaignInput = z.input<typeof ZCreateCampaignInput>;

/**
 * `campaign.update`'s input: the campaign's id and the fields to change (as on create). Only a
 * DRAFT campaign, or a SCHEDULED one that has not started, can be edited; the merged campaign
 * must pass the create rules (checked by the service, which knows the stored values).
 */
export const ZUpdateCampaignInput = z
  .object({
    id: zId("Campaign id"),
    name: campaignFields.name.optional(),
    description: campaignFields.description.unwrap().optional(),
    scope: campaignFields.scope.optional(),
    artistId: campaignFields.artistId,
    trackIds: z.array(zId("Track id")).max(100, "At most 100 tracks per campaign.").optional(),
    commissionBps: campaignFields.commissionBps,
    discountBps: campaignFields.discountBps,
    startsAt: campaignFields.startsAt.optional(),
    endsAt: campaignFields.endsAt.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== "id" && v[k as keyof typeof v] !== undefined), {
    message: "Change at least one field.",
  });
export type UpdateCampaignInput = z.input<typeof ZUpdateCampaignInput>;

/** `campaign.action`'s input: schedule a draft, or cancel a campaign. */
export const ZCampaignActionInput = z.object({
  id: zId("Campaign id"),
  action: z.enum(CAMPAIGN_ACTIONS, { message: 'Action must be "schedule" or "cancel".' }),
});

/** `campaign.list`'s input: one status or all; cursor pages (newest first). */
export const ZListCampaignsInput = ZPageInput.extend({
  status: z.enum(CAMPAIGN_STATUSES, { message: "Unknown campaign status." }).optional(),
});

/** `campaign.stats`'s input. */
export const ZCampaignStatsInput = z.object({ id: zId("Campaign id") });

/**
 * `campaign.live`'s input (public): the campaigns live now for one track, or for any track of
 * one artist, or (neither) every live campaign.
 */
export const ZLiveCampaignsInput = z.object({
  trackId: zId("Track id").optional(),
  artistId: zId("Artist id").optional(),
});

/** One period's figures in `campaign.stats`: counts, and money in integer cents. */
export const ZCampaignPeriodStats = z.object({
  from: z.date(),
  to: z.date(),
  /** Counted clicks (not bots, not repeats) on in-scope tracks. */
  clicks: z.number().int().nonnegative(),
  /** Completed sales of in-scope tracks whose checkout started in the period. */
  sales: z.number().int().nonnegative(),
  /** What their buyers paid, cents. */
  revenueCents: z.number().int(),
  /** Their commissions, cents. */
  commissionCents: z.number().int(),
  /** Their discounts (codes and campaigns), cents. */
  discountCents: z.number().int(),
});
export type CampaignPeriodStats = z.infer<typeof ZCampaignPeriodStats>;

/**
 * `campaign.stats`'s answer: the campaign's window so far ([startsAt, min(endsAt, now))) and the
 * period of the same length just before it.
 */
export const ZCampaignStatsOutput = z.object({
  campaignId: z.string(),
  current: ZCampaignPeriodStats,
  previous: ZCampaignPeriodStats,
});
export type CampaignStats = z.infer<typeof ZCampaignStatsOutput>;

/** A live campaign as anyone may see it (track pages, discover, the promoter dashboard). */
export const ZLiveCampaign = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(CAMPAIGN_SCOPES),
  commissionBps: z.number().int().nullable(),
  discountBps: z.number().int().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  /** The artist running it, or the artist a platform campaign covers; null: platform-wide or chosen tracks. */
  artistName: z.string().nullable(),
});
export type LiveCampaign = z.infer<typeof ZLiveCampaign>;
export const ZLiveCampaignsOutput = z.array(ZLiveCampaign);

/**
 * The campaign form as typed (the artist's and the console's): the boost and the discount as
 * percentages ("40", "12.5") or empty, dates from `datetime-local` fields read as UTC, tracks
 * as ticked ids. Output: `campaign.create`'s input. `actor` "ARTIST" offers only the artist's
 * own tracks (scope ARTIST or TRACKS); "ADMIN" any scope, with the artist's id for ARTIST.
 */
export function campaignFormSchema(actor: "ADMIN" | "ARTIST") {
  const percent = (label: string) =>
    z
      .string()
      .trim()
      .transform((v, ctx) => {
        if (v === "") return null;
        const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v.replace(/%$/, "").trim());
        if (!m) {
          ctx.addIssue({
            code: "custom",
            message: `Enter ${label} like 40 or 12.5, or leave it empty.`,
          });
          return z.NEVER;
        }
        // A percentage → basis points: the typed number × 100, without floating point.
        return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
      });
  const when = zUtcDateTimeText();
  return z
    .object({
      name: z.string(),
      description: z.string(),
      scope: z.enum(actor === "ADMIN" ? CAMPAIGN_SCOPES : (["ARTIST", "TRACKS"] as const), {
        message: "Choose where the campaign applies.",
      }),
      artistId: z.string(),
      trackIds: z.array(z.string()),
      boost: percent("a commission rate"),
      discount: percent("a discount"),
      startsAt: when,
      endsAt: when,
    })
    .transform((v, ctx) => {
      const parsed = ZCreateCampaignInput.safeParse({
        name: v.name,
        description: v.description,
        scope: v.scope,
        artistId: actor === "ADMIN" && v.scope === "ARTIST" ? v.artistId || undefined : undefined,
        trackIds: v.scope === "TRACKS" ? v.trackIds : [],
        commissionBps: v.boost,
        discountBps: v.discount,
        startsAt: v.startsAt,
        endsAt: v.endsAt,
      });
      if (!parsed.success) {
        const formField: Record<string, string> = {
          commissionBps: "boost",
          discountBps: "discount",
        };
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "name");
          ctx.addIssue({
            code: "custom",
            path: [formField[field] ?? field],
            message: issue.message,
          });
        }
        return z.NEVER;
      }
      if (actor === "ADMIN" && v.scope === "ARTIST" && !v.artistId) {
        ctx.addIssue({
          code: "custom",
          path: ["artistId"],
          message: "Choose the artist whose tracks the campaign covers.",
        });
        return z.NEVER;
      }
      return parsed.data;
    });
}
export type CampaignFormValues = z.input<ReturnType<typeof campaignFormSchema>>;

/**
 * The time left before an instant, as a countdown shows it: "2d 4h 10m" (a day or more),
 * "4h 10m" (an hour or more), "10m 05s" (less); each unit rounded down. Null once `ms` ≤ 0
 * (the countdown shows nothing after the end).
 * @param ms milliseconds left.
 */
export function formatCountdown(ms: number): string | null {
  if (!(ms > 0)) return null;
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}
