/**
 * Catalog subscriptions (issue 16 §3): an artist's whole catalog for a monthly (and optional
 * yearly) price through Stripe Billing, with a recurring commission for the promoter who brought
 * the subscriber. The inputs and outputs of the `subscription` router and of the artist's plan
 * procedures (`artist.subscriptionPlan`, `artist.saveSubscriptionPlan`). Money is integer cents,
 * rates basis points; the bounds are the database's `SubscriptionPlan_rules_check`.
 */
import { z } from "zod";

import { DISCOUNT_CODE_PATTERN, normaliseDiscountCode } from "./discounts";
import { ZSlug } from "./schemas";
import { zId, zText } from "./text";

/** The billing intervals offered: one charge a month, or one a year. */
export const SUBSCRIPTION_PLAN_INTERVALS = ["month", "year"] as const;
export type SubscriptionPlanInterval = (typeof SUBSCRIPTION_PLAN_INTERVALS)[number];

/** Stripe's minimum charge in usd (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
export const SUBSCRIPTION_MIN_PRICE_CENTS = 50;
/** The highest monthly price: $1,000.00 (the track price's ceiling, MAX_PRICE_CENTS). */
export const SUBSCRIPTION_MAX_MONTHLY_CENTS = 100_000;
/** The highest yearly price: $10,000.00. */
export const SUBSCRIPTION_MAX_YEARLY_CENTS = 1_000_000;
/** The recurring commission's rate: 10 % to 50 % of each paid invoice (as a track's). */
export const SUBSCRIPTION_MIN_COMMISSION_BPS = 1_000;
export const SUBSCRIPTION_MAX_COMMISSION_BPS = 5_000;
/** Seed 004's terms: 20 % for 3 months. */
export const SUBSCRIPTION_DEFAULT_COMMISSION_BPS = 2_000;
export const SUBSCRIPTION_DEFAULT_COMMISSION_MONTHS = 3;
/** The longest recurring commission short of forever (null): 10 years. */
export const SUBSCRIPTION_MAX_COMMISSION_MONTHS = 120;

const cents = (label: string, max: number) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined ? `${label} is required.` : `${label} must be a number of cents.`,
    })
    .int(`${label} must be whole cents.`)
    .min(SUBSCRIPTION_MIN_PRICE_CENTS, `${label} must be at least $0.50 (Stripe's minimum charge).`)
    .max(max, `${label} must be at most $${(max / 100).toLocaleString("en-US")}.00.`);

/** month | year, refused in words otherwise. */
export const ZSubscriptionInterval = z.enum(SUBSCRIPTION_PLAN_INTERVALS, {
  message: "Interval must be month or year.",
});

/**
 * `artist.saveSubscriptionPlan`'s input: the monthly price, the yearly price (null or absent: no
 * yearly option), the recurring commission's rate (bps) and duration (months; null: forever), and
 * whether the plan takes new subscribers. A yearly price must be below twelve monthly ones
 * (otherwise nobody would choose it).
 */
export const ZSaveSubscriptionPlanInput = z
  .object({
    monthlyPriceCents: cents("Monthly price", SUBSCRIPTION_MAX_MONTHLY_CENTS),
    yearlyPriceCents: cents("Yearly price", SUBSCRIPTION_MAX_YEARLY_CENTS).nullable().default(null),
    commissionBps: z
      .number({ message: "Commission must be a number of basis points." })
      .int("Commission must be a whole number of basis points.")
      .min(SUBSCRIPTION_MIN_COMMISSION_BPS, "Commission must be at least 10%.")
      .max(SUBSCRIPTION_MAX_COMMISSION_BPS, "Commission must be at most 50%.")
      .default(SUBSCRIPTION_DEFAULT_COMMISSION_BPS),
    commissionMonths: z
      .number({ message: "Commission months must be a number of months, or null for forever." })
      .int("Commission months must be a whole number of months.")
      .min(1, "Commission months must be at least 1 (or null for forever).")
      .max(
        SUBSCRIPTION_MAX_COMMISSION_MONTHS,
        `Commission months must be at most ${SUBSCRIPTION_MAX_COMMISSION_MONTHS} (or null for forever).`,
      )
      .nullable()
      .default(SUBSCRIPTION_DEFAULT_COMMISSION_MONTHS),
    active: z.boolean({ message: "Active must be true or false." }).default(true),
  })
  .refine((v) => v.yearlyPriceCents == null || v.yearlyPriceCents < v.monthlyPriceCents * 12, {
    message: "Yearly price must be less than twelve monthly payments.",
    path: ["yearlyPriceCents"],
  });
export type SaveSubscriptionPlanInput = z.input<typeof ZSaveSubscriptionPlanInput>;

/** The artist at `/a/<slug>`. */
export const ZPlanForArtistInput = z.object({ artistSlug: ZSlug });
export type PlanForArtistInput = z.input<typeof ZPlanForArtistInput>;

