import { z } from "zod";

import { ZPageInput } from "./schemas";
import { zId } from "./text";

/**
 * A promoter's standing in the program (issue 11 §2), the same list as the database's
 * `PromoterStatus`: PENDING (applied, awaiting approval), ACTIVE, SUSPENDED (reversible),
 * TERMINATED (final).
 */
export const PROMOTER_STATUSES = ["PENDING", "ACTIVE", "SUSPENDED", "TERMINATED"] as const;
export type PromoterStatusName = (typeof PROMOTER_STATUSES)[number];

/**
 * The changes an admin may make, from each status: PENDING → ACTIVE (approve) or TERMINATED
 * (reject); ACTIVE ↔ SUSPENDED; ACTIVE or SUSPENDED → TERMINATED. TERMINATED is final (a closed
 * account's unpaid money is settled, not reopened). The one table the service and the console
 * read.
 */
export const PROMOTER_STATUS_TRANSITIONS: Record<
  PromoterStatusName,
  readonly PromoterStatusName[]
> = {
  PENDING: ["ACTIVE", "TERMINATED"],
  ACTIVE: ["SUSPENDED", "TERMINATED"],
  SUSPENDED: ["ACTIVE", "TERMINATED"],
  TERMINATED: [],
};

/** `admin.promoters.list`: filter by status, search by email or name, sort; cursor pages. */
export const ZAdminPromotersInput = ZPageInput.extend({
  status: z.enum(PROMOTER_STATUSES, { message: "Unknown promoter status." }).optional(),
  query: z.string().trim().max(200, "Search at most 200 characters.").optional(),
  sort: z
    .enum(["newest", "earnings"], { message: "Sort by newest or earnings." })
    .default("newest"),
});
export type AdminPromotersInput = z.input<typeof ZAdminPromotersInput>;

/**
 * `admin.promoters.setStatus`: the new status and the reason the promoter reads (by email and on
 * their dashboard). The transition itself is checked by the service against
 * PROMOTER_STATUS_TRANSITIONS.
 */
export const ZSetPromoterStatusInput = z.object({
  promoterId: zId("Promoter id"),
  status: z.enum(["ACTIVE", "SUSPENDED", "TERMINATED"], {
    message: "Choose active, suspended or terminated.",
  }),
  reason: z
    .string()
    .trim()
    .min(3, "Say why (the promoter reads it), at least 3 characters.")
    .max(1000, "Keep the reason under 1000 characters."),
});
export type SetPromoterStatusInput = z.infer<typeof ZSetPromoterStatusInput>;
