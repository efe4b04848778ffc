import type { PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import type { ClaimPromoterCodeInput } from "@fanfare/validators";
import {
  formatBps,
  suggestPromoterCode,
  ZClaimPromoterCodeInput,
  ZSetPromoterCodeStatusInput,
} from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { assertPromoterActive } from "../affiliate/promoter-standing";
import { assertTermsAccepted } from "../program/terms";
import { programSettings } from "../settings/program-settings";

/** The promoter a personal code belongs to, as the promoter router knows them. */
export type CodeOwner = { promoterId: string; userId: string };

/** The promoter's own code as their "My code" card shows it. */
export type PromoterCodeView = {
  /** The code they hold (active or paused); null before they claim one. */
  code: {
    id: string;
    code: string;
    percentBps: number;
    status: "ACTIVE" | "PAUSED" | "EXPIRED" | "ARCHIVED";
    /** Completed sales with the code, and the discount buyers got, cents. */
    usesCount: number;
    discountGivenCents: number;
    createdAt: Date;
  } | null;
  /** The largest discount a code may give now (`promoterCodeMaxBps`); 0 when codes are off. */
  maxPercentBps: number;
  /** A free `PARTNER-NAME` suggestion for the claim form. */
  suggestion: string;
};

/** The code a promoter holds: their newest one that is not archived. */
const heldCode = (promoterId: string, db: PrismaClient | Prisma.TransactionClient) =>
  db.discountCode.findFirst({
    where: { promoterId, funder: "PROMOTER", status: { not: "ARCHIVED" } },
    orderBy: { createdAt: "desc" },
  });

/**
 * The promoter's personal code, the program's limit and a suggestion (issue 12 §1 and §4:
 * "promoter 'My code' card").
 */
export async function myPromoterCode(
  owner: CodeOwner,
  db: PrismaClient,
): Promise<PromoterCodeView> {
  const [row, settings, profile] = await Promise.all([
    heldCode(owner.promoterId, db),
    programSettings(db),
    db.promoterProfile.findUniqueOrThrow({
      where: { id: owner.promoterId },
      select: { displayName: true, user: { select: { name: true, email: true } } },
    }),
  ]);
  const name = profile.displayName ?? profile.user.name ?? profile.user.email.split("@")[0]!;
  return {
    code: row && {
      id: row.id,
      code: row.code,
      percentBps: row.value,
      status: row.status,
      usesCount: row.usesCount,
      discountGivenCents: cents(row.discountGivenCents),
      createdAt: row.createdAt,
    },
    maxPercentBps: settings.promoterCodeMaxBps,
    suggestion: suggestPromoterCode(name),
  };
}

/**
 * Claims (or changes) the promoter's personal discount code (issue 12 §1: "each promoter may
 * claim a personal code (`PARTNER-NAME` style, validated, unique) for tracks with affiliates
 * enabled, within limits the admin sets"). The code covers every track whose affiliate program is
 * on (scope PLATFORM, funder PROMOTER: the discount comes out of the promoter's own commission,
 * capped by it, `splitSaleAmount`), and a buyer who enters it is attributed to the promoter with no
 * click (`resolveAttribution`). One code per promoter: claiming another text archives the one
 * held (its uses stay on it); the same text with another percentage only changes the rate.
 * Audited.
 * @throws AppError BAD_INPUT (zod; above `promoterCodeMaxBps`, field `percentBps`), FORBIDDEN
 *   (codes turned off, the promoter not ACTIVE), TERMS_REQUIRED (the terms in force not
 *   accepted), CONFLICT (the code is taken, field `code`).
 */
export async function claimPromoterCode(
  raw: ClaimPromoterCodeInput,
  owner: CodeOwner,
  db: PrismaClient,
): Promise<PromoterCodeView> {
  const input = ZClaimPromoterCodeInput.parse(raw);
  const [settings, promoter] = await Promise.all([
    programSettings(db),
    db.promoterProfile.findUniqueOrThrow({
      where: { id: owner.promoterId },
      select: { status: true, statusReason: true, displayName: true },
    }),
  ]);
  if (settings.promoterCodeMaxBps === 0)
    throw new AppError("FORBIDDEN", "Personal discount codes are turned off for the program.");
  assertPromoterActive(promoter, "Personal codes are paused");
  await assertTermsAccepted({ userId: owner.userId }, db);
  if (input.percentBps > settings.promoterCodeMaxBps)
    throw new AppError(
      "BAD_INPUT",
      `A personal code gives at most ${formatBps(settings.promoterCodeMaxBps)} off.`,
      { field: "percentBps" },
    );
  await db
    .$transaction(async (tx) => {
      // One claim at a time per promoter: the profile row is the lock.
      await tx.$queryRaw`SELECT 1 FROM "PromoterProfile" WHERE "id" = ${owner.promoterId} FOR UPDATE`;
      const held = await heldCode(owner.promoterId, tx);
      if (held && held.code === input.code) {
        if (held.value === input.percentBps) return;
        await tx.discountCode.update({ where: { id: held.id }, data: { value: input.percentBps } });
        await writeAudit(tx, {
          actorId: owner.userId,
          action: "discount.update",
          subjectType: "discountCode",
          subjectId: held.id,
          before: { value: held.value },
          after: { value: input.percentBps },
        });
        return;
      }
      if (held) {
        await tx.discountCode.update({ where: { id: held.id }, data: { status: "ARCHIVED" } });
        await writeAudit(tx, {
          actorId: owner.userId,
          action: "discount.update",
          subjectType: "discountCode",
          subjectId: held.id,
          before: { status: held.status },
          after: { status: "ARCHIVED", replacedBy: input.code },
        });
      }
      const created = await tx.discountCode.create({
        data: {
          code: input.code,
          description: `${formatBps(input.percentBps)} off with ${promoter.displayName ?? "a Fanfare promoter"}'s code`,
          type: "PERCENT",
          value: input.percentBps,
          scope: "PLATFORM",
          funder: "PROMOTER",
          promoterId: owner.promoterId,
          createdById: owner.userId,
        },
      });
      await writeAudit(tx, {
        actorId: owner.userId,
        action: "discount.create",
        subjectType: "discountCode",
        subjectId: created.id,
        after: { code: created.code, value: created.value, funder: "PROMOTER" },
      });
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("CONFLICT", `The code ${input.code} is taken: try another.`, {
          field: "code",
        });
      throw e;
    });
  return myPromoterCode(owner, db);
}

/**
 * Pauses or resumes the promoter's own code. A paused code is refused at checkout ("no longer
 * valid"); resuming needs the promoter ACTIVE. Audited.
 * @throws AppError NOT_FOUND (no code claimed), FORBIDDEN (resuming while not ACTIVE), CONFLICT
 *   (the code expired).
 */
export async function setPromoterCodeStatus(
  raw: z.input<typeof ZSetPromoterCodeStatusInput>,
  owner: CodeOwner,
  db: PrismaClient,
): Promise<PromoterCodeView> {
  const { status } = ZSetPromoterCodeStatusInput.parse(raw);
  const held = await heldCode(owner.promoterId, db);
  if (!held) throw new AppError("NOT_FOUND", "You have no personal code yet: claim one first.");
  if (held.status === "EXPIRED")
    throw new AppError("CONFLICT", `The code ${held.code} has expired: claim a new one.`);
  if (status === "ACTIVE") {
    const promoter = await db.promoterProfile.findUniqueOrThrow({
      where: { id: owner.promoterId },
      select: { status: true, statusReason: true },
    });
    assertPromoterActive(promoter, "Personal codes are paused");
  }
  if (held.status !== status)
    await db.$transaction(async (tx) => {
      await tx.discountCode.update({ where: { id: held.id }, data: { status } });
      await writeAudit(tx, {
        actorId: owner.userId,
        action: "discount.update",
        subjectType: "discountCode",
        subjectId: held.id,
        before: { status: held.status },
        after: { status },
      });
    });
  return myPromoterCode(owner, db);
}
