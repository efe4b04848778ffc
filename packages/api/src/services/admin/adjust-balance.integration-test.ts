import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";
import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { adjustBalance } from "./adjust-balance";

/** Manual balance adjustments (issue 11 §5): through the ledger, idempotent, audited. */
describe("admin.adjustBalance", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeUser"]>>;
  let promoter: Awaited<ReturnType<Harness["makeUser"]>>;
  let promoterId = "";
  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeUser();
    await h.db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    promoter = await h.makeUser({ email: "adjust-promoter@example.com" });
    promoterId = (await promoter.caller.promoter.me()).promoter.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const balance = async (id: string) =>
    cents((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0);

  test("a credit moves the payee's payable balance against PLATFORM_ADJUSTMENTS, with the reason, and is audited", async () => {
    const caller = await h.callerFor(admin.id);
    const key = randomUUID();
    const result = await caller.admin.adjustBalance({
      payeeEmail: "Adjust-Promoter@Example.com",
      payeeType: "PROMOTER",
      amountCents: 250,
      reason: "Missed commission on a broken link",
      idempotencyKey: key,
    });
    expect(result).toMatchObject({ created: true, amountCents: 250, payeeId: promoterId });
    expect(await balance(`PROMOTER_BALANCE:${promoterId}`)).toBe(250);
    expect(await balance("PLATFORM_ADJUSTMENTS")).toBe(-250);
    // The payee reads it in their ledger, with the reason.
    const ledger = await promoter.caller.promoter.ledger();
    const entry = ledger.items.find((e) => e.kind === "ADJUSTMENT");
    expect(entry).toMatchObject({ amountCents: 250 });
    expect(entry?.description).toContain("Missed commission on a broken link");
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: "balance.adjust" } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      subjectType: "promoter",
      subjectId: promoterId,
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("the same key posts once (also five at once); the same key for another amount is a conflict", async () => {
    const key = randomUUID();
    const input = {
      payeeEmail: "adjust-promoter@example.com",
      payeeType: "PROMOTER" as const,
      amountCents: -100,
      reason: "Duplicate bonus reversed",
      idempotencyKey: key,
    };
    const before = await balance(`PROMOTER_BALANCE:${promoterId}`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => adjustBalance(input, { userId: admin.id }, h.db)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await balance(`PROMOTER_BALANCE:${promoterId}`)).toBe(before - 100);
    expect(await h.db.ledgerEntry.count({ where: { transactionId: `adjustment:${key}` } })).toBe(2);
    await expect(
      adjustBalance({ ...input, amountCents: -200 }, { userId: admin.id }, h.db),
    ).rejects.toThrow(`Idempotency key ${key} was already used for another adjustment.`);
    expect(await balance(`PROMOTER_BALANCE:${promoterId}`)).toBe(before - 100);
  });

  test("a debit may take the balance below zero (netted by the next payout); the books stay clean", async () => {
    await adjustBalance(
      {
        payeeEmail: "adjust-promoter@example.com",
        payeeType: "PROMOTER",
        amountCents: -1000,
        reason: "Chargeback outside the platform",
        idempotencyKey: randomUUID(),
      },
      { userId: admin.id },
      h.db,
    );
    expect(await balance(`PROMOTER_BALANCE:${promoterId}`)).toBe(250 - 100 - 1000);
    expect(await verifyLedger(h.db)).toEqual([]);
    // No artist profile behind this email: nothing to adjust, nothing posted.
    await expect(
      adjustBalance(
        {
          payeeEmail: "adjust-promoter@example.com",
          payeeType: "ARTIST",
          amountCents: 5,
          reason: "Wrong side",
          idempotencyKey: randomUUID(),
        },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toThrow("adjust-promoter@example.com has no artist profile to adjust.");
  });

  test("an admin's refund is audited with the refunded total before and after", async () => {
    const artist = await h.makeUser({ artistName: "Audit Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "audited-refund@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    const caller = await h.callerFor(admin.id);
    await caller.admin.refundSale({ saleId: checkout.saleId, amountCents: 300 });
    const audit = await caller.admin.audit.list({ subjectType: "sale", limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      action: "sale.refund",
      subjectId: checkout.saleId,
      before: { refundedCents: 0, status: "COMPLETED" },
      after: { refundedCents: 300, amountCents: 300 },
      actor: { id: admin.id },
    });
  });
});
