import type { DiscountCode, PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import type { CreateDiscountCodeInput, DiscountFunderName } from "@fanfare/validators";
import {
  formatCents,
  MIN_PRICE_CENTS,
  normaliseDiscountCode,
  ZCreateDiscountCodeInput,
  ZListDiscountCodesInput,
  ZUpdateDiscountCodeInput,
} from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { licenseTierForCheckout } from "../catalog/license-tiers";
import { campaignTerms, liveCampaignsForTrack } from "../campaigns/terms";
import { priceSale } from "../checkout/price-sale";
import { writeAudit } from "../audit/audit-log";
import { pageArgs, paginate } from "../pagination";
import { programSettings } from "../settings/program-settings";
import { findSaleProduct } from "../catalog/products";

/** Who manages codes: an admin (any scope, platform-funded) or an artist (their own tracks). */
export type CodeActor = { userId: string; isAdmin: boolean; artistId: string | null };

/** The track a code is checked against. */
export type CodeTrack = { id: string; artistId: string; affiliateEnabled: boolean };

/**
 * Why `code` cannot discount a purchase of `track` at `priceCents` (before the discount) at
 * `now`, in words a buyer reads, or null when it applies (issue 12 §2: expired, used up, not for
 * this track, below the minimum price). Status first (archived, paused), then the dates, the
 * uses, the scope, the minimum price.
 */
export function codeRefusal(
  code: Pick<
    DiscountCode,
    | "code"
    | "status"
    | "startsAt"
    | "expiresAt"
    | "maxUses"
    | "usesCount"
    | "scope"
    | "artistId"
    | "trackIds"
    | "minPriceCents"
    | "funder"
  >,
  ctx: { track: CodeTrack; priceCents: number; now: Date; kind?: "track" | "release" },
): string | null {
  if (code.status === "ARCHIVED" || code.status === "PAUSED")
    return `The code ${code.code} is no longer valid.`;
  if (code.status === "EXPIRED" || (code.expiresAt && code.expiresAt <= ctx.now))
    return `The code ${code.code} has expired.`;
  if (code.startsAt && code.startsAt > ctx.now)
    return `The code ${code.code} is not valid yet: it starts on ${code.startsAt.toISOString().slice(0, 10)}.`;
  if (code.maxUses != null && code.usesCount >= code.maxUses)
    return `The code ${code.code} has been used up.`;
  const inScope =
    code.scope === "PLATFORM" ||
    (code.scope === "ARTIST" && code.artistId === ctx.track.artistId) ||
    (code.scope === "TRACKS" && code.trackIds.includes(ctx.track.id));
  const what = ctx.kind ?? "track";
  if (!inScope) return `The code ${code.code} is not for this ${what}.`;
  if (code.funder === "PROMOTER" && !ctx.track.affiliateEnabled)
    return `The code ${code.code} is not for this ${what}.`;
  if (code.minPriceCents != null && ctx.priceCents < code.minPriceCents)
    return `The code ${code.code} needs a price of at least ${formatCents(code.minPriceCents)}.`;
  return null;
}

export type DiscountValidation =
  | {
      valid: true;
      code: string;
      description: string;
      /** Cents off, after the funder's cap (`splitSaleAmount`). */
      discountCents: number;
      /** What the buyer would pay, cents. */
      totalCents: number;
      /** Set when a live campaign gives more than the code: the buyer gets that instead. */
      note?: string;
    }
  | { valid: false; code: string; reason: string };

/**
 * `discount.validate` (issue 12 §2): whether a code gives a discount on a track, and how much,
 * as the buy form asks while the buyer types. A refusal is an answer (`valid: false` with the
 * reason), never an error. The price is the track's, the licence tier's the buyer chose (issue
 * 16 §4, `licenseTierId`: its fixed price), or the amount the buyer chose for pay-what-you-want
 * (which must reach the minimum before any discount); the quote is
 * `priceSale`'s, the one checkout charges: the code's discount capped by its funder's share, the
 * rate and discount of a live campaign (the better discount wins, never both), a promoter code
 * quoted as attributed to its promoter. With `email`, a code this buyer already used up
 * (`maxUsesPerEmail`) is refused. A promoter code whose promoter is no longer ACTIVE is
 * "no longer valid"; a total between 1 and 49 cents is refused (Stripe's minimum charge); a
 * total of 0 is a free download.
 */
export async function validateDiscountCode(
  input: {
    code: string;
    /** What the code is for (issue 16 §1): the track (default) or the release at `slug`. */
    product?: "track" | "release";
    slug?: string;
    email?: string;
    amountCents?: number;
    licenseTierId?: string;
  },
  db: PrismaClient,
  now = new Date(),
): Promise<DiscountValidation> {
  const code = normaliseDiscountCode(input.code);
  const kind = input.product ?? "track";
  const row = await db.discountCode.findUnique({ where: { code } });
  if (!row) return { valid: false, code, reason: `Unknown discount code "${code}".` };
  if (!input.slug) return { valid: false, code, reason: `Choose a ${kind} to use the code on.` };
  // A release is a product like a track: platform and artist codes apply to it, codes for a list
  // of tracks do not (their list names tracks).
  const track = await findSaleProduct({ kind, slug: input.slug }, db, now);
  if (!track || !track.onSale)
    return { valid: false, code, reason: `That ${kind} is not on sale.` };
  let tier: { priceCents: number } | null;
  try {
    tier = await licenseTierForCheckout(track, input.licenseTierId, db);
  } catch (e) {
    if (e instanceof AppError) return { valid: false, code, reason: e.message };
    throw e;
  }
  const price =
    tier?.priceCents ??
    (track.minPriceCents == null ? track.priceCents : (input.amountCents ?? track.priceCents));
  if (
    !tier &&
    track.minPriceCents != null &&
    price < Math.max(track.minPriceCents, MIN_PRICE_CENTS)
  )
    return {
      valid: false,
      code,
      reason: `Pay at least ${formatCents(Math.max(track.minPriceCents, MIN_PRICE_CENTS))} before the discount.`,
    };
  const refusal = codeRefusal(row, { track, priceCents: price, now, kind });
  if (refusal) return { valid: false, code, reason: refusal };
  // Already used by this buyer (the same count `reserveDiscount` enforces at checkout).
  if (input.email && row.maxUsesPerEmail != null) {
    const email = input.email.trim().toLowerCase();
    const used = await db.discountRedemption.count({
      where: {
        codeId: row.id,
        buyerEmail: email,
        OR: [{ status: "REDEEMED" }, { status: "RESERVED", reservedUntil: { gt: now } }],
      },
    });
    if (used >= row.maxUsesPerEmail)
      return { valid: false, code, reason: `The code ${code} was already used with ${email}.` };
  }
  const promoter = row.promoterId
    ? await db.promoterProfile.findUnique({
        where: { id: row.promoterId },
        select: { status: true, tier: { select: { bonusBps: true } } },
      })
    : null;
  if (row.promoterId && promoter?.status !== "ACTIVE")
    return { valid: false, code, reason: `The code ${code} is no longer valid.` };
  const [{ platformFeeBps }, live] = await Promise.all([
    programSettings(db),
    liveCampaignsForTrack(track, now, db),
  ]);
  const { split, discountFrom } = priceSale({
    listCents: price,
    platformFeeBps,
    // A promoter code attributes the sale to its promoter; other codes are quoted unattributed
    // (the commission, if any, is not what they are funded from).
    attributed: row.funder === "PROMOTER",
    terms: campaignTerms(track.commissionBps, live),
    // The code's promoter earns their tier bonus too, which their discount may come out of.
    tierBonusBps: promoter?.tier?.bonusBps ?? 0,
    code: { type: row.type, value: row.value, funder: row.funder as DiscountFunderName },
  });
  const refusedTotal = totalRefusal(split.amountCents, track.currency);
  if (refusedTotal) return { valid: false, code, reason: refusedTotal };
  return {
    valid: true,
    code,
    description: row.description,
    discountCents: split.discountCents,
    totalCents: split.amountCents,
    ...(discountFrom === "campaign"
      ? {
          note: `The campaign running on this ${kind} gives more than the code, so you get that.`,
        }
      : {}),
  };
}

/**
 * Why a discounted total cannot be charged, or null: between 1 and 49 cents is under Stripe's
 * minimum charge (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts); 0 is a
 * free download and fine.
 */
export function totalRefusal(totalCents: number, currency = "usd"): string | null {
  if (totalCents > 0 && totalCents < MIN_PRICE_CENTS)
    return `With the discount the total would be ${formatCents(totalCents, currency)}, under the ${formatCents(MIN_PRICE_CENTS, currency)} a card payment needs.`;
  return null;
}

/** A code as the console lists it (money in cents, no BigInt). */
export type DiscountCodeRow = Omit<DiscountCode, "discountGivenCents"> & {
  discountGivenCents: number;
};
const row = (c: DiscountCode): DiscountCodeRow => ({
  ...c,
  discountGivenCents: cents(c.discountGivenCents),
});

/**
 * Creates a code (issue 12 §1). An admin's code may cover the platform, an artist or chosen
 * tracks and is funded by the platform (from its fee); an artist's code covers their own tracks
 * (all of them, or chosen ones) and is funded by the artist's share. Its `duration` (default
 * ONCE) and, for REPEATING, `durationMonths` say how long it discounts a catalog subscription
 * (issue 16 §3, Stripe coupon durations, docs.stripe.com/api/coupons/create): a purchase is one
 * payment, so every duration discounts it once; on a subscription ONCE discounts the first
 * invoice, REPEATING the invoices of the first N months, FOREVER every invoice. Audited.
 * @throws AppError BAD_INPUT (zod; a track that is not the artist's, field `trackIds`),
 *   FORBIDDEN (not an admin or an artist; an artist asking for the platform scope), CONFLICT
 *   (the code is taken, field `code`).
 */
export async function createDiscountCode(
  raw: CreateDiscountCodeInput,
  actor: CodeActor,
  db: PrismaClient,
): Promise<DiscountCodeRow> {
  const input = ZCreateDiscountCodeInput.parse(raw);
  let funder: DiscountFunderName = "PLATFORM";
  let artistId = input.scope === "ARTIST" ? (input.artistId ?? null) : null;
  if (!actor.isAdmin) {
    if (!actor.artistId)
      throw new AppError("FORBIDDEN", "Only artists and admins create discount codes.");
    if (input.scope === "PLATFORM")
      throw new AppError("FORBIDDEN", "Only admins create platform-wide codes.", {
        field: "scope",
      });
    funder = "ARTIST";
    artistId = actor.artistId;
  }
  if (input.scope === "ARTIST" && !artistId)
    throw new AppError("BAD_INPUT", "Choose the artist whose tracks the code covers.", {
      field: "artistId",
    });
  if (input.scope === "TRACKS") {
    const tracks = await db.track.findMany({
      where: { id: { in: input.trackIds }, deletedAt: null },
      select: { id: true, artistId: true },
    });
    const foreign = input.trackIds.filter(
      (id) => !tracks.some((t) => t.id === id && (actor.isAdmin || t.artistId === actor.artistId)),
    );
    if (foreign.length)
      throw new AppError(
        "BAD_INPUT",
        actor.isAdmin
          ? `No such track: ${foreign.join(", ")}.`
          : `You can only discount your own tracks (${foreign.join(", ")} is not yours).`,
        { field: "trackIds" },
      );
  }
  return db
    .$transaction(async (tx) => {
      const created = await tx.discountCode.create({
        data: {
          code: input.code,
          description: input.description,
          type: input.type,
          value: input.value,
          scope: input.scope,
          artistId,
          trackIds: input.scope === "TRACKS" ? input.trackIds : [],
          maxUses: input.maxUses ?? null,
          maxUsesPerEmail: input.maxUsesPerEmail ?? null,
          minPriceCents: input.minPriceCents ?? null,
          startsAt: input.startsAt ?? null,
          expiresAt: input.expiresAt ?? null,
          duration: input.duration,
          durationMonths: input.duration === "REPEATING" ? (input.durationMonths ?? null) : null,
          funder,
          createdById: actor.userId,
        },
      });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "discount.create",
        subjectType: "discountCode",
        subjectId: created.id,
        after: {
          code: created.code,
          type: created.type,
          value: created.value,
          duration: created.duration,
          durationMonths: created.durationMonths,
          funder,
        },
      });
      return row(created);
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("CONFLICT", `The code ${input.code} is taken.`, { field: "code" });
      throw e;
    });
}

