import type { PromoterStatus } from "@fanfare/db";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";

/** An `attributionModel` setting value: 0 last click, 1 first click (`ATTRIBUTION_MODELS`). */
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[keyof typeof ATTRIBUTION_MODELS];

/**
 * The attribution model of an `attributionModel` setting value.
 * @throws Error for a value that is not one of `ATTRIBUTION_MODELS` (the setting's schema refuses
 *   them, so this means a caller passed something that is not the setting).
 */
export function attributionModelOf(value: number): AttributionModel {
  if (value === ATTRIBUTION_MODELS.LAST_CLICK || value === ATTRIBUTION_MODELS.FIRST_CLICK)
    return value;
  throw new Error(
    `Unknown attribution model ${value}: expected 0 (last click) or 1 (first click).`,
  );
}

/** One click of one visitor on one track, with the facts that decide whether it may win. */
export type CandidateClick = {
  id: string;
  /** When the click was recorded (UTC). */
  createdAt: Date;
  /** Stored as a bot or link-preview fetcher. */
  isBot: boolean;
  /** Counted (not a repeat inside the dedupe window, not over the per-IP cap). Breaks ties only. */
  counted: boolean;
  /** The link was disabled by an admin. */
  linkDisabled: boolean;
  /** The status of the link's promoter now (not at the time of the click). */
  promoterStatus: PromoterStatus;
  /** The track's affiliate program is on. */
  affiliateEnabled: boolean;
  /** The click the buyer's attribution cookie carries (the one this browser provably made). */
  fromCookie?: boolean;
  /**
   * Not a click: the buyer entered this promoter's personal discount code at checkout (issue 12
   * §2). `createdAt` is the purchase; the facts are the promoter's link for the track.
   */
  viaCode?: boolean;
  /**
   * Not a track-link click: a page link's click (issue 14 §1) the buyer's cookie carries, on the
   * bought track's artist's page (`artist`) or on discover, a genre or a search (`discover`).
   * Absent for a track link's click.
   */
  pageScope?: "artist" | "discover";
  /**
   * For a discover click: it was made in the buyer's current browser session (its `ff_sid` is the
   * request's). A discover link attributes only within the session it was opened in.
   */
  sameSession?: boolean;
};

/** Why a click cannot win (the `Attribution` reasons of one click). */
export type IneligibleReason =
  "bot" | "expired" | "other_session" | "link_disabled" | "promoter_inactive" | "affiliate_off";

/**
 * Why one click cannot be credited with a purchase at `now`, or null when it can. Checked in
 * this order: a bot, older than the window (a click exactly `windowDays` old still counts), a
 * discover page click from another browser session (issue 14 §1: "only within the same browser
 * session (not the 30-day window)"), its link disabled (for a page click: the promoter's link
 * for the bought track), its promoter not ACTIVE (issue 11 §2), the track's affiliate program off.
 * @param opts.windowDays the attribution window in days (the `attributionWindowDays` setting).
 */
export function clickIneligibility(
  click: CandidateClick,
  opts: { now: Date; windowDays: number },
): IneligibleReason | null {
  if (click.isBot) return "bot";
  if (opts.now.getTime() - click.createdAt.getTime() > opts.windowDays * 86_400_000)
    return "expired";
  if (click.pageScope === "discover" && !click.sameSession) return "other_session";
  if (click.linkDisabled) return "link_disabled";
  if (click.promoterStatus !== "ACTIVE") return "promoter_inactive";
  if (!click.affiliateEnabled) return "affiliate_off";
  return null;
}

export type AttributedClickChoice<C extends CandidateClick> =
  | {
      click: C;
      /** The rule that chose it: the buyer's promoter code, or the latest or earliest eligible click. */
      why: "promoter_code" | "last_click" | "first_click";
      /** The ineligible clicks the model ranked ahead of the winner, each with its reason. */
      passedOver: { id: string; reason: IneligibleReason }[];
    }
  | {
      click: null;
      /** "no_click" without candidates; else the reason of the click the model ranks first. */
      reason: IneligibleReason | "no_click";
      passedOver: { id: string; reason: IneligibleReason }[];
    };

