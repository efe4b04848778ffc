import type { Prisma, PrismaClient } from "@fanfare/db";
import type { PromoterStatusName, SetPromoterStatusInput } from "@fanfare/validators";
import { PROMOTER_STATUS_TRANSITIONS, ZSetPromoterStatusInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { settleSalesInBatches } from "../payouts/payouts";
import { invalidateLandingPageOf } from "../landing/landing-pages";
import { emitPromoterJoinedToAdmins } from "./promoter-joined";

type Tx = Prisma.TransactionClient;

/** The outcome of a status change. */
export type PromoterStatusChange = {
  promoterId: string;
  from: PromoterStatusName;
  to: PromoterStatusName;
  reason: string;
  /** Pending commissions put on hold by this change (suspension, termination). */
  heldCommissions: number;
  /** Commissions whose suspension hold this change lifted (reinstatement, approval). */
  releasedCommissions: number;
  /** Sales whose ledger position moved when the lifted holds were settled. */
  settledSales: number;
};

/**
 * Changes a promoter's standing (issue 11 §2), as an admin: checks the transition against
 * PROMOTER_STATUS_TRANSITIONS, then in one transaction (the promoter row locked FOR UPDATE)
 * writes the status with its reason, who and when; on SUSPENDED or TERMINATED puts every
 * PENDING commission of the promoter on hold (`Commission.heldAt`, PROMOTER_SUSPENDED: settlement
 * then keeps the promoter's share in PROMOTER_PENDING past the release date); on ACTIVE lifts the
 * suspension holds; writes the audit row and queues the promoter's email with the reason.
 * After the commit, the sales whose holds were lifted are settled (`settleSalesInBatches`), so
 * those already past their holding period become payable at once; on ACTIVE so are the sales
 * whose recruiter's share was held for this promoter (`Sale.recruiterHeldAt`, issue 14 §6; the
 * hold itself is settlement's: `settleSale` keeps a recruiter's share pending while they are not
 * ACTIVE, when that began before the release).
 *
 * What the status stops elsewhere: clicks on the promoter's links are not recorded
 * (`recordClick`), purchases are not attributed (`resolveAttribution`), new links are refused
 * (`getOrCreateAffiliateLink`), payouts are refused (`payoutBlockedReason`), settlement holds
 * any pending commission a racing completion created after this sweep (`settleSale`), and the
 * landing page is shown only while ACTIVE (its cache tag is expired here).
 * @throws AppError NOT_FOUND (no such promoter), CONFLICT (already in that status, or a
 *   transition the table does not allow, e.g. reinstating a terminated promoter).
 */
export async function setPromoterStatus(
  raw: SetPromoterStatusInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<PromoterStatusChange> {
  const input = ZSetPromoterStatusInput.parse(raw);
  const { change, released } = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      {
        status: PromoterStatusName;
        statusReason: string | null;
        email: string;
        name: string | null;
        displayName: string | null;
      }[]
    >`
      SELECT p."status"::text AS "status", p."statusReason", u."email", u."name", p."displayName"
      FROM "PromoterProfile" p JOIN "User" u ON u."id" = p."userId"
      WHERE p."id" = ${input.promoterId} FOR UPDATE OF p`;
    if (!row) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
    if (row.status === input.status)
      throw new AppError(
        "CONFLICT",
        `Promoter ${input.promoterId} is already ${input.status.toLowerCase()}.`,
      );
    if (!PROMOTER_STATUS_TRANSITIONS[row.status].includes(input.status))
      throw new AppError(
        "CONFLICT",
        `A ${row.status.toLowerCase()} promoter cannot become ${input.status.toLowerCase()}${row.status === "TERMINATED" ? ": termination is final" : ""}.`,
      );
    await tx.promoterProfile.update({
      where: { id: input.promoterId },
      data: {
        status: input.status,
        statusReason: input.reason,
        statusChangedAt: now,
        statusChangedById: actor.userId,
        // An approved applicant's onboarding sequence (issue 14 §8) starts on approval.
        ...(row.status === "PENDING" && input.status === "ACTIVE"
          ? { onboardingStartedAt: now }
          : {}),
      },
    });
    const { held, released } = await applyStatusHolds(tx, input.promoterId, input.status, now);
    // An approved applicant joins the program: the admins' integrations hear of it (issue 15 §3).
    if (row.status === "PENDING" && input.status === "ACTIVE")
      await emitPromoterJoinedToAdmins(
        tx,
        { id: input.promoterId, displayName: row.displayName },
        now,
      );
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "promoter.setStatus",
      subjectType: "promoter",
      subjectId: input.promoterId,
      before: { status: row.status, reason: row.statusReason },
      after: {
        status: input.status,
        reason: input.reason,
        heldCommissions: held,
        releasedCommissions: released.length,
      },
    });
    await enqueueEmail(tx, {
      idempotencyKey: `promoter-status:${input.promoterId}:${now.getTime()}`,
      to: row.email,
      template: "promoter-status",
      props: {
        appUrl: apiEnv().APP_URL,
        name: row.displayName ?? row.name,
        status: input.status,
        reason: input.reason,
        // PENDING → ACTIVE reads as an approved application, not a reinstatement.
        from: row.status,
      },
    });
    return {
      change: { from: row.status, to: input.status, held },
      released,
    };
  });
  // A reinstated recruiter's held second-tier shares (issue 14 §6) are released by settling their
  // sales again; settlement holds them by itself while the recruiter is not ACTIVE.
  const recruiterHeld =
    input.status === "ACTIVE" ? await recruiterHeldSales(db, input.promoterId) : [];
  const toSettle = [...released, ...recruiterHeld];
  const settledSales = toSettle.length > 0 ? await settleSalesInBatches(db, toSettle, now) : 0;
  // Only an ACTIVE promoter's landing page is public.
  await invalidateLandingPageOf(input.promoterId, db);
  // Only an ACTIVE promoter is named on a shared track page ("Recommended by", issue 14 §4).
  invalidatePublicPages([publicTags.promoter(input.promoterId)]);
  return {
    promoterId: input.promoterId,
    from: change.from,
    to: change.to,
    reason: input.reason,
    heldCommissions: change.held,
    releasedCommissions: released.length,
    settledSales,
  };
}

