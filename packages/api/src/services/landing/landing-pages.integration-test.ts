import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getStorage, ingestUpload, synthesizeArtwork } from "../media";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { countPageView, landingScope } from "../reach/page-views";
import { getLandingPageContent, suggestHandle } from "./landing-pages";

/**
 * Landing pages (issue 14 §3): one page per promoter, a unique valid handle, only tracks on sale
 * with promoter links on and by others, links created on publishing (so each buy from the page is
 * the promoter's), public only while published, not taken down and the promoter ACTIVE; an admin
 * takes a page down with a reason and restores it (audit-logged).
 */
describe("landing pages", () => {
  let h: Harness;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let tracks: { id: string; slug: string }[];

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Landing Artist" });
    tracks = [];
    for (const title of ["One", "Two", "Three"])
      tracks.push((await h.makeTrack(artist, { title })).track);
  });
  afterAll(async () => {
    await h.close();
  });

  test("save, publish with links, the public content, views", async () => {
    const pat = await h.makeUser();
    const draft = await pat.caller.landing.save({
      handle: "Pat-Picks-1",
      headline: "What I play",
      tracks: [{ trackId: tracks[1]!.id, note: "Best one" }, { trackId: tracks[0]!.id }],
    });
    expect(draft).toMatchObject({ handle: "pat-picks-1", published: false });
    // A draft is not public, and no link was made for it yet.
    expect(await getLandingPageContent({ handle: "pat-picks-1" }, h.db)).toEqual({
      status: "missing",
    });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: pat.id } });
    expect(await h.db.affiliateLink.count({ where: { promoterId: profile.id } })).toBe(0);

    const upload = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: pat.id,
      kind: "IMAGE",
      filename: "me.png",
      bytes: await synthesizeArtwork({ sizePx: 64, hueDegrees: 200 }),
    });
    await pat.caller.landing.save({
      handle: "pat-picks-1",
      headline: "What I play",
      bio: "Fridays.\nAlways.",
      themeColor: "#2563EB",
      photoUploadId: upload.id,
      published: true,
      tracks: [{ trackId: tracks[1]!.id, note: "Best one" }, { trackId: tracks[0]!.id }],
    });
    const links = await h.db.affiliateLink.findMany({ where: { promoterId: profile.id } });
    expect(links.map((l) => l.trackId).sort()).toEqual([tracks[0]!.id, tracks[1]!.id].sort());
    const content = await getLandingPageContent({ handle: "pat-picks-1" }, h.db);
    if (content.status !== "published") throw new Error("expected the page to be public");
    expect(content.page).toMatchObject({
      handle: "pat-picks-1",
      themeColor: "#2563eb",
      bio: "Fridays.\nAlways.",
      photoUrl: expect.stringMatching(/^\/api\/images\//),
    });
    // In the promoter's order, each with the promoter's own link code for it.
    expect(content.page.tracks).toEqual([
      {
        trackId: tracks[1]!.id,
        note: "Best one",
        code: links.find((l) => l.trackId === tracks[1]!.id)!.code,
      },
      {
        trackId: tracks[0]!.id,
        note: "",
        code: links.find((l) => l.trackId === tracks[0]!.id)!.code,
      },
    ]);

    // Views: once per visitor and day; the editor shows them.
    const scope = landingScope(content.page.id);
    const ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
    await countPageView({ scope, ip: "198.51.100.1", userAgent: ua }, h.db);
    await countPageView({ scope, ip: "198.51.100.1", userAgent: ua }, h.db);
    await countPageView({ scope, ip: "198.51.100.2", userAgent: ua }, h.db);
    const mine = await pat.caller.landing.mine();
    expect(mine.page).toMatchObject({ handle: "pat-picks-1", views7d: 2, views30d: 2 });
    expect(mine.page!.tracks.map((t) => t.title)).toEqual(["Two", "One"]);

    // Removing the photo; replacing the track list.
    await pat.caller.landing.save({
      handle: "pat-picks-1",
      headline: "What I play",
      photoUploadId: null,
      published: true,
      tracks: [{ trackId: tracks[2]!.id }],
    });
    const again = await getLandingPageContent({ handle: "pat-picks-1" }, h.db);
    expect(again.status === "published" && again.page.photoUrl).toBe(null);
    expect(again.status === "published" && again.page.tracks.map((t) => t.trackId)).toEqual([
      tracks[2]!.id,
    ]);
  });

  test("handles: valid, unique, not reserved; one page per promoter", async () => {
    const a = await h.makeUser();
    const b = await h.makeUser();
    await a.caller.landing.save({ handle: "taken-handle", headline: "A" });
    await expect(b.caller.landing.save({ handle: "taken-handle", headline: "B" })).rejects.toThrow(
      /taken/,
    );
    expect(await b.caller.landing.handleAvailable({ handle: "taken-handle" })).toMatchObject({
      available: false,
    });
    expect(await a.caller.landing.handleAvailable({ handle: "taken-handle" })).toMatchObject({
      available: true,
    });
    await expect(b.caller.landing.save({ handle: "ab", headline: "B" })).rejects.toThrow(
      /at least 3/,
    );
    await expect(b.caller.landing.save({ handle: "no--double", headline: "B" })).rejects.toThrow(
      /single hyphens/,
    );
    await expect(b.caller.landing.save({ handle: "admin", headline: "B" })).rejects.toThrow(
      /reserved/,
    );
    // Saving again updates the one page (a new handle frees the old one).
    await a.caller.landing.save({ handle: "renamed-handle", headline: "A2" });
    expect(await h.db.landingPage.count({ where: { promoter: { userId: a.id } } })).toBe(1);
    await b.caller.landing.save({ handle: "taken-handle", headline: "B" });
    expect(suggestHandle("Zoë O'Brien")).toBe("zoe-o-brien");
    expect(suggestHandle("Al")).toBe("al-picks");
  });

  test("only tracks on sale, with promoter links on, by others; someone else's photo refused", async () => {
    const c = await h.makeUser();
    await h.db.track.update({ where: { id: tracks[2]!.id }, data: { affiliateEnabled: false } });
    await expect(
      c.caller.landing.save({
        handle: "c-page",
        headline: "C",
        tracks: [{ trackId: tracks[2]!.id }],
      }),
    ).rejects.toThrow(/turned off promoter links/);
    await h.db.track.update({ where: { id: tracks[2]!.id }, data: { affiliateEnabled: true } });
    await expect(
      c.caller.landing.save({ handle: "c-page", headline: "C", tracks: [{ trackId: "nope" }] }),
    ).rejects.toThrow(/not on sale/);
    await expect(
      artist.caller.landing.save({
        handle: "artist-page",
        headline: "Mine",
        tracks: [{ trackId: tracks[0]!.id }],
      }),
    ).rejects.toThrow(/your own track/);
    await expect(
      c.caller.landing.save({
        handle: "c-page",
        headline: "C",
        tracks: [{ trackId: tracks[0]!.id }, { trackId: tracks[0]!.id }],
      }),
    ).rejects.toThrow(/listed once/);
    const other = await h.makeUser();
    const upload = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: other.id,
      kind: "IMAGE",
      filename: "x.png",
      bytes: await synthesizeArtwork({ sizePx: 64, hueDegrees: 200 }),
    });
    await expect(
      c.caller.landing.save({ handle: "c-page", headline: "C", photoUploadId: upload.id }),
    ).rejects.toThrow();
    expect(await h.db.landingPage.count({ where: { handle: "c-page" } })).toBe(0);
  });

  test("taken down by an admin, hidden while the promoter is suspended", async () => {
    const admin = await h.makeAdmin();
    const d = await h.makeUser();
    const saved = await d.caller.landing.save({
      handle: "d-page",
      headline: "D",
      published: true,
      tracks: [{ trackId: tracks[0]!.id }],
    });
    expect((await getLandingPageContent({ handle: "d-page" }, h.db)).status).toBe("published");

    await expect(
      d.caller.admin.landingPages.takeDown({ landingPageId: saved.id, reason: "Spam links" }),
    ).rejects.toThrow(/Admins only/);
    await admin.caller.admin.landingPages.takeDown({
      landingPageId: saved.id,
      reason: "Misleading claims",
    });
    expect((await getLandingPageContent({ handle: "d-page" }, h.db)).status).toBe("missing");
    const mine = await d.caller.landing.mine();
    expect(mine.page!.takenDown).toMatchObject({ reason: "Misleading claims" });
    // Saving keeps it down.
    await d.caller.landing.save({ handle: "d-page", headline: "D again", published: true });
    expect((await getLandingPageContent({ handle: "d-page" }, h.db)).status).toBe("missing");
    const list = await admin.caller.admin.landingPages.list({ status: "taken-down" });
    expect(list.items.map((p) => p.handle)).toContain("d-page");
    await admin.caller.admin.landingPages.restore({ landingPageId: saved.id });
    expect((await getLandingPageContent({ handle: "d-page" }, h.db)).status).toBe("published");
    const audit = await h.db.auditLog.findMany({
      where: { subjectType: "LandingPage", subjectId: saved.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["landing.take_down", "landing.restore"]);

    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: d.id } });
    await setPromoterStatus(
      { promoterId: profile.id, status: "SUSPENDED", reason: "Review" },
      { userId: admin.id },
      h.db,
    );
    expect((await getLandingPageContent({ handle: "d-page" }, h.db)).status).toBe("missing");
    await expect(
      d.caller.landing.save({ handle: "d-page", headline: "D", published: true }),
    ).rejects.toThrow(/suspended/);
    // A draft save still works while suspended.
    await d.caller.landing.save({ handle: "d-page", headline: "D", published: false });
  });
});
