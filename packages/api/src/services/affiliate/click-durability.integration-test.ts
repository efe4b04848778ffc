import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { openDb } from "@fanfare/db";
import { applyMigrations } from "@fanfare/db/migrate";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { recordClick } from "./clicks";

/**
 * The click statement commits asynchronously on a PostgreSQL server (its WAL writer flushes within
 * a fraction of a second), but the embedded database has no WAL writer: there a click must be on
 * disk when `recordClick` returns, even when nothing is committed after it (issue 9: a short
 * benchmark found every click of its run missing after the server stopped).
 */
describe("click durability on the embedded database", () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-click-durability-"));
    // url "" : PGlite on disk even when the suite runs against PostgreSQL (DATABASE_URL set).
    const handle = openDb({ url: "", pgliteDir: path.join(dir, "live") });
    await applyMigrations(handle.adapterFactory);
    h = await setupHarness({ testDb: handle });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a counted click is on disk when recordClick returns: a copy of the data folder taken then (a crash) holds it", async () => {
    const artist = await h.makeUser({ artistName: "Durable Artist" });
    const { track } = await h.makeTrack(artist);
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const result = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "203.0.113.77",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: "durability",
      },
      h.db,
    );
    expect(result).toMatchObject({ recorded: true, counted: true });

    // What a crash right now would leave: the files as they are, the live database still open.
    fs.cpSync(path.join(dir, "live"), path.join(dir, "crashed"), { recursive: true });
    fs.rmSync(path.join(dir, "crashed", "postmaster.pid"), { force: true });
    const crashed = openDb({ url: "", pgliteDir: path.join(dir, "crashed") });
    try {
      const [clicks] = await crashed.db.$queryRaw<{ n: number }[]>`
        SELECT COUNT(*)::int AS n FROM "ClickEvent" WHERE "linkId" = ${link.id} AND "counted"`;
      expect(clicks?.n).toBe(1);
      const [pending] = await crashed.db.$queryRaw<{ n: number }[]>`
        SELECT COUNT(*)::int AS n FROM "ClickRollupPending" WHERE "linkId" = ${link.id}`;
      expect(pending?.n).toBe(1);
    } finally {
      await crashed.close();
    }
  });
});