/**
 * The sales whose RECRUITER share (issue 14 §6) is held for `recruiterId` and not forfeited
 * (`Sale_recruiter_held_idx`), in id order, as `settleSalesInBatches` takes them.
 */
export async function recruiterHeldSales(
  db: PrismaClient,
  recruiterId: string,
): Promise<
  {
    id: string;
    promoterId: string | null;
    recruiterId: string;
    artistId: string;
    labelId: string | null;
  }[]
> {
  return db.$queryRaw`
    SELECT s."id", s."promoterId", s."recruiterId", s."artistId", s."labelId"
    FROM "Sale" s
    WHERE s."recruiterId" = ${recruiterId} AND s."recruiterHeldAt" IS NOT NULL AND s."recruiterForfeitedAt" IS NULL
    ORDER BY s."id"`;
}

/**
 * The commission holds a status brings, inside the status change's transaction: leaving ACTIVE
 * holds the promoter's PENDING commissions; returning to ACTIVE lifts the PROMOTER_SUSPENDED
 * holds and returns their sales for settlement (after the commit).
 */
async function applyStatusHolds(
  tx: Tx,
  promoterId: string,
  status: PromoterStatusName,
  now: Date,
): Promise<{
  held: number;
  released: {
    id: string;
    promoterId: string;
    recruiterId: string | null;
    artistId: string;
    labelId: string | null;
  }[];
}> {
  if (status === "ACTIVE") {
    const released = await tx.$queryRaw<
      {
        id: string;
        promoterId: string;
        recruiterId: string | null;
        artistId: string;
        labelId: string | null;
      }[]
    >`
      WITH lifted AS (
        UPDATE "Commission" SET "heldAt" = NULL, "holdReason" = NULL, "updatedAt" = ${now}
        WHERE "promoterId" = ${promoterId} AND "holdReason" = 'PROMOTER_SUSPENDED'
        RETURNING "saleId", "promoterId"
      )
      SELECT l."saleId" AS "id", l."promoterId", s."recruiterId", s."artistId", s."labelId"
      FROM lifted l JOIN "Sale" s ON s."id" = l."saleId"
      ORDER BY l."saleId"`;
    return { held: 0, released };
  }
  const held = await tx.$executeRaw`
    UPDATE "Commission" SET "heldAt" = ${now}, "holdReason" = 'PROMOTER_SUSPENDED', "updatedAt" = ${now}
    WHERE "promoterId" = ${promoterId} AND "status" = 'PENDING' AND "heldAt" IS NULL`;
  return { held, released: [] };
}
