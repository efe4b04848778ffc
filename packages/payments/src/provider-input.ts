/**
 * Validation of the inputs of the Connect, transfer, refund and discount-coupon methods, shared
 * by both providers so that the sandbox refuses what Stripe would refuse, before any request or
 * write. Limits: docs.stripe.com/api/metadata (50 keys, 40-character keys, 500-character values),
 * docs.stripe.com/api/idempotent_requests (keys up to 255 characters), docs.stripe.com/api/coupons/
 * create and docs.stripe.com/api/promotion_codes/create (see ZDiscountCouponInput).
 */
import { z } from "zod";

import { PaymentsError } from "./errors";
import type {
  CreateAccountOnboardingLinkInput,
  CreateConnectAccountInput,
  CreateRefundInput,
  CreateTransferInput,
  ReverseTransferInput,
  SetPromotionCodeActiveInput,
  UpsertDiscountCouponInput,
} from "./types";

export const ZCents = z
  .number()
  .int("must be an integer number of cents")
  .positive("must be above 0 cents")
  // Stripe's largest amount: 8 digits of minor units.
  .max(99_999_999, "must be at most 99999999 cents");
export const ZCurrency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, "must be a three-letter ISO code")
  .transform((c) => c.toLowerCase());
export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(255, "idempotency keys allow at most 255 characters");
export const ZMetadata = z
  .record(
    z.string().min(1).max(40, "metadata keys allow at most 40 characters"),
    z.string().max(500, "metadata values allow at most 500 characters"),
  )
  .refine((m) => Object.keys(m).length <= 50, "Stripe allows at most 50 metadata keys");
export const ZId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z_]+$`), `must be a ${prefix}_... id`);

const ZConnectAccountInput = z.object({
  email: z.email(),
  ownerRef: z.string().min(1).max(500, "metadata values allow at most 500 characters"),
  country: z
    .string()
    .regex(/^[a-zA-Z]{2}$/, "must be a two-letter ISO 3166-1 code")
    .transform((c) => c.toUpperCase())
    .optional(),
  idempotencyKey: ZIdempotencyKey,
});

const ZOnboardingLinkInput = z.object({
  accountId: ZId("acct"),
  refreshUrl: z.url(),
  returnUrl: z.url(),
});

const ZTransferInput = z.object({
  amountCents: ZCents,
  currency: ZCurrency,
  destination: ZId("acct"),
  transferGroup: z.string().min(1).max(500),
  idempotencyKey: ZIdempotencyKey,
  metadata: ZMetadata,
});

const ZReverseTransferInput = z.object({
  transferId: ZId("tr"),
  amountCents: ZCents,
  idempotencyKey: ZIdempotencyKey,
  metadata: ZMetadata.optional(),
});

const ZRefundInput = z.object({
  paymentIntentId: ZId("pi"),
  amountCents: ZCents,
  idempotencyKey: ZIdempotencyKey,
  metadata: ZMetadata,
});

/**
 * A discount code's Coupon and Promotion Code. Stripe's rules: `percent_off` is above 0 and at
 * most 100 (here 1 to 10,000 basis points, so at most 2 decimals); `amount_off` a positive integer
 * with a `currency`; a coupon `name` at most 40 characters; a promotion `code` of letters, digits
 * and dashes; `max_redemptions` a positive integer; `expires_at` in the future. The id becomes
 * metadata (500 characters) and the idempotency keys (`promotion-code:` + id, 255 characters).
 */
const ZDiscountCouponInput = z.object({
  discountCodeId: z
    .string()
    .min(1)
    .max(200, "must be at most 200 characters (it is part of the idempotency keys)"),
  code: z
    .string()
    // Fanfare's codes are at most 32 characters; the bound only keeps a runaway value out.
    .max(200, "must be at most 200 characters")
    .regex(/^[A-Za-z0-9-]+$/, "allows only letters, digits and dashes (Stripe's alphabet)"),
  name: z.string().trim().min(1).max(40, "Stripe allows coupon names of at most 40 characters"),
  discount: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("percent"),
      percentOffBps: z
        .number()
        .int("must be an integer number of basis points")
        .min(1, "must be at least 1 basis point (0.01 %)")
        .max(10_000, "must be at most 10,000 basis points (100 %)"),
    }),
    z.object({ type: z.literal("amount"), amountOffCents: ZCents, currency: ZCurrency }),
  ]),
  duration: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("once") }),
      z.object({
        type: z.literal("repeating"),
        // Stripe takes any positive duration_in_months; three years bounds a typo here.
        months: z.number().int("must be a whole number of months").min(1).max(36),
      }),
      z.object({ type: z.literal("forever") }),
    ])
    .default({ type: "once" }),
  maxRedemptions: z.number().int("must be a whole number").positive("must be at least 1").nullish(),
  expiresAt: z
    .date()
    .refine(
      (d) => d.getTime() > Date.now(),
      "must be in the future (Stripe refuses a past expires_at)",
    )
    .nullish(),
});

const ZPromotionCodeActiveInput = z.object({
  promotionCodeId: ZId("promo"),
  active: z.boolean(),
});

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  action: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`);
  throw new PaymentsError("INVALID_PAYMENTS_INPUT", `Cannot ${action}: ${issues.join("; ")}.`);
}

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseConnectAccountInput = (input: CreateConnectAccountInput) =>
  parseOrThrow(ZConnectAccountInput, input, `create connected account for ${input.ownerRef}`);

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseOnboardingLinkInput = (input: CreateAccountOnboardingLinkInput) =>
  parseOrThrow(ZOnboardingLinkInput, input, `create onboarding link for ${input.accountId}`);

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseTransferInput = (input: CreateTransferInput) =>
  parseOrThrow(ZTransferInput, input, `create transfer for group ${input.transferGroup}`);

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseReverseTransferInput = (input: ReverseTransferInput) =>
  parseOrThrow(ZReverseTransferInput, input, `reverse transfer ${input.transferId}`);

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseRefundInput = (input: CreateRefundInput) =>
  parseOrThrow(ZRefundInput, input, `refund payment ${input.paymentIntentId}`);

/** @throws PaymentsError INVALID_PAYMENTS_INPUT for an id that is not `<prefix>_...`. */
export function parseId(prefix: string, id: string, action: string): string {
  return parseOrThrow(ZId(prefix), id, action);
}

/** @throws PaymentsError INVALID_PAYMENTS_INPUT for an empty or over-long group. */
export function parseTransferGroup(transferGroup: string): string {
  return parseOrThrow(z.string().min(1).max(500), transferGroup, "find transfer by group");
}

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseDiscountCouponInput = (input: UpsertDiscountCouponInput) =>
  parseOrThrow(
    ZDiscountCouponInput,
    input,
    `mirror discount code ${input.discountCodeId} (${input.code}) as a Stripe coupon`,
  );

/** @throws PaymentsError INVALID_PAYMENTS_INPUT for an id that is not `promo_...`. */
export const parsePromotionCodeActiveInput = (input: SetPromotionCodeActiveInput) =>
  parseOrThrow(
    ZPromotionCodeActiveInput,
    input,
    `${input.active ? "activate" : "deactivate"} promotion code ${input.promotionCodeId}`,
  );