/** The codes `actor` manages: every code for an admin, the artist's own otherwise. */
function managedBy(actor: CodeActor): Prisma.DiscountCodeWhereInput {
  if (actor.isAdmin) return {};
  if (!actor.artistId) throw new AppError("FORBIDDEN", "Only artists and admins manage codes.");
  return { artistId: actor.artistId, funder: "ARTIST" };
}

/**
 * Changes a code's status (activate, pause, archive), limits or duration on subscriptions
 * (`duration` with `durationMonths` for REPEATING, see `createDiscountCode`). Archived is final.
 * A code's duration cannot change once it has been used (a REDEEMED use, or a checkout holding a
 * RESERVED one), nor once its Stripe coupon exists (`stripeCouponId`, made by the
 * `discount.stripe-sync` job soon after creation): Stripe cannot change a coupon's duration
 * (docs.stripe.com/api/coupons/update takes only its name and metadata), subscription Checkout
 * applies that coupon, and past uses were given on the old terms. The code row is locked (FOR
 * UPDATE, as `reserveDiscount` does) while that is checked, so no use slips in between. A first
 * sync already making the coupon from the old duration stores nothing and makes another from the
 * new one (`syncDiscountCodeToStripe`). Audited with the values before and after.
 * Fields equal to the stored ones are left out (nothing changed: nothing written).
 * @throws AppError NOT_FOUND (no such code among those the actor manages), CONFLICT (archived;
 *   field `duration`: the duration of a used or mirrored code changed), BAD_INPUT (field
 *   `expiresAt`: the code would expire before it starts).
 */
