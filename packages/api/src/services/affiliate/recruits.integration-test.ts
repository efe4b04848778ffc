import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { ledgerAccountId } from "../ledger/post-transaction";
import { verifyLedger } from "../ledger/verify-ledger";
import { releaseDueSales } from "../payouts/payouts";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { refundSale } from "../refunds/refund-sale";
import { updateProgramSettings } from "../settings/program-settings";
import { scoreDirtyPromoters } from "../fraud/fraud-score";
import { promoterCode, secondTierEndsAt, secondTierFor } from "./recruits";
import { forfeitTerminatedPromoters } from "./termination";

/**
 * Referrals and two-tier commission (issue 14 §6): a recruit link records the recruiter once, at
 * sign-up; the recruiter's share of each recruit's commission is a RECRUITER share of the sale,
 * from the platform fee, settled, reversed in proportion and held with the commission, and sent
 * back to the platform when the commission is rejected; the ledger verifies clean throughout.
 */
describe("referrals and the second tier", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const balance = async (type: "PROMOTER_PENDING" | "PROMOTER_BALANCE", ownerId: string) =>
    Number(
      (
        await h.db.ledgerAccount.findUnique({
          where: { id: ledgerAccountId(type, ownerId) },
        })
      )?.balanceCents ?? 0,
    );

  /**
   * A $10 track at 25 % by a new artist, a recruiter, their recruit (signed up through the
   * recruiter's code) and the recruit's link to the track.
   */
  const recruitedLink = async (artistName: string) => {
    const artist = await h.makeUser({ artistName });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 });
    const recruiter = await h.makeUser();
    const recruiterId = (
      await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: recruiter.id } })
    ).id;
    const recruit = await h.makeUser({ recruitCode: await promoterCode(recruiterId, h.db) });
    const recruitId = (
      await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: recruit.id } })
    ).id;
    const link = await recruit.caller.promoter.getOrCreateLink({ trackId: track.id });
    return { track, recruiter, recruiterId, recruit, recruitId, link };
  };

  test("a recruit link records the recruiter once at sign-up; unknown codes and inactive recruiters are ignored", async () => {
    const recruiter = await h.makeUser();
    const recruiterProfile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: recruiter.id },
    });
    const code = await promoterCode(recruiterProfile.id, h.db);
    expect(code).toMatch(/^[a-z0-9]{8}$/);
    // The code is stable: asked again (or concurrently), the same one.
    expect(
      await Promise.all([
        promoterCode(recruiterProfile.id, h.db),
        promoterCode(recruiterProfile.id, h.db),
      ]),
    ).toEqual([code, code]);

    const recruit = await h.makeUser({ recruitCode: code.toUpperCase() });
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: recruit.id } }),
    ).toMatchObject({ recruitedById: recruiterProfile.id, joinedVia: "recruit" });

    // A code that names nobody, or nonsense, never refuses the sign-up: no recruiter.
    for (const recruitCode of ["zzzzzzzz", "<script>", ""]) {
      const u = await h.makeUser({ recruitCode });
      expect(
        await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: u.id } }),
      ).toMatchObject({ recruitedById: null, recruitedAt: null, joinedVia: null });
    }

    // A suspended promoter recruits nobody.
    const suspended = await h.makeUser();
    const suspendedProfile = await h.db.promoterProfile.update({
      where: { userId: suspended.id },
      data: { status: "SUSPENDED" },
    });
    const theirCode = await promoterCode(suspendedProfile.id, h.db);
    const u = await h.makeUser({ recruitCode: theirCode });
    expect(
      (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: u.id } })).recruitedById,
    ).toBeNull();

    // Nobody is their own recruiter: the database refuses it.
    await expect(
      h.db.promoterProfile.update({
        where: { id: recruiterProfile.id },
        data: { recruitedById: recruiterProfile.id, recruitedAt: new Date() },
      }),
    ).rejects.toThrow(/PromoterProfile_recruit_check/);

    // "Your recruits": the link and the recruit, by label (never their email).
    const mine = await recruiter.caller.promoter.recruits();
    expect(mine).toMatchObject({ code, recruits: 1, shareBps: 500, months: 12 });
    expect(mine.url).toMatch(new RegExp(`/join\\?ref=${code}$`));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ label: recruit.name, status: "ACTIVE" });
    expect(JSON.stringify(mine)).not.toContain(recruit.email);
  });

  test("the recruiter's share is recorded at checkout, paid from the fee, reversed in proportion, held and rejected with the commission", async () => {
    const { track, recruiter, recruiterId, recruitId, link } =
      await recruitedLink("Recruit Artist");

    const first = await h.sellThroughLink(link, track);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: first },
      include: { shares: { orderBy: { position: "asc" } }, commission: true },
    });
    // $10 at 25 %: fee 100 − 13, commission 250, recruiter 5 % of 250 = 13, artist 650.
    expect(sale).toMatchObject({
      status: "COMPLETED",
      recruiterId,
      recruiterShareBps: 500,
      recruiterCents: 13,
      platformFeeCents: 87,
      commissionCents: 250,
      artistCents: 650,
      commission: { amountCents: 250 },
    });
    expect(sale.shares.map((s) => [s.kind, s.ownerId, s.amountCents])).toEqual([
      ["PLATFORM_FEE", null, 87],
      ["ARTIST", sale.shares[1]!.ownerId, 650],
      ["COMMISSION", recruitId, 250],
      ["RECRUITER", recruiterId, 13],
    ]);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    // The recruit's totals are their commission only.
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { id: recruitId } }),
    ).toMatchObject({ salesCount: 1, earningsCents: 250n });
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { id: recruiterId } }),
    ).toMatchObject({ salesCount: 0, earningsCents: 0n });

    // A half refund takes back half of every share: the recruiter's 13 → 7 (6.5 rounded up back).
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: first, amountCents: 500 }, { db: h.db, payments });
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(6);
    expect(await verifyLedger(h.db)).toEqual([]);

    // Past its holding period the first sale's shares are payable, the recruiter's too.
    const later = new Date(Date.now() + 400 * 86_400_000);
    await releaseDueSales(h.db, { now: later });
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(6);

    // A held commission holds the recruiter's share too, past the release date.
    const second = await h.sellThroughLink(link, track);
    const held = await h.makeAdmin();
    await held.caller.admin.fraud.holdPromoter({
      promoterId: recruitId,
      reason: "Checking these sales before they are paid.",
    });
    await releaseDueSales(h.db, { now: later });
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(6); // the first sale's
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13); // the second's, held
    expect(await verifyLedger(h.db)).toEqual([]);

    // Rejected: the commission goes to the artist, the recruiter's share back to the platform.
    const commission = await h.db.commission.findUniqueOrThrow({ where: { saleId: second } });
    await held.caller.admin.fraud.reject({
      commissionId: commission.id,
      reason: "These sales were the promoter's own.",
    });
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);
    const rejected = await h.db.sale.findUniqueOrThrow({ where: { id: second } });
    expect(rejected.recruiterCents).toBe(13);
    expect(await verifyLedger(h.db)).toEqual([]);

    // "Your recruits": what the recruiter earned from this recruit, as posted (6 + 0).
    const mine = await recruiter.caller.promoter.recruits();
    expect(mine.earnedCents).toBe(6);
    expect(mine.items[0]).toMatchObject({ id: recruitId, earnedFromCents: 6, salesCount: 1 });
  });

  test("a suspended recruiter's shares wait past the release, are paid once reinstated, and go back to the platform once a termination's notice period ends", async () => {
    const { track, recruiterId, link } = await recruitedLink("Hold Artist");
    const admin = await h.makeAdmin();
    const setStatus = (status: "ACTIVE" | "SUSPENDED" | "TERMINATED", reason: string) =>
      admin.caller.admin.promoters.setStatus({ promoterId: recruiterId, status, reason });
    const later = new Date(Date.now() + 400 * 86_400_000);

    // Already payable when the recruiter is suspended: it stays payable (payouts are refused to
    // a suspended promoter anyway), even when the sale settles again.
    const paid = await h.sellThroughLink(link, track);
    await releaseDueSales(h.db, { now: later });
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(13);
    await setStatus("SUSPENDED", "Checking your recruits' sales.");
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: paid, amountCents: 100 }, { db: h.db, payments });
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(12);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);

    // A checkout while the recruiter is suspended records no second tier at all.
    const unshared = await h.sellThroughLink(link, track);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: unshared } })).toMatchObject({
      recruiterId: null,
      recruiterCents: 0,
      recruiterHeldAt: null,
    });

    // Reinstate, sell, suspend before the release: held.
    await setStatus("ACTIVE", "All clear.");
    const held = await h.sellThroughLink(link, track);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    await setStatus("SUSPENDED", "Checking again.");
    await releaseDueSales(h.db, { now: later });
    const heldSale = await h.db.sale.findUniqueOrThrow({ where: { id: held } });
    expect(heldSale.releasedAt).not.toBeNull();
    expect(heldSale.recruiterHeldAt).not.toBeNull();
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(12);
    expect(await verifyLedger(h.db)).toEqual([]);

    // Reinstated: the held share is paid at once.
    await setStatus("ACTIVE", "Cleared.");
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(25);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: held } })).recruiterHeldAt).toBeNull();
    expect(await verifyLedger(h.db)).toEqual([]);

    // Terminated with a share still held: after the notice period it goes back to the platform.
    const last = await h.sellThroughLink(link, track);
    await setStatus("TERMINATED", "Recruiting fake accounts.");
    // Releasing for the recruiter as a payee releases (and holds) their recruiter's shares too.
    await releaseDueSales(h.db, {
      now: later,
      payee: { type: "PROMOTER", id: recruiterId },
    });
    const lastSale = await h.db.sale.findUniqueOrThrow({ where: { id: last } });
    expect(lastSale.releasedAt).not.toBeNull();
    expect(lastSale.recruiterHeldAt).not.toBeNull();
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    const revenueBefore = Number(
      (await h.db.ledgerAccount.findUniqueOrThrow({ where: { id: "PLATFORM_REVENUE" } }))
        .balanceCents,
    );
    const result = await forfeitTerminatedPromoters({ now: later }, h.db);
    expect(result.recruiterSharesForfeited).toBe(1);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);
    // What was payable at the termination stays for an admin to settle.
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(25);
    expect(
      Number(
        (await h.db.ledgerAccount.findUniqueOrThrow({ where: { id: "PLATFORM_REVENUE" } }))
          .balanceCents,
      ),
    ).toBe(revenueBefore + 13);
    const entry = await h.db.ledgerEntry.findFirstOrThrow({
      where: { saleId: last, kind: "RECRUITER_FORFEITED" },
    });
    expect(entry.amountCents).not.toBe(0n);
    expect(await verifyLedger(h.db)).toEqual([]);
    // Idempotent: a second run forfeits nothing more.
    expect((await forfeitTerminatedPromoters({ now: later }, h.db)).recruiterSharesForfeited).toBe(
      0,
    );
    // The recruit's own commission is untouched by their recruiter's fate.
    expect((await h.db.commission.findUniqueOrThrow({ where: { saleId: last } })).status).toBe(
      "PAYABLE",
    );
  });

  test("a share held with its recruit's commission past the release is still held, then forfeited, when the recruiter is terminated meanwhile", async () => {
    const { track, recruiterId, recruitId, link } = await recruitedLink("Review Artist");
    const admin = await h.makeAdmin();
    const saleId = await h.sellThroughLink(link, track);
    // The recruit's commission is under review when the holding period ends: the sale is
    // released, the commission and the recruiter's share stay pending.
    await admin.caller.admin.fraud.holdPromoter({
      promoterId: recruitId,
      reason: "Checking these sales before they are paid.",
    });
    const later = new Date(Date.now() + 400 * 86_400_000);
    await releaseDueSales(h.db, { now: later });
    expect(
      (await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).releasedAt,
    ).not.toBeNull();
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    // The recruiter is terminated while the review goes on; then the review clears the recruit.
    await admin.caller.admin.promoters.setStatus({
      promoterId: recruiterId,
      status: "SUSPENDED",
      reason: "Checking your account.",
    });
    await admin.caller.admin.promoters.setStatus({
      promoterId: recruiterId,
      status: "TERMINATED",
      reason: "Recruiting fake accounts.",
    });
    const commission = await h.db.commission.findUniqueOrThrow({ where: { saleId } });
    await admin.caller.admin.fraud.release({ commissionId: commission.id, reason: "All clear." });
    // The recruit is paid; the terminated recruiter's share never became payable.
    expect(await h.db.commission.findUniqueOrThrow({ where: { saleId } })).toMatchObject({
      status: "PAYABLE",
    });
    expect(await balance("PROMOTER_BALANCE", recruiterId)).toBe(0);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(13);
    expect(
      (await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).recruiterHeldAt,
    ).not.toBeNull();
    expect(await verifyLedger(h.db)).toEqual([]);
    const result = await forfeitTerminatedPromoters({ now: later }, h.db);
    expect(result.recruiterSharesForfeited).toBe(1);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a recruiter paying from their own mailbox (Checkout's email field) for their recruit's sale earns no second tier; the recruit keeps the commission", async () => {
    const { track, recruiter, recruiterId, link } = await recruitedLink("Paid Artist");
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: "v-paid-as-recruiter",
        landingPath: `/t/${track.slug}`,
        counted: true,
      },
    });
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "a.friend@example.com",
    });
    // At checkout start the buyer was someone else: the second tier was recorded.
    expect(
      (await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } })).recruiterId,
    ).toBe(recruiterId);
    const [local, domain] = recruiter.email.split("@");
    const result = await handleProviderEvent(
      {
        id: `evt_paid_as_recruiter_${checkout.saleId}`,
        type: "checkout.session.completed",
        data: {
          object: {
            id: `cs_paid_as_recruiter_${checkout.saleId}`,
            client_reference_id: checkout.saleId,
            amount_total: 1000,
            currency: "usd",
            payment_status: "paid",
            payment_intent: `pi_paid_as_recruiter_${checkout.saleId}`,
            customer_details: { email: `${local}+music@${domain}`, name: "R" },
          },
        },
      },
      h.db,
    );
    expect(result.status).toBe("applied");
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { shares: { orderBy: { position: "asc" } }, commission: true },
    });
    // $10 at 25 %: no recruiter share; the fee keeps its 100, the commission stays 250.
    expect(sale).toMatchObject({
      status: "COMPLETED",
      recruiterId: null,
      recruiterShareBps: 0,
      recruiterCents: 0,
      platformFeeCents: 100,
      commissionCents: 250,
      artistCents: 650,
      commission: { amountCents: 250 },
    });
    expect(sale.shares.map((x) => x.kind)).toEqual(["PLATFORM_FEE", "ARTIST", "COMMISSION"]);
    expect(await balance("PROMOTER_PENDING", recruiterId)).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("no second tier after the months, without the setting, or for a recruiter who is not active; two tiers only", async () => {
    const a = await h.makeUser();
    const aId = (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: a.id } })).id;
    const b = await h.makeUser({ recruitCode: await promoterCode(aId, h.db) });
    const bId = (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: b.id } })).id;
    const c = await h.makeUser({ recruitCode: await promoterCode(bId, h.db) });
    const cId = (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: c.id } })).id;
    const now = new Date();

    // C's sales pay B (their recruiter), never A: two tiers, no chain.
    expect(await secondTierFor({ promoterId: cId, now }, h.db)).toEqual({
      recruiterId: bId,
      recruiterShareBps: 500,
    });
    expect(await secondTierFor({ promoterId: aId, now }, h.db)).toBeNull();

    // The months end on the same day of the month, in UTC (the 31st clamps to the month's end).
    const recruitedAt = (await h.db.promoterProfile.findUniqueOrThrow({ where: { id: bId } }))
      .recruitedAt!;
    const ends = secondTierEndsAt(recruitedAt, 12);
    expect(
      await secondTierFor({ promoterId: bId, now: new Date(ends.getTime() - 1) }, h.db),
    ).not.toBeNull();
    expect(await secondTierFor({ promoterId: bId, now: ends }, h.db)).toBeNull();
    expect(secondTierEndsAt(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe(
      "2026-02-28T10:00:00.000Z",
    );

    // The recruiter buying through their recruit's link earns no second tier on it.
    const bUser = await h.db.user.findUniqueOrThrow({ where: { id: b.id } });
    expect(
      await secondTierFor({ promoterId: cId, now, buyer: { signedInUserId: b.id } }, h.db),
    ).toBeNull();
    expect(
      await secondTierFor(
        { promoterId: cId, now, buyer: { email: bUser.email.replace("@", "+music@") } },
        h.db,
      ),
    ).toBeNull();
    expect(
      await secondTierFor({ promoterId: cId, now, buyer: { email: "someone@example.com" } }, h.db),
    ).not.toBeNull();

    // A suspended recruiter earns nothing on new sales.
    await h.db.promoterProfile.update({ where: { id: bId }, data: { status: "SUSPENDED" } });
    expect(await secondTierFor({ promoterId: cId, now }, h.db)).toBeNull();
    await h.db.promoterProfile.update({ where: { id: bId }, data: { status: "ACTIVE" } });

    // The setting at 0 turns the second tier off.
    const admin = await h.makeAdmin();
    await updateProgramSettings(
      { values: { recruiterShareBps: 0 }, reason: "Second tier paused for the test." },
      { userId: admin.id },
      h.db,
    );
    expect(await secondTierFor({ promoterId: cId, now }, h.db)).toBeNull();
    await updateProgramSettings(
      { values: { recruiterShareBps: 500 }, reason: "Second tier back on." },
      { userId: admin.id },
      h.db,
    );
  });

  test("a recruit seen on the recruiter's browser raises the duplicate-account signal on both", async () => {
    const a = await h.makeUser();
    const aId = (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: a.id } })).id;
    const b = await h.makeUser({ recruitCode: await promoterCode(aId, h.db) });
    const bId = (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: b.id } })).id;
    for (const userId of [a.id, b.id])
      await h.db.visitorSighting.create({
        data: { userId, kind: "SESSION", value: "same-browser-session" },
      });
    await scoreDirtyPromoters({}, h.db);
    for (const id of [aId, bId]) {
      const p = await h.db.promoterProfile.findUniqueOrThrow({ where: { id } });
      const detail = p.fraudScoreDetail as { kind: string; count: number }[];
      expect(detail.find((d) => d.kind === "recruit_duplicate")).toMatchObject({ count: 1 });
      expect(p.fraudScore).toBeGreaterThan(0);
    }
  });
});
