import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import type { LiveEvent } from "../live/live-events";
import { liveEvents, startLiveListener, stopLiveListener } from "../live/live-events";
import { liveStream } from "../live/stream";
import type { NotificationInput } from "./notify";
import { notify } from "./notify";

/**
 * The bell pushed from the server (issue 13 §7): `notify()` announces a notification on its
 * user's live topic (`user:<id>`) by a NOTIFY in its own statement, so the announcement is
 * delivered when the notification's transaction commits and never when it rolls back, and only
 * to that user's topic. This process hears it through its listener on the test database (the
 * LISTEN session on PostgreSQL, `PGlite.listen` on the embedded one), like every other process.
 *
 * No test waits for "nothing arrived": NOTIFYs reach a listener in commit order, so an event that
 * should not exist would arrive before the later one a test reads next.
 */
describe("notifications announced live", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
    await stopLiveListener();
    await startLiveListener(h.testDb.url ?? { pglite: h.testDb.pglite! });
  });
  afterAll(async () => {
    await stopLiveListener();
    await h.close();
  });

  const input = (userId: string, dedupeKey: string): NotificationInput => ({
    userId,
    type: "badge_earned",
    title: "Badge earned: First sale",
    body: "A fan bought a track through you.",
    href: "/dashboard/promoter",
    dedupeKey,
  });
  /** The id of `userId`'s notification written under `dedupeKey`. */
  const idOf = async (userId: string, dedupeKey: string) =>
    (
      await h.db.notification.findUniqueOrThrow({
        where: { userId_dedupeKey: { userId, dedupeKey } },
        select: { id: true },
      })
    ).id;
  /** The next event of a subscription. */
  const next = async (events: AsyncGenerator<LiveEvent>) => {
    const r = await events.next();
    if (r.done) throw new Error("the subscription ended");
    return r.value;
  };

  test("a notification reaches its user's topic when its transaction commits, never when it rolls back, nor a muted or repeated one; never another user's topic", async () => {
    const a = await h.makeUser();
    const b = await h.makeUser();
    const stop = new AbortController();
    const aEvents = liveEvents([`user:${a.id}`], stop.signal);
    const bEvents = liveEvents([`user:${b.id}`], stop.signal);
    // Subscribed from here on (the generators run up to their first wait).
    const aFirst = next(aEvents);
    const bFirst = next(bEvents);

    await expect(
      h.db.$transaction(async (tx) => {
        expect(await notify(tx, input(a.id, "rolled-back"))).toBe(true);
        throw new Error("the caller failed after notifying");
      }),
    ).rejects.toThrow("the caller failed after notifying");
    expect(await h.db.notification.count({ where: { userId: a.id } })).toBe(0);

    if (h.testDb.url) {
      // PostgreSQL: while a transaction that notified is open, a notification committed on its
      // own arrives first: the open one is announced at its commit, not when notify() ran.
      await h.db.$transaction(async (tx) => {
        expect(await notify(tx, input(a.id, "in-tx"))).toBe(true);
        expect(await notify(h.db, input(a.id, "alone"))).toBe(true);
      });
      const first = await aFirst;
      expect(first).toEqual({
        id: expect.any(String),
        topic: `user:${a.id}`,
        kind: "notification",
        notificationId: await idOf(a.id, "alone"),
        type: "badge_earned",
        at: expect.any(Number),
      });
      expect(await next(aEvents)).toMatchObject({ notificationId: await idOf(a.id, "in-tx") });
    } else {
      // The embedded database has one session: no second transaction can run beside one.
      await h.db.$transaction(async (tx) => {
        expect(await notify(tx, input(a.id, "in-tx"))).toBe(true);
      });
      expect(await aFirst).toMatchObject({
        topic: `user:${a.id}`,
        kind: "notification",
        notificationId: await idOf(a.id, "in-tx"),
      });
    }

    // Nothing for a muted type or a key already written; the next one arrives next.
    await a.caller.notification.setMuted({ type: "contest_started", muted: true });
    expect(await notify(h.db, { ...input(a.id, "muted"), type: "contest_started" })).toBe(false);
    expect(await notify(h.db, input(a.id, "in-tx"))).toBe(false);
    expect(await notify(h.db, input(a.id, "last"))).toBe(true);
    expect(await next(aEvents)).toMatchObject({ notificationId: await idOf(a.id, "last") });

    // B's topic heard none of A's: B's own notification is the first thing it gets.
    expect(await notify(h.db, input(b.id, "b-own"))).toBe(true);
    expect(await bFirst).toMatchObject({
      topic: `user:${b.id}`,
      notificationId: await idOf(b.id, "b-own"),
    });
    stop.abort();
    expect(await aEvents.next()).toEqual({ done: true, value: undefined });
  });

  test("the live stream of a user who is neither promoter nor artist carries their notifications (id and type, no text)", async () => {
    const fan = await h.makeUser();
    const other = await h.makeUser();
    const stop = new AbortController();
    const stream = liveStream(
      { userId: fan.id, promoterId: null, artistId: null },
      stop.signal,
      h.db,
    );
    expect((await stream.next()).value).toEqual({ type: "snapshot", earnings: null });
    const message = stream.next();
    expect(await notify(h.db, input(other.id, "someone-else"))).toBe(true);
    await h.db.$transaction(async (tx) => notify(tx, input(fan.id, "mine")));
    expect((await message).value).toEqual({
      type: "notification",
      notificationId: await idOf(fan.id, "mine"),
      notificationType: "badge_earned",
      at: expect.any(Number),
    });
    stop.abort();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
