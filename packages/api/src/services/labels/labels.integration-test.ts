import { randomBytes } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { contractInForce } from "./contracts";
import { NO_SUCH_ARTIST } from "./invitations";
import { inviteArtist, listArtistContracts } from "./invitations";
import { listRoster } from "./roster";
import { transitionContract } from "./transitions";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

/** Runs `p` and returns the tRPC error it failed with (the test fails if it succeeds). */
async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe("labels: profiles, invitations, contracts, roster and stats", () => {
  let h: Harness;
  /** The owner of label A (Northern Lights) and of label B (Southern Cross). */
  let labelA: User;
  let labelB: User;
  let ana: User;
  let bo: User;
  let cy: User;
  let nobody: User;
  const artistIdOf = async (u: User) =>
    (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: u.id } })).id;

  beforeAll(async () => {
    h = await setupHarness();
    labelA = await h.makeUser();
    labelB = await h.makeUser();
    ana = await h.makeUser({ artistName: "Ana Roster" });
    bo = await h.makeUser({ artistName: "Bo Roster", email: `bo-${Date.now()}@example.com` });
    cy = await h.makeUser({ artistName: "Cy Solo" });
    nobody = await h.makeUser();
    await labelA.caller.label.create({ name: "Northern Lights" });
    await labelB.caller.label.create({ name: "Southern Cross" });
  });
  afterAll(() => h.close());

  test("any signed-in user creates one label, its slug from the name like an artist's", async () => {
    const me = await labelA.caller.label.me();
    expect(me).toMatchObject({ name: "Northern Lights", slug: "northern-lights" });
    // Idempotent: a second call returns the same label, unchanged.
    expect(await labelA.caller.label.create({ name: "Another Name" })).toEqual(me);
    expect(await nobody.caller.label.me()).toBeNull();
    // The nav shows the label dashboard to the label's account only (buyer.viewer's labelId).
    expect(await labelA.caller.buyer.viewer()).toMatchObject({ labelId: me!.id });
    expect(await nobody.caller.buyer.viewer()).toMatchObject({ labelId: null });
    const bad = await trpcError(labelA.caller.label.create({ name: "   " }));
    expect(bad.code).toBe("BAD_REQUEST");
    const anon = await h.callerFor(null);
    expect((await trpcError(anon.label.create({ name: "Anon" }))).code).toBe("UNAUTHORIZED");
  });

  test("a label invites by the artist's page slug or email; the artist is notified and the audit log records it", async () => {
    const bySlug = await labelA.caller.label.invite({
      artist: "ana-roster",
      labelShareBps: 3000,
      canManage: true,
    });
    expect(bySlug).toMatchObject({
      status: "invited",
      labelShareBps: 3000,
      endsAt: null,
      canManage: true,
      respondedAt: null,
      artist: { name: "Ana Roster" },
      label: { name: "Northern Lights" },
    });
    const byEmail = await labelA.caller.label.invite({
      artist: bo.email.toUpperCase(),
      labelShareBps: 2500,
      startsOn: "2026-01-01",
      endsOn: "2099-12-31",
      canManage: false,
    });
    expect(byEmail).toMatchObject({
      artist: { name: "Bo Roster" },
      startsAt: new Date("2026-01-01T00:00:00.000Z"),
      // The last day is in force: the contract ends at the following midnight.
      endsAt: new Date("2100-01-01T00:00:00.000Z"),
      canManage: false,
    });
    const note = await h.db.notification.findFirstOrThrow({
      where: { userId: ana.id, type: "label_contract" },
    });
    expect(note.title).toBe("Northern Lights invites you to its roster");
    expect(note.body).toContain("30%");
    expect(
      await h.db.auditLog.count({ where: { action: "label.invite", subjectId: bySlug.id } }),
    ).toBe(1);
  });

  test("invitations are refused for unknown artists, a second open one, a past end date, and users without a label", async () => {
    const unknown = await trpcError(
      labelA.caller.label.invite({ artist: "no-such-artist", labelShareBps: 3000 }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe(NO_SUCH_ARTIST);
    // By email, one answer whether the email has no account or an account without an artist
    // profile: inviting does not tell which emails have accounts.
    for (const email of [`no-account-${Date.now()}@example.com`, nobody.email]) {
      const e = await trpcError(labelA.caller.label.invite({ artist: email, labelShareBps: 3000 }));
      expect([email, e.code, e.message]).toEqual([email, "NOT_FOUND", NO_SUCH_ARTIST]);
    }
    const again = await trpcError(
      labelA.caller.label.invite({ artist: "ana-roster", labelShareBps: 4000 }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/already has an open invitation to Ana Roster/);
    const past = await trpcError(
      labelA.caller.label.invite({ artist: "cy-solo", labelShareBps: 3000, endsOn: "2020-01-01" }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    const noLabel = await trpcError(
      nobody.caller.label.invite({ artist: "cy-solo", labelShareBps: 3000 }),
    );
    expect(noLabel.code).toBe("FORBIDDEN");
    expect(noLabel.message).toMatch(/create your label first/);
    for (const labelShareBps of [0, 10_001, 12.5])
      expect(
        (await trpcError(labelA.caller.label.invite({ artist: "cy-solo", labelShareBps }))).code,
      ).toBe("BAD_REQUEST");
  });

  test("only the invited artist accepts: not another artist, not the label, not a stranger", async () => {
    const { invitations } = await ana.caller.label.myContracts();
    expect(invitations).toHaveLength(1);
    const id = invitations[0]!.id;
    for (const who of [cy, labelA, labelB, nobody]) {
      const e = await trpcError(who.caller.label.accept({ contractId: id }));
      expect(e.code).toBe("NOT_FOUND");
      expect(e.message).toMatch(new RegExp(`Contract ${id} was not found among your contracts`));
    }
    // A non-artist has no inbox.
    expect((await trpcError(nobody.caller.label.myContracts())).code).toBe("FORBIDDEN");
    expect(await h.db.labelContract.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "invited",
    });
  });

  test("the artist accepts: the contract is active, in force, on the roster, and the label is notified", async () => {
    const { invitations } = await ana.caller.label.myContracts();
    const accepted = await ana.caller.label.accept({ contractId: invitations[0]!.id });
    expect(accepted.status).toBe("active");
    expect(accepted.respondedAt).toBeInstanceOf(Date);
    const mine = await ana.caller.label.myContracts();
    expect(mine).toMatchObject({ invitations: [], current: { id: accepted.id }, past: [] });
    const roster = await labelA.caller.label.roster();
    expect(roster.find((r) => r.id === accepted.id)).toMatchObject({
      status: "active",
      inForce: true,
      canActNow: true,
    });
    expect(await contractInForce(h.db, await artistIdOf(ana), new Date())).toEqual({
      id: accepted.id,
      labelId: accepted.label.id,
      labelShareBps: 3000,
    });
    const note = await h.db.notification.findFirstOrThrow({
      where: { userId: labelA.id, type: "label_contract" },
    });
    expect(note.title).toBe("Ana Roster accepted your invitation");
    // Accepting twice is a state error, not a second transition.
    expect((await trpcError(ana.caller.label.accept({ contractId: accepted.id }))).code).toBe(
      "CONFLICT",
    );
  });

  test("an artist with an active contract cannot accept another label's: 'End your contract with <label> first'", async () => {
    const offer = await labelB.caller.label.invite({ artist: "ana-roster", labelShareBps: 2000 });
    const e = await trpcError(ana.caller.label.accept({ contractId: offer.id }));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/^End your contract with Northern Lights first/);
    // The artist may still decline it; the label hears of it.
    const declined = await ana.caller.label.decline({ contractId: offer.id });
    expect(declined).toMatchObject({ status: "declined", endedAt: null });
    expect(declined.respondedAt).toBeInstanceOf(Date);
    expect(
      await h.db.notification.count({
        where: { userId: labelB.id, title: "Ana Roster declined your invitation" },
      }),
    ).toBe(1);
    expect((await ana.caller.label.myContracts()).past.map((c) => c.id)).toEqual([offer.id]);
  });

  test("two acceptances racing for one artist: exactly one contract becomes active", async () => {
    const one = await labelA.caller.label.invite({ artist: "cy-solo", labelShareBps: 1000 });
    const two = await labelB.caller.label.invite({ artist: "cy-solo", labelShareBps: 1500 });
    // Both pass the "no active contract" check; the partial unique index decides.
    const results = await Promise.allSettled([
      transitionContract({ userId: cy.id, contractId: one.id, action: "accept" }, h.db),
      transitionContract({ userId: cy.id, contractId: two.id, action: "accept" }, h.db),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(
      /End your contract with (Northern Lights|Southern Cross) first/,
    );
    expect(
      await h.db.labelContract.count({
        where: { artistId: await artistIdOf(cy), status: "active" },
      }),
    ).toBe(1);
    // Clean up: whichever is active ends; the other stays invited, and its label withdraws it.
    const active = await h.db.labelContract.findFirstOrThrow({
      where: { artistId: await artistIdOf(cy), status: "active" },
    });
    await cy.caller.label.end({ contractId: active.id });
    const open = active.id === one.id ? two : one;
    const opener = active.id === one.id ? labelB : labelA;
    // Only the inviting label withdraws: not the artist, not the other label.
    expect((await trpcError(cy.caller.label.withdraw({ contractId: open.id }))).code).toBe(
      "NOT_FOUND",
    );
    const other = opener === labelA ? labelB : labelA;
    expect((await trpcError(other.caller.label.withdraw({ contractId: open.id }))).code).toBe(
      "NOT_FOUND",
    );
    const withdrawn = await opener.caller.label.withdraw({ contractId: open.id });
    expect(withdrawn.status).toBe("ended");
    expect(withdrawn.endedAt).toBeInstanceOf(Date);
  });

  test("either side ends an active contract, other labels cannot; ending leaves past sales' label as recorded", async () => {
    const offer = await labelB.caller.label.invite({ artist: bo.email, labelShareBps: 5000 });
    await bo.caller.label.accept({ contractId: offer.id });
    const boId = await artistIdOf(bo);
    // A sale made under the contract, as checkout records it (label share on the sale).
    const sale = await h.db.sale.create({
      data: {
        productKind: "track",
        trackId: (await h.makeTrack(bo, { title: "Bo Song" })).track.id,
        artistId: boId,
        buyerEmail: "fan@example.com",
        amountCents: 1000,
        currency: "usd",
        platformFeeCents: 100,
        commissionCents: 200,
        commissionBps: 2000,
        labelId: offer.label.id,
        labelContractId: offer.id,
        labelShareBps: 5000,
        labelCents: 350,
        artistCents: 350,
        status: "COMPLETED",
        downloadTokenHash: randomBytes(32).toString("hex"),
      },
    });
    expect((await trpcError(labelA.caller.label.end({ contractId: offer.id }))).code).toBe(
      "NOT_FOUND",
    );
    const ended = await labelB.caller.label.end({ contractId: offer.id });
    expect(ended).toMatchObject({ status: "ended" });
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(await contractInForce(h.db, boId, new Date())).toBeNull();
    expect(
      await h.db.sale.findUniqueOrThrow({
        where: { id: sale.id },
        select: { labelId: true, labelContractId: true, labelCents: true, artistCents: true },
      }),
    ).toEqual({
      labelId: offer.label.id,
      labelContractId: offer.id,
      labelCents: 350,
      artistCents: 350,
    });
    // The label still counts the sale.
    const stats = await labelB.caller.label.stats();
    expect(stats.byArtist).toEqual([
      expect.objectContaining({ artist: expect.objectContaining({ id: boId }), labelCents: 350 }),
    ]);
    expect(
      await h.db.notification.count({
        where: { userId: bo.id, title: "Southern Cross ended your contract" },
      }),
    ).toBe(1);
    // Ended is final.
    expect((await trpcError(bo.caller.label.end({ contractId: offer.id }))).code).toBe("CONFLICT");
  });

  test("an invitation whose term is already over cannot be accepted", async () => {
    // Northern Lights' open invitation to Bo runs to the end of 2099-12-31.
    const offer = (await bo.caller.label.myContracts()).invitations.find(
      (c) => c.label.name === "Northern Lights",
    )!;
    expect(offer.endsAt).toEqual(new Date("2100-01-01T00:00:00.000Z"));
    const e = await transitionContract(
      {
        userId: bo.id,
        contractId: offer.id,
        action: "accept",
        now: new Date("2100-01-01T00:00:00.000Z"),
      },
      h.db,
    ).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: "GONE" });
    await bo.caller.label.decline({ contractId: offer.id });
  });

  test("a contract past its end date shows as ended by term, and accepting another label ends it in the same transaction", async () => {
    const dee = await h.makeUser({ artistName: "Dee Term" });
    const deeId = await artistIdOf(dee);
    const first = await labelA.caller.label.invite({
      artist: "dee-term",
      labelShareBps: 2000,
      endsOn: "2030-12-31",
    });
    await dee.caller.label.accept({ contractId: first.id });
    const next = await labelB.caller.label.invite({ artist: "dee-term", labelShareBps: 1000 });
    // Today the first is in force: it blocks the second.
    expect((await trpcError(dee.caller.label.accept({ contractId: next.id }))).message).toMatch(
      /^End your contract with Northern Lights first/,
    );
    const termEnd = new Date("2031-01-01T00:00:00.000Z");
    const later = new Date("2031-06-01T12:00:00.000Z");
    // After its end date, both sides see it ended by term, though the row is still active.
    const onRoster = (await listRoster({ userId: labelA.id, now: later }, h.db)).find(
      (c) => c.id === first.id,
    );
    expect(onRoster).toMatchObject({
      status: "ended",
      endedAt: termEnd,
      endedByTerm: true,
      inForce: false,
      canActNow: false,
    });
    const mine = await listArtistContracts({ userId: dee.id, now: later }, h.db);
    expect(mine.current).toBeNull();
    expect(mine.past).toEqual([expect.objectContaining({ id: first.id, endedByTerm: true })]);
    expect((await dee.caller.label.myContracts()).current).toMatchObject({
      id: first.id,
      status: "active",
      endedByTerm: false,
    });

    // Nor does it keep its label from offering new terms.
    const renewed = await inviteArtist(
      { userId: labelA.id, data: { artist: "dee-term", labelShareBps: 1500 }, now: later },
      h.db,
    );
    expect(renewed).toMatchObject({ status: "invited", startsAt: later });

    const accepted = await transitionContract(
      { userId: dee.id, contractId: next.id, action: "accept", now: later },
      h.db,
    );
    expect(accepted).toMatchObject({ status: "active", label: { name: "Southern Cross" } });
    expect(
      await h.db.labelContract.findUniqueOrThrow({
        where: { id: first.id },
        select: { status: true, endedAt: true },
      }),
    ).toEqual({ status: "ended", endedAt: termEnd });
    expect(await contractInForce(h.db, deeId, later)).toMatchObject({ id: next.id });
    const audit = await h.db.auditLog.findFirstOrThrow({
      where: { action: "label.end_by_term", subjectId: first.id },
    });
    expect(audit).toMatchObject({
      actorId: dee.id,
      before: { status: "active" },
      after: { status: "ended", by: "term", endedAt: termEnd.toISOString() },
    });
    expect(
      await h.db.notification.count({
        where: { userId: labelA.id, title: { startsWith: "Your contract with Dee Term ended" } },
      }),
    ).toBe(1);
  });

  test("label.invite is rate limited per user (labelInvitesPerUser)", async () => {
    vi.stubEnv("RATE_LIMITS", "on");
    vi.stubEnv("RATE_LIMIT_LABEL_INVITES_PER_USER_HOUR", "2");
    try {
      const prober = await h.makeUser();
      await prober.caller.label.create({ name: `Prober ${Date.now()}` });
      for (const artist of ["no-such-one", "no-such-two"])
        expect(
          (await trpcError(prober.caller.label.invite({ artist, labelShareBps: 100 }))).code,
        ).toBe("NOT_FOUND");
      const limited = await trpcError(
        prober.caller.label.invite({ artist: "cy-solo", labelShareBps: 100 }),
      );
      expect(limited.code).toBe("TOO_MANY_REQUESTS");
      expect(limited.message).toMatch(/Too many label invitations sent/);
      // Another user has their own budget.
      const other = await h.makeUser();
      await other.caller.label.create({ name: `Other prober ${Date.now()}` });
      await expect(
        other.caller.label.invite({ artist: "no-such-three", labelShareBps: 100 }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test("label stats: sales by artist and by product, and promoters, from the sales that recorded the label", async () => {
    const label = (await labelA.caller.label.me())!;
    const anaId = await artistIdOf(ana);
    const contract = (await ana.caller.label.myContracts()).current!;
    const { track: t1 } = await h.makeTrack(ana, { title: "Ana One" });
    const { track: t2 } = await h.makeTrack(ana, { title: "Ana Two" });
    const promoter = await h.makeUser();
    await h.db.promoterProfile.update({
      where: { userId: promoter.id },
      data: { displayName: "Loud Fan" },
    });
    const promoterId = (
      await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: promoter.id } })
    ).id;
    const sale = (
      trackId: string,
      o: { labelled: boolean; promoted?: boolean; status?: "COMPLETED" | "PENDING" },
    ) =>
      h.db.sale.create({
        data: {
          productKind: "track",
          trackId,
          artistId: anaId,
          buyerEmail: "fan@example.com",
          amountCents: 1000,
          currency: "usd",
          platformFeeCents: 100,
          commissionBps: 2000,
          commissionCents: o.promoted ? 200 : 0,
          promoterId: o.promoted ? promoterId : null,
          // 70/30: the label's 30 % of the artist's share, rounded half up, the artist the rest.
          ...(o.labelled
            ? {
                labelId: label.id,
                labelContractId: contract.id,
                labelShareBps: 3000,
                labelCents: o.promoted ? 210 : 270,
                artistCents: o.promoted ? 490 : 630,
              }
            : { artistCents: o.promoted ? 700 : 900 }),
          status: o.status ?? "COMPLETED",
          downloadTokenHash: randomBytes(32).toString("hex"),
        },
      });
    await sale(t1.id, { labelled: true, promoted: true });
    await sale(t1.id, { labelled: true });
    await sale(t2.id, { labelled: true, promoted: true });
    // Not the label's: a sale before any contract, and one that never completed.
    await sale(t2.id, { labelled: false, promoted: true });
    await sale(t2.id, { labelled: true, status: "PENDING" });

    const stats = await labelA.caller.label.stats();
    expect(stats.totals).toEqual({
      salesCount: 3,
      grossCents: 3000,
      labelCents: 690,
      artistCents: 1610,
      reversedCents: 0,
    });
    expect(stats.byArtist).toEqual([
      {
        artist: { id: anaId, name: "Ana Roster", slug: "ana-roster" },
        salesCount: 3,
        grossCents: 3000,
        labelCents: 690,
        artistCents: 1610,
        reversedCents: 0,
      },
    ]);
    expect(
      stats.byProduct.map((p) => [p.title, p.kind, p.salesCount, p.labelCents, p.artistName]),
    ).toEqual(
      expect.arrayContaining([
        ["Ana One", "track", 2, 480, "Ana Roster"],
        ["Ana Two", "track", 1, 210, "Ana Roster"],
      ]),
    );
    expect(stats.promoters).toEqual([
      { promoterId, label: "Loud Fan", salesCount: 2, grossCents: 2000, commissionCents: 400 },
    ]);
    // Another label sees none of it; a user without a label is refused.
    expect((await labelB.caller.label.stats()).byArtist.map((a) => a.artist.id)).not.toContain(
      anaId,
    );
    expect((await trpcError(nobody.caller.label.stats())).code).toBe("FORBIDDEN");
    expect((await trpcError(nobody.caller.label.roster())).code).toBe("FORBIDDEN");
  });
  test("end to end: a sale through checkout under an accepted contract carries the label, and keeps it after the contract ends", async () => {
    const owner = await h.makeUser();
    await owner.caller.label.create({ name: "Checkout Records" });
    const artist = await h.makeUser({ artistName: "Checkout Artist" });
    const promoter = await h.makeUser();
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const offer = await owner.caller.label.invite({
      artist: "checkout-artist",
      labelShareBps: 3000,
    });
    await artist.caller.label.accept({ contractId: offer.id });

    const during = await h.sellThroughLink(link, track);
    const recorded = await h.db.sale.findUniqueOrThrow({ where: { id: during } });
    expect(recorded).toMatchObject({
      status: "COMPLETED",
      labelId: offer.label.id,
      labelContractId: offer.id,
      labelShareBps: 3000,
    });
    expect(recorded.labelCents).toBeGreaterThan(0);
    // The artist's own sales list says what the label took.
    const mine = await artist.caller.artist.sales();
    expect(mine.items[0]).toMatchObject({
      id: during,
      label: { id: offer.label.id, name: "Checkout Records" },
      labelCents: recorded.labelCents,
      artistCents: recorded.artistCents,
    });

    await artist.caller.label.end({ contractId: offer.id });
    const after = await h.sellThroughLink(link, track);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: after } })).toMatchObject({
      labelId: null,
      labelCents: 0,
    });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: during } })).toMatchObject({
      labelId: offer.label.id,
      labelCents: recorded.labelCents,
    });
    const stats = await owner.caller.label.stats();
    expect(stats.totals).toMatchObject({
      salesCount: 1,
      grossCents: recorded.amountCents,
      labelCents: recorded.labelCents,
      artistCents: recorded.artistCents,
    });
    expect(stats.promoters).toEqual([
      expect.objectContaining({ salesCount: 1, commissionCents: recorded.commissionCents }),
    ]);
  });
});
