import type { PrismaClient } from "@fanfare/db";

import { apiEnv } from "../env";

export type Attribution =
  | { attributed: true; clickId: string; linkId: string; promoterId: string }
  | { attributed: false; reason: "no_click" | "unknown_click" | "other_track" | "expired" | "bot" | "link_disabled" | "affiliate_off" | "self_referral" };

/**
 * Decides whether a purchase is attributed to the click carried by the buyer's cookie.
 *
 * Model: last click wins (each click on a track's link overwrites that track's cookie), within
 * the attribution window (ATTRIBUTION_WINDOW_DAYS, default 30 as Gumroad). Checked again on the
 * server, since cookies are client-controlled: the click must exist, be for this track, not be
 * a bot, be inside the window, its link enabled, the track's program on, and the promoter must
 * be neither the buyer (same email) nor the track's artist.
 */
export async function resolveAttribution(
  input: { clickId: string | null; trackId: string; buyerEmail: string; now?: Date },
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
  if (now.getTime() - click.createdAt.getTime() > apiEnv().ATTRIBUTION_WINDOW_DAYS * 86_400_000) return { attributed: false, reason: "expired" };
  if (click.link.disabled) return { attributed: false, reason: "link_disabled" };
  if (!click.track.affiliateEnabled) return { attributed: false, reason: "affiliate_off" };
  const promoterUser = click.link.promoter.user;
  if (promoterUser.email.toLowerCase() === input.buyerEmail.toLowerCase() || promoterUser.id === click.track.artist.userId) {
    return { attributed: false, reason: "self_referral" };
  }
  return { attributed: true, clickId: click.id, linkId: click.linkId, promoterId: click.link.promoterId };
}
