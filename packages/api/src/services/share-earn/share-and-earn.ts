import { buildMagicLink } from "@fanfare/auth/server";
import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import { ZDownloadToken } from "@fanfare/validators";

import { getOrCreatePromoterProfile } from "../affiliate/promoter-profile";
import { AppError } from "../app-error";
import { saleIdForToken } from "../downloads/downloads";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { accountKey, consumeRateLimit } from "../rate-limit";
import { maskEmail } from "./mask-email";
import type { ShareEarnOffer } from "./offer";
import { shareEarnOfferForSale } from "./offer";

/**
 * At most one share & earn email per purchase per this many seconds: repeated clicks on the
 * offer inside one window queue nothing more (the outbox key carries the window's number).
 */
export const SHARE_EARN_RESEND_SECONDS = 300;

/**
 * The page a share & earn sign-in link lands on: the terms, the application, then the link for
 * the product (`?track=<slug>`, or `?release=<slug>` for a release).
 */
export function promoterStartPath(product: { kind: "track" | "release"; slug: string }): string {
  return `/dashboard/promoter/start?${product.kind}=${encodeURIComponent(product.slug)}`;
}

/**
 * The sale behind a purchase page's token, completed. Any other purchase is NOT_FOUND, like a
 * token that matches nothing, so the answer tells a token holder nothing more than the page does.
 * @throws AppError NOT_FOUND (unknown token, or a purchase not COMPLETED: pending, refunded,
 *   failed), ZodError for a malformed token.
 */
async function completedSaleOrThrow(token: string, db: PrismaClient) {
  const saleId = await saleIdForToken(db, ZDownloadToken.parse(token));
  const sale = saleId
    ? await db.sale.findUnique({
        where: { id: saleId },
        select: { id: true, status: true, buyerEmail: true, buyerName: true },
      })
    : null;
  if (!sale) throw new AppError("NOT_FOUND", "No purchase matches this link.");
  if (sale.status !== "COMPLETED")
    throw new AppError(
      "NOT_FOUND",
      `No completed purchase matches this link (this one is ${sale.status.toLowerCase()}).`,
    );
  return sale;
}

/**
 * The "Share this track and earn N%" offer of the purchase page (issue 14 §7): the rate and the
 * track, or null when the purchase carries no offer (`shareEarnRefusal`: promoter links off, no
 * commission, track gone). Authorized by the purchase's download token, like `getPurchaseStatus`.
 * @throws AppError NOT_FOUND (unknown token or a purchase not completed).
 */
export async function getShareEarnOffer(
  input: { token: string; now?: Date },
  db: PrismaClient,
): Promise<ShareEarnOffer | null> {
  const sale = await completedSaleOrThrow(input.token, db);
  const result = await shareEarnOfferForSale({ saleId: sale.id, now: input.now }, db);
  return result.ok ? result.offer : null;
}

/**
 * "Share & earn" in one click from the purchase page (issue 14 §7). For the purchase the token
 * opens (the same authorization as the page; COMPLETED only):
 * 1. the offer must stand (`shareEarnOfferForSale`), else the refusal in words;
 * 2. repeated clicks inside one SHARE_EARN_RESEND_SECONDS window send nothing more (the outbox
 *    key `share-earn:<saleId>:<window>` is unique; a race queues one);
 * 3. the sign-in magic link's own limits apply (`magicLinkPerIp`, `magicLinkPerAccount` keyed by
 *    the buyer's email), so this cannot mail an inbox more than the sign-in form can;
 * 4. when no user has the buyer's email (normalised as Auth.js does), a User without a password
 *    (named after the sale's buyerName) and its promoter profile (`joinedVia` "receipt", ACTIVE
 *    or PENDING as the program mode says) are created; an existing account is left as it is;
 * 5. either way a magic sign-in link is queued through the outbox (template `magic-link`, so it
 *    works on the embedded default) with its `VerificationToken` row, in one transaction: the link
 *    signs them in through Auth.js's own callback (`buildMagicLink`) and lands on
 *    `/dashboard/promoter/start?track=<slug>`.
 * The answer is the same whether the account existed or not: where the link went, masked.
 * @param input.ip the caller's IP (`ipFromHeaders`), for the per-IP limit.
 * @returns `sentTo` (masked, "b***@example.com") and the sentence to show.
 * @throws AppError NOT_FOUND (unknown token, purchase not completed), FORBIDDEN (no offer: the
 *   reason, e.g. "The artist has turned off promoter links for …"), RATE_LIMITED (the magic-link
 *   limits); ZodError for a malformed token.
 */
export async function shareAndEarn(
  input: { token: string; ip: string; now?: Date },
  db: PrismaClient,
): Promise<{ sentTo: string; message: string }> {
  const now = input.now ?? new Date();
  const sale = await completedSaleOrThrow(input.token, db);
  const offer = await shareEarnOfferForSale({ saleId: sale.id, now }, db);
  if (!offer.ok) throw new AppError("FORBIDDEN", offer.refusal.message);

  const link = buildMagicLink({
    email: sale.buyerEmail,
    callbackPath: promoterStartPath(offer.offer.product),
    now,
  });
  const sentTo = maskEmail(link.identifier);
  const answer = {
    sentTo,
    message: `Check your inbox at ${sentTo}: open the link we sent to confirm your email and get your link.`,
  };
  const idempotencyKey = `share-earn:${sale.id}:${Math.floor(now.getTime() / (SHARE_EARN_RESEND_SECONDS * 1000))}`;
  const already = await db.emailOutbox.findUnique({
    where: { idempotencyKey },
    select: { id: true },
  });
  if (already) return answer;

  await consumeRateLimit("magicLinkPerIp", input.ip, { db });
  await consumeRateLimit("magicLinkPerAccount", accountKey(link.identifier), { db });

  const existing = await db.user.findUnique({
    where: { email: link.identifier },
    select: { id: true },
  });
  if (!existing) await createBuyerAccount({ email: link.identifier, name: sale.buyerName }, db);

  await db.$transaction(async (tx) => {
    const queued = await enqueueEmail(tx, {
      idempotencyKey,
      to: link.identifier,
      template: "magic-link",
      props: {
        appUrl: apiEnv().APP_URL,
        signInPath: link.signInPath,
        expiresAt: link.expires,
        // Worded as share & earn's confirmation, not a plain sign-in.
        shareEarn: {
          // The track's or the release's title (the template's name predates releases).
          trackTitle: offer.offer.product.title,
          commissionBps: offer.offer.commissionBps,
        },
      },
    });
    // A concurrent click queued this window's email first: its link is the one mailed.
    if (queued) await tx.verificationToken.create({ data: link.verificationToken });
  });
  return answer;
}

/**
 * A buyer's account for share & earn: a User with no password (magic link only) and its promoter
 * profile joined through the receipt. A concurrent click that created the user first wins: its
 * profile is made by that click (getOrCreatePromoterProfile never rewrites one).
 */
async function createBuyerAccount(input: { email: string; name: string | null }, db: PrismaClient) {
  const user = await db.user
    .create({ data: { email: input.email, name: input.name }, select: { id: true } })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return null;
      throw e;
    });
  if (!user) return;
  await getOrCreatePromoterProfile(
    { userId: user.id, displayName: input.name, joinedVia: "receipt" },
    db,
  );
}
