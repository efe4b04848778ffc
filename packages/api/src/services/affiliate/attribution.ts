import type { PrismaClient, SelfReferralReason } from "@fanfare/db";

import { selfReferralReason } from "./self-referral";
import { programSettings } from "../settings/program-settings";

export type Attribution =
  | {
      attributed: true;
      clickId: string;
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
      clickId: string;
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

/**
 * Decides whether a purchase is attributed to the click carried by the buyer's cookie.
 *
 * Model: last click wins (each click on a track's link overwrites that track's cookie), within
 * the attribution window (ATTRIBUTION_WINDOW_DAYS, default 30 as Gumroad). Checked again on the
 * server, since cookies are client-controlled: the click must exist, be for this track, not be
 * a bot, be inside the window, its link enabled, its promoter ACTIVE (a suspended promoter's
 * links attribute nothing, issue 11 §2), the track's program on. Last, the hard
 * self-referral signals (`selfReferralReason`): the signed-in buyer is the promoter, the buyer's
 * email reaches the promoter's mailbox (plus-addresses, Gmail dots), or the promoter is the
 * track's artist; then the result is `reason: "self_referral"` with the reason and the click's
 * link and promoter, and the sale earns no commission.
 *
 * @param input.signedInUserId the user signed in at checkout, if any.
 */
export async function resolveAttribution(
  input: {
    clickId: string | null;
    trackId: string;
    buyerEmail: string;
    signedInUserId?: string | null;
    now?: Date;
  },
  db: PrismaClient,
): Promise<Attribution> {
  if (!input.clickId) return { attributed: false, reason: "no_click" };
  const click = await db.clickEvent.findUnique({
    where: { id: input.clickId },
    include: {
      link: { include: { promoter: { include: { user: { select: { id: true, email: true } } } } } },
      track: { select: { affiliateEnabled: true, artist: { select: { userId: true } } } },
    },
  });
  if (!click) return { attributed: false, reason: "unknown_click" };
  if (click.trackId !== input.trackId) return { attributed: false, reason: "other_track" };
  if (click.isBot) return { attributed: false, reason: "bot" };
  const now = input.now ?? new Date();
  const { attributionWindowDays } = await programSettings(db);
  if (now.getTime() - click.createdAt.getTime() > attributionWindowDays * 86_400_000)
    return { attributed: false, reason: "expired" };
  if (click.link.disabled) return { attributed: false, reason: "link_disabled" };
  if (click.link.promoter.status !== "ACTIVE")
    return { attributed: false, reason: "promoter_inactive" };
  if (!click.track.affiliateEnabled) return { attributed: false, reason: "affiliate_off" };
  const promoterUser = click.link.promoter.user;
  const selfReferral = selfReferralReason({
    promoterUserId: promoterUser.id,
    promoterEmail: promoterUser.email,
    artistUserId: click.track.artist.userId,
    signedInUserId: input.signedInUserId,
    buyerEmail: input.buyerEmail,
  });
  if (selfReferral)
    return {
      attributed: false,
      reason: "self_referral",
      selfReferral,
      clickId: click.id,
      linkId: click.linkId,
      promoterId: click.link.promoterId,
    };
  return {
    attributed: true,
    clickId: click.id,
    linkId: click.linkId,
    promoterId: click.link.promoterId,
    promoterUserId: promoterUser.id,
  };
}
