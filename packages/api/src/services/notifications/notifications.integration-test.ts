import { randomUUID } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxOnboarding, getPayments } from "@fanfare/payments";
import { NOTIFICATION_TYPE_KEYS } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { adjustBalance } from "../admin/adjust-balance";
import { refreshConnectAccount, startConnectOnboarding } from "../payouts/connect";
import { requestPayout } from "../payouts/payouts";
import { recomputeTiers } from "../tiers/recompute";
import { notify, notifyManyUnlessMuted } from "./notify";

/**
 * The notification centre (issue 13 §7): the caller's own list (newest first, cursor paging),
 * unread count, mark read (another user's notification is NOT_FOUND and changes nothing), muting
 * per type; and the events that notify beside their email (commission earned, a sale of the
 * artist's track, a tier change, a payout sent), where a muted type sends no email either.
 */
describe("notifications", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** `count` notifications for the user, a minute apart, the last one newest. */
  const seed = async (userId: string, count: number, from = Date.UTC(2026, 11, 1)) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = await h.db.notification.create({
        data: {
          userId,
          type: "commission_earned",
          title: `Notification ${i + 1}`,
          dedupeKey: `test:${i}`,
          createdAt: new Date(from + i * 60_000),
        },
      });
      ids.push(n.id);
    }
    return ids;
  };

  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as TRPCError,
    );

  test("list pages the caller's own notifications newest first with a cursor, with the unread count", async () => {
    const me = await h.makeUser();
    const other = await h.makeUser();
    const ids = await seed(me.id, 5);
    await seed(other.id, 3);

    const first = await me.caller.notification.list({ limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(["Notification 5", "Notification 4"]);
    expect(first.unreadCount).toBe(5);
    expect(first.items[0]).toMatchObject({ type: "commission_earned", readAt: null, href: null });
    const second = await me.caller.notification.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(["Notification 3", "Notification 2"]);
    const last = await me.caller.notification.list({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((n) => n.title)).toEqual(["Notification 1"]);
    expect(last.nextCursor).toBeNull();
    expect(ids).toHaveLength(5);

    // Another user's notification as a cursor: an empty page, never their rows.
    const theirs = await h.db.notification.findFirstOrThrow({ where: { userId: other.id } });
    expect(await me.caller.notification.list({ cursor: theirs.id })).toEqual({
      items: [],
      nextCursor: null,
      unreadCount: 5,
    });
    expect(await other.caller.notification.unreadCount()).toEqual({ count: 3 });
  });

  test("markRead marks the named ones or all; another user's id is NOT_FOUND and changes nothing", async () => {
    const me = await h.makeUser();
    const other = await h.makeUser();
    const mine = await seed(me.id, 3);
    const theirs = await seed(other.id, 2);

    expect(await me.caller.notification.markRead({ ids: [mine[0]!] })).toEqual({
      marked: 1,
      unreadCount: 2,
    });
    // Marking it again changes nothing (its first readAt stays).
    const readAt = (await h.db.notification.findUniqueOrThrow({ where: { id: mine[0]! } })).readAt;
    expect(await me.caller.notification.markRead({ ids: [mine[0]!] })).toEqual({
      marked: 0,
      unreadCount: 2,
    });
    expect((await h.db.notification.findUniqueOrThrow({ where: { id: mine[0]! } })).readAt).toEqual(
      readAt,
    );

    // One of theirs among mine: refused as a whole.
    const error = await rejection(me.caller.notification.markRead({ ids: [mine[1]!, theirs[0]!] }));
    expect(error).toBeInstanceOf(TRPCError);
    expect(error?.code).toBe("NOT_FOUND");
    expect(error?.message).toBe(
      `Notification ${theirs[0]} was not found among your notifications.`,
    );
    expect(
      await h.db.notification.count({ where: { id: { in: [mine[1]!, ...theirs] }, readAt: null } }),
    ).toBe(3);

    expect(await me.caller.notification.markRead({ all: true })).toEqual({
      marked: 2,
      unreadCount: 0,
    });
    // "All" is the caller's only.
    expect(await other.caller.notification.unreadCount()).toEqual({ count: 2 });
  });

  test("mutedTypes lists every type with its label and email; setMuted mutes and unmutes one, and a muted type writes nothing", async () => {
    const me = await h.makeUser();
    const before = await me.caller.notification.mutedTypes();
    expect(before.map((t) => t.type)).toEqual(NOTIFICATION_TYPE_KEYS);
    expect(before.find((t) => t.type === "payout_sent")).toEqual({
      type: "payout_sent",
      label: "Payout sent",
      email: true,
      muted: false,
    });
    const after = await me.caller.notification.setMuted({ type: "badge_earned", muted: true });
    expect(after.filter((t) => t.muted).map((t) => t.type)).toEqual(["badge_earned"]);
    // Muting twice keeps one entry.
    await me.caller.notification.setMuted({ type: "badge_earned", muted: true });
    expect(
      (await h.db.user.findUniqueOrThrow({ where: { id: me.id } })).mutedNotificationTypes,
    ).toEqual(["badge_earned"]);

    const input = {
      userId: me.id,
      type: "badge_earned" as const,
      title: "Badge",
      dedupeKey: "badge:x:",
    };
    expect(await notify(h.db, input)).toBe(false);
    await me.caller.notification.setMuted({ type: "badge_earned", muted: false });
    expect(await notify(h.db, input)).toBe(true);
    // The same key again: written once.
    expect(await notify(h.db, input)).toBe(false);
    expect(await me.caller.notification.unreadCount()).toEqual({ count: 1 });
  });

  const emailsTo = (to: string, template: string) =>
    h.db.emailOutbox.findMany({ where: { to, template } });

  test("notifyManyUnlessMuted writes several in one statement, in order: muted, unknown and repeated ones write nothing", async () => {
    const a = await h.makeUser();
    const b = await h.makeUser();
    await h.db.user.update({
      where: { id: b.id },
      data: { mutedNotificationTypes: ["sale_made"] },
    });
    const key = `many:${randomUUID()}`;
    const n = (userId: string, type: "sale_made" | "commission_earned", dedupeKey = key) => ({
      userId,
      type,
      title: `To ${userId}`,
      dedupeKey,
    });
    expect(
      await notifyManyUnlessMuted(h.db, [
        n(a.id, "sale_made"),
        n(b.id, "sale_made"),
        n(b.id, "commission_earned"),
        n("no-such-user", "sale_made"),
        n(a.id, "commission_earned"),
      ]),
    ).toEqual([
      { muted: false, written: true },
      { muted: true, written: false },
      { muted: false, written: true },
      { muted: false, written: false },
      // The same (user, dedupe key) as the first: written once.
      { muted: false, written: false },
    ]);
    const rows = await h.db.notification.findMany({
      where: { dedupeKey: key },
      select: { userId: true, type: true },
    });
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { userId: a.id, type: "sale_made" },
        { userId: b.id, type: "commission_earned" },
      ]),
    );
    // A replay writes nothing new.
    expect(await notifyManyUnlessMuted(h.db, [n(a.id, "sale_made")])).toEqual([
      { muted: false, written: false },
    ]);
    expect(await notifyManyUnlessMuted(h.db, [])).toEqual([]);
  });

  test("a completed sale notifies the promoter (commission earned) and the artist (a sale), once each, beside their emails", async () => {
    const artist = await h.makeUser({ artistName: "Bell Artist" });
    const { track } = await h.makeTrack(artist, {
      priceCents: 1000,
      commissionBps: 2500,
      title: "Bell Song",
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const saleId = await h.sellThroughLink(link, track);

    const [commission] = await h.db.notification.findMany({
      where: { userId: promoter.id, type: "commission_earned" },
    });
    expect(commission).toMatchObject({
      dedupeKey: `commission:${saleId}`,
      title: "You earned $2.50 commission",
      href: "/dashboard/earnings",
      readAt: null,
    });
    expect(commission!.body).toContain("Bell Song by Bell Artist");
    const [sale] = await h.db.notification.findMany({
      where: { userId: artist.id, type: "sale_made" },
    });
    expect(sale).toMatchObject({
      dedupeKey: `sale:${saleId}`,
      title: "You sold Bell Song for $10.00",
      href: "/dashboard/artist",
    });
    expect(await emailsTo(promoter.email, "commission-earned")).toHaveLength(1);
    expect(await emailsTo(artist.email, "artist-sale")).toHaveLength(1);
    expect(await promoter.caller.notification.unreadCount()).toEqual({ count: 1 });
  });

  test("a promoter who muted commission earned gets neither the notification nor the email; the artist's still come", async () => {
    const artist = await h.makeUser({ artistName: "Muted Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    await promoter.caller.notification.setMuted({ type: "commission_earned", muted: true });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    await h.sellThroughLink(link, track);
    expect(await h.db.notification.count({ where: { userId: promoter.id } })).toBe(0);
    expect(await emailsTo(promoter.email, "commission-earned")).toHaveLength(0);
    expect(await h.db.notification.count({ where: { userId: artist.id, type: "sale_made" } })).toBe(
      1,
    );
    expect(await emailsTo(artist.email, "artist-sale")).toHaveLength(1);

    // And an artist who muted sales gets no "you made a sale" email.
    await artist.caller.notification.setMuted({ type: "sale_made", muted: true });
    const other = await h.makeUser();
    const otherLink = await other.caller.promoter.getOrCreateLink({ trackId: track.id });
    await h.sellThroughLink(otherLink, track);
    expect(await emailsTo(artist.email, "artist-sale")).toHaveLength(1);
    expect(await emailsTo(other.email, "commission-earned")).toHaveLength(1);
  });

  test("a tier change notifies with the email's key; a promoter who muted tier changes gets no email", async () => {
    const admin = await h.makeAdmin();
    await admin.caller.admin.tiers.upsert({
      name: "Bell Silver",
      rank: 50,
      metric: "SALES",
      threshold: 1,
      windowDays: 30,
      bonusBps: 200,
      payoutMinimumCents: null,
    });
    const artist = await h.makeUser({ artistName: "Tier Bell Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const loud = await h.makeUser();
    const quiet = await h.makeUser();
    await quiet.caller.notification.setMuted({ type: "tier_changed", muted: true });
    const ids = [];
    for (const p of [loud, quiet]) {
      const link = await p.caller.promoter.getOrCreateLink({ trackId: track.id });
      await h.sellThroughLink(link, track);
      ids.push((await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: p.id } })).id);
    }
    const now = new Date();
    await recomputeTiers({ promoterIds: ids, now }, h.db);
    const [moved] = await h.db.notification.findMany({
      where: { userId: loud.id, type: "tier_changed" },
    });
    expect(moved).toMatchObject({
      title: "You moved up to Bell Silver",
      body: "Bell Silver pays +2% on every sale.",
      dedupeKey: `tier-changed:${ids[0]}:${now.toISOString()}`,
    });
    expect(await emailsTo(loud.email, "tier-changed")).toHaveLength(1);
    expect(
      await h.db.notification.count({ where: { userId: quiet.id, type: "tier_changed" } }),
    ).toBe(0);
    expect(await emailsTo(quiet.email, "tier-changed")).toHaveLength(0);
    // The tier moved all the same.
    expect(
      (await h.db.promoterProfile.findUniqueOrThrow({ where: { id: ids[1]! } })).tierId,
    ).not.toBeNull();
    await admin.caller.admin.tiers.delete({
      id: (await h.db.promoterTier.findFirstOrThrow({ where: { name: "Bell Silver" } })).id,
    });
  });

  test("a payout sent notifies the payee once, beside the payout-sent email", async () => {
    const admin = await h.makeAdmin();
    const promoter = await h.makeUser();
    await promoter.caller.promoter.me();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    const payee = { type: "PROMOTER" as const, id: profile.id };
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email: promoter.email },
      { db: h.db, payments },
    );
    await completeSandboxOnboarding(h.db, { accountId: stripeAccountId, webhookUrl: h.webhookUrl });
    await refreshConnectAccount(payee, { db: h.db, payments });
    await adjustBalance(
      {
        payeeEmail: promoter.email,
        payeeType: "PROMOTER",
        amountCents: 5000,
        reason: "Notification test credit",
        idempotencyKey: randomUUID(),
      },
      { userId: admin.id },
      h.db,
    );
    const payout = await requestPayout({ payee }, { db: h.db, payments });
    expect(payout).toMatchObject({ status: "PAID", amountCents: 5000 });
    const sent = await h.db.notification.findMany({
      where: { userId: promoter.id, type: "payout_sent" },
    });
    expect(sent.map((n) => [n.title, n.dedupeKey])).toEqual([
      ["Payout sent: $50.00", `payout:${payout.id}`],
    ]);
    expect(await emailsTo(promoter.email, "payout-sent")).toHaveLength(1);
  });
});
