import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { postAdjustment } from "../admin/adjust-balance";
import { postLedgerTransaction } from "../ledger/post-transaction";
import { verifyLedger } from "../ledger/verify-ledger";
import { releaseDueSales } from "../payouts/payouts";
import { setPromoterStatus } from "./promoter-status";
import { forfeitTerminatedPromoters, writeOffNegativeBalance } from "./termination";

const DAY = 86_400_000;

/**
 * The end of a termination's notice period (issue 11 §2): unpaid commissions are rejected (their
 * shares go to the artists through settlement) and a negative balance left behind is written
 * off to PLATFORM_WRITE_OFFS, once, audited and checked by ledger:verify.
 */
describe("termination forfeiture and write-offs", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const balance = async (id: string) =>
    cents((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0);

  /**
   * A promoter with three payable commissions (200 cents each, past their hold), one still
   * pending, and a debit adjustment of 900 cents (balance 600 − 900 = −300), then terminated.
   */
  async function terminatedPromoter(terminatedAt: Date) {
    const artistUser = await h.makeUser({
      artistName: `Forfeit Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artistUser, { priceCents: 1000, commissionBps: 2000 });
    const user = await h.makeUser();
    const promoter = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
    for (let i = 0; i < 3; i++) await h.sellThroughLink(link, track);
    await releaseDueSales(h.db, { now: new Date(Date.now() + 15 * DAY) });
    await h.sellThroughLink(link, track);
    await postAdjustment(
      {
        payee: { type: "PROMOTER", id: promoter.id },
        amountCents: -900,
        reason: "Chargeback fees",
        idempotencyKey: randomUUID(),
      },
      { userId: null },
      h.db,
    );
    await setPromoterStatus(
      { promoterId: promoter.id, status: "TERMINATED", reason: "Bought through own links" },
      { userId: null },
      h.db,
      terminatedAt,
    );
    const artistId = (
      await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } })
    ).id;
    return { promoterId: promoter.id, artistId, user };
  }

  test("nothing moves inside the notice period; after it, unpaid commissions go to the artist and the deficit is written off once", async () => {
    const terminatedAt = new Date();
    const p = await terminatedPromoter(terminatedAt);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(-300);
    const artistBefore =
      (await balance(`ARTIST_BALANCE:${p.artistId}`)) +
      (await balance(`ARTIST_PENDING:${p.artistId}`));

    const early = await forfeitTerminatedPromoters(
      { now: new Date(terminatedAt.getTime() + 29 * DAY) },
      h.db,
    );
    expect(early.promoters).toBe(0);
    expect(
      await h.db.commission.count({ where: { promoterId: p.promoterId, status: "REJECTED" } }),
    ).toBe(0);

    const writeOffsBefore = await balance("PLATFORM_WRITE_OFFS");
    const after = new Date(terminatedAt.getTime() + 31 * DAY);
    const run = await forfeitTerminatedPromoters({ now: after }, h.db);
    expect(run).toMatchObject({ rejected: 4, writeOffs: 1, writtenOffCents: 900 });
    const commissions = await h.db.commission.findMany({ where: { promoterId: p.promoterId } });
    expect(commissions.map((c) => c.status)).toEqual([
      "REJECTED",
      "REJECTED",
      "REJECTED",
      "REJECTED",
    ]);
    expect(commissions[0]!.rejectReason).toMatch(
      /terminated on \d{4}-\d{2}-\d{2}: after the 30-day notice period/,
    );
    // The artist got the four commissions; the promoter's balance ends at zero.
    const artistAfter =
      (await balance(`ARTIST_BALANCE:${p.artistId}`)) +
      (await balance(`ARTIST_PENDING:${p.artistId}`));
    expect(artistAfter - artistBefore).toBe(800);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(0);
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(0);
    expect((await balance("PLATFORM_WRITE_OFFS")) - writeOffsBefore).toBe(-900);
    expect(
      await h.db.auditLog.findFirst({
        where: { action: "promoter.writeOff", subjectId: p.promoterId },
      }),
    ).toMatchObject({ actorId: null, before: { balanceCents: -900 }, after: { balanceCents: 0 } });
    // One email for the four, not four.
    expect(
      await h.db.emailOutbox.count({
        where: { to: p.user.email, template: "commission-review" },
      }),
    ).toBe(1);
    expect(await verifyLedger(h.db)).toEqual([]);

    // Idempotent: the next run finds nothing to do.
    expect(await forfeitTerminatedPromoters({ now: after }, h.db)).toMatchObject({
      promoters: 0,
      rejected: 0,
      writeOffs: 0,
    });
  });

  test("two runs at once reject and write off each thing once", async () => {
    const terminatedAt = new Date();
    const p = await terminatedPromoter(terminatedAt);
    const after = new Date(terminatedAt.getTime() + 31 * DAY);
    const runs = await Promise.all([
      forfeitTerminatedPromoters({ now: after }, h.db),
      forfeitTerminatedPromoters({ now: after }, h.db),
    ]);
    expect(runs.reduce((t, r) => t + r.rejected, 0)).toBe(4);
    expect(
      await h.db.ledgerEntry.count({
        where: { kind: "WRITE_OFF", accountId: `PROMOTER_BALANCE:${p.promoterId}` },
      }),
    ).toBe(1);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a suspended promoter, or an active one, is never written off", async () => {
    const user = await h.makeUser();
    const promoter = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    await postAdjustment(
      {
        payee: { type: "PROMOTER", id: promoter.id },
        amountCents: -100,
        reason: "Fee",
        idempotencyKey: randomUUID(),
      },
      { userId: null },
      h.db,
    );
    expect(await writeOffNegativeBalance({ promoterId: promoter.id }, h.db)).toBeNull();
    await setPromoterStatus(
      { promoterId: promoter.id, status: "SUSPENDED", reason: "Review" },
      { userId: null },
      h.db,
    );
    expect(await writeOffNegativeBalance({ promoterId: promoter.id }, h.db)).toBeNull();
    expect(await balance(`PROMOTER_BALANCE:${promoter.id}`)).toBe(-100);
  });

  test("ledger:verify reports a write-off that was not a terminated promoter's deficit", async () => {
    const user = await h.makeUser();
    const promoter = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    const transactionId = `write-off:${promoter.id}:bogus`;
    await h.db.$transaction((tx) =>
      postLedgerTransaction(tx, {
        transactionId,
        kind: "WRITE_OFF",
        description: "A write-off no rule allows",
        lines: [
          { type: "PROMOTER_BALANCE", ownerId: promoter.id, amountCents: 500 },
          { type: "PLATFORM_WRITE_OFFS", amountCents: -500 },
        ],
      }),
    );
    const found = await verifyLedger(h.db);
    expect(found).toContainEqual({
      check: "write-off",
      subject: transactionId,
      detail: `wrote 500 cents off PROMOTER_BALANCE:${promoter.id} (status ACTIVE), leaving 500`,
    });
  });
});