export async function updateDiscountCode(
  raw: z.input<typeof ZUpdateDiscountCodeInput>,
  actor: CodeActor,
  db: PrismaClient,
): Promise<DiscountCodeRow> {
  const { id, ...changes } = ZUpdateDiscountCodeInput.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await tx.discountCode.findFirst({ where: { id, ...managedBy(actor) } });
    if (!before) throw new AppError("NOT_FOUND", `Discount code ${id} does not exist.`);
    if (before.status === "ARCHIVED")
      throw new AppError("CONFLICT", `The code ${before.code} is archived.`);
    // The months belong to the duration (the input schema sends them together): none but for
    // REPEATING.
    if (changes.duration !== undefined)
      changes.durationMonths =
        changes.duration === "REPEATING" ? (changes.durationMonths ?? null) : null;
    if (
      changes.duration !== undefined &&
      (changes.duration !== before.duration || changes.durationMonths !== before.durationMonths)
    )
      await refuseFixedDurationChange(tx, before, new Date());
    // Only what changes (the edit form sends every field), so the audit row names just that.
    const same = (a: unknown, b: unknown) =>
      a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    const data = Object.fromEntries(
      Object.entries(changes).filter(
        ([k, v]) => v !== undefined && !same(v, before[k as keyof typeof before]),
      ),
    ) as Prisma.DiscountCodeUpdateInput;
    const startsAt = changes.startsAt !== undefined ? changes.startsAt : before.startsAt;
    const expiresAt = changes.expiresAt !== undefined ? changes.expiresAt : before.expiresAt;
    if (startsAt && expiresAt && startsAt >= expiresAt)
      throw new AppError("BAD_INPUT", "The code must expire after it starts.", {
        field: "expiresAt",
      });
    if (Object.keys(data).length === 0) return row(before);
    const after = await tx.discountCode.update({ where: { id }, data });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "discount.update",
      subjectType: "discountCode",
      subjectId: id,
      before: JSON.parse(JSON.stringify(pick(before, Object.keys(data)))) as Prisma.InputJsonValue,
      after: JSON.parse(JSON.stringify(pick(after, Object.keys(data)))) as Prisma.InputJsonValue,
    });
    return row(after);
  });
}

