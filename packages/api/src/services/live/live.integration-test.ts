import pg from "pg";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { appRouter } from "../../root";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { createTRPCContext } from "../../trpc";
import {
  LIVE_CHANNEL,
  liveEvents,
  liveListenerReady,
  publishLiveEvents,
  startLiveListener,
  stopLiveListener,
} from "./live-events";
import type { LiveMessage } from "./stream";

/**
 * Live earnings (issue 13 §6): a completed sale reaches the promoter's open stream (SSE, through
 * the same fetch adapter as `/api/trpc`) with the commission and the new totals, and the artist's
 * with the sale; across processes the event travels by PostgreSQL NOTIFY.
 */
describe("live events", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
    // This process hears NOTIFYs (notifications, announced at commit) on the test database.
    await startLiveListener(h.testDb.url ?? { pglite: h.testDb.pglite! });
  });
  afterAll(async () => {
    await stopLiveListener();
    await h.close();
  });

  test.runIf(!!process.env.DATABASE_URL)(
    "an event NOTIFYed by another process reaches this process's subscribers once",
    async () => {
      const stop = new AbortController();
      const events = liveEvents(["promoter:p_other"], stop.signal, h.testDb.url);
      const next = events.next();
      await liveListenerReady();
      const e = {
        id: "evt-from-elsewhere",
        topic: "promoter:p_other",
        kind: "commission",
        amountCents: 120,
        trackTitle: "Elsewhere",
        at: Date.now(),
      };
      // As another web process would: only the NOTIFY, no local delivery.
      await h.db.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(e)})`;
      await h.db.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(e)})`;
      expect((await next).value).toEqual(e);
      // The duplicate is dropped; a later event (published here) comes next.
      await publishLiveEvents(h.db, [
        {
          topic: "promoter:p_other",
          kind: "commission",
          amountCents: 5,
          trackTitle: "Here",
          at: 1,
        },
      ]);
      expect((await events.next()).value).toMatchObject({ trackTitle: "Here" });
      stop.abort();
      expect(await events.next()).toEqual({ done: true, value: undefined });
    },
  );

  test.runIf(!!process.env.DATABASE_URL)(
    "events published together reach other processes as one NOTIFY each, in order",
    async () => {
      // Another process's listener: a plain session LISTENing on the channel.
      const other = new pg.Client({ connectionString: h.testDb.url! });
      await other.connect();
      try {
        const heard: string[] = [];
        other.on("notification", (m) => {
          if (m.channel === LIVE_CHANNEL) heard.push(m.payload!);
        });
        await other.query(`LISTEN "${LIVE_CHANNEL}"`);
        await publishLiveEvents(h.db, [
          { topic: "promoter:p_two", kind: "commission", amountCents: 7, trackTitle: "A", at: 1 },
          { topic: "artist:a_two", kind: "sale", amountCents: 93, trackTitle: "A", at: 1 },
        ]);
        for (let i = 0; i < 200 && heard.length < 2; i++)
          await new Promise((r) => setTimeout(r, 25));
        expect(heard.map((p) => JSON.parse(p) as { topic: string; amountCents: number })).toEqual([
          expect.objectContaining({ topic: "promoter:p_two", amountCents: 7 }),
          expect.objectContaining({ topic: "artist:a_two", amountCents: 93 }),
        ]);
      } finally {
        await other.end();
      }
    },
  );

  test("SSE: the promoter's stream gets a snapshot, then the commission with the new totals; the artist's stream the sale", async () => {
    const artist = await h.makeUser({ artistName: "Live Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });

    /** Opens `live.events` over HTTP as `userId` and reads its SSE messages. */
    const open = async (userId: string) => {
      const stop = new AbortController();
      const req = new Request("http://localhost/api/trpc/live.events", {
        headers: { accept: "text/event-stream" },
        signal: stop.signal,
      });
      const res = await fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req,
        createContext: () =>
          createTRPCContext({ headers: req.headers, session: { user: { id: userId } }, db: h.db }),
      });
      expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      /** The next `data:` message (pings and comments skipped). */
      const next = async (): Promise<LiveMessage> => {
        for (;;) {
          const end = buffer.indexOf("\n\n");
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split("\n")
              .filter((l) => l.startsWith("data:"))
              .map((l) => l.slice(5).trimStart())
              .join("\n");
            const isMessage = !/^event:/m.test(block);
            if (data && isMessage) return superjson.deserialize(JSON.parse(data)) as LiveMessage;
            continue;
          }
          const chunk = await reader.read();
          if (chunk.done) throw new Error("the stream ended");
          buffer += chunk.value;
        }
      };
      return { next, close: () => stop.abort() };
    };

    const ps = await open(promoter.id);
    const as = await open(artist.id);
    const snapshot = await ps.next();
    expect(snapshot).toMatchObject({ type: "snapshot", earnings: { todayCents: 0 } });
    expect(await as.next()).toMatchObject({ type: "snapshot" });

    /**
     * The next two messages by type: the sale's event (announced after commit, in process) and
     * the notification its transaction wrote (NOTIFYed at commit, heard back through the
     * listener), in either order.
     */
    const nextTwo = async (stream: { next: () => Promise<LiveMessage> }) => {
      const two = [await stream.next(), await stream.next()];
      return new Map(two.map((m) => [m.type, m]));
    };
    const committed = Date.now();
    await h.sellThroughLink(link, track);
    const promoterGot = await nextTwo(ps);
    const commission = promoterGot.get("commission");
    expect(commission).toMatchObject({
      type: "commission",
      amountCents: 250,
      trackTitle: "Test Track",
      earnings: { todayCents: 250, monthCents: 250 },
    });
    expect(commission?.type === "commission" && commission.at).toBeGreaterThanOrEqual(committed);
    expect(promoterGot.get("notification")).toMatchObject({
      notificationType: "commission_earned",
    });
    const artistGot = await nextTwo(as);
    expect(artistGot.get("sale")).toMatchObject({ type: "sale", trackTitle: "Test Track" });
    expect(artistGot.get("notification")).toMatchObject({ notificationType: "sale_made" });
    ps.close();
    as.close();
  });
});
