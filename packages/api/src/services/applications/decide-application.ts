import type { PrismaClient } from "@fanfare/db";
import type { ApplicationDecisionInput, PromoterStatusName } from "@fanfare/validators";
import { ZApplicationDecisionInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import type { PromoterStatusChange } from "../affiliate/promoter-status";
import { setPromoterStatus } from "../affiliate/promoter-status";

/**
 * Approves a promoter awaiting approval (issue 11 §2): PENDING → ACTIVE through
 * `setPromoterStatus` (the transition table, the reason with who and when, the audit row
 * `promoter.setStatus`, and the `promoter-status` email, which words PENDING → ACTIVE as an
 * approved application). From then on the promoter gets links, counted clicks, attribution and
 * payouts. A promoter who never sent an application may be approved too (the admin's call, e.g.
 * someone invited). The application's text stays on the profile for the record.
 * @throws AppError NOT_FOUND (no such promoter), CONFLICT (not awaiting approval: approving
 *   must not reinstate a suspended promoter; use `setPromoterStatus` for that).
 */
export async function approveApplication(
  raw: ApplicationDecisionInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<PromoterStatusChange> {
  const input = ZApplicationDecisionInput.parse(raw);
  await pendingOrThrow(input.promoterId, "approve", db);
  // A decision racing this one is refused by setPromoterStatus under its row lock: from PENDING
  // the promoter can only have become ACTIVE (already active) or TERMINATED (final).
  return setPromoterStatus(
    { promoterId: input.promoterId, status: "ACTIVE", reason: input.reason },
    actor,
    db,
    now,
  );
}

/** The outcome of a rejection. */
export type ApplicationRejection = {
  promoterId: string;
  reason: string;
  /** When the rejected application had been sent. */
  appliedAt: Date;
};

/**
 * Rejects a promoter's application (issue 11 §2) with a reason the applicant reads by email
 * (`application-rejected`) and on their dashboard.
 *
 * The rule: a rejection is a decision on this application, not on the person. The promoter
 * stays PENDING (still no links, clicks, attribution or payouts), `statusReason` becomes the
 * admin's reason (with `statusChangedAt`/`statusChangedById`: who decided and when), and
 * `appliedAt` is cleared while the text is kept, so the applicant sees why, edits and applies
 * again (`submitApplication`), and the queue shows them again only then. TERMINATED was not
 * chosen for this: it is final and starts the termination notice period meant for promoters with
 * money in the program; an admin who wants an applicant out for good (spam, abuse, repeated
 * applications) terminates them instead (`setPromoterStatus`, PENDING → TERMINATED), which also
 * stops further applications.
 *
 * In one transaction with the promoter row locked FOR UPDATE: the check, the update, the audit
 * row `promoter.rejectApplication` (before and after: status, reason, appliedAt) and the email.
 * @throws AppError NOT_FOUND (no such promoter), CONFLICT (not PENDING, or PENDING without an
 *   application waiting: nothing to reject).
 */
export async function rejectApplication(
  raw: ApplicationDecisionInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<ApplicationRejection> {
  const input = ZApplicationDecisionInput.parse(raw);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      {
        status: PromoterStatusName;
        statusReason: string | null;
        appliedAt: Date | null;
        email: string;
        name: string | null;
        displayName: string | null;
      }[]
    >`
      SELECT p."status"::text AS "status", p."statusReason", p."appliedAt", u."email", u."name",
        p."displayName"
      FROM "PromoterProfile" p JOIN "User" u ON u."id" = p."userId"
      WHERE p."id" = ${input.promoterId} FOR UPDATE OF p`;
    if (!row) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
    if (row.status !== "PENDING") throw notPending(input.promoterId, row.status, "reject");
    if (!row.appliedAt)
      throw new AppError(
        "CONFLICT",
        `Promoter ${input.promoterId} has no application waiting for a decision: nothing to reject.`,
      );
    await tx.promoterProfile.update({
      where: { id: input.promoterId },
      data: {
        statusReason: input.reason,
        statusChangedAt: now,
        statusChangedById: actor.userId,
        appliedAt: null,
      },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "promoter.rejectApplication",
      subjectType: "promoter",
      subjectId: input.promoterId,
      before: {
        status: row.status,
        reason: row.statusReason,
        appliedAt: row.appliedAt.toISOString(),
      },
      after: { status: row.status, reason: input.reason, appliedAt: null },
    });
    await enqueueEmail(tx, {
      idempotencyKey: `application-rejected:${input.promoterId}:${now.getTime()}`,
      to: row.email,
      template: "application-rejected",
      props: {
        appUrl: apiEnv().APP_URL,
        name: row.displayName ?? row.name,
        reason: input.reason,
      },
    });
    return { promoterId: input.promoterId, reason: input.reason, appliedAt: row.appliedAt };
  });
}

async function pendingOrThrow(promoterId: string, verb: string, db: PrismaClient) {
  const p = await db.promoterProfile.findUnique({
    where: { id: promoterId },
    select: { status: true },
  });
  if (!p) throw new AppError("NOT_FOUND", `Promoter ${promoterId} does not exist.`);
  if (p.status !== "PENDING") throw notPending(promoterId, p.status, verb);
}

const notPending = (promoterId: string, status: PromoterStatusName, verb: string) =>
  new AppError(
    "CONFLICT",
    `Cannot ${verb} the application of promoter ${promoterId}: they are ${status.toLowerCase()}, not awaiting approval.`,
  );
