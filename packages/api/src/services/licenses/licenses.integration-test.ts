/**
 * Licences (issue 16 §4) end to end on the real database: an artist's tiers (CRUD, ownership,
 * versioned terms), a purchase under a tier through the sandbox's signed webhook (the tier's
 * price charged, the tier recorded, a licence with the frozen terms), the personal licence of a
 * plain track or release purchase, keys (shape, uniqueness), the public verification (only the
 * allowed fields; a masked email), revocation after a full refund or a lost dispute (not after a
 * partial refund), the certificate's stable bytes, and a clean ledger.
 */
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout, getPayments } from "@fanfare/payments";
import { LICENSE_KEY_PATTERN } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getTrackPageContent } from "../catalog/public-page";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { getPurchaseStatus } from "../downloads/downloads";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { renderLicenseCertificate } from "./certificate";
import {
  issueLicense,
  newLicenseKey,
  PERSONAL_LICENSE_TERMS,
  PERSONAL_LICENSE_TERMS_VERSION,
} from "./issue";
import { licenseCertificateData, verifyLicense } from "./verify";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

/** The rejection of `p` (it must reject). */
async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error("expected a rejection");
}

const COMMERCIAL_TERMS = "You may use this track in one commercial project (ads excluded).";

describe("licences: tiers, purchase, issue, verification, revocation, certificate", () => {
  let h: Harness;
  let artist: User;
  let other: User;
  let n = 0;

  /** Pays a started checkout in the sandbox; @returns the purchase page's token. */
  const pay = async (checkoutUrl: string) => {
    const sessionId = new URL(checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return new URL(delivery.successUrl).pathname.split("/").pop()!;
  };

  /** An anonymous buyer checks out `slug` (with `extra`) and pays. */
  const buy = async (slug: string, extra: Record<string, unknown> = {}) => {
    n++;
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug,
      buyerEmail: `licence-buyer${n}@example.com`,
      ...extra,
    });
    const token = await pay(checkout.checkoutUrl);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { license: true },
    });
    return { sale, token };
  };

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Licence Artist" });
    other = await h.makeUser({ artistName: "Other Licence Artist" });
  });
  afterAll(async () => {
    await h?.close();
  });

  test("tiers: create, change (a change of terms is a new version), retire, offer again; the public page lists the active ones", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000, title: "Tiered" });
    const c = artist.caller.artist;
    expect(await c.licenseTiers({ trackId: track.id })).toEqual([]);
    const saved = await c.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 5000,
      terms: COMMERCIAL_TERMS,
    });
    expect(saved).toMatchObject({
      kind: "commercial",
      termsVersion: 1,
      active: true,
      soldCount: 0,
    });
    // Same terms, new price and name: still version 1.
    const renamed = await c.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial use",
      priceCents: 6000,
      terms: `  ${COMMERCIAL_TERMS}  `,
    });
    expect(renamed).toMatchObject({ id: saved.id, termsVersion: 1, priceCents: 6000 });
    const changed = await c.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial use",
      priceCents: 6000,
      terms: `${COMMERCIAL_TERMS} Credit the artist.`,
    });
    expect(changed).toMatchObject({ id: saved.id, termsVersion: 2 });
    await c.saveLicenseTier({
      trackId: track.id,
      kind: "sync",
      name: "Sync",
      priceCents: 20_000,
      terms: "Sync with one film or video.",
    });
    expect((await c.licenseTiers({ trackId: track.id })).map((t) => t.kind)).toEqual([
      "commercial",
      "sync",
    ]);
    // The public page offers both, in that order, with their prices and terms.
    const page = await getTrackPageContent({ trackId: track.id }, h.db);
    expect(page.status === "published" && page.track.licenseTiers).toEqual([
      expect.objectContaining({ kind: "commercial", priceCents: 6000, termsVersion: 2 }),
      expect.objectContaining({ kind: "sync", priceCents: 20_000, termsVersion: 1 }),
    ]);
    // Retired: kept for the artist, gone from the page; saving offers it again.
    expect(await c.retireLicenseTier({ trackId: track.id, kind: "sync" })).toMatchObject({
      active: false,
    });
    expect(await c.retireLicenseTier({ trackId: track.id, kind: "sync" })).toMatchObject({
      active: false,
    });
    const after = await getTrackPageContent({ trackId: track.id }, h.db);
    expect(after.status === "published" && after.track.licenseTiers?.map((t) => t.kind)).toEqual([
      "commercial",
    ]);
    expect((await c.licenseTiers({ trackId: track.id }))[1]).toMatchObject({
      kind: "sync",
      active: false,
    });
    const back = await c.saveLicenseTier({
      trackId: track.id,
      kind: "sync",
      name: "Sync",
      priceCents: 20_000,
      terms: "Sync with one film or video.",
    });
    expect(back).toMatchObject({ active: true, termsVersion: 1 });
  });

  test("tiers: a price under the track's, another artist's track, nobody signed in, a non-artist", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1500 });
    const under = await rejection(
      artist.caller.artist.saveLicenseTier({
        trackId: track.id,
        kind: "commercial",
        name: "Cheap",
        priceCents: 1400,
        terms: "x",
      }),
    );
    expect(under.code).toBe("BAD_REQUEST");
    expect(under.message).toBe("A licence costs at least the track's price, $15.00.");
    const input = {
      trackId: track.id,
      kind: "commercial" as const,
      name: "Hijack",
      priceCents: 5000,
      terms: "x",
    };
    for (const p of [
      other.caller.artist.saveLicenseTier(input),
      other.caller.artist.licenseTiers({ trackId: track.id }),
      other.caller.artist.retireLicenseTier({ trackId: track.id, kind: "commercial" }),
    ]) {
      const e = await rejection(p);
      expect(e.code).toBe("NOT_FOUND");
      expect(e.message).toBe(`Track ${track.id} was not found among your tracks.`);
    }
    const anon = await rejection((await h.callerFor(null)).artist.saveLicenseTier(input));
    expect(anon.code).toBe("UNAUTHORIZED");
    const fan = await h.makeUser();
    const notArtist = await rejection(fan.caller.artist.licenseTiers({ trackId: track.id }));
    expect(notArtist.code).toBe("FORBIDDEN");
    // Retiring a kind never offered says so.
    const none = await rejection(
      artist.caller.artist.retireLicenseTier({ trackId: track.id, kind: "sync" }),
    );
    expect(none.code).toBe("NOT_FOUND");
    expect(await h.db.licenseTier.count({ where: { trackId: track.id } })).toBe(0);
  });

  test("a purchase under the commercial tier charges its price, records it, and issues a commercial licence with the terms as they were", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const tier = await artist.caller.artist.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 5000,
      terms: "v1 terms",
    });
    await artist.caller.artist.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 5000,
      terms: "v2 terms",
    });
    const { sale, token } = await buy(track.slug, {
      licenseTierId: tier.id,
      buyerName: "Ada Buyer",
    });
    expect(sale).toMatchObject({
      status: "COMPLETED",
      amountCents: 5000,
      licenseTierId: tier.id,
      // The split of 5,000 cents like any price: a 10 % fee by default, no promoter.
      commissionCents: 0,
    });
    expect(sale.platformFeeCents + sale.artistCents).toBe(5000);
    expect(sale.license).toMatchObject({
      kind: "commercial",
      tierId: tier.id,
      holderName: "Ada Buyer",
      termsVersion: 2,
      terms: "v2 terms",
      revokedAt: null,
    });
    expect(sale.license!.key).toMatch(LICENSE_KEY_PATTERN);
    expect(sale.license!.issuedAt.getTime()).toBe(sale.completedAt!.getTime());
    // The artist changes the terms afterwards: the licence keeps what was sold.
    await artist.caller.artist.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 5000,
      terms: "v3 terms",
    });
    const kept = await h.db.license.findUniqueOrThrow({ where: { saleId: sale.id } });
    expect(kept).toMatchObject({ termsVersion: 2, terms: "v2 terms" });
    expect((await artist.caller.artist.licenseTiers({ trackId: track.id }))[0]).toMatchObject({
      termsVersion: 3,
      soldCount: 1,
    });
    // The purchase page and the receipt carry the key and the certificate's link.
    const status = await getPurchaseStatus({ token }, h.db);
    expect(status.license).toMatchObject({
      key: kept.key,
      kind: "commercial",
      certificatePath: `/api/licenses/${kept.key}/certificate.pdf`,
      verifyPath: `/license/${kept.key}`,
    });
    const receipt = await h.db.emailOutbox.findFirstOrThrow({
      where: { idempotencyKey: `receipt:${sale.id}:1` },
    });
    expect(receipt.props).toMatchObject({
      license: { key: kept.key, kind: "commercial" },
    });
  });

  test("an artist's 25 % code applies to the tier's price like any price", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const tier = await artist.caller.artist.saveLicenseTier({
      trackId: track.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 8000,
      terms: "t",
    });
    const code = await artist.caller.discount.create({
      code: `LIC${Date.now().toString(36).toUpperCase()}`,
      type: "PERCENT",
      value: 2500,
      scope: "TRACKS",
      trackIds: [track.id],
    });
    // The buy form's quote is on the tier's price, as checkout charges it; on the track's without.
    const anon = await h.callerFor(null);
    const quote = (licenseTierId?: string) =>
      anon.discount.validate({ code: code.code, slug: track.slug, licenseTierId });
    expect(await quote(tier.id)).toMatchObject({
      valid: true,
      discountCents: 2000,
      totalCents: 6000,
    });
    expect(await quote()).toMatchObject({ valid: true, discountCents: 250, totalCents: 750 });
    expect(await quote("no-such-tier")).toMatchObject({
      valid: false,
      reason: "Licence no-such-tier is not offered on this track.",
    });
    const { sale } = await buy(track.slug, { licenseTierId: tier.id, discountCode: code.code });
    expect(sale).toMatchObject({
      listAmountCents: 8000,
      discountCents: 2000,
      amountCents: 6000,
      licenseTierId: tier.id,
      status: "COMPLETED",
    });
    expect(sale.license?.kind).toBe("commercial");
  });

  test("a pay-what-you-want track bought under a tier charges the tier's fixed price, whatever amount is sent", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 800, minPriceCents: 300 });
    const tier = await artist.caller.artist.saveLicenseTier({
      trackId: track.id,
      kind: "sync",
      name: "Sync",
      priceCents: 25_000,
      terms: "One video.",
    });
    const { sale } = await buy(track.slug, { licenseTierId: tier.id, amountCents: 300 });
    expect(sale).toMatchObject({ amountCents: 25_000, licenseTierId: tier.id });
    expect(sale.license).toMatchObject({ kind: "sync", termsVersion: 1, terms: "One video." });
  });

  test("checkout refuses a tier of another track, a retired tier and any tier on a release, and records nothing", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const { track: second } = await h.makeTrack(artist, { priceCents: 1000 });
    const tier = await artist.caller.artist.saveLicenseTier({
      trackId: second.id,
      kind: "commercial",
      name: "Commercial",
      priceCents: 4000,
      terms: "t",
    });
    const buyer = await h.callerFor(null);
    const before = await h.db.sale.count();
    const wrongTrack = await rejection(
      buyer.buyer.startCheckout({
        slug: track.slug,
        buyerEmail: "x@example.com",
        licenseTierId: tier.id,
      }),
    );
    expect(wrongTrack.code).toBe("NOT_FOUND");
    expect(wrongTrack.message).toBe(`Licence ${tier.id} is not offered on this track.`);
    await artist.caller.artist.retireLicenseTier({ trackId: second.id, kind: "commercial" });
    const retired = await rejection(
      buyer.buyer.startCheckout({
        slug: second.slug,
        buyerEmail: "x@example.com",
        licenseTierId: tier.id,
      }),
    );
    expect(retired.code).toBe("NOT_FOUND");
    const release = await h.db.release.create({
      data: {
        artistId: (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id,
        slug: `licence-release-${Date.now()}`,
        title: "Licence EP",
        kind: "ep",
        priceCents: 1500,
        commissionBps: 2000,
        published: true,
        publishedAt: new Date(),
        tracks: { create: [{ trackId: track.id, position: 1 }] },
      },
    });
    const onRelease = await rejection(
      buyer.buyer.startCheckout({
        product: "release",
        slug: release.slug,
        buyerEmail: "x@example.com",
        licenseTierId: tier.id,
      }),
    );
    expect(onRelease.code).toBe("BAD_REQUEST");
    expect(onRelease.message).toMatch(/release comes with the personal licence only/);
    expect(await h.db.sale.count()).toBe(before);

    // A release purchase issues exactly one (personal) licence.
    const { sale } = await buy(release.slug, { product: "release" });
    expect(sale.status).toBe("COMPLETED");
    expect(sale.license).toMatchObject({
      kind: "personal",
      tierId: null,
      termsVersion: PERSONAL_LICENSE_TERMS_VERSION,
      terms: PERSONAL_LICENSE_TERMS,
    });
    expect(await h.db.license.count({ where: { saleId: sale.id } })).toBe(1);
    const verified = await verifyLicense({ key: sale.license!.key }, h.db);
    expect(verified.product).toEqual({
      kind: "release",
      title: "Licence EP",
      artistName: "Licence Artist",
      path: `/r/${release.slug}`,
    });
  });

  test("a plain purchase issues a personal licence; issuing again changes nothing; verification shows only the allowed fields, the email masked", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000, title: "Plain" });
    const { sale } = await buy(track.slug);
    const license = sale.license!;
    expect(license).toMatchObject({
      kind: "personal",
      tierId: null,
      holderName: sale.buyerEmail,
      termsVersion: 1,
    });
    // A redelivered completion (or any second call) issues nothing more.
    const again = await h.db.$transaction((tx) => issueLicense(tx, sale.id));
    expect(again).toBe(license.key);
    expect(await h.db.license.count({ where: { saleId: sale.id } })).toBe(1);

    const v = await verifyLicense({ key: ` ${license.key.toLowerCase()} ` }, h.db);
    expect(v).toEqual({
      key: license.key,
      status: "valid",
      revokedAt: null,
      revokedReason: null,
      revokedBecause: null,
      kind: "personal",
      kindLabel: "Personal use",
      tierName: null,
      product: {
        kind: "track",
        title: "Plain",
        artistName: "Licence Artist",
        path: `/t/${track.slug}`,
      },
      holderName: `l***@example.com`,
      issuedAt: license.issuedAt.toISOString(),
      termsVersion: 1,
    });
    expect(JSON.stringify(v)).not.toContain(sale.buyerEmail);
    // Through the public router, anonymously.
    const anon = await h.callerFor(null, { "x-fanfare-peer-ip": "203.0.113.200" });
    expect(await anon.license.verify({ key: license.key })).toEqual(v);
    const unknown = await rejection(anon.license.verify({ key: "FF-0000-0000-0000-0000" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe("No licence has the key FF-0000-0000-0000-0000.");
    const malformed = await rejection(anon.license.verify({ key: "FF-IIII-0000-0000-0000" }));
    expect(malformed.code).toBe("BAD_REQUEST");
    expect(malformed.message).toMatch(/Licence key must look like FF-XXXX-XXXX-XXXX-XXXX/);
  });

  test("a full refund revokes the licence, a partial one does not; a lost dispute revokes with its reason", async () => {
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const partial = await buy(track.slug);
    await refundSale({ saleId: partial.sale.id, amountCents: 400 }, { db: h.db, payments });
    expect(
      await h.db.license.findUniqueOrThrow({ where: { saleId: partial.sale.id } }),
    ).toMatchObject({ revokedAt: null, revokedReason: null });
    // The rest refunded: the sale is REFUNDED and its licence revoked.
    await refundSale({ saleId: partial.sale.id }, { db: h.db, payments });
    const refunded = await h.db.license.findUniqueOrThrow({ where: { saleId: partial.sale.id } });
    expect(refunded.revokedReason).toBe("refund");
    expect(refunded.revokedAt).toBeInstanceOf(Date);
    const v = await verifyLicense({ key: refunded.key }, h.db);
    expect(v).toMatchObject({
      status: "revoked",
      revokedReason: "refund",
      revokedBecause: "the purchase was refunded",
      revokedAt: refunded.revokedAt!.toISOString(),
    });

    // A dispute: open revokes nothing, lost revokes.
    const disputed = await buy(track.slug);
    const won = await buy(track.slug);
    const dispute = (status: string, created: number, sale = disputed.sale) => ({
      id: `evt_lic_dp_${status}_${sale.id}`,
      type: status === "needs_response" ? "charge.dispute.created" : "charge.dispute.closed",
      created,
      data: {
        object: {
          id: `dp_lic_${sale.id}`,
          object: "dispute",
          amount: 1000,
          status,
          payment_intent: sale.stripePaymentIntentId,
        },
      },
    });
    await handleProviderEvent(dispute("needs_response", 2_000_000_000), h.db);
    expect(
      (await h.db.license.findUniqueOrThrow({ where: { saleId: disputed.sale.id } })).revokedAt,
    ).toBeNull();
    // An open dispute of the whole amount holds the money (the sale reads REFUNDED meanwhile)
    // but revokes nothing; won, the sale is COMPLETED again and its licence stands.
    await handleProviderEvent(dispute("needs_response", 2_000_000_000, won.sale), h.db);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: won.sale.id } })).status).toBe(
      "REFUNDED",
    );
    await handleProviderEvent(dispute("won", 2_000_000_100, won.sale), h.db);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: won.sale.id } })).status).toBe(
      "COMPLETED",
    );
    expect(
      (await h.db.license.findUniqueOrThrow({ where: { saleId: won.sale.id } })).revokedAt,
    ).toBeNull();
    await handleProviderEvent(dispute("lost", 2_000_000_100), h.db);
    const lost = await h.db.license.findUniqueOrThrow({ where: { saleId: disputed.sale.id } });
    expect(lost.revokedReason).toBe("dispute");
    expect((await verifyLicense({ key: lost.key }, h.db)).revokedBecause).toBe(
      "the payment dispute was lost",
    );
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a full refund that arrives before the completion: the licence is issued revoked", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "early-refund@example.com",
    });
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    const pi = `pi_lic_early_${sale.id}`;
    await handleProviderEvent(
      {
        id: `evt_lic_early_r_${sale.id}`,
        type: "charge.refunded",
        created: 150,
        data: {
          object: {
            id: `ch_lic_early_${sale.id}`,
            amount: 1000,
            amount_refunded: 1000,
            payment_intent: pi,
          },
        },
      },
      h.db,
    );
    await handleProviderEvent(
      {
        id: `evt_lic_early_c_${sale.id}`,
        type: "checkout.session.completed",
        created: 100,
        data: {
          object: {
            id: sale.stripeCheckoutSessionId!,
            object: "checkout.session",
            client_reference_id: sale.id,
            amount_total: 1000,
            currency: "usd",
            payment_status: "paid",
            payment_intent: pi,
          },
        },
      },
      h.db,
    );
    const after = await h.db.sale.findUniqueOrThrow({
      where: { id: sale.id },
      include: { license: true },
    });
    expect(after.status).toBe("REFUNDED");
    expect(after.license).toMatchObject({ kind: "personal", revokedReason: "refund" });
    expect(after.license!.revokedAt).toBeInstanceOf(Date);
  });

  test("the certificate: the same licence renders the same bytes, a PDF; a revoked one is stamped", async () => {
    const { track } = await h.makeTrack(artist, { priceCents: 1000, title: "Certified" });
    const { sale } = await buy(track.slug, { buyerName: "Cert Holder" });
    const data = await licenseCertificateData({ key: sale.license!.key }, h.db);
    const a = await renderLicenseCertificate(data);
    const b = await renderLicenseCertificate(
      await licenseCertificateData({ key: sale.license!.key }, h.db),
    );
    expect(a.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.compare(a, b)).toBe(0);
    // Through the router (what the web's route streams).
    const anon = await h.callerFor(null, { "x-fanfare-peer-ip": "203.0.113.201" });
    const viaRouter = await anon.license.certificate({ key: sale.license!.key });
    expect(Buffer.from(viaRouter.pdfBase64, "base64").equals(a)).toBe(true);
    expect(viaRouter.fileName).toBe(`fanfare-licence-${sale.license!.key}.pdf`);
    const revoked = await renderLicenseCertificate({
      ...data,
      status: "revoked",
      revokedAt: "2026-12-01T00:00:00.000Z",
      revokedReason: "refund",
      revokedBecause: "the purchase was refunded",
    });
    expect(Buffer.compare(revoked, a)).not.toBe(0);
  });

  test("keys: 500 issued are distinct and well formed; 500 more drawn are too", async () => {
    // One real sale, copied 500 times in SQL (its licence left out), then a licence issued for
    // each copy: the same INSERT as at completion. The copies are removed afterwards.
    const { track } = await h.makeTrack(artist, { priceCents: 1000 });
    const { sale } = await buy(track.slug);
    await h.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `CREATE TEMP TABLE sale_copy ON COMMIT DROP AS
           SELECT s.*, g AS "copyNo" FROM "Sale" s, generate_series(1, 500) g WHERE s."id" = $1`,
        sale.id,
      );
      await tx.$executeRawUnsafe(
        `UPDATE sale_copy SET "id" = 'lic_copy_' || "copyNo", "downloadTokenHash" = md5('lic_copy_' || "copyNo"),
           "stripeCheckoutSessionId" = NULL, "stripePaymentIntentId" = NULL`,
      );
      await tx.$executeRawUnsafe(`ALTER TABLE sale_copy DROP COLUMN "copyNo"`);
      await tx.$executeRawUnsafe(`INSERT INTO "Sale" SELECT * FROM sale_copy`);
      for (let i = 1; i <= 500; i++) await issueLicense(tx, `lic_copy_${i}`);
    });
    const keys = (
      await h.db.license.findMany({
        where: { saleId: { startsWith: "lic_copy_" } },
        select: { key: true },
      })
    ).map((l) => l.key);
    expect(keys).toHaveLength(500);
    expect(new Set(keys).size).toBe(500);
    for (const key of keys) expect(key).toMatch(LICENSE_KEY_PATTERN);
    expect((await verifyLicense({ key: keys[123]! }, h.db)).status).toBe("valid");
    await h.db.sale.deleteMany({ where: { id: { startsWith: "lic_copy_" } } });
    expect(await h.db.license.count({ where: { saleId: { startsWith: "lic_copy_" } } })).toBe(0);

    const drawn = Array.from({ length: 500 }, () => newLicenseKey());
    expect(new Set(drawn).size).toBe(500);
    for (const key of drawn) expect(key).toMatch(LICENSE_KEY_PATTERN);
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
