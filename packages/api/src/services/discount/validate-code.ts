import type { PrismaClient } from "@fanfare/db";
import { ZDiscountCodeInput } from "@fanfare/validators";
import type { z } from "zod";

export type DiscountValidation =
  { valid: true; code: string } | { valid: false; code: string; reason: string };

/**
 * Checks a discount code for a track. Discount codes arrive with their own issue; until then no
 * code exists, so every code is answered "unknown" (never an error), with the code normalised
 * to upper case.
 */
export async function validateDiscountCode(
  raw: z.input<typeof ZDiscountCodeInput>,
  _db: PrismaClient,
): Promise<DiscountValidation> {
  const input = ZDiscountCodeInput.parse(raw);
  const code = input.code.toUpperCase();
  return { valid: false, code, reason: `Unknown discount code "${code}".` };
}
