import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { rollupClicks } from "./click-rollup";
import { attributionCookieName, recordClick } from "./clicks";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const idle = () => new Promise((resolve) => setTimeout(resolve, 20));

type Link = { id: string; code: string; trackId: string; promoterId: string; slug: string };

describe("rollupClicks: counted clicks into the counters, exactly once", () => {
  let h: Harness;
  const links: Link[] = [];
  let ipN = 0;

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Rollup Artist" });
    const tracks = [
      (await h.makeTrack(artist, { title: "Rollup A", priceCents: 1000, commissionBps: 2000 }))
        .track,
      (await h.makeTrack(artist, { title: "Rollup B", priceCents: 700, commissionBps: 3000 }))
        .track,
    ];
    for (let p = 0; p < 3; p++) {
      const promoter = await h.makeUser();
      const me = await promoter.caller.promoter.me();
      for (const t of tracks) {
        const link = await promoter.caller.promoter.getOrCreateLink({ trackId: t.id });
        links.push({
          id: link.id,
          code: link.code,
          trackId: t.id,
          promoterId: me.promoter.id,
          slug: t.slug,
        });
      }
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const click = (l: Link) =>
    recordClick(
      {
        slug: l.slug,
        code: l.code,
        method: "GET",
        ip: `10.9.${Math.floor(++ipN / 250)}.${ipN % 250}`,
        userAgent: UA,
        referer: null,
        landingPath: `/t/${l.slug}?ref=${l.code}`,
        sessionId: null,
      },
      h.db,
    );

  /** Queues `n` pending clicks per link spread over three UTC days (as recordClick would). */
  const queuePending = (n: number) =>
    h.db.$executeRaw`
      INSERT INTO "ClickRollupPending" ("linkId", "trackId", "promoterId", "day")
      SELECT l."linkId", l."trackId", l."promoterId", DATE '2030-01-01' + (g % 3)
      FROM unnest(${links.map((l) => l.id)}::text[], ${links.map((l) => l.trackId)}::text[], ${links.map((l) => l.promoterId)}::text[])
        AS l("linkId", "trackId", "promoterId"),
      generate_series(1, ${n}::int) g`;

  /** Every counter against the clicks stored as counted, and the daily stats against the totals. */
  const expectCountersMatchCountedClicks = async () => {
    const mismatches = await h.db.$queryRaw<{ what: string; id: string }[]>`
      WITH counted AS (
        SELECT "linkId", COUNT(*)::int AS n FROM "ClickEvent" WHERE "counted" GROUP BY "linkId"
      ), seeded AS (
        SELECT "linkId", SUM("clicks")::int AS n FROM "LinkDailyStats" WHERE "day" < DATE '2030-01-04' AND "day" >= DATE '2030-01-01' GROUP BY "linkId"
      )
      SELECT 'link' AS what, l."id" FROM "AffiliateLink" l
        LEFT JOIN counted c ON c."linkId" = l."id" LEFT JOIN seeded s ON s."linkId" = l."id"
        WHERE l."clickCount" <> COALESCE(c.n, 0) + COALESCE(s.n, 0)
      UNION ALL
      SELECT 'link-days', l."id" FROM "AffiliateLink" l
        WHERE l."clickCount" <> COALESCE((SELECT SUM("clicks") FROM "LinkDailyStats" d WHERE d."linkId" = l."id"), 0)
      UNION ALL
      SELECT 'track', t."id" FROM "Track" t
        WHERE t."clickCount" <> COALESCE((SELECT SUM("clickCount") FROM "AffiliateLink" l WHERE l."trackId" = t."id"), 0)
      UNION ALL
      SELECT 'promoter', p."id" FROM "PromoterProfile" p
        WHERE p."clickCount" <> COALESCE((SELECT SUM("clickCount") FROM "AffiliateLink" l WHERE l."promoterId" = p."id"), 0)
      UNION ALL
      SELECT 'promoter-days', p."id" FROM "PromoterProfile" p
        WHERE p."clickCount" <> COALESCE((SELECT SUM("clicks") FROM "PromoterDailyStats" d WHERE d."promoterId" = p."id"), 0)
      UNION ALL
      SELECT 'link-vs-promoter-day', d."promoterId" || ' ' || d."day" FROM "PromoterDailyStats" d
        WHERE d."clicks" <> COALESCE((SELECT SUM("clicks") FROM "LinkDailyStats" x WHERE x."promoterId" = d."promoterId" AND x."day" = d."day"), 0)
           OR d."sales" <> COALESCE((SELECT SUM("sales") FROM "LinkDailyStats" x WHERE x."promoterId" = d."promoterId" AND x."day" = d."day"), 0)
           OR d."commissionCents" <> COALESCE((SELECT SUM("commissionCents") FROM "LinkDailyStats" x WHERE x."promoterId" = d."promoterId" AND x."day" = d."day"), 0)`;
    expect(mismatches).toEqual([]);
    expect(await h.db.clickRollupPending.count()).toBe(0);
  };

  test("with nothing pending it adds nothing", async () => {
    await rollupClicks({}, h.db);
    expect(await rollupClicks({}, h.db)).toEqual({ clicks: 0 });
    expect(await rollupClicks({ batchSize: 1 }, h.db)).toEqual({ clicks: 0 });
  });

  test("four concurrent rollups in small batches, while clicks keep arriving, add every counted click exactly once", async () => {
    await queuePending(400); // 6 links x 400 = 2,400 pending clicks over three days
    const before = await h.db.affiliateLink.findMany({ select: { id: true, clickCount: true } });
    let arriving = true;
    const clicking = (async () => {
      let n = 0;
      // 120 real counted clicks, 10 at a time, across the links.
      for (let round = 0; round < 12; round++) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => click(links[(round + i) % links.length]!)),
        );
        n += 10;
      }
      arriving = false;
      return n;
    })();
    const rollingUp = Array.from({ length: 4 }, async () => {
      let added = 0;
      do {
        const { clicks } = await rollupClicks({ batchSize: 37 }, h.db);
        added += clicks;
        if (clicks === 0) await idle(); // caught up: let the clicks through (PGlite has one connection)
      } while (arriving);
      return added;
    });
    const [clicked, ...added] = await Promise.all([clicking, ...rollingUp]);
    const last = (await rollupClicks({}, h.db)).clicks;
    const total = added.reduce((a, b) => a + b, 0) + last;
    expect(clicked).toBe(120);
    expect(total).toBe(2400 + 120);
    const after = await h.db.affiliateLink.findMany({ select: { id: true, clickCount: true } });
    const gained = after.reduce(
      (t, l) => t + l.clickCount - (before.find((b) => b.id === l.id)?.clickCount ?? 0),
      0,
    );
    expect(gained).toBe(2400 + 120);
    // The seeded days: 400 per link, 134 + 133 + 133 over 2030-01-01..03.
    const seededDays = await h.db.linkDailyStats.groupBy({
      by: ["day"],
      where: { day: { gte: new Date("2030-01-01"), lt: new Date("2030-01-04") } },
      _sum: { clicks: true },
      orderBy: { day: "asc" },
    });
    expect(seededDays.map((d) => d._sum.clicks)).toEqual([133 * 6, 134 * 6, 133 * 6]);
    await expectCountersMatchCountedClicks();
  });

  test("rollups beside settlements of sales on the same links and promoters neither deadlock nor lose a count; sales and commission land in the daily stats at once", async () => {
    // Buyers with attribution cookies, one checkout per link and two more on the first links.
    const checkouts: { link: Link; sessionId: string }[] = [];
    for (const l of [...links, ...links.slice(0, 2)]) {
      const r = await click(l);
      if (!r.recorded) throw new Error("click not recorded");
      const buyer = await h.callerFor(null, {
        cookie: `${attributionCookieName(l.trackId)}=${r.clickId}`,
      });
      const c = await buyer.buyer.startCheckout({
        slug: l.slug,
        buyerEmail: `rollup-buyer-${checkouts.length}@example.com`,
      });
      expect(c.attributed).toBe(true);
      checkouts.push({ link: l, sessionId: new URL(c.checkoutUrl).pathname.split("/").pop()! });
    }
    await queuePending(50);
    const before = await h.db.promoterProfile.findMany({
      select: { id: true, salesCount: true, earningsCents: true },
    });
    let settling = true;
    const settle = (async () => {
      const statuses = await Promise.all(
        checkouts.map(
          async (c) =>
            (
              await completeSandboxCheckout(h.db, {
                sessionId: c.sessionId,
                webhookUrl: h.webhookUrl,
              })
            ).status,
        ),
      );
      settling = false;
      return statuses;
    })();
    const rollups = Array.from({ length: 3 }, async () => {
      do if ((await rollupClicks({ batchSize: 5 }, h.db)).clicks === 0) await idle();
      while (settling);
    });
    const [statuses] = await Promise.all([settle, ...rollups]);
    await rollupClicks({}, h.db);
    expect(statuses).toEqual(checkouts.map(() => 200));
    const after = await h.db.promoterProfile.findMany({
      select: { id: true, salesCount: true, earningsCents: true },
    });
    const newSales = after.reduce(
      (t, p) => t + p.salesCount - (before.find((b) => b.id === p.id)?.salesCount ?? 0),
      0,
    );
    expect(newSales).toBe(checkouts.length);
    // Daily sales and commission equal the promoters' and links' totals.
    const off = await h.db.$queryRaw<{ id: string }[]>`
      SELECT p."id" FROM "PromoterProfile" p
      LEFT JOIN (SELECT "promoterId", SUM("sales") s, SUM("commissionCents") c FROM "PromoterDailyStats" GROUP BY 1) d ON d."promoterId" = p."id"
      WHERE COALESCE(d.s, 0) <> p."salesCount" OR COALESCE(d.c, 0) <> p."earningsCents"
      UNION ALL
      SELECT l."id" FROM "AffiliateLink" l
      LEFT JOIN (SELECT "linkId", SUM("sales") s, SUM("commissionCents") c FROM "LinkDailyStats" GROUP BY 1) d ON d."linkId" = l."id"
      WHERE COALESCE(d.s, 0) <> l."salesCount" OR COALESCE(d.c, 0) <> l."commissionCents"`;
    expect(off).toEqual([]);
    await expectCountersMatchCountedClicks();
  });
});
