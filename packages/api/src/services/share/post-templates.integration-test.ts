import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { xPostLength } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { DEFAULT_POST_TEMPLATES } from "./post-templates";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

describe("promo posts and their templates (issue 14 §4)", () => {
  let h: Harness;
  let artistA: User;
  let artistB: User;
  let promoter: User;
  let admin: User;
  let trackA: { id: string; slug: string };
  let trackB: { id: string; slug: string };

  const postOf = async (trackId: string, network: string, sourceTag?: string) => {
    const r = await promoter.caller.promoter.promoPosts({ trackId, sourceTag });
    return r.posts.find((p) => p.network === network)!;
  };

  beforeAll(async () => {
    h = await setupHarness();
    artistA = await h.makeUser({ artistName: "Nova Lights" });
    artistB = await h.makeUser({ artistName: "Other Artist" });
    promoter = await h.makeUser();
    admin = await h.makeAdmin();
    trackA = (await h.makeTrack(artistA, { title: "Night Drive", priceCents: 199 })).track;
    trackB = (
      await h.makeTrack(artistB, { title: "Day Ride", priceCents: 800, minPriceCents: 300 })
    ).track;
    for (const t of [trackA, trackB])
      await promoter.caller.promoter.getOrCreateLink({ trackId: t.id });
  });
  afterAll(async () => {
    await h.close();
  });

  test("a promoter gets one text per network with their link, its source tag and the track's data", async () => {
    const r = await promoter.caller.promoter.promoPosts({
      trackId: trackB.id,
      sourceTag: "newsletter",
    });
    const link = await h.db.affiliateLink.findFirstOrThrow({
      where: { trackId: trackB.id, promoter: { userId: promoter.id } },
    });
    expect(r.url).toMatch(new RegExp(`/t/${trackB.slug}\\?ref=${link.code}&src=newsletter$`));
    expect(r.posts.map((p) => p.network)).toEqual(["x", "instagram", "tiktok", "newsletter"]);
    for (const p of r.posts) {
      expect(p.text).toContain(r.url);
      expect(p.text).toContain("Day Ride");
      expect(p.text).toContain("Other Artist");
      expect(p.text).toContain("pay what you want from $3.00");
    }
    const x = r.posts[0]!;
    expect(x.length).toBe(xPostLength(x.text));
    expect(x.length).toBeLessThanOrEqual(280);
    // Without a source tag the link has no src.
    const plain = await promoter.caller.promoter.promoPosts({ trackId: trackB.id });
    expect(plain.url).not.toContain("src=");
  });

  test("an artist's own template wins for their tracks only", async () => {
    const saved = await artistA.caller.artist.savePostTemplate({
      network: "x",
      body: "From the artist: {{title}} {{url}}",
    });
    expect(saved.find((t) => t.network === "x")).toMatchObject({
      source: "artist",
      body: "From the artist: {{title}} {{url}}",
      defaultBody: DEFAULT_POST_TEMPLATES.x,
    });
    expect((await postOf(trackA.id, "x")).text).toMatch(
      /^From the artist: Night Drive https?:\/\//,
    );
    expect((await postOf(trackB.id, "x")).text).not.toContain("From the artist");
    // Other networks of the same artist keep the default.
    expect((await postOf(trackA.id, "tiktok")).text).toContain("#NewMusic");
    // The other artist's list is untouched.
    const theirs = await artistB.caller.artist.postTemplates();
    expect(theirs.find((t) => t.network === "x")).toMatchObject({ source: "builtin" });
  });

  test("the admin's default applies to every artist without their own, is audited, and resets to the built-in one", async () => {
    const auditBefore = await h.db.auditLog.count({ where: { subjectType: "postTemplate" } });
    const list = await admin.caller.admin.savePostTemplate({
      network: "x",
      body: "Platform pick: {{title}} by {{artist}} {{url}}",
      reason: "Shorter posts",
    });
    expect(list.find((t) => t.network === "x")).toMatchObject({
      source: "platform",
      preview: expect.stringMatching(/^Platform pick: Night Drive by Nova Lights https:\/\//),
    });
    expect((await postOf(trackB.id, "x")).text).toMatch(/^Platform pick: Day Ride by Other Artist/);
    // Artist A keeps their own.
    expect((await postOf(trackA.id, "x")).text).toMatch(/^From the artist:/);
    const audit = await h.db.auditLog.findFirstOrThrow({
      where: { subjectType: "postTemplate", action: "postTemplate.save" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({
      actorId: admin.id,
      subjectId: "x",
      before: { body: DEFAULT_POST_TEMPLATES.x, builtin: true },
      after: { body: "Platform pick: {{title}} by {{artist}} {{url}}", reason: "Shorter posts" },
    });

    // The artist's reset brings back the platform's default, not the built-in one.
    const reset = await artistA.caller.artist.resetPostTemplate({ network: "x" });
    expect(reset.find((t) => t.network === "x")).toMatchObject({ source: "platform" });
    expect((await postOf(trackA.id, "x")).text).toMatch(/^Platform pick: Night Drive/);

    await admin.caller.admin.resetPostTemplate({ network: "x" });
    expect((await postOf(trackB.id, "x")).text).toContain("on Fanfare:");
    expect(await h.db.auditLog.count({ where: { subjectType: "postTemplate" } })).toBe(
      auditBefore + 2,
    );
    // Resetting again changes nothing and writes no audit row.
    await admin.caller.admin.resetPostTemplate({ network: "x" });
    expect(await h.db.auditLog.count({ where: { subjectType: "postTemplate" } })).toBe(
      auditBefore + 2,
    );
  });

  test("a template is validated on save: unknown variables, parse errors and a missing link are refused with the field named", async () => {
    for (const [body, message] of [
      ["{{title}} {{promoterName}} {{url}}", /Unknown variable \{\{promoterName\}\}/],
      ["{{#genre}}{{title}} {{url}}", /does not parse: Unclosed section "genre"/],
      ["{{title}} by {{artist}}", /must include \{\{url\}\}/],
    ] as const) {
      const error = await artistA.caller.artist
        .savePostTemplate({ network: "instagram", body })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(message);
    }
    expect(await h.db.postTemplate.count({ where: { network: "instagram" } })).toBe(0);
  });

  test("only an ACTIVE promoter with a link on an affiliate-enabled track gets posts", async () => {
    const newcomer = await h.makeUser();
    await expect(newcomer.caller.promoter.promoPosts({ trackId: trackA.id })).rejects.toThrow(
      /You have no link for "Night Drive" yet/,
    );
    await artistB.caller.artist.updateTrack({ trackId: trackB.id, affiliateEnabled: false });
    await expect(promoter.caller.promoter.promoPosts({ trackId: trackB.id })).rejects.toThrow(
      /turned off promoter links for "Day Ride"/,
    );
    await artistB.caller.artist.updateTrack({ trackId: trackB.id, affiliateEnabled: true });
    await h.db.affiliateLink.updateMany({
      where: { trackId: trackA.id, promoter: { userId: promoter.id } },
      data: { disabled: true, disabledReason: "Spam" },
    });
    await expect(promoter.caller.promoter.promoPosts({ trackId: trackA.id })).rejects.toThrow(
      /Your link for "Night Drive" was disabled by Fanfare: Spam/,
    );
    await h.db.affiliateLink.updateMany({
      where: { trackId: trackA.id, promoter: { userId: promoter.id } },
      data: { disabled: false, disabledReason: null },
    });
    await h.db.promoterProfile.update({
      where: { userId: promoter.id },
      data: { status: "SUSPENDED", statusReason: "Review" },
    });
    await expect(promoter.caller.promoter.promoPosts({ trackId: trackA.id })).rejects.toThrow(
      /Promo posts are paused: your promoter account is suspended. Reason: Review/,
    );
    await h.db.promoterProfile.update({
      where: { userId: promoter.id },
      data: { status: "ACTIVE", statusReason: null },
    });
  });
});
