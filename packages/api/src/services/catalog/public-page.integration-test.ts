import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { applyBps } from "@fanfare/validators/money";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getTrackPageContent } from "./public-page";

/**
 * The track page's copy reads the rules' own settings and split function (issue 10, defect 14):
 * the download terms come from DOWNLOAD_TTL_DAYS / DOWNLOAD_LIMIT, the promoter's commission
 * from `applyBps`, never from numbers written into the page.
 */
describe("track page content: policy figures from the settings the rules read", () => {
  let h: Harness;
  let trackId: string;
  const saved = { ttl: process.env.DOWNLOAD_TTL_DAYS, limit: process.env.DOWNLOAD_LIMIT };
  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Policy Artist" });
    trackId = (await h.makeTrack(artist, { priceCents: 999, commissionBps: 2_500 })).track.id;
  });
  afterEach(() => {
    for (const [k, v] of [
      ["DOWNLOAD_TTL_DAYS", saved.ttl],
      ["DOWNLOAD_LIMIT", saved.limit],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  afterAll(async () => {
    await h.close();
  });

  test("defaults: 7 days and 5 downloads; the commission at the listed price is applyBps of it", async () => {
    delete process.env.DOWNLOAD_TTL_DAYS;
    delete process.env.DOWNLOAD_LIMIT;
    const content = await getTrackPageContent({ trackId }, h.db);
    expect(content.status).toBe("published");
    if (content.status !== "published") return;
    expect(content.track.downloadTerms).toEqual({ days: 7, downloads: 5 });
    expect(content.track.commissionAtPriceCents).toBe(applyBps(999, 2_500));
    expect(content.track.commissionAtPriceCents).toBe(250); // 249.75 rounded half up
  });

  test("changed settings change the page's terms", async () => {
    process.env.DOWNLOAD_TTL_DAYS = "3";
    process.env.DOWNLOAD_LIMIT = "1";
    const content = await getTrackPageContent({ trackId }, h.db);
    if (content.status !== "published") throw new Error(content.status);
    expect(content.track.downloadTerms).toEqual({ days: 3, downloads: 1 });
  });
});
