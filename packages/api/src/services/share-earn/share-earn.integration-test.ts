import { createHash } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { authSecret } from "@fanfare/auth/server";
import { renderEmail } from "@fanfare/email";
import { completeSandboxCheckout } from "@fanfare/payments";
import { utcDayOf } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { programOverview } from "../admin/overview";
import { apiEnv } from "../env";
import { forgetProgramSettings } from "../settings/program-settings";
import { sha256Hex } from "../shared/tokens";
import { SHARE_EARN_RESEND_SECONDS } from "./share-and-earn";

/** A database with an artist and their $10.00 track at 25 %, the program open. */
async function setupShareEarn() {
  // The program is open here whatever the machine's environment says.
  vi.stubEnv("PROGRAM_MODE", "");
  const h = await setupHarness();
  const artist = await h.makeUser({ artistName: "Share Artist" });
  const { track } = await h.makeTrack(artist, {
    priceCents: 1000,
    commissionBps: 2500,
    title: "Shared",
  });
  return { h, artist, track };
}

/**
 * Share & earn (issue 14 §7): the offer on the receipt, one click to an account and a magic link
 * through the outbox, the refusals, and the admin overview's "buyers who became promoters".
 */
describe("share & earn from the receipt", () => {
  let h: Harness;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  let n = 0;
  // One client IP per test keeps the per-IP sign-in link budget (20 an hour) out of the way.
  const ipFor = () => ({ "x-fanfare-peer-ip": `203.0.113.${++n}` });

  beforeAll(async () => {
    ({ h, artist, track } = await setupShareEarn());
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  /** A direct sale of `slug` paid in the sandbox: its id and the purchase page's token. */
  async function buy(slug: string, buyerEmail: string, buyerName?: string) {
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({ slug, buyerEmail, buyerName });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return {
      saleId: checkout.saleId,
      token: new URL(delivery.successUrl).pathname.split("/").pop()!,
    };
  }

  const mailTo = (to: string, template: string) =>
    h.db.emailOutbox.findMany({ where: { to, template }, orderBy: { createdAt: "asc" } });

  test("the receipt of a track with promoter links offers 'Share this track and earn 25%', its button on the purchase page's offer", async () => {
    const email = "receipt-offer@example.com";
    const { saleId } = await buy(track.slug, email);
    const [receipt] = await mailTo(email, "receipt");
    const props = receipt!.props as {
      shareOffer: { commissionBps: number; offerPath: string; noun: string };
    };
    expect(props.shareOffer.commissionBps).toBe(2500);
    expect(props.shareOffer.noun).toBe("track");
    expect(props.shareOffer.offerPath).toMatch(/^\/purchase\/[A-Za-z0-9_-]{43}#share-and-earn$/);
    const rendered = await renderEmail(receipt!.template, receipt!.props);
    expect(rendered.text).toContain("Share this track and earn 25%");
    const appUrl = apiEnv().APP_URL.replace(/\/$/, "");
    expect(rendered.text).toContain(`${appUrl}${props.shareOffer.offerPath}`);
    // The page's own offer says the same rate.
    const anyone = await h.callerFor(null);
    const page = await anyone.buyer.shareEarnOffer({
      token: props.shareOffer.offerPath.slice("/purchase/".length, -"#share-and-earn".length),
    });
    expect(page).toMatchObject({
      commissionBps: 2500,
      product: { kind: "track", slug: track.slug, noun: "track" },
    });
    expect(saleId).toBeTruthy();
  });

  test("a new buyer gets an account without a password, a promoter profile joined via 'receipt' and a magic link to the start page in the outbox", async () => {
    const email = "new-buyer@example.com";
    const { token } = await buy(track.slug, email, "Bea Buyer");
    expect(await h.db.user.findUnique({ where: { email } })).toBeNull();

    const caller = await h.callerFor(null, ipFor());
    const answer = await caller.buyer.shareAndEarn({ token });
    expect(answer.sentTo).toBe("n***@example.com");
    expect(answer.message).toContain("Check your inbox at n***@example.com");

    const user = await h.db.user.findUniqueOrThrow({
      where: { email },
      include: { promoter: true },
    });
    expect(user.name).toBe("Bea Buyer");
    expect(user.passwordHash).toBeNull();
    expect(user.promoter).toMatchObject({ joinedVia: "receipt", status: "ACTIVE" });
    expect(user.promoter!.displayName).toBe("Bea Buyer");

    const [mail, ...more] = await mailTo(email, "magic-link");
    expect(more).toHaveLength(0);
    expect(mail!.idempotencyKey).toMatch(/^share-earn:/);
    const { signInPath, shareEarn } = mail!.props as {
      signInPath: string;
      shareEarn: { trackTitle: string; commissionBps: number };
    };
    // Worded as share & earn's confirmation (the track and the rate), not a plain sign-in.
    expect(shareEarn).toEqual({ trackTitle: track.title, commissionBps: 2500 });
    const link = new URL(signInPath, "http://app.test");
    expect(link.pathname).toBe("/api/auth/callback/nodemailer");
    expect(link.searchParams.get("email")).toBe(email);
    const callback = new URL(link.searchParams.get("callbackUrl")!);
    expect(`${callback.pathname}${callback.search}`).toBe(
      `/dashboard/promoter/start?track=${track.slug}`,
    );
    // The row Auth.js's callback consumes: the token hashed with the auth secret, as Auth.js does.
    const raw = link.searchParams.get("token")!;
    const row = await h.db.verificationToken.findFirstOrThrow({ where: { identifier: email } });
    expect(row.token).toBe(createHash("sha256").update(`${raw}${authSecret()}`).digest("hex"));
    expect(row.expires.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const rendered = await renderEmail(mail!.template, mail!.props);
    expect(rendered.text).toContain(`${apiEnv().APP_URL.replace(/\/$/, "")}/api/auth/callback/`);
  });

  test(`repeated clicks within ${SHARE_EARN_RESEND_SECONDS} s queue one email, and the answer is the same`, async () => {
    const email = "double-click@example.com";
    const { token } = await buy(track.slug, email);
    const caller = await h.callerFor(null, ipFor());
    const answers = await Promise.all([
      caller.buyer.shareAndEarn({ token }),
      caller.buyer.shareAndEarn({ token }),
    ]);
    answers.push(await caller.buyer.shareAndEarn({ token }));
    expect(new Set(answers.map((a) => a.message)).size).toBe(1);
    expect(await mailTo(email, "magic-link")).toHaveLength(1);
    expect(await h.db.verificationToken.count({ where: { identifier: email } })).toBe(1);
    expect(await h.db.user.count({ where: { email } })).toBe(1);
  });

  test("an existing account gets a magic link and no second user; the answer is worded as for a new one", async () => {
    const existing = await h.makeUser({ email: "already@example.com" });
    const profileBefore = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: existing.id },
    });
    const { token } = await buy(track.slug, "already@example.com");
    const caller = await h.callerFor(null, ipFor());
    const answer = await caller.buyer.shareAndEarn({ token });
    expect(answer.message).toBe(
      "Check your inbox at a***@example.com: open the link we sent to confirm your email and get your link.",
    );
    expect(await h.db.user.count({ where: { email: "already@example.com" } })).toBe(1);
    const profileAfter = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: existing.id },
    });
    expect(profileAfter.joinedVia).toBe(profileBefore.joinedVia);
    expect(profileAfter.joinedVia).toBeNull();
    expect(await mailTo("already@example.com", "magic-link")).toHaveLength(1);
  });

  test("an unknown token and a purchase not paid yet are NOT_FOUND, and nothing is created", async () => {
    const caller = await h.callerFor(null, ipFor());
    await expect(caller.buyer.shareAndEarn({ token: "u".repeat(43) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const buyer = await h.callerFor(null);
    const pendingEmail = "pending-buyer@example.com";
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: pendingEmail,
    });
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale.status).toBe("PENDING");
    // The checkout's own token is only in the success URL: a link token for the same sale
    // (as a re-send issues) opens it just the same.
    const token = "p".repeat(43);
    await h.db.downloadLink.create({
      data: { saleId: sale.id, tokenHash: sha256Hex(token), purpose: "resend" },
    });
    await expect(caller.buyer.shareAndEarn({ token })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("pending"),
    });
    await expect(caller.buyer.shareEarnOffer({ token })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await h.db.user.findUnique({ where: { email: pendingEmail } })).toBeNull();
    expect(await mailTo(pendingEmail, "magic-link")).toHaveLength(0);
  });

  test("a sale of a track with promoter links off carries no offer and is refused with the reason", async () => {
    const off = (await h.makeTrack(artist, { title: "Closed Track", commissionBps: 2000 })).track;
    await artist.caller.artist.updateTrack({ trackId: off.id, affiliateEnabled: false });
    const email = "closed-buyer@example.com";
    const { token } = await buy(off.slug, email);
    const [receipt] = await mailTo(email, "receipt");
    expect((receipt!.props as { shareOffer: unknown }).shareOffer).toBeNull();
    const caller = await h.callerFor(null, ipFor());
    expect(await caller.buyer.shareEarnOffer({ token })).toBeNull();
    await expect(caller.buyer.shareAndEarn({ token })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'The artist has turned off promoter links for "Closed Track".',
    });
    expect(await h.db.user.findUnique({ where: { email } })).toBeNull();
    expect(await mailTo(email, "magic-link")).toHaveLength(0);
  });

  test("the overview counts the period's distinct buyers and those who joined through a receipt", async () => {
    const today = utcDayOf(new Date());
    const o = await programOverview({ from: today, to: today }, h.db);
    // Completed sales today: receipt-offer, new-buyer, double-click, already, closed-buyer (the
    // pending one is not counted); joined via the receipt: new-buyer and double-click.
    expect(o.buyersToPromoters.current).toEqual({ buyers: 5, promoters: 2, shareBps: 4000 });
    expect(o.buyersToPromoters.previous).toEqual({ buyers: 0, promoters: 0, shareBps: null });
    // Through the procedure too (its output contract keeps the field).
    const admin = await h.makeAdmin();
    const viaApi = await admin.caller.admin.overview({ from: today, to: today });
    expect(viaApi.buyersToPromoters).toEqual(o.buyersToPromoters);
    expect(viaApi.totals.sales).toBe(5);
  });

  test("while the program requires approval the buyer's profile starts PENDING (the start page then shows the application)", async () => {
    const admin = await h.makeAdmin();
    await admin.caller.admin.settings.update({
      values: { programMode: 1 },
      reason: "Curate promoters from now on",
    });
    forgetProgramSettings(h.db);
    const email = "curated-buyer@example.com";
    const { token } = await buy(track.slug, email);
    const caller = await h.callerFor(null, ipFor());
    await caller.buyer.shareAndEarn({ token });
    const user = await h.db.user.findUniqueOrThrow({
      where: { email },
      include: { promoter: true },
    });
    expect(user.promoter).toMatchObject({ joinedVia: "receipt", status: "PENDING" });
    expect(await mailTo(email, "magic-link")).toHaveLength(1);
  });
});

