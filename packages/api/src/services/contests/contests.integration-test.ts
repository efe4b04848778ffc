import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { closeContest, contestPrizeTransactionId, tickContests } from "./close";
import { cancelContest, getContest, myContestStanding, upsertContest } from "./contests";

const DAY = 86_400_000;

/**
 * Contests (issue 13 §5): the job ranks the entrants at the end (refunds before the close do not
 * count; a tie goes to whoever reached the value first), records the winners, pays the prizes
 * from PLATFORM_PROMOTIONS once, and tells everyone who took part.
 */
describe("contests", () => {
  let h: Harness;
  let adminId: string;
  const T0 = Date.now();
  const at = (days: number) => new Date(T0 + days * DAY);

  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  const artistTrack = async () => {
    const artist = await h.makeUser({ artistName: `Contest Artist ${Math.random()}` });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    return track;
  };
  const promoter = async (track: { id: string }) => {
    const user = await h.makeUser();
    const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    return { user, link, profileId: profile.id };
  };
  /** A sale through the link, completed (and started) at `when`. */
  const saleAt = async (
    p: { link: { id: string } },
    track: { id: string; slug: string },
    when: Date,
  ) => {
    const id = await h.sellThroughLink(p.link, track);
    await h.db.sale.update({ where: { id }, data: { createdAt: when, completedAt: when } });
    return id;
  };
  /**
   * A contest created while its window is in the future (the API refuses an end in the past),
   * then moved to [start, end) as if time had passed.
   */
  const contest = async (
    input: Partial<Parameters<typeof upsertContest>[0]>,
    window: { startsAt: Date; endsAt: Date },
  ) => {
    const c = await upsertContest(
      {
        name: `Contest ${Math.random()}`,
        metric: "sales",
        startsAt: at(1),
        endsAt: at(2),
        prizeCents: [5000, 2500],
        prizeDescription: "Cash for the top two",
        ...input,
      },
      { userId: adminId },
      h.db,
    );
    await h.db.contest.update({ where: { id: c.id }, data: { ...window, status: "ACTIVE" } });
    return c;
  };

  test("ranking, the tie rule, refunds before the close, winners paid once, everyone told", async () => {
    const track = await artistTrack();
    const [a, b, c, d, e] = [
      await promoter(track),
      await promoter(track),
      await promoter(track),
      await promoter(track),
      await promoter(track),
    ];
    await saleAt(a!, track, at(-5));
    await saleAt(a!, track, at(-3));
    await saleAt(b!, track, at(-6));
    await saleAt(b!, track, at(-4)); // b reached 2 before a did: b ranks first
    const refunded = await saleAt(c!, track, at(-7));
    await saleAt(c!, track, at(-6.5));
    await saleAt(c!, track, at(-2)); // 3 sales, one refunded before the close: 2, reached last
    await saleAt(d!, track, at(-12)); // before the start: d takes no part
    for (let i = 0; i < 4; i++) await saleAt(e!, track, at(-5));
    await setPromoterStatus(
      { promoterId: e!.profileId, status: "SUSPENDED", reason: "Under review" },
      { userId: adminId },
      h.db,
    );
    await refundSale(
      { saleId: refunded },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    const ct = await contest({}, { startsAt: at(-10), endsAt: at(-1) });

    // While open (before the job closes it): the live board and the caller's own place.
    const live = await getContest(ct.id, h.db, at(-1.5));
    expect(live.rows.map((r) => r.place)).toEqual([1, 2, 3]);
    expect(await myContestStanding(ct.id, a!.user.id, h.db, at(-1.5))).toEqual({
      entered: true,
      closed: false,
      entrants: 3,
      place: 2,
      value: 2,
      winning: true,
      toPass: 1,
    });

    const platformBefore = Number(
      (await h.db.ledgerAccount.findUnique({ where: { id: "PLATFORM_PROMOTIONS" } }))
        ?.balanceCents ?? 0n,
    );
    // Two runs of the job at once: one closes it.
    const [r1, r2] = await Promise.all([
      closeContest(ct.id, new Date(), h.db),
      closeContest(ct.id, new Date(), h.db),
    ]);
    expect([r1, r2].filter(Boolean)).toEqual([
      { winners: 2, entrants: 3, prizes: 2, prizesCents: 7500 },
    ]);
    expect(await closeContest(ct.id, new Date(), h.db)).toBeNull();

    const winners = await h.db.contestWinner.findMany({
      where: { contestId: ct.id },
      orderBy: { place: "asc" },
    });
    expect(winners.map((w) => [w.place, w.promoterId, w.value, w.prizeCents])).toEqual([
      [1, b!.profileId, 2, 5000],
      [2, a!.profileId, 2, 2500],
    ]);
    for (const w of winners) {
      const entries = await h.db.ledgerEntry.findMany({
        where: { transactionId: contestPrizeTransactionId(ct.id, w.place) },
      });
      expect(entries.map((x) => [x.accountId, Number(x.amountCents), x.kind]).sort()).toEqual([
        ["PLATFORM_PROMOTIONS", -w.prizeCents, "CONTEST_PRIZE"],
        [`PROMOTER_BALANCE:${w.promoterId}`, w.prizeCents, "CONTEST_PRIZE"],
      ]);
    }
    expect(
      Number(
        (await h.db.ledgerAccount.findUniqueOrThrow({ where: { id: "PLATFORM_PROMOTIONS" } }))
          .balanceCents,
      ),
    ).toBe(platformBefore - 7500);

    // Everyone who took part is told their place, once; nobody else.
    const results = await h.db.emailOutbox.findMany({
      where: {
        template: "contest-result",
        idempotencyKey: { startsWith: `contest-result:${ct.id}:` },
      },
    });
    expect(results.map((m) => m.to).sort()).toEqual(
      [a!.user.email, b!.user.email, c!.user.email].sort(),
    );
    expect(results.find((m) => m.to === c!.user.email)?.subject).toMatch(/you finished 3rd/);
    expect(results.find((m) => m.to === b!.user.email)?.subject).toBe(
      `You won 1st place in ${ct.name}`,
    );
    expect(
      await h.db.notification.count({
        where: { type: "contest_result", href: `/contests/${ct.id}` },
      }),
    ).toBe(3);

    // Once closed, a winner's own place is the recorded one; the others' is final.
    expect(await myContestStanding(ct.id, b!.user.id, h.db)).toMatchObject({
      closed: true,
      place: 1,
      value: 2,
      winning: true,
      toPass: null,
    });
    expect(await myContestStanding(ct.id, c!.user.id, h.db)).toMatchObject({
      closed: true,
      place: 3,
      winning: false,
      toPass: null,
    });
    // The closed board shows the recorded winners (initials unless opted in).
    const closed = await getContest(ct.id, h.db);
    expect(closed.status).toBe("CLOSED");
    expect(closed.rows.map((r) => [r.place, r.prizeCents])).toEqual([
      [1, 5000],
      [2, 2500],
    ]);
    expect(closed.rows[0]!.label).toMatch(/^[A-Z]\. [A-Z0-9]\.$/);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("no eligible entrant: no winner, no prize; a track-scoped contest counts only that track", async () => {
    const track = await artistTrack();
    const other = await artistTrack();
    const p = await promoter(track);
    const q = await promoter(other);
    await saleAt(p, track, at(-3));
    await saleAt(q, other, at(-3));
    await saleAt(q, other, at(-3));
    const empty = await contest({}, { startsAt: at(-20), endsAt: at(-15) });
    expect(await closeContest(empty.id, new Date(), h.db)).toEqual({
      winners: 0,
      entrants: 0,
      prizes: 0,
      prizesCents: 0,
    });
    expect(await h.db.contestWinner.count({ where: { contestId: empty.id } })).toBe(0);

    const scoped = await contest(
      { trackId: track.id, prizeCents: [1000], metric: "earnings" },
      { startsAt: at(-4), endsAt: at(-1) },
    );
    expect(await closeContest(scoped.id, new Date(), h.db)).toMatchObject({
      winners: 1,
      entrants: 1,
      prizesCents: 1000,
    });
    expect(await h.db.contestWinner.findMany({ where: { contestId: scoped.id } })).toEqual([
      expect.objectContaining({ promoterId: p.profileId, value: 200, prizeCents: 1000 }),
    ]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("the job starts a scheduled contest (promoters notified once) and closes it after its end; the console's rules", async () => {
    const track = await artistTrack();
    const p = await promoter(track);
    const c = await upsertContest(
      {
        name: "Weekend sprint",
        metric: "clicks",
        startsAt: at(1),
        endsAt: at(3),
        prizeDescription: "A signed vinyl",
      },
      { userId: adminId },
      h.db,
    );
    expect(c).toMatchObject({ status: "SCHEDULED", places: 1, prizeCents: [] });
    // A scheduled contest may change in full.
    await upsertContest(
      { id: c.id, name: "Weekend sprint", metric: "sales", startsAt: at(1), endsAt: at(3) },
      { userId: adminId },
      h.db,
    );
    expect(await tickContests({ now: at(1.5) }, h.db)).toMatchObject({ started: 1, closed: 0 });
    expect(await tickContests({ now: at(1.5) }, h.db)).toMatchObject({ started: 0 });
    expect(
      await h.db.notification.count({
        where: { userId: p.user.id, type: "contest_started", dedupeKey: `contest-start:${c.id}` },
      }),
    ).toBe(1);
    // Running: the rule, start and scope stay; the end may move (not into the past).
    await expect(
      upsertContest(
        { id: c.id, name: "Weekend sprint", metric: "clicks", startsAt: at(1), endsAt: at(3) },
        { userId: adminId },
        h.db,
        at(1.5),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      upsertContest(
        { id: c.id, name: "Weekend sprint", metric: "sales", startsAt: at(1), endsAt: at(1.2) },
        { userId: adminId },
        h.db,
        at(1.5),
      ),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
    await saleAt(p, track, at(2));
    expect(await tickContests({ now: at(3.1) }, h.db)).toMatchObject({ closed: 1, prizesCents: 0 });
    expect(await h.db.contestWinner.findMany({ where: { contestId: c.id } })).toEqual([
      expect.objectContaining({
        promoterId: p.profileId,
        place: 1,
        prizeCents: 0,
        transactionId: null,
      }),
    ]);
    await expect(cancelContest(c.id, { userId: adminId }, h.db)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const other = await upsertContest(
      { name: "Cancelled one", metric: "sales", startsAt: at(1), endsAt: at(2) },
      { userId: adminId },
      h.db,
    );
    expect(await cancelContest(other.id, { userId: adminId }, h.db)).toMatchObject({
      status: "CANCELLED",
    });
    await expect(getContest(other.id, h.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
