/**
 * Validation of the inputs of the Connect, transfer and refund methods, shared by both providers
 * so that the sandbox refuses what Stripe would refuse, before any request or write.
 * Limits: docs.stripe.com/api/metadata (50 keys, 40-character keys, 500-character values) and
 * docs.stripe.com/api/idempotent_requests (keys up to 255 characters).
 */
import { z } from "zod";

import { PaymentsError } from "./errors";
import type {
  CreateAccountOnboardingLinkInput,
  CreateConnectAccountInput,
  CreateRefundInput,
  CreateTransferInput,
  ReverseTransferInput,
} from "./types";

const ZCents = z
  .number()
  .int("must be an integer number of cents")
  .positive("must be above 0 cents")
  // Stripe's largest amount: 8 digits of minor units.
  .max(99_999_999, "must be at most 99999999 cents");
const ZCurrency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, "must be a three-letter ISO code")
  .transform((c) => c.toLowerCase());
const ZIdempotencyKey = z.string().min(1).max(255, "idempotency keys allow at most 255 characters");
const ZMetadata = z
  .record(
    z.string().min(1).max(40, "metadata keys allow at most 40 characters"),
    z.string().max(500, "metadata values allow at most 500 characters"),
  )
  .refine((m) => Object.keys(m).length <= 50, "Stripe allows at most 50 metadata keys");
const ZId = (prefix: string) =>
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

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, action: string): z.output<S> {
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