/** Share & earn on a release bought (issue 16 §1 with issue 14 §7): its own database. */
describe("share & earn from a release's receipt", () => {
  let h: Harness;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  let n = 0;
  const ipFor = () => ({ "x-fanfare-peer-ip": `198.51.100.${++n}` });
  const mailTo = (to: string, template: string) =>
    h.db.emailOutbox.findMany({ where: { to, template }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    ({ h, artist, track } = await setupShareEarn());
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  test("a release bought offers 'Share this album and earn 30%' at its rate under a live artist-wide campaign, and the magic link lands on the start page for the release", async () => {
    const artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } }))
      .id;
    const release = await h.db.release.create({
      data: {
        artistId,
        slug: "shared-album",
        title: "Shared Album",
        kind: "album",
        priceCents: 1500,
        commissionBps: 2000,
        published: true,
        publishedAt: new Date(),
        tracks: { create: [{ trackId: track.id, position: 1 }] },
      },
    });
    const campaign = await h.db.campaign.create({
      data: {
        name: "Album month",
        artistId,
        scope: "ARTIST",
        scopeArtistId: artistId,
        commissionBps: 3000,
        status: "ACTIVE",
        startsAt: new Date(Date.now() - 86_400_000),
        endsAt: new Date(Date.now() + 86_400_000),
      },
    });
    try {
      const email = "album-buyer@example.com";
      const buyer = await h.callerFor(null);
      const checkout = await buyer.buyer.startCheckout({
        product: "release",
        slug: release.slug,
        buyerEmail: email,
      });
      const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
      const delivery = await completeSandboxCheckout(h.db, {
        sessionId,
        webhookUrl: h.webhookUrl,
      });
      expect(delivery.status).toBe(200);
      const token = new URL(delivery.successUrl).pathname.split("/").pop()!;

      const [receipt] = await mailTo(email, "receipt");
      const props = receipt!.props as { shareOffer: { commissionBps: number; noun: string } };
      expect(props.shareOffer).toMatchObject({ commissionBps: 3000, noun: "album" });
      expect((await renderEmail(receipt!.template, receipt!.props)).text).toContain(
        "Share this album and earn 30%",
      );
      const anyone = await h.callerFor(null);
      expect(await anyone.buyer.shareEarnOffer({ token })).toEqual({
        commissionBps: 3000,
        product: {
          kind: "release",
          id: release.id,
          slug: "shared-album",
          title: "Shared Album",
          artistName: "Share Artist",
          noun: "album",
        },
      });

      await (await h.callerFor(null, ipFor())).buyer.shareAndEarn({ token });
      const [mail] = await mailTo(email, "magic-link");
      const { signInPath, shareEarn } = mail!.props as {
        signInPath: string;
        shareEarn: { trackTitle: string; commissionBps: number };
      };
      expect(shareEarn).toEqual({ trackTitle: "Shared Album", commissionBps: 3000 });
      const callback = new URL(
        new URL(signInPath, "http://app.test").searchParams.get("callbackUrl")!,
      );
      expect(`${callback.pathname}${callback.search}`).toBe(
        "/dashboard/promoter/start?release=shared-album",
      );

      // Promoter links off for the release: no offer, and the button says why.
      await h.db.release.update({ where: { id: release.id }, data: { affiliateEnabled: false } });
      expect(await anyone.buyer.shareEarnOffer({ token })).toBeNull();
      await expect(
        (await h.callerFor(null, ipFor())).buyer.shareAndEarn({ token }),
      ).rejects.toMatchObject({
        message: 'The artist has turned off promoter links for "Shared Album".',
      });
    } finally {
      await h.db.campaign.update({ where: { id: campaign.id }, data: { status: "CANCELLED" } });
    }
  });
});
