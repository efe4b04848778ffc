import type {
  FraudSignalKind,
  Prisma,
  PrismaClient,
  SelfReferralReason,
  SightingKind,
} from "@fanfare/db";

import type { Attribution } from "./attribution";
import { SOFT_SIGNAL_OF_SIGHTING, softSignalKinds } from "./self-referral";
import type { ProductRef } from "../catalog/products";
import { productColumns } from "../catalog/products";

/** A fraud signal about to be written with its sale (`FraudSignal`, unique per sale and kind). */
export type PurchaseFraudSignal = {
  kind: FraudSignalKind;
  promoterId: string;
  evidence: Prisma.InputJsonObject;
};

/**
 * The SELF_REFERRAL_BLOCKED signal of a sale whose commission a hard self-referral signal
 * stopped: the promoter it would have paid, and as evidence the reason and the click, link and
 * track ids (never an email or IP). Exported for the completion webhook's re-check.
 */
export function selfReferralBlockedSignal(input: {
  reason: SelfReferralReason;
  promoterId: string;
  clickId: string | null;
  linkId: string | null;
  /** The product bought (a track or a release, issue 16 §1). */
  product: ProductRef;
}): PurchaseFraudSignal {
  return {
    kind: "SELF_REFERRAL_BLOCKED",
    promoterId: input.promoterId,
    evidence: {
      reason: input.reason,
      clickId: input.clickId,
      linkId: input.linkId,
      ...productColumns(input.product),
    },
  };
}

/**
 * The fraud signals a purchase raises when its checkout starts, for the admin's review and holds:
 * - SELF_REFERRAL_BLOCKED when a hard self-referral signal stopped the commission (the sale is
 *   written without promoter and with `Sale.selfReferral`); evidence: the reason, click, link
 *   and track ids;
 * - PROMOTER_VISITOR_HASH_ON_PURCHASE / PROMOTER_SESSION_ON_PURCHASE when the purchase is
 *   attributed and its visitor hash or `ff_sid` session is one the promoter was seen with while
 *   signed in (`VisitorSighting`, see `recordSighting`); the commission stands (a friend on the
 *   same network is not fraud); evidence: click, link and track ids and when the promoter was
 *   last seen with it.
 * Evidence holds ids, reasons and dates only: never an email, IP, hash or session value.
 * Reads the promoter's matching sightings (one query, only for attributed purchases).
 */
export async function purchaseFraudSignals(
  input: {
    attribution: Attribution;
    product: ProductRef;
    visitorHash?: string | null;
    sessionId?: string | null;
  },
  db: PrismaClient,
): Promise<PurchaseFraudSignal[]> {
  const a = input.attribution;
  if (!a.attributed) {
    if (a.reason !== "self_referral") return [];
    return [
      selfReferralBlockedSignal({
        reason: a.selfReferral,
        promoterId: a.promoterId,
        clickId: a.clickId,
        linkId: a.linkId,
        product: input.product,
      }),
    ];
  }
  const match: { kind: SightingKind; value: string }[] = [];
  if (input.visitorHash) match.push({ kind: "VISITOR_HASH", value: input.visitorHash });
  if (input.sessionId) match.push({ kind: "SESSION", value: input.sessionId });
  if (match.length === 0) return [];
  const sightings = await db.visitorSighting.findMany({
    where: { userId: a.promoterUserId, OR: match },
  });
  return softSignalKinds({
    sightings,
    visitorHash: input.visitorHash,
    sessionId: input.sessionId,
  }).map((kind) => {
    const sighting = sightings.find((s) => SOFT_SIGNAL_OF_SIGHTING[s.kind] === kind);
    return {
      kind,
      promoterId: a.promoterId,
      evidence: {
        clickId: a.clickId,
        linkId: a.linkId,
        ...productColumns(input.product),
        promoterLastSeenAt: sighting?.lastSeenAt.toISOString() ?? null,
      },
    };
  });
}
