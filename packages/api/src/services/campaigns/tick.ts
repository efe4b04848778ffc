import type { Campaign, Prisma, PrismaClient } from "@fanfare/db";
import { campaignTransition, MAX_COMMISSION_BPS } from "@fanfare/validators";

import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages } from "../cache/public-pages";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { campaignPageTags, campaignTrackWhere } from "./scope";

type Tx = Prisma.TransactionClient;

/** What one run of `tickCampaigns` did. */
export type CampaignTickResult = {
  /** Campaigns that became ACTIVE and were announced. */
  started: number;
  /** Campaigns that became COMPLETED. */
  completed: number;
  /** Promoters emailed that a campaign started. */
  emailed: number;
};

/** How many of a promoter's tracks the announcement names; the rest are counted. */
const TRACKS_PER_EMAIL = 10;

/**
 * The `campaigns.tick` job (every minute; issue 12 §3: "jobs move the status"):
 * 1. SCHEDULED or ACTIVE campaigns whose `endsAt` has passed become COMPLETED (a SCHEDULED one
 *    whose whole window passed unseen completes without an announcement);
 * 2. SCHEDULED campaigns whose `startsAt` has passed become ACTIVE and are announced once
 *    (`announcedAt`): each ACTIVE promoter with an enabled link on a published track the
 *    campaign changes gets one email (`campaign-started`), queued in the same transaction.
 * The public pages of the campaign's tracks and discover are expired after each commit. Each
 * change is the system's audited action. Idempotent and safe to run twice at once: every move
 * is a conditional update of the row (the loser of a race changes nothing), and the outbox's
 * idempotency key `campaign-started:<campaignId>:<promoterId>` queues each email once.
 * The status only drives display and emails: sales take a campaign's terms from its timestamps
 * (`liveCampaignsWhere`), so a late tick never changes what a sale earned.
 */
export async function tickCampaigns(
  input: { now?: Date },
  db: PrismaClient,
): Promise<CampaignTickResult> {
  const now = input.now ?? new Date();
  const result: CampaignTickResult = { started: 0, completed: 0, emailed: 0 };

  const ending = await db.campaign.findMany({
    where: { status: { in: ["SCHEDULED", "ACTIVE"] }, endsAt: { lte: now } },
    orderBy: { id: "asc" },
  });
  for (const c of ending) {
    const to = campaignTransition(c.status, "end")!;
    const moved = await db.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({
        where: { id: c.id, status: c.status },
        data: { status: to },
      });
      if (count === 0) return false;
      await writeAudit(tx, {
        actorId: null,
        action: "campaign.complete",
        subjectType: "campaign",
        subjectId: c.id,
        before: { status: c.status },
        after: { status: to },
      });
      return true;
    });
    if (!moved) continue;
    result.completed++;
    invalidatePublicPages(await campaignPageTags(c, db));
  }

  const starting = await db.campaign.findMany({
    where: {
      OR: [{ status: "SCHEDULED" }, { status: "ACTIVE", announcedAt: null }],
      startsAt: { lte: now },
      endsAt: { gt: now },
    },
    orderBy: { id: "asc" },
  });
  for (const c of starting) {
    const emailed = await db.$transaction(async (tx) => {
      // Two conditional moves: SCHEDULED → ACTIVE, then the one announcement. A concurrent
      // tick blocks on the row and then matches nothing.
      const to = campaignTransition("SCHEDULED", "start")!;
      const started = await tx.campaign.updateMany({
        where: { id: c.id, status: "SCHEDULED", endsAt: { gt: now } },
        data: { status: to },
      });
      if (started.count > 0)
        await writeAudit(tx, {
          actorId: null,
          action: "campaign.start",
          subjectType: "campaign",
          subjectId: c.id,
          before: { status: "SCHEDULED" },
          after: { status: to },
        });
      const announced = await tx.campaign.updateMany({
        where: { id: c.id, status: "ACTIVE", announcedAt: null },
        data: { announcedAt: now },
      });
      if (announced.count === 0) return started.count > 0 ? 0 : null;
      return announceCampaign(tx, c);
    });
    if (emailed === null) continue;
    result.started++;
    result.emailed += emailed;
    invalidatePublicPages(await campaignPageTags(c, db));
  }
  return result;
}

/**
 * Queues one `campaign-started` email per ACTIVE promoter with an enabled link on a published,
 * affiliate-enabled track the campaign covers, naming the tracks it changes for them: a boost
 * above the track's own rate (capped at MAX_COMMISSION_BPS), or the discount. A promoter whose
 * tracks it does not change (a boost below their rates and no discount) gets nothing.
 * @returns how many emails were queued (0 for keys already queued).
 */
async function announceCampaign(tx: Tx, c: Campaign): Promise<number> {
  const links = await tx.affiliateLink.findMany({
    where: {
      disabled: false,
      promoter: { status: "ACTIVE" },
      track: {
        AND: [{ published: true, deletedAt: null, affiliateEnabled: true }, campaignTrackWhere(c)],
      },
    },
    select: {
      promoterId: true,
      promoter: { select: { displayName: true, user: { select: { email: true, name: true } } } },
      track: { select: { title: true, slug: true, commissionBps: true } },
    },
    orderBy: [{ promoterId: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const byPromoter = new Map<string, typeof links>();
  for (const link of links) {
    // Track links only (the filter above): a campaign names tracks.
    const rate = boostedRate(c, link.track!.commissionBps);
    if (rate === null && !c.discountBps) continue;
    byPromoter.set(link.promoterId, [...(byPromoter.get(link.promoterId) ?? []), link]);
  }
  if (byPromoter.size === 0) return 0;
  const owner = c.artistId
    ? await tx.artistProfile.findUnique({ where: { id: c.artistId }, select: { name: true } })
    : null;
  const appUrl = apiEnv().APP_URL;
  let queued = 0;
  for (const [promoterId, promoted] of byPromoter) {
    const first = promoted[0]!;
    const inserted = await enqueueEmail(tx, {
      idempotencyKey: `campaign-started:${c.id}:${promoterId}`,
      to: first.promoter.user.email,
      template: "campaign-started",
      props: {
        appUrl,
        promoterName: first.promoter.displayName ?? first.promoter.user.name,
        campaignName: c.name,
        artistName: owner?.name ?? null,
        discountBps: c.discountBps,
        endsAt: c.endsAt,
        tracks: promoted.slice(0, TRACKS_PER_EMAIL).map(({ track }) => ({
          title: track!.title,
          path: `/t/${track!.slug}`,
          commissionBps: track!.commissionBps,
          boostedBps: boostedRate(c, track!.commissionBps),
        })),
        moreTracks: Math.max(0, promoted.length - TRACKS_PER_EMAIL),
      },
    });
    if (inserted) queued++;
  }
  return queued;
}

/** The rate a track earns under this campaign alone, when above its own rate; else null. */
function boostedRate(c: Pick<Campaign, "commissionBps">, trackRateBps: number): number | null {
  if (c.commissionBps == null) return null;
  const rate = Math.min(MAX_COMMISSION_BPS, c.commissionBps);
  return rate > trackRateBps ? rate : null;
}
