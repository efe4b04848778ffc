import type { Prisma, PrismaClient } from "@fanfare/db";
import { ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { pageArgs, paginate } from "../pagination";

type Tx = Prisma.TransactionClient;

/** One admin action as the audit log keeps it. */
export type AuditEntry = {
  /** The admin's user id; null for the system. */
  actorId: string | null;
  /** What was done, "<area>.<verb>" (e.g. "settings.update"). */
  action: string;
  subjectType: string;
  subjectId: string;
  /** The state before and after (JSON; no secrets, no personal data beyond ids). */
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

/**
 * Records an admin action. Call it inside the transaction that makes the change, so the log
 * holds exactly the changes that happened (issue 11 §5: who, when, what, before and after).
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: entry });
}

/**
 * The audit log, newest first, with each actor's name and email, optionally for one subject
 * type; cursor pages by id.
 */
export async function listAuditLog(
  input: { subjectType?: string; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  const rows = await db.auditLog.findMany({
    where: input.subjectType ? { subjectType: input.subjectType } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(page),
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  const actors = await db.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(actors.map((a) => [a.id, a]));
  return paginate(rows, page, (r) => ({
    id: r.id,
    createdAt: r.createdAt,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    before: r.before,
    after: r.after,
    actor: r.actorId ? (byId.get(r.actorId) ?? { id: r.actorId, name: null, email: "" }) : null,
  }));
}
