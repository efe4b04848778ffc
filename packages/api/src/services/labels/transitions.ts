import type { LabelContractState, Prisma, PrismaClient } from "@fanfare/db";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { isUniqueViolation } from "../catalog/manage-tracks";
import { notify } from "../notifications/notify";
import type { LabelContractAction, LabelContractSide } from "./contract-state";
import { ACTION_SIDES, nextContractState } from "./contract-state";
import type { LabelContractView } from "./invitations";
import { contractViewSelect, toContractView } from "./invitations";

const PAST: Record<LabelContractAction, string> = {
  accept: "accepted",
  decline: "declined",
  withdraw: "withdrawn",
  end: "ended",
};

/**
 * Moves the contract `contractId` by `action` for `userId` (`label.accept`, `label.decline`,
 * `label.withdraw`, `label.end`), under `nextContractState`'s table:
 * - accept / decline: the invited artist only (the user's own artist profile; a label acting for
 *   the artist cannot); accept refuses while the artist has an active contract in its term or
 *   not yet started ("End your contract with <label> first.") and when the invitation's term is
 *   already over. An active contract whose end date has passed (`endsAt ≤ now`) does not block:
 *   the same transaction ends it first (status `ended`, `endedAt` = its `endsAt`, audit
 *   `label.end_by_term`, the old label notified);
 * - withdraw: the inviting label, on an open invitation;
 * - end: either side, on an active contract. `endedAt` = now; the contract's dates stay as
 *   agreed, and sales already made keep the label recorded on them (Sale.labelId).
 * Each sets `respondedAt` (accept, decline, withdraw) or `endedAt` (withdraw, end) to `now`, in
 * one conditional update (a concurrent change makes it CONFLICT, never a double transition),
 * writes the audit log (`label.<action>`) and notifies the other side (`label_contract`).
 * @returns the contract as saved.
 * @throws AppError NOT_FOUND when the contract does not exist or the user is on neither side
 *   (or not on the side the action needs); CONFLICT when the action does not apply to its state,
 *   another active contract blocks acceptance, or it changed meanwhile; GONE when accepting an
 *   invitation whose term is over.
 */
export async function transitionContract(
  input: { userId: string; contractId: string; action: LabelContractAction; now?: Date },
  db: PrismaClient,
): Promise<LabelContractView> {
  const now = input.now ?? new Date();
  const { action, contractId } = input;
  const contract = await db.labelContract.findUnique({
    where: { id: contractId },
    select: {
      ...contractViewSelect,
      label: { select: { id: true, name: true, slug: true, userId: true } },
      artist: { select: { id: true, name: true, slug: true, userId: true } },
    },
  });
  const sides: LabelContractSide[] = [];
  if (contract?.label.userId === input.userId) sides.push("label");
  if (contract?.artist.userId === input.userId) sides.push("artist");
  const side = sides.find((s) => ACTION_SIDES[action].includes(s));
  // Someone on neither side learns nothing about the contract, not even that it exists.
  if (!contract || !side)
    throw new AppError("NOT_FOUND", `Contract ${contractId} was not found among your contracts.`);
  const from = contract.status as LabelContractState;
  const to = nextContractState(from, action);
  if (!to)
    throw new AppError(
      "CONFLICT",
      `Contract ${contractId} is ${from}: it cannot be ${PAST[action]}.`,
    );
  /** On accept: the artist's active contract whose term is over, ended in the same transaction. */
  let expired: { id: string; endsAt: Date | null; label: { name: string; userId: string } } | null =
    null;
  if (action === "accept") {
    if (contract.endsAt && contract.endsAt <= now)
      throw new AppError(
        "GONE",
        `The invitation from ${contract.label.name} was for a term that ended on ${contract.endsAt.toISOString().slice(0, 10)}: ask for a new one.`,
      );
    const other = await db.labelContract.findFirst({
      where: { artistId: contract.artist.id, status: "active" },
      select: { id: true, endsAt: true, label: { select: { name: true, userId: true } } },
    });
    if (other && !(other.endsAt && other.endsAt <= now)) throw endFirst(other.label.name);
    expired = other;
  }

  try {
    return await db.$transaction(async (tx) => {
      if (expired?.endsAt)
        await endByTerm(
          tx,
          { ...expired, endsAt: expired.endsAt, artistName: contract.artist.name },
          input.userId,
        );
      const changed = await tx.labelContract.updateMany({
        where: { id: contractId, status: from },
        data: {
          status: to,
          ...(from === "invited" ? { respondedAt: now } : {}),
          ...(to === "ended" ? { endedAt: now } : {}),
        },
      });
      if (changed.count !== 1)
        throw new AppError(
          "CONFLICT",
          `Contract ${contractId} changed meanwhile: reload and try again.`,
        );
      const saved = await tx.labelContract.findUniqueOrThrow({
        where: { id: contractId },
        select: contractViewSelect,
      });
      await writeAudit(tx, {
        actorId: input.userId,
        action: `label.${action}`,
        subjectType: "LabelContract",
        subjectId: contractId,
        before: { status: from },
        after: { status: to, by: side },
      });
      const toLabel = side === "artist";
      await notify(tx, {
        userId: toLabel ? contract.label.userId : contract.artist.userId,
        type: "label_contract",
        title: toLabel
          ? `${contract.artist.name} ${PAST[action]} ${action === "end" ? "their contract with you" : "your invitation"}`
          : `${contract.label.name} ${PAST[action]} ${action === "end" ? "your contract" : "its invitation"}`,
        href: toLabel ? "/dashboard/label" : "/dashboard/artist/label",
        dedupeKey: `label-contract:${contractId}:${to}`,
      });
      return toContractView(saved, now);
    });
  } catch (e) {
    // Two acceptances racing: the partial unique index keeps one active contract per artist.
    if (isUniqueViolation(e, "artistId") || isUniqueViolation(e, "one_active_per_artist")) {
      const other = await db.labelContract.findFirst({
        where: { artistId: contract.artist.id, status: "active" },
        select: { label: { select: { name: true } } },
      });
      throw endFirst(other?.label.name ?? "your current label");
    }
    throw e;
  }
}

/**
 * Ends `contract`, active past its end date, by term: status `ended` (`nextContractState`'s
 * `end`), `endedAt` its `endsAt`, in `tx`; writes the audit log (`label.end_by_term`, actor the
 * artist whose acceptance ended it) and notifies the label. A contract no longer active (ended
 * meanwhile by either side) is left as it is, and the acceptance goes on.
 */
async function endByTerm(
  tx: Prisma.TransactionClient,
  contract: { id: string; endsAt: Date; artistName: string; label: { userId: string } },
  actorId: string,
): Promise<void> {
  const to = nextContractState("active", "end")!;
  const changed = await tx.labelContract.updateMany({
    where: { id: contract.id, status: "active" },
    data: { status: to, endedAt: contract.endsAt },
  });
  if (changed.count !== 1) return;
  await writeAudit(tx, {
    actorId,
    action: "label.end_by_term",
    subjectType: "LabelContract",
    subjectId: contract.id,
    before: { status: "active" },
    after: { status: to, by: "term", endedAt: contract.endsAt.toISOString() },
  });
  await notify(tx, {
    userId: contract.label.userId,
    type: "label_contract",
    title: `Your contract with ${contract.artistName} ended when its term ran out (${contract.endsAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    href: "/dashboard/label",
    dedupeKey: `label-contract:${contract.id}:ended`,
  });
}

const endFirst = (labelName: string) =>
  new AppError(
    "CONFLICT",
    `End your contract with ${labelName} first: an artist has one label at a time.`,
  );