/**
 * Throws CONFLICT (field `duration`) when `code` has been used: `usesCount` above 0, a REDEEMED
 * redemption, or a RESERVED one still open at `now` (the count `reserveDiscount` holds against
 * the limits); or when its Stripe coupon exists (`stripeCouponId`), whose duration is fixed.
 * Locks the code row first, in the caller's transaction.
 */
async function refuseFixedDurationChange(
  tx: Tx,
  code: Pick<DiscountCode, "id" | "code">,
  now: Date,
): Promise<void> {
  const [locked] = await tx.$queryRaw<{ usesCount: number; stripeCouponId: string | null }[]>`
    SELECT "usesCount", "stripeCouponId" FROM "DiscountCode" WHERE "id" = ${code.id} FOR UPDATE`;
  const held = await tx.discountRedemption.count({
    where: {
      codeId: code.id,
      OR: [{ status: "REDEEMED" }, { status: "RESERVED", reservedUntil: { gt: now } }],
    },
  });
  if ((locked?.usesCount ?? 0) > 0 || held > 0)
    throw new AppError(
      "CONFLICT",
      `Cannot change the duration of the code ${code.code}: a code's duration cannot change once it has been used.`,
      { field: "duration" },
    );
  if (locked?.stripeCouponId)
    throw new AppError(
      "CONFLICT",
      `Cannot change the duration of the code ${code.code}: its Stripe coupon ${locked.stripeCouponId} is made, and a coupon's duration cannot change. Archive the code and create another.`,
      { field: "duration" },
    );
}

const pick = (o: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));

