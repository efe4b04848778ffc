import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ACT_AS_COOKIE, ACT_AS_HEADER } from "@fanfare/validators";

import { getStorage, ingestUpload, synthesizeTone } from "../media";
import { assertUploadAllowed } from "../media/upload-policy";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe("a label acting for a roster artist (upload and edit their catalog)", () => {
  let h: Harness;
  let labelUser: User;
  let otherLabelUser: User;
  /** Roster artist under a contract with canManage. */
  let managed: User;
  /** Roster artist under a contract without canManage. */
  let unmanaged: User;
  /** An artist on no roster. */
  let solo: User;
  /** On the other label's roster. */
  let theirs: User;
  const ids: Record<string, string> = {};
  let managedContractId: string;

  /** A caller for `user` acting for `artistId` through the header (API clients) or the cookie (web). */
  const actingCaller = (user: User, artistId: string, via: "header" | "cookie" = "header") =>
    h.callerFor(
      user.id,
      via === "header"
        ? { [ACT_AS_HEADER]: artistId }
        : { cookie: `a=b; ${ACT_AS_COOKIE}=${artistId}` },
    );

  const signContract = async (
    label: User,
    artist: User,
    o: { canManage: boolean; startsOn?: string },
  ) => {
    const offer = await label.caller.label.invite({
      artist: artist.email,
      labelShareBps: 3000,
      canManage: o.canManage,
      startsOn: o.startsOn,
    });
    await artist.caller.label.accept({ contractId: offer.id });
    return offer.id;
  };

  beforeAll(async () => {
    h = await setupHarness();
    labelUser = await h.makeUser();
    otherLabelUser = await h.makeUser();
    managed = await h.makeUser({ artistName: "Managed Artist" });
    unmanaged = await h.makeUser({ artistName: "Unmanaged Artist" });
    solo = await h.makeUser({ artistName: "Solo Artist" });
    theirs = await h.makeUser({ artistName: "Their Artist" });
    for (const [k, u] of Object.entries({ managed, unmanaged, solo, theirs }))
      ids[k] = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: u.id } })).id;
    await labelUser.caller.label.create({ name: "Act Label" });
    await otherLabelUser.caller.label.create({ name: "Rival Label" });
    managedContractId = await signContract(labelUser, managed, { canManage: true });
    await signContract(labelUser, unmanaged, { canManage: false });
    await signContract(otherLabelUser, theirs, { canManage: true });
  });
  afterAll(() => h.close());

  test("with canManage, the label edits a roster artist's track (header or cookie)", async () => {
    const { track } = await h.makeTrack(managed, { title: "Managed Song" });
    for (const via of ["header", "cookie"] as const) {
      const acting = await actingCaller(labelUser, ids.managed!, via);
      expect((await acting.artist.myTracks()).map((t) => t.id)).toEqual([track.id]);
      const edited = await acting.artist.updateTrack({
        trackId: track.id,
        title: `Edited by label (${via})`,
      });
      expect(edited.title).toBe(`Edited by label (${via})`);
    }
    expect(await h.db.track.findUniqueOrThrow({ where: { id: track.id } })).toMatchObject({
      artistId: ids.managed,
      title: "Edited by label (cookie)",
    });
    expect(await (await actingCaller(labelUser, ids.managed!)).label.acting()).toMatchObject({
      artist: { id: ids.managed, name: "Managed Artist" },
      label: { name: "Act Label" },
      problem: null,
    });
  });

  test("the label's own upload becomes the roster artist's track", async () => {
    // A label user with no artist profile may upload masters while it manages a roster catalog.
    await assertUploadAllowed({ userId: labelUser.id, kind: "MASTER" }, h.db);
    const upload = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: labelUser.id,
      kind: "MASTER",
      filename: "label-master.wav",
      bytes: await synthesizeTone({ seconds: 2, frequencyHz: 330, format: "wav" }),
    });
    const acting = await actingCaller(labelUser, ids.managed!);
    const track = await acting.artist.createTrack({
      title: "Uploaded by the label",
      priceCents: 900,
      minPriceCents: null,
      commissionBps: 2000,
      masterUploadId: upload.id,
    });
    expect(await h.db.track.findUniqueOrThrow({ where: { id: track.id } })).toMatchObject({
      artistId: ids.managed,
      masterUploadId: upload.id,
    });
    // The artist cannot claim the label's upload as their own master (it is not theirs).
    const again = await trpcError(
      managed.caller.artist.createTrack({
        title: "Not mine",
        priceCents: 900,
        minPriceCents: null,
        commissionBps: 2000,
        masterUploadId: upload.id,
      }),
    );
    expect(again.code).toBe("BAD_REQUEST");
  });

  test("without canManage, for a non-roster artist, or another label's artist: FORBIDDEN with the reason", async () => {
    const noManage = await trpcError(
      (await actingCaller(labelUser, ids.unmanaged!)).artist.myTracks(),
    );
    expect(noManage.code).toBe("FORBIDDEN");
    expect(noManage.message).toMatch(/does not let the label manage their catalog/);
    for (const artistId of [ids.solo!, ids.theirs!, "no-such-artist"]) {
      const e = await trpcError((await actingCaller(labelUser, artistId)).artist.myTracks());
      expect(e.code).toBe("FORBIDDEN");
      expect(e.message).toMatch(/is not on Act Label's roster under a contract in force/);
    }
    // A user without a label cannot act for anyone, even with the cookie set.
    const stranger = await h.makeUser({ artistName: "Stranger Artist" });
    const e = await trpcError(
      (await actingCaller(stranger, ids.managed!, "cookie")).artist.myTracks(),
    );
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toMatch(/You have no label/);
    expect(
      (
        await trpcError(
          (await actingCaller(labelUser, ids.solo!)).label.canActFor({ artistId: ids.solo! }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  test("a label acting cannot reach the artist's money, page or buyers", async () => {
    const acting = await actingCaller(labelUser, ids.managed!);
    const calls: [string, () => Promise<unknown>][] = [
      ["earnings", () => acting.artist.earnings()],
      ["ledger", () => acting.artist.ledger()],
      ["payouts", () => acting.artist.payouts()],
      ["payoutEligibility", () => acting.artist.payoutEligibility()],
      ["requestPayout", () => acting.artist.requestPayout()],
      ["connectStatus", () => acting.artist.connectStatus()],
      ["startConnectOnboarding", () => acting.artist.startConnectOnboarding()],
      ["connectDashboardLink", () => acting.artist.connectDashboardLink()],
      ["sales", () => acting.artist.sales()],
      ["profile", () => acting.artist.profile()],
      ["updateProfile", () => acting.artist.updateProfile({ name: "Hijacked" })],
      ["pressKit", () => acting.artist.pressKit()],
      // The artist's sales totals and source report are their earnings too.
      ["stats", () => acting.artist.stats()],
      ["sourceReport", () => acting.artist.sourceReport({ period: "all", groupBy: "src" })],
    ];
    for (const [name, call] of calls) {
      const e = await trpcError(call());
      expect([name, e.code]).toEqual([name, "FORBIDDEN"]);
      expect(e.message).toMatch(/acting for another artist/);
    }
    // Nor can it answer the artist's invitations: the label procedures are the user's own.
    const offer = await otherLabelUser.caller.label.invite({
      artist: managed.email,
      labelShareBps: 100,
    });
    expect((await trpcError(acting.label.accept({ contractId: offer.id }))).code).toBe("NOT_FOUND");
    expect(
      await h.db.artistProfile.findUniqueOrThrow({ where: { id: ids.managed } }),
    ).toMatchObject({ name: "Managed Artist" });
    // The artist themself still reaches their money (no acting cookie).
    await expect(managed.caller.artist.earnings()).resolves.toBeDefined();
  });

  test("acting, the track and release lists keep counts but carry no money totals", async () => {
    const { track } = await h.makeTrack(managed, { title: "Money Song" });
    await h.db.track.update({
      where: { id: track.id },
      data: {
        salesCount: 2,
        clickCount: 5,
        grossCents: 2000n,
        artistCents: 1400n,
        commissionsCents: 400n,
      },
    });
    const release = await managed.caller.artist.createRelease({
      title: "Money EP",
      priceCents: 1500,
      commissionBps: 2000,
      trackIds: [track.id],
    });
    await h.db.release.update({
      where: { id: release.id },
      data: {
        salesCount: 1,
        clickCount: 4,
        grossCents: 1500n,
        artistCents: 1050n,
        commissionsCents: 300n,
      },
    });
    const noMoney = { grossCents: null, artistCents: null, commissionsCents: null };
    const acting = await actingCaller(labelUser, ids.managed!);
    const row = (await acting.artist.myTracks()).find((t) => t.id === track.id);
    expect(row).toMatchObject({ ...noMoney, salesCount: 2, clickCount: 5 });
    const listed = (await acting.artist.releases()).find((r) => r.id === release.id);
    expect(listed).toMatchObject({ ...noMoney, salesCount: 1, clickCount: 4 });
    expect(await acting.artist.release({ releaseId: release.id })).toMatchObject({
      ...noMoney,
      salesCount: 1,
    });
    // Nor do the edits' answers carry them.
    expect(await acting.artist.updateTrack({ trackId: track.id, priceCents: 1100 })).toMatchObject({
      ...noMoney,
      priceCents: 1100,
      salesCount: 2,
    });
    expect(await acting.artist.unpublishRelease({ releaseId: release.id })).toMatchObject(noMoney);
    // The artist themself sees their totals, in cents.
    expect((await managed.caller.artist.myTracks()).find((t) => t.id === track.id)).toMatchObject({
      grossCents: 2000,
      artistCents: 1400,
      commissionsCents: 400,
    });
    expect(await managed.caller.artist.release({ releaseId: release.id })).toMatchObject({
      artistCents: 1050,
    });
  });

  test("every artist mutation a label runs while acting is in the audit log; queries, failures and the artist's own are not", async () => {
    const { track } = await h.makeTrack(managed, { title: "Audited Song" });
    const acting = await actingCaller(labelUser, ids.managed!);
    const audits = () =>
      h.db.auditLog.findMany({
        where: {
          subjectType: "ArtistProfile",
          subjectId: ids.managed,
          action: { startsWith: "label.act." },
        },
        orderBy: { createdAt: "asc" },
      });
    const before = (await audits()).length;
    await acting.artist.myTracks();
    await acting.artist.updateTrack({ trackId: track.id, priceCents: 1200 });
    await acting.artist.unpublishTrack({ trackId: track.id });
    const release = await acting.artist.createRelease({
      title: "Audited EP",
      priceCents: 1500,
      commissionBps: 2000,
      trackIds: [track.id],
    });
    // Refused (not the artist's track): nothing happened, nothing is logged.
    await trpcError(acting.artist.updateTrack({ trackId: "no-such-track", title: "x" }));
    // The artist's own edits are not a label's.
    await managed.caller.artist.updateTrack({ trackId: track.id, title: "Artist's own edit" });
    const rows = (await audits()).slice(before);
    expect(rows.map((r) => r.action)).toEqual([
      "label.act.artist.updateTrack",
      "label.act.artist.unpublishTrack",
      "label.act.artist.createRelease",
    ]);
    for (const r of rows)
      expect(r).toMatchObject({
        actorId: labelUser.id,
        subjectType: "ArtistProfile",
        subjectId: ids.managed,
        after: { labelId: expect.any(String), contractId: managedContractId },
      });
    expect(rows[0]!.after).toMatchObject({ input: { trackId: track.id } });
    expect(rows[2]!.after).toEqual({
      labelId: (await h.db.labelProfile.findUniqueOrThrow({ where: { userId: labelUser.id } })).id,
      contractId: managedContractId,
      input: { trackIds: [track.id] },
      resultId: release.id,
    });
    expect(release.title).toBe("Audited EP");
  });

  test("acting, a label changes prices but not the commission rate or the affiliate switch", async () => {
    const { track } = await h.makeTrack(managed, { title: "Rate Song", commissionBps: 2500 });
    const acting = await actingCaller(labelUser, ids.managed!);
    const onlyArtist = /Only Managed Artist can change the commission rate of their music/;
    const refusals: [string, () => Promise<unknown>, RegExp][] = [
      [
        "updateTrack rate",
        () => acting.artist.updateTrack({ trackId: track.id, commissionBps: 5000 }),
        onlyArtist,
      ],
      [
        "updateTrack affiliate",
        () => acting.artist.updateTrack({ trackId: track.id, affiliateEnabled: false }),
        /Only Managed Artist can turn promotion/,
      ],
      [
        "createRelease rate",
        () =>
          acting.artist.createRelease({
            title: "R",
            priceCents: 900,
            commissionBps: 4000,
            trackIds: [track.id],
          }),
        onlyArtist,
      ],
      [
        "createRelease affiliate",
        () =>
          acting.artist.createRelease({
            title: "R",
            priceCents: 900,
            commissionBps: 2000,
            affiliateEnabled: false,
            trackIds: [track.id],
          }),
        /Only Managed Artist can turn promotion/,
      ],
    ];
    for (const [name, call, msg] of refusals) {
      const e = await trpcError(call());
      expect([name, e.code]).toEqual([name, "FORBIDDEN"]);
      expect(e.message).toMatch(msg);
    }
    const upload = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: labelUser.id,
      kind: "MASTER",
      filename: "rate.wav",
      bytes: await synthesizeTone({ seconds: 2, frequencyHz: 550, format: "wav" }),
    });
    const created = await trpcError(
      acting.artist.createTrack({
        title: "High rate",
        priceCents: 900,
        commissionBps: 4000,
        masterUploadId: upload.id,
      }),
    );
    expect(created.code).toBe("FORBIDDEN");
    expect(created.message).toMatch(onlyArtist);
    expect(await h.db.track.count({ where: { masterUploadId: upload.id } })).toBe(0);

    // Prices, and the rate as it is, go through.
    const edited = await acting.artist.updateTrack({
      trackId: track.id,
      priceCents: 1300,
      commissionBps: 2500,
      affiliateEnabled: true,
    });
    expect(edited).toMatchObject({ priceCents: 1300, commissionBps: 2500, affiliateEnabled: true });
    const release = await acting.artist.createRelease({
      title: "Label EP",
      priceCents: 900,
      commissionBps: 2000,
      trackIds: [track.id],
    });
    const releaseRate = await trpcError(
      acting.artist.updateRelease({ releaseId: release.id, commissionBps: 3000 }),
    );
    expect(releaseRate.code).toBe("FORBIDDEN");
    expect(releaseRate.message).toMatch(onlyArtist);
    await expect(
      acting.artist.updateRelease({ releaseId: release.id, priceCents: 1100 }),
    ).resolves.toMatchObject({ priceCents: 1100, commissionBps: 2000 });
    expect(await h.db.track.findUniqueOrThrow({ where: { id: track.id } })).toMatchObject({
      commissionBps: 2500,
      affiliateEnabled: true,
    });
    // The artist themself sets the rate.
    await expect(
      managed.caller.artist.updateTrack({ trackId: track.id, commissionBps: 5000 }),
    ).resolves.toMatchObject({ commissionBps: 5000 });
    await expect(
      managed.caller.artist.updateRelease({
        releaseId: release.id,
        commissionBps: 3000,
        affiliateEnabled: false,
      }),
    ).resolves.toMatchObject({ commissionBps: 3000, affiliateEnabled: false });
  });

  test("a contract not yet started, or ended, stops the label at once", async () => {
    const later = await h.makeUser({ artistName: "Later Artist" });
    const laterId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: later.id } }))
      .id;
    await signContract(labelUser, later, { canManage: true, startsOn: "2099-01-01" });
    const e = await trpcError((await actingCaller(labelUser, laterId)).artist.myTracks());
    expect(e.code).toBe("FORBIDDEN");

    const acting = await actingCaller(labelUser, ids.managed!);
    await expect(acting.artist.myTracks()).resolves.toBeDefined();
    await managed.caller.label.end({ contractId: managedContractId });
    const ended = await trpcError(acting.artist.myTracks());
    expect(ended.code).toBe("FORBIDDEN");
    expect(await acting.label.acting()).toMatchObject({
      artistId: ids.managed,
      artist: null,
      problem: expect.stringMatching(/not on Act Label's roster/),
    });
    // Uploads stop with the last managing contract: the unmanaged and later ones do not count.
    await expect(
      assertUploadAllowed({ userId: labelUser.id, kind: "MASTER" }, h.db),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
