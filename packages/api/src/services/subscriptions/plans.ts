import type { PrismaClient, SubscriptionPlan } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { PaymentsProvider, SubscriptionInterval } from "@fanfare/payments";
import type {
  PublicSubscriptionPlanOutput,
  SaveSubscriptionPlanInput,
  SubscriptionPlanOutput,
} from "@fanfare/validators";
import { ZSaveSubscriptionPlanInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { ENTITLED_STATES } from "./state";

/** The plan's fields the audit log keeps (terms and prices; no personal data). */
const auditView = (p: {
  monthlyPriceCents: number;
  yearlyPriceCents: number | null;
  commissionBps: number;
  commissionMonths: number | null;
  active: boolean;
}) => ({
  monthlyPriceCents: p.monthlyPriceCents,
  yearlyPriceCents: p.yearlyPriceCents,
  commissionBps: p.commissionBps,
  commissionMonths: p.commissionMonths,
  active: p.active,
});

async function toPlanOutput(
  plan: SubscriptionPlan | null,
  db: PrismaClient,
): Promise<SubscriptionPlanOutput> {
  if (!plan) return null;
  const activeSubscribers = await db.catalogSubscription.count({
    where: { planId: plan.id, status: { in: [...ENTITLED_STATES] } },
  });
  return {
    id: plan.id,
    monthlyPriceCents: plan.monthlyPriceCents,
    yearlyPriceCents: plan.yearlyPriceCents,
    currency: plan.currency,
    commissionBps: plan.commissionBps,
    commissionMonths: plan.commissionMonths,
    active: plan.active,
    activeSubscribers,
    updatedAt: plan.updatedAt,
  };
}

/**
 * The artist's own subscription plan as the dashboard edits it (prices in cents, the recurring
 * commission in bps and months, null months: forever) with how many subscriptions are active or
 * past due now; null before the artist saved one.
 */
export async function getPlan(
  input: { artistId: string },
  db: PrismaClient,
): Promise<SubscriptionPlanOutput> {
  const plan = await db.subscriptionPlan.findUnique({ where: { artistId: input.artistId } });
  return toPlanOutput(plan, db);
}

/**
 * Saves the artist's subscription plan (issue 16 §3; one per artist): the monthly price, the
 * optional yearly price, the recurring commission (1 000–5 000 bps, 1–120 months or null for
 * forever; seed 004: 20 % for 3 months) and whether it takes new subscribers. Running
 * subscriptions keep their price and the commission terms recorded at their sign-up.
 *
 * The processor's Price is made only for an interval whose amount changed (or that has none
 * yet), through `payments.ensureSubscriptionPrice` (idempotent: a new amount is a new Price and
 * the old one is deactivated; the same amount returns the same Price), before and outside the
 * database transaction, which then stores the Price ids with the plan and writes the audit log
 * (`subscriptionPlan.save`, before and after); saving what is saved writes nothing. A yearly
 * price removed (null) stops offering it; its Price stays at the processor, unused by new
 * checkouts.
 *
 * Two saves at once: the one that commits second finds the plan changed under it (its
 * `updatedAt` moved since it was read, or a first save raced another first save) and answers
 * the plan as saved when that is exactly what it asked for (a double-click), CONFLICT otherwise.
 * Known window: two saves of different amounts for one interval racing each other may store the
 * Price that the other's `ensureSubscriptionPrice` call deactivated (checkout start then answers
 * PAYMENT_PROVIDER naming it) until the artist saves another amount for that interval. Artists
 * save rarely and alone; the alternative, holding a lock across the processor call, is worse.
 * @throws AppError BAD_INPUT (the zod messages of ZSaveSubscriptionPlanInput), CONFLICT (changed
 *   meanwhile), PAYMENT_PROVIDER (the processor refused or could not be reached; nothing stored).
 */
export async function savePlan(
  input: { artistId: string; userId: string; data: SaveSubscriptionPlanInput },
  deps: { db: PrismaClient; payments: Pick<PaymentsProvider, "ensureSubscriptionPrice"> },
): Promise<SubscriptionPlanOutput> {
  const { db, payments } = deps;
  const data = ZSaveSubscriptionPlanInput.parse(input.data);
  const [artist, before] = await Promise.all([
    db.artistProfile.findUniqueOrThrow({
      where: { id: input.artistId },
      select: { id: true, name: true },
    }),
    db.subscriptionPlan.findUnique({ where: { artistId: input.artistId } }),
  ]);
  const currency = before?.currency ?? "usd";
  const priceFor = async (
    interval: SubscriptionInterval,
    amount: number | null,
    storedAmount: number | null | undefined,
    storedPriceId: string | null | undefined,
  ): Promise<{ productId: string | null; priceId: string | null }> => {
    if (amount == null) return { productId: null, priceId: null };
    if (storedPriceId && storedAmount === amount)
      return { productId: null, priceId: storedPriceId };
    try {
      const price = await payments.ensureSubscriptionPrice({
        artistId: artist.id,
        artistName: artist.name,
        interval,
        unitAmountCents: amount,
        currency,
      });
      return { productId: price.productId, priceId: price.priceId };
    } catch (e) {
      throw new AppError(
        "PAYMENT_PROVIDER",
        `Could not set the ${interval}ly price of artist ${artist.id}'s subscription: ${(e as Error).message}`,
        { cause: e },
      );
    }
  };
  // One interval after the other: both touch the artist's one Product.
  const monthly = await priceFor(
    "month",
    data.monthlyPriceCents,
    before?.monthlyPriceCents,
    before?.stripeMonthlyPriceId,
  );
  const yearly = await priceFor(
    "year",
    data.yearlyPriceCents,
    before?.yearlyPriceCents,
    before?.stripeYearlyPriceId,
  );
  const fields = {
    monthlyPriceCents: data.monthlyPriceCents,
    yearlyPriceCents: data.yearlyPriceCents,
    commissionBps: data.commissionBps,
    commissionMonths: data.commissionMonths,
    active: data.active,
    stripeMonthlyPriceId: monthly.priceId,
    stripeYearlyPriceId: yearly.priceId,
    stripeProductId: monthly.productId ?? yearly.productId ?? before?.stripeProductId ?? null,
  };
  const unchanged = (plan: SubscriptionPlan | null): boolean =>
    plan != null &&
    (Object.keys(fields) as (keyof typeof fields)[]).every((k) => plan[k] === fields[k]);
  // Saving what is saved changes nothing and logs nothing.
  if (before && unchanged(before)) return toPlanOutput(before, db);
  const conflict = () =>
    new AppError(
      "CONFLICT",
      `The subscription plan of artist ${artist.id} changed while it was being saved: reload it and save again.`,
    );
  try {
    const saved = await db.$transaction(async (tx) => {
      let plan: SubscriptionPlan;
      if (before) {
        const { count } = await tx.subscriptionPlan.updateMany({
          where: { id: before.id, updatedAt: before.updatedAt },
          data: fields,
        });
        if (count === 0) throw conflict();
        plan = await tx.subscriptionPlan.findUniqueOrThrow({ where: { id: before.id } });
      } else {
        plan = await tx.subscriptionPlan.create({
          data: { artistId: artist.id, currency, ...fields },
        });
      }
      await writeAudit(tx, {
        actorId: input.userId,
        action: "subscriptionPlan.save",
        subjectType: "subscriptionPlan",
        subjectId: plan.id,
        ...(before ? { before: auditView(before) } : {}),
        after: auditView(plan),
      });
      return plan;
    });
    return toPlanOutput(saved, db);
  } catch (e) {
    const raced =
      (e instanceof AppError && e.code === "CONFLICT") ||
      (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002");
    if (!raced) throw e;
    // The same save twice (a double-click): the plan already says what was asked.
    const now = await db.subscriptionPlan.findUnique({ where: { artistId: artist.id } });
    if (now && unchanged(now)) return toPlanOutput(now, db);
    throw conflict();
  }
}

/**
 * The offer on the artist page `/a/<artistSlug>` (public, nothing personal): the active plan's
 * prices (cents per month, per year or null) and the recurring commission a promoter who brings
 * a subscriber earns (bps of each paid invoice, for `commissionMonths` months, null: forever).
 * Null when the artist has no plan, or it takes no new subscribers.
 * @throws AppError NOT_FOUND when no artist has that page.
 */
export async function planForArtist(
  input: { artistSlug: string },
  db: PrismaClient,
): Promise<PublicSubscriptionPlanOutput> {
  const artist = await db.artistProfile.findUnique({
    where: { slug: input.artistSlug },
    select: { id: true, name: true, subscriptionPlan: true },
  });
  if (!artist) throw new AppError("NOT_FOUND", `No artist at /a/${input.artistSlug}.`);
  const plan = artist.subscriptionPlan;
  if (!plan?.active || !plan.stripeMonthlyPriceId) return null;
  return {
    artistId: artist.id,
    artistName: artist.name,
    monthlyPriceCents: plan.monthlyPriceCents,
    yearlyPriceCents: plan.stripeYearlyPriceId ? plan.yearlyPriceCents : null,
    currency: plan.currency,
    commissionBps: plan.commissionBps,
    commissionMonths: plan.commissionMonths,
  };
}
