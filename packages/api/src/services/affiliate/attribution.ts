import type { PrismaClient, SelfReferralReason } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";

import type { CandidateClick } from "./choose-attributed-click";
import { attributionModelOf, chooseAttributedClick } from "./choose-attributed-click";
import { newLinkCode } from "./links";
import { selfReferralReason } from "./self-referral";
import { programSettings } from "../settings/program-settings";

export type Attribution =
  | {
      attributed: true;
      /** The click credited; null when the buyer's promoter code attributed the sale. */
      clickId: string | null;
      linkId: string;
      promoterId: string;
      promoterUserId: string;
    }
  | {
      attributed: false;
      reason: "self_referral";
      /** Which hard signal stopped the commission (stored in `Sale.selfReferral`). */
      selfReferral: SelfReferralReason;
      /** The click, link and promoter the sale would otherwise be attributed to (for the fraud signal). */
      clickId: string | null;
      linkId: string;
      promoterId: string;
    }
  | {
      attributed: false;
      reason:
        | "no_click"
        | "unknown_click"
        | "other_track"
        | "expired"
        | "bot"
        | "link_disabled"
        | "promoter_inactive"
        | "affiliate_off";
    };

/** What attribution reads of a click: its link's state and promoter, its track's program. */
const CLICK_FACTS = {
  link: { include: { promoter: { include: { user: { select: { id: true, email: true } } } } } },
  track: { select: { affiliateEnabled: true, artist: { select: { userId: true } } } },
} satisfies Prisma.ClickEventInclude;

type ClickWithFacts = Prisma.ClickEventGetPayload<{ include: typeof CLICK_FACTS }>;

/** A loaded click as a candidate of `chooseAttributedClick`, the row kept beside it. */
const asCandidate = (row: ClickWithFacts, fromCookie: boolean): Candidate => ({
  id: row.id,
  createdAt: row.createdAt,
  isBot: row.isBot,
  counted: row.counted,
  linkDisabled: row.link.disabled,
  promoterStatus: row.link.promoter.status,
  affiliateEnabled: row.track.affiliateEnabled,
  fromCookie,
  facts: {
    clickId: row.id,
    linkId: row.linkId,
    promoterId: row.link.promoterId,
    promoterUser: row.link.promoter.user,
    artistUserId: row.track.artist.userId,
  },
});

/**
 * Decides whether a purchase is attributed, and to which click, from the click the buyer's
 * cookie carries (`ff_ref_<trackId>`, overwritten by every recorded non-bot click on the track).
 *
 * The cookie is client-controlled, so everything is checked again here: the click must exist and
 * be for this track. The candidates are then ranked by the program's attribution model
 * (`attributionModel` setting) with `chooseAttributedClick`, which also decides eligibility (not
 * a bot, inside the window ATTRIBUTION_WINDOW_DAYS, its link enabled, its promoter ACTIVE, the
 * track's program on):
 * - Last click (default): the only candidate is the cookie's click, the visitor's latest click on
 *   the track in this browser (each click replaced the one before). No further query: this path
 *   reads what it read before the setting existed. When that click cannot be credited the sale
 *   is unattributed; an earlier promoter whose click it replaced is not looked up.
 * - First click: the cookie's click names the visitor (its `visitorHash`, SHA-256 of IP | user
 *   agent | salt), and the candidates are that visitor's non-bot clicks on this track inside the
 *   window (`earliestClicksPerLink`, served by the ClickEvent_visitorHash_idx hash index) plus the
 *   cookie's click; the earliest eligible one wins. Known limits of the visitor hash: a first click
 *   made from another network or browser (another hash) is not found, and the later click wins;
 *   two people sharing an IP and an identical user agent are one visitor.
 * The model in force when checkout starts decides: the sale records the chosen promoter, link
 * and click, and a later change of the setting never moves it.
 *
 * A promoter's personal discount code entered at checkout (`input.promoterCode`, issue 12 §2) is
 * one more candidate, with no click: it ranks ahead of every click under both models, so it beats
 * a cookie from another promoter; when its promoter is not ACTIVE, the track's program is off or
 * the promoter's link for the track is disabled, the clicks decide. A code's sale records the
 * promoter's link for the track (created on first use) and no click.
 *
 * Last, the hard self-referral signals (`selfReferralReason`) apply to the chosen click: the
 * signed-in buyer is its promoter, the buyer's email reaches the promoter's mailbox
 * (plus-addresses, Gmail dots), or the promoter is the track's artist; then the result is
 * `reason: "self_referral"` with the reason and the click's link and promoter, and the sale earns
 * no commission (no fall-through to another promoter's click).
 *
 * @param input.signedInUserId the user signed in at checkout, if any; `input.now` the time of the
 *   purchase (default now).
 */