/**
 * Chooses the click a purchase is attributed to among the candidate clicks of one visitor on one
 * track (issue 11 §1: "attribution window (days) and model (last click by default, first click
 * optional)"; "the first counted click inside the window wins").
 *
 * A click is eligible when `clickIneligibility` finds nothing: not a bot, inside the window, its
 * link enabled, its promoter ACTIVE, the track's program on.
 * - Last click (0): the latest eligible click wins.
 * - First click (1): the earliest eligible click wins. An ineligible earlier click (its promoter
 *   suspended, its link disabled, outside the window) falls through to the next one: the first
 *   click that can still be credited wins, rather than nobody.
 * Ties (the same millisecond) go to a track link's click, then an artist page's, then a discover
 * page's; then to the cookie's click, then a counted click, then the smaller id, so the choice
 * never depends on the order of `candidates`.
 *
 * Page links (issue 14 §1) are candidates like clicks: a click on the bought track's artist's page
 * (`pageScope: "artist"`, inside the window) and a discover, genre or search click
 * (`pageScope: "discover"`, only in the same browser session). Between a track link's click and a
 * page click the model decides on their times, as between two track clicks: under last click a
 * later track click beats an earlier artist-page click, under first click it loses to it. A
 * promoter code beats them all.
 *
 * A promoter code the buyer entered (`viaCode`) ranks ahead of every click under both models
 * (issue 12 §2: "A promoter-tied code attributes the sale to that promoter with no click (as Dub,
 * Tolt and Rewardful do), and beats a cookie from another promoter"): typing a code is the
 * buyer's own, latest and explicit choice. It must be eligible like a click (its promoter ACTIVE,
 * the track's program on, the promoter's link for the track not disabled); otherwise the clicks
 * decide as if there were no code.
 *
 * "Counted" decides no eligibility, under either model: an uncounted non-bot click is a repeat
 * of the same visitor on the same link inside the dedupe hour (so there is a counted click on
 * the same link, same promoter, just before it) or a click over the per-IP cap, which attributes
 * on purpose (clicks.ts: a buyer behind a busy office NAT is still attributed). Requiring it would
 * make a lone capped click credit a sale under one model and not the other, and would drop the
 * attribution of a buyer who reloaded the link's page (the cookie then holds the repeat). Counting
 * protects the click counters, not the commission.
 *
 * Which clicks are candidates is the caller's business (`resolveAttribution`): the model only
 * ranks them. Pure: no clock, no database.
 * @param opts.now the time of the purchase; `opts.windowDays` the attribution window in days.
 * @returns the winner and the rule that chose it, or `click: null` and why nothing could win.
 */
export function chooseAttributedClick<C extends CandidateClick>(
  model: AttributionModel,
  candidates: readonly C[],
  opts: { now: Date; windowDays: number },
): AttributedClickChoice<C> {
  let ranked: C[];
  let why: "last_click" | "first_click";
  switch (model) {
    case ATTRIBUTION_MODELS.LAST_CLICK:
      // Latest first; at the same millisecond the tie-break order still applies.
      ranked = [...candidates].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || tieBreak(a, b),
      );
      why = "last_click";
      break;
    case ATTRIBUTION_MODELS.FIRST_CLICK:
      ranked = [...candidates].sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || tieBreak(a, b),
      );
      why = "first_click";
      break;
    default: {
      const unknown: never = model;
      throw new Error(`Unknown attribution model ${String(unknown)}.`);
    }
  }
  // A code the buyer typed comes before every click (stable sort keeps the model's order after).
  ranked.sort((a, b) => Number(!!b.viaCode) - Number(!!a.viaCode));
  const passedOver: { id: string; reason: IneligibleReason }[] = [];
  for (const click of ranked) {
    const reason = clickIneligibility(click, opts);
    if (reason === null) return { click, why: click.viaCode ? "promoter_code" : why, passedOver };
    passedOver.push({ id: click.id, reason });
  }
  return { click: null, reason: passedOver[0]?.reason ?? "no_click", passedOver };
}

/** How specific a candidate's link is: a track link, then an artist page, then discover. */
const SPECIFICITY = { track: 0, artist: 1, discover: 2 } as const;
const specificity = (c: CandidateClick) => SPECIFICITY[c.pageScope ?? "track"];

/** Ties: the most specific link, then the cookie's click, then a counted one, then the smaller id. */
function tieBreak(a: CandidateClick, b: CandidateClick): number {
  return (
    specificity(a) - specificity(b) ||
    Number(!!b.fromCookie) - Number(!!a.fromCookie) ||
    Number(b.counted) - Number(a.counted) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
