import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { campaignStats, liveCampaigns } from "./campaigns";
import { tickCampaigns } from "./tick";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Campaigns (issue 12 §3): who runs which, the owner's moves, the job that starts (announcing
 * once) and ends them, what is live for display, and the figures against the period before.
 */
describe("campaigns", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let other: Awaited<ReturnType<Harness["makeUser"]>>;
  /** The artist's $10.00 track at 25 %, and a second one at 20 %. */
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  let track2: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  /** Another artist's track. */
  let otherTrack: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  /** Pia promotes both of the artist's tracks; Oz only the other artist's. */
  let pia: Awaited<ReturnType<Harness["makeUser"]>>;
  let oz: Awaited<ReturnType<Harness["makeUser"]>>;
  let piaLink: { id: string; promoterId: string };

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Campaign Artist" });
    other = await h.makeUser({ artistName: "Other Artist" });
    ({ track } = await h.makeTrack(artist, { commissionBps: 2500, title: "Night Drive" }));
    ({ track: track2 } = await h.makeTrack(artist, { commissionBps: 2000, title: "Day Drive" }));
    ({ track: otherTrack } = await h.makeTrack(other, { commissionBps: 3000, title: "Elsewhere" }));
    pia = await h.makeUser({ email: `pia-${randomUUID()}@example.com` });
    oz = await h.makeUser();
    piaLink = await pia.caller.promoter.getOrCreateLink({ trackId: track.id });
    await pia.caller.promoter.getOrCreateLink({ trackId: track2.id });
    await oz.caller.promoter.getOrCreateLink({ trackId: otherTrack.id });
  });
  afterAll(async () => {
    await h.close();
  });

  const artistIdOf = async (user: { id: string }) =>
    (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: user.id } })).id;
  /** A window starting `startIn` from now and lasting `length`. */
  const window = (startIn: number, length: number) => {
    const startsAt = new Date(Math.floor((Date.now() + startIn) / 1000) * 1000);
    return { startsAt, endsAt: new Date(startsAt.getTime() + length) };
  };
  const auditOf = (id: string) =>
    h.db.auditLog
      .findMany({
        where: { subjectType: "campaign", subjectId: id },
        orderBy: { createdAt: "asc" },
      })
      .then((rows) => rows.map((r) => [r.action, r.actorId]));
  const announcements = (campaignId: string) =>
    h.db.emailOutbox.findMany({
      where: {
        template: "campaign-started",
        idempotencyKey: { startsWith: `campaign-started:${campaignId}:` },
      },
      orderBy: { to: "asc" },
    });

  test("an artist creates a draft on their own tracks, edits it, schedules and cancels it; each step audited", async () => {
    const w = window(HOUR, 2 * DAY);
    const c = await artist.caller.campaign.create({
      name: "Weekend boost",
      description: "25 % → 40 % this weekend",
      scope: "ARTIST",
      commissionBps: 4000,
      ...w,
    });
    const artistId = await artistIdOf(artist);
    expect(c).toMatchObject({
      status: "DRAFT",
      artistId,
      scope: "ARTIST",
      scopeArtistId: artistId,
      ownerName: "Campaign Artist",
      commissionBps: 4000,
      discountBps: null,
      announcedAt: null,
      createdById: artist.id,
    });
    const scheduled = await artist.caller.campaign.action({ id: c.id, action: "schedule" });
    expect(scheduled.status).toBe("SCHEDULED");
    await expect(
      artist.caller.campaign.action({ id: c.id, action: "schedule" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Cannot schedule campaign ${c.id}: it is scheduled.`,
    });
    // Not started yet: still editable, and the edit is checked like a new campaign.
    const edited = await artist.caller.campaign.update({
      id: c.id,
      scope: "TRACKS",
      trackIds: [track.id],
      discountBps: 1000,
    });
    expect(edited).toMatchObject({
      scope: "TRACKS",
      scopeArtistId: null,
      trackIds: [track.id],
      tracks: [{ id: track.id, title: "Night Drive" }],
      commissionBps: 4000,
      discountBps: 1000,
    });
    await expect(
      artist.caller.campaign.update({ id: c.id, commissionBps: null, discountBps: null }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Give the campaign a commission boost, a discount, or both.",
    });
    expect((await artist.caller.campaign.action({ id: c.id, action: "cancel" })).status).toBe(
      "CANCELLED",
    );
    await expect(artist.caller.campaign.update({ id: c.id, name: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      artist.caller.campaign.action({ id: c.id, action: "cancel" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Cannot cancel campaign ${c.id}: it is cancelled.`,
    });
    expect(await auditOf(c.id)).toEqual([
      ["campaign.create", artist.id],
      ["campaign.schedule", artist.id],
      ["campaign.update", artist.id],
      ["campaign.cancel", artist.id],
    ]);
    const update = await h.db.auditLog.findFirstOrThrow({
      where: { subjectId: c.id, action: "campaign.update" },
    });
    expect(update.before).toEqual({
      scope: "ARTIST",
      scopeArtistId: artistId,
      trackIds: [],
      discountBps: null,
    });
    expect(update.after).toEqual({
      scope: "TRACKS",
      scopeArtistId: null,
      trackIds: [track.id],
      discountBps: 1000,
    });
  });

  test("an artist cannot cover the platform, another artist or another artist's tracks, nor see or touch their campaigns", async () => {
    const w = window(HOUR, DAY);
    await expect(
      artist.caller.campaign.create({
        name: "All of it",
        scope: "PLATFORM",
        commissionBps: 4000,
        ...w,
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only admins run platform-wide campaigns.",
    });
    await expect(
      artist.caller.campaign.create({
        name: "Theirs",
        scope: "TRACKS",
        trackIds: [track.id, otherTrack.id],
        commissionBps: 4000,
        ...w,
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `You can only run campaigns on your own tracks (${otherTrack.id} is not yours).`,
    });
    await expect(
      artist.caller.campaign.create({
        name: "Theirs",
        scope: "ARTIST",
        artistId: await artistIdOf(other),
        commissionBps: 4000,
        ...w,
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You can only run campaigns on your own tracks.",
    });
    const fan = await h.makeUser();
    await expect(
      fan.caller.campaign.create({ name: "Mine", scope: "ARTIST", commissionBps: 4000, ...w }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only artists and admins run campaigns.",
    });

    const theirs = await other.caller.campaign.create({
      name: "Other's sale",
      scope: "ARTIST",
      discountBps: 2000,
      ...w,
    });
    expect((await artist.caller.campaign.list({})).items.map((c) => c.id)).not.toContain(theirs.id);
    for (const call of [
      () => artist.caller.campaign.action({ id: theirs.id, action: "cancel" }),
      () => artist.caller.campaign.update({ id: theirs.id, name: "Hijacked" }),
      () => artist.caller.campaign.stats({ id: theirs.id }),
    ])
      await expect(call()).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: `Campaign ${theirs.id} does not exist.`,
      });
    // The admin sees and manages every campaign.
    expect(
      (await admin.caller.campaign.list({ status: "DRAFT" })).items.map((c) => c.id),
    ).toContain(theirs.id);
    expect((await admin.caller.campaign.action({ id: theirs.id, action: "cancel" })).status).toBe(
      "CANCELLED",
    );
  });

  test("an admin's campaign is the platform's (no owner artist: a claim on the platform fee), on the platform, one artist or chosen tracks", async () => {
    const w = window(HOUR, DAY);
    const platform = await admin.caller.campaign.create({
      name: "Fanfare weekend",
      scope: "PLATFORM",
      commissionBps: 3500,
      ...w,
    });
    expect(platform).toMatchObject({ artistId: null, ownerName: null, scope: "PLATFORM" });
    const otherId = await artistIdOf(other);
    const onOne = await admin.caller.campaign.create({
      name: "Spotlight",
      scope: "ARTIST",
      artistId: otherId,
      discountBps: 1500,
      ...w,
    });
    expect(onOne).toMatchObject({
      artistId: null,
      scopeArtistId: otherId,
      scopeArtistName: "Other Artist",
    });
    const chosen = await admin.caller.campaign.create({
      name: "Picks",
      scope: "TRACKS",
      trackIds: [track.id, otherTrack.id],
      commissionBps: 4500,
      ...w,
    });
    expect(chosen).toMatchObject({ artistId: null, trackIds: [track.id, otherTrack.id] });
    expect(await auditOf(platform.id)).toEqual([["campaign.create", admin.id]]);
    // Lists page newest first.
    const first = await admin.caller.campaign.list({ limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([chosen.id, onOne.id]);
    const next = await admin.caller.campaign.list({ limit: 2, cursor: first.nextCursor });
    expect(next.items[0]?.id).toBe(platform.id);
    for (const c of [platform, onOne, chosen])
      await admin.caller.campaign.action({ id: c.id, action: "cancel" });
  });

  test("the tick starts a scheduled campaign and announces it exactly once to the promoters with links on its tracks, then completes it at its end", async () => {
    const w = window(HOUR, DAY);
    const c = await artist.caller.campaign.create({
      name: "Night boost",
      scope: "TRACKS",
      trackIds: [track.id],
      commissionBps: 4000,
      ...w,
    });
    // A draft never starts.
    const during = new Date(w.startsAt.getTime() + MINUTE);
    expect(await tickCampaigns({ now: during }, h.db)).toMatchObject({ started: 0 });
    await artist.caller.campaign.action({ id: c.id, action: "schedule" });
    // Not yet at its start: nothing moves, and it is not live.
    expect(await tickCampaigns({ now: new Date(w.startsAt.getTime() - MINUTE) }, h.db)).toEqual({
      started: 0,
      completed: 0,
      emailed: 0,
    });
    expect(
      await liveCampaigns(h.db, new Date(w.startsAt.getTime() - MINUTE), { trackId: track.id }),
    ).toEqual([]);

    // Two ticks at once after the start: one starts it and emails Pia once; the other does nothing.
    const runs = await Promise.all([
      tickCampaigns({ now: during }, h.db),
      tickCampaigns({ now: during }, h.db),
    ]);
    expect(runs.map((r) => r.started).sort()).toEqual([0, 1]);
    expect(runs.reduce((n, r) => n + r.emailed, 0)).toBe(1);
    expect(await tickCampaigns({ now: during }, h.db)).toEqual({
      started: 0,
      completed: 0,
      emailed: 0,
    });
    const row = await h.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "ACTIVE", announcedAt: during });
    const emails = await announcements(c.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to: pia.email,
      idempotencyKey: `campaign-started:${c.id}:${piaLink.promoterId}`,
      status: "QUEUED",
    });
    expect(emails[0]!.props).toMatchObject({
      campaignName: "Night boost",
      artistName: "Campaign Artist",
      tracks: [
        { title: "Night Drive", path: `/t/${track.slug}`, commissionBps: 2500, boostedBps: 4000 },
      ],
      moreTracks: 0,
    });
    expect(emails[0]!.subject).toMatch(/^Night boost: 40% commission until /);

    // Live for display while its window holds: on its track and its artist, not on the other track.
    const live = await liveCampaigns(h.db, during, { trackId: track.id });
    expect(live).toEqual([
      {
        id: c.id,
        name: "Night boost",
        scope: "TRACKS",
        commissionBps: 4000,
        discountBps: null,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
        artistName: "Campaign Artist",
      },
    ]);
    expect(await liveCampaigns(h.db, during, { trackId: track2.id })).toEqual([]);
    expect(
      (await liveCampaigns(h.db, during, { artistId: await artistIdOf(artist) })).map((x) => x.id),
    ).toEqual([c.id]);
    expect(
      (await liveCampaigns(h.db, during, { artistId: await artistIdOf(other) })).map((x) => x.id),
    ).toEqual([]);
    expect(
      await liveCampaigns(h.db, during, { trackId: track.id, artistId: await artistIdOf(other) }),
    ).toEqual([]);
    // Once started it can no longer be edited.
    await expect(
      artist.caller.campaign.update({ id: c.id, commissionBps: 5000 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const after = new Date(w.endsAt.getTime() + MINUTE);
    expect(await tickCampaigns({ now: after }, h.db)).toEqual({
      started: 0,
      completed: 1,
      emailed: 0,
    });
    expect(await tickCampaigns({ now: after }, h.db)).toEqual({
      started: 0,
      completed: 0,
      emailed: 0,
    });
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).status).toBe(
      "COMPLETED",
    );
    expect(await liveCampaigns(h.db, after, { trackId: track.id })).toEqual([]);
    expect(await announcements(c.id)).toHaveLength(1);
    expect(await auditOf(c.id)).toEqual([
      ["campaign.create", artist.id],
      ["campaign.schedule", artist.id],
      ["campaign.start", null],
      ["campaign.complete", null],
    ]);
  });

  test("the tick completes a campaign whose whole window passed unseen without announcing it, and a boost that changes no promoter's rate emails no one", async () => {
    const w = window(HOUR, DAY);
    const missed = await artist.caller.campaign.create({
      name: "Missed",
      scope: "ARTIST",
      commissionBps: 4500,
      ...w,
    });
    await artist.caller.campaign.action({ id: missed.id, action: "schedule" });
    // Below every linked track's own rate (20 %, 25 %, 30 %), no discount: nothing to tell.
    const weak = await admin.caller.campaign.create({
      name: "Weak",
      scope: "PLATFORM",
      commissionBps: 1500,
      ...window(HOUR, 2 * DAY),
    });
    await admin.caller.campaign.action({ id: weak.id, action: "schedule" });
    // A platform discount: every promoter with a link hears of it, once each.
    const sale = await admin.caller.campaign.create({
      name: "Fanfare sale",
      scope: "PLATFORM",
      discountBps: 2000,
      ...window(HOUR, 2 * DAY),
    });
    await admin.caller.campaign.action({ id: sale.id, action: "schedule" });

    const result = await tickCampaigns({ now: new Date(w.endsAt.getTime() + HOUR) }, h.db);
    expect(result).toEqual({ started: 2, completed: 1, emailed: 2 });
    expect(await h.db.campaign.findUniqueOrThrow({ where: { id: missed.id } })).toMatchObject({
      status: "COMPLETED",
      announcedAt: null,
    });
    expect(await announcements(missed.id)).toEqual([]);
    expect(await announcements(weak.id)).toEqual([]);
    expect(
      (await h.db.campaign.findUniqueOrThrow({ where: { id: weak.id } })).announcedAt,
    ).not.toBeNull();
    const saleEmails = await announcements(sale.id);
    expect(saleEmails.map((e) => e.to).sort()).toEqual([oz.email, pia.email].sort());
    const piaEmail = saleEmails.find((e) => e.to === pia.email)!;
    expect(
      (piaEmail.props as { tracks: { title: string; boostedBps: number | null }[] }).tracks,
    ).toEqual([
      expect.objectContaining({ title: "Night Drive", boostedBps: null }),
      expect.objectContaining({ title: "Day Drive", boostedBps: null }),
    ]);
    for (const c of [weak, sale])
      await admin.caller.campaign.action({ id: c.id, action: "cancel" });
  });

  test("stats: clicks and completed sales on the campaign's tracks so far, against the period of the same length just before", async () => {
    const w = window(HOUR, DAY);
    const c = await artist.caller.campaign.create({
      name: "Measured",
      scope: "TRACKS",
      trackIds: [track.id],
      commissionBps: 4000,
      discountBps: 1000,
      ...w,
    });
    const at = (offset: number) => new Date(w.startsAt.getTime() + offset);
    const click = (trackId: string, createdAt: Date, counted = true) =>
      h.db.clickEvent.create({
        data: {
          linkId: piaLink.id,
          trackId,
          visitorHash: `v${randomUUID()}`,
          landingPath: "/t/x",
          counted,
          createdAt,
        },
      });
    const sale = async (
      trackId: string,
      createdAt: Date,
      money: { amountCents: number; commissionCents: number; discountCents?: number },
      status: "COMPLETED" | "PENDING" | "REFUNDED" = "COMPLETED",
    ) => {
      const fee = Math.round(money.amountCents / 10);
      const discountCents = money.discountCents ?? 0;
      const { artistId } = await h.db.track.findUniqueOrThrow({ where: { id: trackId } });
      return h.db.sale.create({
        data: {
          trackId,
          artistId,
          buyerEmail: `b${randomUUID()}@example.com`,
          amountCents: money.amountCents,
          currency: "usd",
          platformFeeCents: fee,
          commissionCents: money.commissionCents,
          artistCents: money.amountCents - fee - money.commissionCents,
          commissionBps: 2500,
          downloadTokenHash: randomUUID(),
          status,
          createdAt,
          ...(discountCents
            ? {
                discountCents,
                listAmountCents: money.amountCents + discountCents,
                campaignId: c.id,
                discountFunder: "ARTIST" as const,
              }
            : {}),
        },
      });
    };
    // The campaign so far: [start, start + 2 h).
    await click(track.id, at(0));
    await click(track.id, at(30 * MINUTE));
    await click(track.id, at(2 * HOUR - 1));
    await click(track.id, at(HOUR), false); // a repeat: not counted
    await click(track2.id, at(HOUR)); // not a track of the campaign
    await click(track.id, at(2 * HOUR)); // after "now"
    await sale(track.id, at(10 * MINUTE), {
      amountCents: 900,
      commissionCents: 360,
      discountCents: 100,
    });
    await sale(track.id, at(HOUR), { amountCents: 900, commissionCents: 360, discountCents: 100 });
    await sale(track.id, at(HOUR), { amountCents: 1000, commissionCents: 250 }, "PENDING");
    await sale(track.id, at(HOUR), { amountCents: 1000, commissionCents: 250 }, "REFUNDED");
    await sale(track2.id, at(HOUR), { amountCents: 1000, commissionCents: 200 });
    // The two hours before: [start − 2 h, start).
    await click(track.id, at(-HOUR));
    await click(track.id, at(-3 * HOUR)); // earlier still
    await sale(track.id, at(-MINUTE), { amountCents: 1000, commissionCents: 250 });
    await sale(track.id, at(-3 * HOUR), { amountCents: 1000, commissionCents: 250 });

    const actor = { userId: artist.id, isAdmin: false, artistId: await artistIdOf(artist) };
    const stats = await campaignStats({ id: c.id }, actor, h.db, at(2 * HOUR));
    expect(stats).toEqual({
      campaignId: c.id,
      current: {
        from: w.startsAt,
        to: at(2 * HOUR),
        clicks: 3,
        sales: 2,
        revenueCents: 1800,
        commissionCents: 720,
        discountCents: 200,
      },
      previous: {
        from: at(-2 * HOUR),
        to: w.startsAt,
        clicks: 1,
        sales: 1,
        revenueCents: 1000,
        commissionCents: 250,
        discountCents: 0,
      },
    });
    // After the end the window stops at endsAt; before the start it is empty.
    const ended = await campaignStats(
      { id: c.id },
      actor,
      h.db,
      new Date(w.endsAt.getTime() + DAY),
    );
    expect(ended.current.to).toEqual(w.endsAt);
    expect(ended.previous.from).toEqual(new Date(w.startsAt.getTime() - DAY));
    const early = await artist.caller.campaign.stats({ id: c.id });
    expect(early.current).toMatchObject({ from: w.startsAt, to: w.startsAt, clicks: 0, sales: 0 });
    expect(early.previous).toMatchObject({ from: w.startsAt, to: w.startsAt, revenueCents: 0 });
  });
});
