import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { TestDb } from "@fanfare/db/testing";
import { createTestDb } from "@fanfare/db/testing";

import { invalidatePublicPages, publicTags } from "./public-pages";
import {
  listenForCacheTags,
  parseTagPayload,
  startCacheTagChannel,
  tagPayloads,
} from "./tag-channel";

/** Waits (polling, with a generous deadline for a loaded box) until `check` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("cache tag payloads", () => {
  test("many tags split into NOTIFY payloads under PostgreSQL's 8000-byte limit, none lost", () => {
    const tags = Array.from({ length: 500 }, (_, i) => publicTags.track(`c${"x".repeat(30)}${i}`));
    const payloads = tagPayloads(tags);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap(parseTagPayload)).toEqual(tags);
  });

  test("a payload that is not a JSON array of strings yields no tags", () => {
    expect(parseTagPayload("not json")).toEqual([]);
    expect(parseTagPayload('{"a":1}')).toEqual([]);
    expect(parseTagPayload('["track:1", 2]')).toEqual(["track:1"]);
    expect(parseTagPayload(undefined)).toEqual([]);
  });
});

describe("invalidatePublicPages reaches every process of the deployment", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  test("one process's invalidation reaches every web process's handler (PostgreSQL: NOTIFY/LISTEN; embedded: in process)", async () => {
    const heard: string[][] = [[], []];
    if (t.kind === "postgres") {
      // Two web processes' listeners, and a worker that only publishes.
      const a = listenForCacheTags(t.url!, (tags) => heard[0]!.push(...tags));
      const b = listenForCacheTags(t.url!, (tags) => heard[1]!.push(...tags));
      await Promise.all([a.ready, b.ready]);
      const worker = startCacheTagChannel({ url: t.url, getDbHandle: async () => t });
      try {
        invalidatePublicPages([publicTags.track("t1"), publicTags.discover]);
        await eventually(
          () => heard.every((h) => h.length === 2),
          "both listeners to hear the tags",
        );
        expect(heard).toEqual([
          ["track:t1", "discover"],
          ["track:t1", "discover"],
        ]);
      } finally {
        await worker.stop();
        await a.stop();
        await b.stop();
      }
    } else {
      const web = startCacheTagChannel({
        url: undefined,
        getDbHandle: async () => t,
        onTags: (tags) => heard[0]!.push(...tags),
      });
      await web.ready;
      try {
        invalidatePublicPages([publicTags.track("t1"), publicTags.discover]);
        await eventually(() => heard[0]!.length === 2, "the in-process handler");
        expect(heard[0]).toEqual(["track:t1", "discover"]);
      } finally {
        await web.stop();
      }
    }
    // Once stopped, nothing is broadcast any more.
    const before = heard.map((h) => h.length);
    invalidatePublicPages([publicTags.leaderboard]);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.map((h) => h.length)).toEqual(before);
  });

  test.skipIf(!process.env.DATABASE_URL)(
    "a listener whose session is killed reconnects and hears later invalidations",
    async () => {
      const heard: string[] = [];
      const listener = listenForCacheTags(t.url!, (tags) => heard.push(...tags));
      await listener.ready;
      const worker = startCacheTagChannel({ url: t.url, getDbHandle: async () => t });
      try {
        await t.db.$queryRaw`
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'fanfare-cache-tags' AND datname = current_database()`;
        // Published until heard: the first ones may go out while the listener reconnects.
        await eventually(() => {
          invalidatePublicPages([publicTags.track("after-reconnect")]);
          return heard.includes("track:after-reconnect");
        }, "the reconnected listener");
      } finally {
        await worker.stop();
        await listener.stop();
      }
    },
  );
});
