import type { PrismaClient } from "@fanfare/db";
import { normaliseDiscountCode } from "@fanfare/validators";

import { AppError } from "../app-error";
import { resolveAttribution } from "../affiliate/attribution";
import type { ProductRef } from "../catalog/products";

/** The most attribution cookies one subscription start looks at (a browser may hold many). */
export const MAX_ATTRIBUTION_COOKIES = 50;

const COOKIE_PREFIX = "ff_ref_";

/**
 * The attribution cookies a request carries: each `ff_ref_<productId>=<clickId>` (the cookie the
 * click path sets per track or release, `attributionCookieName`), in header order, at most
 * `MAX_ATTRIBUTION_COOKIES`. Values are percent-decoded; a malformed or empty one is skipped.
 * Pure. Example: `"a=1; ff_ref_t1=c1; ff_ref_r2=c%32"` → `[{ productId: "t1", clickId: "c1" },
 * { productId: "r2", clickId: "c2" }]`.
 */
export function attributionCookies(
  cookieHeader: string | null,
): { productId: string; clickId: string }[] {
  if (!cookieHeader) return [];
  const out: { productId: string; clickId: string }[] = [];
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (!name?.startsWith(COOKIE_PREFIX)) continue;
    const productId = name.slice(COOKIE_PREFIX.length);
    let clickId: string;
    try {
      clickId = decodeURIComponent(rest.join("=")).trim();
    } catch {
      continue;
    }
    if (!productId || !clickId || clickId.length > 64) continue;
    out.push({ productId, clickId });
    if (out.length >= MAX_ATTRIBUTION_COOKIES) break;
  }
  return out;
}

/** Who brought a subscriber: the promoter, their link, and the click (null for a code). */
export type SubscriptionAttribution = {
  promoterId: string;
  linkId: string;
  clickId: string | null;
  via: "click" | "code";
} | null;

/**
 * The promoter who brought a subscriber to `artistId` (issue 16 §3: "attributed by the link or
 * code used at sign-up"):
 * - a promoter's personal code (`code`: a DiscountCode with funder PROMOTER, ACTIVE, inside its
 *   dates) credits its promoter with no click, ahead of any cookie (as at checkout). It gives no
 *   discount on a subscription. It needs a link of the promoter to one of the artist's products:
 *   their existing link to a published track or release of the artist (the newest), else the
 *   artist's newest published track's (created on first use, as checkout does for a code).
 *   Refused (BAD_INPUT on `code`) when it is no promoter's code, when it cannot credit its
 *   promoter (suspended, their link disabled, the artist's program off) or when the subscriber is
 *   the promoter (self-referral);
 * - else the attribution cookies (`ff_ref_<productId>`) naming clicks on the artist's tracks or
 *   releases, newest click first: each is checked by `resolveAttribution` exactly as a purchase
 *   of that product would be (the click exists and is for that product, not a bot, inside the
 *   window, link enabled, promoter ACTIVE, program on; the attribution model's choice), and the
 *   first one that can credit anybody decides. When that one is a self-referral (the subscriber
 *   is the promoter, their email reaches the promoter's mailbox, or the promoter is the artist) the
 *   subscription is unattributed: as for a sale, no fall-through to another promoter.
 * @returns the attribution, or null (no code, no cookie that credits anybody).
 * @throws AppError BAD_INPUT (field `code`) as said above.
 */
export async function resolveSubscriptionAttribution(
  input: {
    artistId: string;
    artistName: string;
    subscriber: { userId: string; email: string };
    code?: string | null;
    cookieHeader: string | null;
    now: Date;
  },
  db: PrismaClient,
): Promise<SubscriptionAttribution> {
  const who = { buyerEmail: input.subscriber.email, signedInUserId: input.subscriber.userId };
  if (input.code) {
    const code = normaliseDiscountCode(input.code);
    const row = await db.discountCode.findUnique({
      where: { code },
      select: { funder: true, promoterId: true, status: true, startsAt: true, expiresAt: true },
    });
    const live =
      row?.funder === "PROMOTER" &&
      row.promoterId != null &&
      row.status === "ACTIVE" &&
      (row.startsAt == null || row.startsAt <= input.now) &&
      (row.expiresAt == null || row.expiresAt > input.now);
    if (!live || !row.promoterId)
      throw new AppError("BAD_INPUT", `The code ${code} is not a promoter's code in force.`, {
        field: "code",
      });
    const product = await codeProduct({ artistId: input.artistId, promoterId: row.promoterId }, db);
    if (!product)
      throw new AppError(
        "BAD_INPUT",
        `The code ${code} cannot credit anybody yet: ${input.artistName} has nothing published.`,
        { field: "code" },
      );
    const result = await resolveAttribution(
      {
        clickId: null,
        ...(product.kind === "track" ? { trackId: product.id } : { releaseId: product.id }),
        ...who,
        promoterCode: { promoterId: row.promoterId },
        now: input.now,
      },
      db,
    );
    if (result.attributed && result.promoterId === row.promoterId)
      return { promoterId: result.promoterId, linkId: result.linkId, clickId: null, via: "code" };
    throw new AppError(
      "BAD_INPUT",
      !result.attributed && result.reason === "self_referral"
        ? `The code ${code} is the promoter's own: it cannot credit their own subscription.`
        : `The code ${code} is no longer valid.`,
      { field: "code" },
    );
  }

  const cookies = attributionCookies(input.cookieHeader);
  if (cookies.length === 0) return null;
  const clicks = await db.clickEvent.findMany({
    where: { id: { in: cookies.map((c) => c.clickId) } },
    select: {
      id: true,
      createdAt: true,
      trackId: true,
      releaseId: true,
      track: { select: { artistId: true } },
      release: { select: { artistId: true } },
    },
  });
  // A cookie counts only for the product it is named after, and that product is the artist's.
  const candidates = clicks
    .filter((click) =>
      cookies.some(
        (c) => c.clickId === click.id && c.productId === (click.trackId ?? click.releaseId),
      ),
    )
    .filter((click) => (click.track ?? click.release)?.artistId === input.artistId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  for (const click of candidates) {
    const result = await resolveAttribution(
      {
        clickId: click.id,
        ...(click.trackId ? { trackId: click.trackId } : { releaseId: click.releaseId! }),
        ...who,
        now: input.now,
      },
      db,
    );
    if (result.attributed)
      return {
        promoterId: result.promoterId,
        linkId: result.linkId,
        clickId: result.clickId,
        via: "click",
      };
    if (result.reason === "self_referral") return null;
  }
  return null;
}

/**
 * The product a promoter code's subscription is credited through: the promoter's newest link to
 * one of the artist's published (not deleted, not taken down) tracks or releases, else the
 * artist's newest published track, else release; null when the artist has nothing published.
 */
async function codeProduct(
  input: { artistId: string; promoterId: string },
  db: PrismaClient,
): Promise<ProductRef | null> {
  const onSale = { artistId: input.artistId, published: true, deletedAt: null, takenDownAt: null };
  const link = await db.affiliateLink.findFirst({
    where: {
      promoterId: input.promoterId,
      disabled: false,
      OR: [{ track: onSale }, { release: onSale }],
    },
    orderBy: { createdAt: "desc" },
    select: { trackId: true, releaseId: true },
  });
  if (link?.trackId) return { kind: "track", id: link.trackId };
  if (link?.releaseId) return { kind: "release", id: link.releaseId };
  const track = await db.track.findFirst({
    where: onSale,
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (track) return { kind: "track", id: track.id };
  const release = await db.release.findFirst({
    where: onSale,
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return release ? { kind: "release", id: release.id } : null;
}