/** A promoter's personal code typed at sign-up: the discount-code rules, normalised. */
const ZPromoterCode = zText("Code")
  .trim()
  .transform(normaliseDiscountCode)
  .pipe(
    z
      .string()
      .regex(
        DISCOUNT_CODE_PATTERN,
        "A code is 3 to 32 letters, digits or -, starting with a letter or digit.",
      ),
  );

/**
 * `subscription.start`'s input: the artist at `/a/<artistSlug>`, the interval, and optionally a
 * promoter's personal code (it credits the promoter; subscriptions get no discount from it).
 */
export const ZStartSubscriptionInput = z.object({
  artistSlug: ZSlug,
  interval: ZSubscriptionInterval,
  code: ZPromoterCode.optional().nullable(),
});
export type StartSubscriptionInput = z.input<typeof ZStartSubscriptionInput>;

/** One of the caller's subscriptions, by id. */
export const ZSubscriptionIdInput = z.object({ subscriptionId: zId("Subscription id") });
export type SubscriptionIdInput = z.input<typeof ZSubscriptionIdInput>;

/**
 * `admin.sandboxSetCardDeclines`' input: our subscription's id and whether its customer's card
 * declines every later payment in the offline sandbox (`true`) or pays again (`false`).
 */
export const ZSandboxCardDeclinesInput = z.object({
  subscriptionId: zId("Subscription id"),
  declines: z.boolean({ message: "Declines must be true or false." }),
});
export type SandboxCardDeclinesInput = z.input<typeof ZSandboxCardDeclinesInput>;

const zCents = z.number().int();

/** The artist's own plan as the dashboard edits it; null before the first save. */
export const ZSubscriptionPlanOutput = z
  .object({
    id: z.string(),
    monthlyPriceCents: zCents,
    yearlyPriceCents: zCents.nullable(),
    currency: z.string(),
    commissionBps: z.number().int(),
    commissionMonths: z.number().int().nullable(),
    active: z.boolean(),
    /** Subscriptions active or past due now. */
    activeSubscribers: z.number().int(),
    updatedAt: z.date(),
  })
  .nullable();
export type SubscriptionPlanOutput = z.output<typeof ZSubscriptionPlanOutput>;

/**
 * The artist page's offer (public): the prices and the recurring commission a promoter would
 * earn; null when the artist has no active plan. Nothing personal.
 */
export const ZPublicSubscriptionPlanOutput = z
  .object({
    artistId: z.string(),
    artistName: z.string(),
    monthlyPriceCents: zCents,
    yearlyPriceCents: zCents.nullable(),
    currency: z.string(),
    commissionBps: z.number().int(),
    /** null: forever. */
    commissionMonths: z.number().int().nullable(),
  })
  .nullable();
export type PublicSubscriptionPlanOutput = z.output<typeof ZPublicSubscriptionPlanOutput>;

/** `subscription.start`'s answer: our subscription and the Checkout page to send the user to. */
export const ZStartSubscriptionOutput = z.object({
  subscriptionId: z.string(),
  checkoutUrl: z.string(),
});

/** One of the caller's subscriptions on the manage page, newest first. */
export const ZMySubscriptionsOutput = z.array(
  z.object({
    id: z.string(),
    artist: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    interval: ZSubscriptionInterval,
    priceCents: zCents,
    currency: z.string(),
    status: z.enum(["incomplete", "active", "past_due", "canceled"]),
    currentPeriodEnd: z.date().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    endedAt: z.date().nullable(),
    createdAt: z.date(),
    /** Whether "Manage payment" (the customer portal) can open: the processor knows a customer. */
    canOpenPortal: z.boolean(),
  }),
);
export type MySubscriptionsOutput = z.output<typeof ZMySubscriptionsOutput>;

/**
 * `admin.sandboxSubscriptions`: our subscriptions that reached the offline sandbox, newest first,
 * each with our state and the sandbox's (status, period end, whether the card declines; null
 * when the sandbox has no such object). Money in cents per interval, times UTC.
 */
export const ZSandboxSubscriptionsOutput = z.array(
  z.object({
    id: z.string(),
    stripeSubscriptionId: z.string(),
    subscriber: z.object({ email: z.string(), name: z.string().nullable() }),
    artist: z.object({ name: z.string(), slug: z.string() }),
    interval: ZSubscriptionInterval,
    priceCents: zCents,
    currency: z.string(),
    status: z.enum(["incomplete", "active", "past_due", "canceled"]),
    currentPeriodEnd: z.date().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    promoterName: z.string().nullable(),
    invoicesPaid: z.number().int(),
    sandbox: z.object({
      status: z.enum(["active", "past_due", "canceled"]).nullable(),
      currentPeriodEnd: z.date().nullable(),
      cardDeclines: z.boolean().nullable(),
    }),
  }),
);
export type SandboxSubscriptionsOutput = z.output<typeof ZSandboxSubscriptionsOutput>;