/** The codes the actor manages, newest first, optionally by status; cursor pages. */
export async function listDiscountCodes(
  raw: z.input<typeof ZListDiscountCodesInput>,
  actor: CodeActor,
  db: PrismaClient,
) {
  const input = ZListDiscountCodesInput.parse(raw);
  const rows = await db.discountCode.findMany({
    where: { ...managedBy(actor), ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
  });
  return paginate(rows, input, row);
}

type Tx = Prisma.TransactionClient;

/**
 * Reserves one use of a code for a sale being created (issue 12 §2), in the caller's
 * transaction: the code row is locked (FOR UPDATE), so concurrent checkouts on one code
 * serialise and never exceed `maxUses` (completed uses plus reservations still open) nor
 * `maxUsesPerEmail`; the reservation lasts as long as the checkout session (`reservedUntil`).
 * @throws AppError BAD_INPUT (field `discountCode`) when the code was used up, or used up by this
 *   email, meanwhile.
 */
export async function reserveDiscount(
  tx: Tx,
  input: {
    codeId: string;
    saleId: string;
    buyerEmail: string;
    discountCents: number;
    reservedUntil: Date;
    now: Date;
  },
): Promise<void> {
  const email = input.buyerEmail.trim().toLowerCase();
  const [code] = await tx.$queryRaw<
    { code: string; maxUses: number | null; maxUsesPerEmail: number | null; usesCount: number }[]
  >`SELECT "code", "maxUses", "maxUsesPerEmail", "usesCount" FROM "DiscountCode" WHERE "id" = ${input.codeId} FOR UPDATE`;
  if (!code) throw new AppError("NOT_FOUND", `Discount code ${input.codeId} does not exist.`);
  const [held] = await tx.$queryRaw<{ open: number; byEmail: number }[]>`
    SELECT COUNT(*) FILTER (WHERE "status" = 'RESERVED' AND "reservedUntil" > ${input.now})::int AS "open",
      COUNT(*) FILTER (WHERE "buyerEmail" = ${email} AND ("status" = 'REDEEMED'
        OR ("status" = 'RESERVED' AND "reservedUntil" > ${input.now})))::int AS "byEmail"
    FROM "DiscountRedemption" WHERE "codeId" = ${input.codeId} AND "status" <> 'RELEASED'`;
  if (code.maxUses != null && code.usesCount + held!.open >= code.maxUses)
    throw new AppError("BAD_INPUT", `The code ${code.code} has been used up.`, {
      field: "discountCode",
    });
  if (code.maxUsesPerEmail != null && held!.byEmail >= code.maxUsesPerEmail)
    throw new AppError("BAD_INPUT", `The code ${code.code} was already used with ${email}.`, {
      field: "discountCode",
    });
  await tx.discountRedemption.create({
    data: {
      codeId: input.codeId,
      saleId: input.saleId,
      buyerEmail: email,
      discountCents: input.discountCents,
      reservedUntil: input.reservedUntil,
    },
  });
}

/**
 * The sale completed: its reservation becomes a use (the code's `usesCount` and
 * `discountGivenCents` grow). Idempotent: a redemption already REDEEMED changes nothing; one
 * released by an expiry the buyer paid through anyway is counted too.
 */
export async function redeemDiscount(tx: Tx, saleId: string): Promise<void> {
  const [r] = await tx.$queryRaw<{ codeId: string; discountCents: number }[]>`
    UPDATE "DiscountRedemption" SET "status" = 'REDEEMED', "updatedAt" = now()
    WHERE "saleId" = ${saleId} AND "status" <> 'REDEEMED'
    RETURNING "codeId", "discountCents"`;
  if (!r) return;
  await tx.$executeRaw`
    UPDATE "DiscountCode" SET "usesCount" = "usesCount" + 1,
      "discountGivenCents" = "discountGivenCents" + ${r.discountCents}, "updatedAt" = now()
    WHERE "id" = ${r.codeId}`;
}

/**
 * Gives a use back: the checkout expired or failed (a reservation), or the sale was refunded in
 * full (a use: `usesCount` and `discountGivenCents` shrink; a partial refund keeps it).
 * Idempotent: a released redemption changes nothing.
 */
export async function releaseDiscount(tx: Tx, saleId: string): Promise<void> {
  const [r] = await tx.$queryRaw<{ codeId: string; discountCents: number; was: string }[]>`
    UPDATE "DiscountRedemption" d SET "status" = 'RELEASED', "updatedAt" = now()
    FROM (SELECT "id", "status" FROM "DiscountRedemption" WHERE "saleId" = ${saleId} FOR UPDATE) old
    WHERE d."id" = old."id" AND old."status" <> 'RELEASED'
    RETURNING d."codeId", d."discountCents", old."status"::text AS "was"`;
  if (r?.was !== "REDEEMED") return;
  await tx.$executeRaw`
    UPDATE "DiscountCode" SET "usesCount" = "usesCount" - 1,
      "discountGivenCents" = "discountGivenCents" - ${r.discountCents}, "updatedAt" = now()
    WHERE "id" = ${r.codeId}`;
}
