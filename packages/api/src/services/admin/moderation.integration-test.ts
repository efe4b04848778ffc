import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { recordClick } from "../affiliate/clicks";
import { restoreTrack, setLinkDisabled, takedownTrack } from "./moderation";
import { getPerson, searchPeople } from "./people";

/** Disabling one link and taking a track down (issue 11 §2), and the people pages (§6). */
describe("moderation and people", () => {
  let h: Harness;
  let adminId = "";
  const admin = () => ({ userId: adminId });
  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  async function linkOnNewTrack() {
    const artist = await h.makeUser({
      artistName: `Mod Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artist);
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    return { artist, track, promoter, link };
  }
  const click = (slug: string, code: string, ua: string) =>
    recordClick(
      {
        slug,
        code,
        method: "GET",
        ip: "198.51.100.20",
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) Firefox/${ua}`,
        referer: null,
        landingPath: `/t/${slug}?ref=${code}`,
        sessionId: null,
      },
      h.db,
    );

  test("a disabled link records nothing and the promoter reads why; enabling it counts again", async () => {
    const { track, promoter, link } = await linkOnNewTrack();
    await setLinkDisabled(
      { linkId: link.id, disabled: true, reason: "Posted in a spam ring" },
      admin(),
      h.db,
    );
    expect(await click(track.slug, link.code, "1")).toEqual({
      recorded: false,
      reason: "link_disabled",
    });
    const [mine] = await promoter.caller.promoter.links();
    expect(mine).toMatchObject({
      disabled: true,
      active: false,
      disabledReason: "Posted in a spam ring",
    });
    await expect(
      setLinkDisabled({ linkId: link.id, disabled: true, reason: "Again" }, admin(), h.db),
    ).rejects.toThrow(`Link ${link.code} is already disabled.`);
    await setLinkDisabled(
      { linkId: link.id, disabled: false, reason: "Cleared on appeal" },
      admin(),
      h.db,
    );
    expect(await click(track.slug, link.code, "2")).toMatchObject({ counted: true });
    const actions = await h.db.auditLog.findMany({
      where: { subjectId: link.id },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["link.disable", "link.enable"]);
  });

  test("a taken-down track leaves the store and its artist cannot republish it until restored", async () => {
    const { artist, track } = await linkOnNewTrack();
    const down = await takedownTrack(
      { trackId: track.id, reason: "Copyright claim by the label" },
      admin(),
      h.db,
    );
    expect(down).toMatchObject({
      published: false,
      takedownReason: "Copyright claim by the label",
    });
    const anon = await h.callerFor(null);
    await expect(anon.buyer.trackBySlug({ slug: track.slug })).rejects.toThrow();
    await expect(artist.caller.artist.publishTrack({ trackId: track.id })).rejects.toThrow(
      "was taken down by Fanfare: Copyright claim by the label",
    );
    await expect(
      takedownTrack({ trackId: track.id, reason: "Twice" }, admin(), h.db),
    ).rejects.toThrow("is already taken down");
    await restoreTrack({ trackId: track.id, reason: "Claim withdrawn" }, admin(), h.db);
    await artist.caller.artist.publishTrack({ trackId: track.id });
    expect(await anon.buyer.trackBySlug({ slug: track.slug })).toMatchObject({ id: track.id });
  });

  test("people search finds a person by part of their email; their page shows links, tracks and audit trail", async () => {
    const { artist, track, promoter, link } = await linkOnNewTrack();
    await setLinkDisabled({ linkId: link.id, disabled: true, reason: "Review" }, admin(), h.db);
    const found = await searchPeople({ query: promoter.email.slice(0, 10).toUpperCase() }, h.db);
    expect(found.items.map((u) => u.id)).toContain(promoter.id);
    const person = await getPerson({ userId: promoter.id }, h.db);
    expect(person.promoter).toMatchObject({
      status: "ACTIVE",
      links: [{ id: link.id, disabled: true, disabledReason: "Review" }],
    });
    expect(person.audit.map((a) => a.action)).toContain("link.disable");
    const artistPage = await getPerson({ userId: artist.id }, h.db);
    expect(artistPage.artist?.tracks.map((t) => t.id)).toContain(track.id);
    expect(artistPage.label).toBeNull();

    // The artist's releases (issue 16 §1) and, for a label's owner, the roster and balances (§5).
    const artistId = artistPage.artist!.id;
    const release = await h.db.release.create({
      data: {
        artistId,
        slug: `person-release-${Date.now()}`,
        title: "Person Release",
        priceCents: 1500,
        tracks: { create: [{ trackId: track.id, position: 1 }] },
      },
    });
    const owner = await h.makeUser();
    const label = await h.db.labelProfile.create({
      data: { userId: owner.id, name: "Person Label", slug: `person-label-${Date.now()}` },
    });
    await h.db.labelContract.create({
      data: {
        labelId: label.id,
        artistId,
        status: "invited",
        labelShareBps: 2500,
        startsAt: new Date(),
      },
    });
    expect((await getPerson({ userId: artist.id }, h.db)).artist?.releases).toEqual([
      expect.objectContaining({ id: release.id, title: "Person Release", grossCents: 0 }),
    ]);
    expect((await getPerson({ userId: owner.id }, h.db)).label).toMatchObject({
      id: label.id,
      pendingCents: 0,
      payableCents: 0,
      contracts: [{ status: "invited", labelShareBps: 2500, artist: { slug: expect.any(String) } }],
    });
    await expect(getPerson({ userId: "no-such-user" }, h.db)).rejects.toThrow(
      "User no-such-user does not exist.",
    );
  });
});
