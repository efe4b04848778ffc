import type { PrismaClient } from "@fanfare/db";

import type { LabelContractView } from "./invitations";
import { contractViewSelect, toContractView } from "./invitations";
import { getOwnLabelOrThrow } from "./label-profile";

/** A row of the label's roster: the contract, and whether it is in force at `now`. */
export type RosterEntry = LabelContractView & {
  /** Active and now within [startsAt, endsAt): sales now record the label's share. */
  inForce: boolean;
  /** The label may act for the artist now (in force and `canManage`). */
  canActNow: boolean;
};

const ORDER = { active: 0, invited: 1, ended: 2, declined: 3 } as const;

/**
 * The roster of `userId`'s label (`label.roster`): every contract it made, active ones first,
 * then open invitations, then ended and declined ones; newest first within each. A contract past
 * its end date shows as ended by term (`toContractView` at `now`).
 * @throws AppError FORBIDDEN when the user has no label.
 */
export async function listRoster(
  input: { userId: string; now?: Date },
  db: PrismaClient,
): Promise<RosterEntry[]> {
  const now = input.now ?? new Date();
  const label = await getOwnLabelOrThrow({ userId: input.userId }, db);
  const rows = await db.labelContract.findMany({
    where: { labelId: label.id },
    orderBy: [{ invitedAt: "desc" }, { id: "desc" }],
    select: contractViewSelect,
  });
  return rows
    .map((r) => toContractView(r, now))
    .map((c) => {
      const inForce =
        c.status === "active" && c.startsAt <= now && (c.endsAt === null || now < c.endsAt);
      return { ...c, inForce, canActNow: inForce && c.canManage };
    })
    .sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}