export async function resolveAttribution(
  input: {
    clickId: string | null;
    trackId: string;
    buyerEmail: string;
    signedInUserId?: string | null;
    /** The promoter whose personal discount code the buyer entered (issue 12 §2). */
    promoterCode?: { promoterId: string } | null;
    now?: Date;
  },
  db: PrismaClient,
): Promise<Attribution> {
  const now = input.now ?? new Date();
  const candidates: Candidate[] = [];
  if (input.promoterCode)
    candidates.push(await codeCandidate(input.promoterCode, input.trackId, now, db));
  const cookieClick = input.clickId
    ? await db.clickEvent.findUnique({ where: { id: input.clickId }, include: CLICK_FACTS })
    : null;
  const settings = await programSettings(db);
  const model = attributionModelOf(settings.attributionModel);
  if (cookieClick && cookieClick.trackId === input.trackId) {
    candidates.push(asCandidate(cookieClick, true));
    // No cookie is ever set for a bot's click, so one naming a bot names no visitor to look up.
    if (model === ATTRIBUTION_MODELS.FIRST_CLICK && !cookieClick.isBot) {
      const since = new Date(now.getTime() - settings.attributionWindowDays * 86_400_000);
      const visitorClicks = await earliestClicksPerLink(
        {
          visitorHash: cookieClick.visitorHash,
          trackId: input.trackId,
          since,
          except: cookieClick.id,
        },
        db,
      );
      candidates.push(...visitorClicks.map((row) => asCandidate(row, false)));
    }
  }
  if (candidates.length === 0) {
    if (!input.clickId) return { attributed: false, reason: "no_click" };
    return { attributed: false, reason: cookieClick ? "other_track" : "unknown_click" };
  }
  const choice = chooseAttributedClick(model, candidates, {
    now,
    windowDays: settings.attributionWindowDays,
  });
  if (!choice.click) {
    // With no candidates at all `chooseAttributedClick` says "no_click"; the cookie's click is one.
    return {
      attributed: false,
      reason: choice.reason === "no_click" ? "unknown_click" : choice.reason,
    };
  }
  const winner = choice.click.facts;
  const selfReferral = selfReferralReason({
    promoterUserId: winner.promoterUser.id,
    promoterEmail: winner.promoterUser.email,
    artistUserId: winner.artistUserId,
    signedInUserId: input.signedInUserId,
    buyerEmail: input.buyerEmail,
  });
  if (selfReferral)
    return {
      attributed: false,
      reason: "self_referral",
      selfReferral,
      clickId: winner.clickId,
      linkId: winner.linkId,
      promoterId: winner.promoterId,
    };
  return {
    attributed: true,
    clickId: winner.clickId,
    linkId: winner.linkId,
    promoterId: winner.promoterId,
    promoterUserId: winner.promoterUser.id,
  };
}

/** What the winner of `chooseAttributedClick` attributes: a click, or a promoter code. */
type WinnerFacts = {
  clickId: string | null;
  linkId: string;
  promoterId: string;
  promoterUser: { id: string; email: string };
  artistUserId: string;
};
type Candidate = CandidateClick & { facts: WinnerFacts };

/**
 * The candidate a promoter code stands for (issue 12 §2): "clicked" at the purchase, with the
 * promoter's link for the track (created here on first use, as "Get your link" would; a code's
 * sale needs a link for the per-link totals) and its facts. Codes are claimed by ACTIVE promoters
 * who accepted the terms, so no terms check here; the status is re-read and decides eligibility.
 */
async function codeCandidate(
  code: { promoterId: string },
  trackId: string,
  now: Date,
  db: PrismaClient,
): Promise<Candidate> {
  const [promoter, track] = await Promise.all([
    db.promoterProfile.findUniqueOrThrow({
      where: { id: code.promoterId },
      select: { status: true, user: { select: { id: true, email: true } } },
    }),
    db.track.findUniqueOrThrow({
      where: { id: trackId },
      select: { affiliateEnabled: true, artist: { select: { userId: true } } },
    }),
  ]);
  const where = { promoterId_trackId: { promoterId: code.promoterId, trackId } };
  const link = await db.affiliateLink
    .upsert({
      where,
      create: { code: newLinkCode(), promoterId: code.promoterId, trackId },
      update: {},
      select: { id: true, disabled: true },
    })
    .catch((e: unknown) => {
      // A concurrent first use created it: read the winner's link.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        return db.affiliateLink.findUniqueOrThrow({ where, select: { id: true, disabled: true } });
      throw e;
    });
  return {
    id: `code:${code.promoterId}`,
    createdAt: now,
    isBot: false,
    counted: true,
    linkDisabled: link.disabled,
    promoterStatus: promoter.status,
    affiliateEnabled: track.affiliateEnabled,
    viaCode: true,
    facts: {
      clickId: null,
      linkId: link.id,
      promoterId: code.promoterId,
      promoterUser: promoter.user,
      artistUserId: track.artist.userId,
    },
  };
}

/**
 * One visitor's non-bot clicks on one track since `since`, reduced to the earliest click of each
 * link (ties: a counted click, then the smaller id), with their facts; `except` left out. The
 * reduction changes no first-click outcome: everything else that decides eligibility (link
 * disabled, promoter status, the track's program) is the same for every click of a link, so a
 * link's later clicks could only win where its earliest would. It bounds the read by the number
 * of promoters' links the visitor opened, however often they reloaded them.
 */
async function earliestClicksPerLink(
  input: { visitorHash: string; trackId: string; since: Date; except: string },
  db: PrismaClient,
): Promise<ClickWithFacts[]> {
  // Timestamps go in as ISO strings cast to timestamp(3): the columns hold UTC wall time.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT ON ("linkId") "id" FROM "ClickEvent"
    WHERE "visitorHash" = ${input.visitorHash}::text AND "trackId" = ${input.trackId}::text
      AND NOT "isBot" AND "createdAt" >= ${input.since.toISOString()}::timestamp(3)
    ORDER BY "linkId", "createdAt", "counted" DESC, "id"`;
  const ids = rows.map((r) => r.id).filter((id) => id !== input.except);
  if (ids.length === 0) return [];
  return db.clickEvent.findMany({ where: { id: { in: ids } }, include: CLICK_FACTS });
}
