/**
 * Demo data for a local run: genres, two artists with real (synthesised) audio, promoters,
 * clicks and completed sales, all created through the same services the app uses (sign-up,
 * upload ingest, track creation, click capture, checkout and the webhook handler).
 * Idempotent: genres are upserted; the demo data is created only once.
 *
 *   pnpm db:seed            # DATABASE_URL or the embedded database under .data/
 */
import { getDb } from "@fanfare/db";
import { PROGRAM_MODES } from "@fanfare/validators";
import {
  completeSandboxCheckout,
  completeSandboxOnboarding,
  getPayments,
  renewSandboxSubscriptionNow,
} from "@fanfare/payments";

import { adjustBalance } from "../services/admin/adjust-balance";
import { updatePressKit } from "../services/artist/press-kit";
import { updateArtistProfile } from "../services/artist/profile";
import { holdPromoterForReview, rejectCommission } from "../services/admin/commission-review";
import { newPromoterStanding } from "../services/affiliate/promoter-profile";
import { createApiKey } from "../services/platform/api-keys";
import { createWebhookEndpoint } from "../services/platform/webhooks/endpoints";
import { setPromoterStatus } from "../services/affiliate/promoter-status";
import { submitApplication } from "../services/applications/submit-application";
import { scoreDirtyPromoters } from "../services/fraud/fraud-score";
import { submitPromoterReport } from "../services/program/reports";
import { acceptTerms, publishTerms } from "../services/program/terms";
import { claimPromoterCode } from "../services/discount/promoter-code";
import { createDiscountCode } from "../services/discount/codes";
import { reviewTaxForm, submitTaxForm } from "../services/tax/tax-forms";
import { tickContests } from "../services/contests/close";
import { upsertContest } from "../services/contests/contests";
import { awardMilestones } from "../services/milestones/award";
import { upsertMilestone } from "../services/milestones/manage-milestones";
import { upsertTier } from "../services/tiers/manage-tiers";
import { recomputeTiers } from "../services/tiers/recompute";
import { awardBadges } from "../services/badges/award";
import { DEMO_TERMS_V1 } from "./demo-terms";
import { rollupClicks } from "../services/affiliate/click-rollup";
import { recordClick } from "../services/affiliate/clicks";
import { getOrCreateAffiliateLink, getOrCreateProductLink } from "../services/affiliate/links";
import { promoterCode } from "../services/affiliate/recruits";
import { saveLandingPage } from "../services/landing/landing-pages";
import { upsertResource } from "../services/resources/resources";
import { createTrack, setTrackPublished } from "../services/catalog/manage-tracks";
import { createRelease, publishRelease } from "../services/catalog/releases";
import { saveLicenseTier } from "../services/catalog/license-tiers";
import { startCheckout } from "../services/checkout/start-checkout";
import { startLocalWebhookEndpoint } from "../services/checkout/webhook-endpoint";
import { refreshLeaderboards } from "../services/leaderboard/refresh";
import { verifyLedger } from "../services/ledger/verify-ledger";
import { refreshConnectAccount, startConnectOnboarding } from "../services/payouts/connect";
import { releaseDueSales, requestPayout } from "../services/payouts/payouts";
import { refundSale } from "../services/refunds/refund-sale";
import { getStorage, ingestUpload, synthesizeArtwork, synthesizeTone } from "../services/media";
import { signUp } from "../services/users/sign-up";
import { apiEnv } from "../services/env";
import { endScript } from "./end-script";

export const DEMO_PASSWORD = "fanfare-demo";
export const GENRES = ["Ambient", "Electronic", "Folk", "Hip-Hop", "Indie", "Jazz", "Pop", "Rock"];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-");

async function main() {
  const db = await getDb();
  for (const name of GENRES)
    await db.genre.upsert({
      where: { slug: slug(name) },
      update: {},
      create: { slug: slug(name), name },
    });

  if (await db.user.findUnique({ where: { email: "artist@fanfare.local" } })) {
    console.log("Demo data is already there; nothing to do.");
    return;
  }
  console.log("Seeding demo data (synthesising audio with ffmpeg)…");
  const storage = getStorage();
  const artistUser = await signUp(
    {
      name: "Nova Lights",
      email: "artist@fanfare.local",
      password: DEMO_PASSWORD,
      artistName: "Nova Lights",
    },
    db,
  );
  // The demo artist's page `/a/nova-lights` (issue 14 §1): a bio and two links; no picture, so
  // it shows the initials.
  await updateArtistProfile(
    {
      userId: artistUser.id,
      data: {
        bio: "Nova Lights makes late-night electronic music from a small studio by the sea.\nSynths, field recordings and long drives.",
        links: [
          { label: "Website", url: "https://example.com/nova-lights" },
          { label: "Newsletter", url: "https://example.com/nova-lights/newsletter" },
        ],
      },
    },
    db,
  );
  // The demo artist's press kit `/a/nova-lights/press` (issue 14 §8): three press photos and a
  // one-sheet, so the resource center's "Press kits" list has an entry.
  const pressPhotoUploadIds: string[] = [];
  for (const hueDegrees of [200, 260, 320]) {
    const photo = await ingestUpload({
      db,
      storage,
      ownerId: artistUser.id,
      kind: "IMAGE",
      filename: `nova-lights-press-${hueDegrees}.png`,
      bytes: await synthesizeArtwork({ sizePx: 1200, hueDegrees }),
    });
    pressPhotoUploadIds.push(photo.id);
  }
  await updatePressKit(
    {
      userId: artistUser.id,
      data: {
        photoUploadIds: pressPhotoUploadIds,
        oneSheet: [
          "## Nova Lights",
          "",
          "Late-night electronic music from a small studio by the sea: analogue synths, field recordings and long drives.",
          "",
          "- **For fans of:** slow synth records and night walks",
          "- **Latest:** *Night Drive*, out now on Fanfare",
          "- **Based in:** a coastal town, somewhere quiet",
          "",
          "> Music for the last hour before the sun comes up.",
          "",
          "Press and bookings: [press@example.com](mailto:press@example.com)",
        ].join("\n"),
      },
    },
    db,
  );
  const artist2User = await signUp(
    {
      name: "Coast",
      email: "coast@fanfare.local",
      password: DEMO_PASSWORD,
      artistName: "The Quiet Coast",
    },
    db,
  );
  const promoter = await signUp(
    { name: "Pat Promoter", email: "promoter@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  const promoter2 = await signUp(
    { name: "Robin Reyes", email: "robin@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  const admin = await signUp(
    { name: "Ada Admin", email: "admin@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  await db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
  // A label (issue 16 §5): Harbour Records has both demo artists on its roster, Nova Lights at
  // seed 004's 70/30 and The Quiet Coast at 25 % until the end of next year; both accepted, so
  // every demo sale below records the label's share of the artist's (`/dashboard/label`).
  const labelUser = await signUp(
    { name: "Harbour Records", email: "label@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  const label = await db.labelProfile.create({
    data: { userId: labelUser.id, name: "Harbour Records", slug: "harbour-records" },
  });
  const contractStart = new Date(Date.now() - 365 * 86_400_000);
  for (const [artistUserId, labelShareBps, endsAt] of [
    [artistUser.id, 3000, null],
    [artist2User.id, 2500, new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 1))],
  ] as const) {
    const profile = await db.artistProfile.findUniqueOrThrow({ where: { userId: artistUserId } });
    await db.labelContract.create({
      data: {
        labelId: label.id,
        artistId: profile.id,
        status: "active",
        labelShareBps,
        startsAt: contractStart,
        endsAt,
        canManage: true,
        invitedAt: contractStart,
        respondedAt: contractStart,
      },
    });
  }
  // The program terms (issue 11 §2), version 1; the demo promoters accepted them when they
  // joined (a new sign-up is asked before their first link).
  const terms = await publishTerms(
    { body: DEMO_TERMS_V1, summary: "The first version of the promoter program terms." },
    { userId: admin.id },
    db,
  );
  const acceptDemoTerms = (userId: string) => acceptTerms({ userId, version: terms.version }, db);
  await acceptDemoTerms(promoter.id);
  await acceptDemoTerms(promoter2.id);
  await db.promoterProfile.update({
    where: { userId: promoter.id },
    data: { displayName: "Pat P.", showOnLeaderboard: true },
  });

  const catalog = [
    {
      user: artistUser,
      title: "Night Drive",
      genre: "electronic",
      hz: 220,
      seconds: 48,
      format: "flac" as const,
      priceCents: 300,
      minPriceCents: null,
      bps: 2500,
      description: "Synth pads for the last hour before dawn.",
    },
    {
      user: artistUser,
      title: "Glass Harbour",
      genre: "ambient",
      hz: 261.63,
      seconds: 42,
      format: "wav" as const,
      priceCents: 500,
      minPriceCents: 200,
      bps: 3000,
      description: "Pay what you want: slow tides, long reverb.",
    },
    {
      user: artistUser,
      title: "Paper Suns",
      genre: "pop",
      hz: 329.63,
      seconds: 36,
      format: "mp3" as const,
      priceCents: 150,
      minPriceCents: null,
      bps: 2000,
      description: "",
    },
    {
      user: artist2User,
      title: "Low Tide Letters",
      genre: "folk",
      hz: 196,
      seconds: 40,
      format: "mp3" as const,
      priceCents: 200,
      minPriceCents: null,
      bps: 1500,
      description: "Recorded in one take on a windy porch.",
    },
    {
      user: artist2User,
      title: "Cedar Smoke",
      genre: "indie",
      hz: 246.94,
      seconds: 45,
      format: "flac" as const,
      priceCents: 400,
      minPriceCents: null,
      bps: 4000,
      description: "",
    },
  ];
  const tracks = [];
  for (const t of catalog) {
    const profile = await db.artistProfile.findUniqueOrThrow({ where: { userId: t.user.id } });
    const bytes = await synthesizeTone({ seconds: t.seconds, frequencyHz: t.hz, format: t.format });
    const master = await ingestUpload({
      db,
      storage,
      ownerId: t.user.id,
      kind: "MASTER",
      filename: `${slug(t.title)}.${t.format}`,
      bytes,
    });
    const cover = await synthesizeArtwork({ sizePx: 600, hueDegrees: Math.round(t.hz * 7) % 360 });
    const artwork = await ingestUpload({
      db,
      storage,
      ownerId: t.user.id,
      kind: "ARTWORK",
      filename: `${slug(t.title)}.png`,
      bytes: cover,
    });
    const track = await createTrack(
      {
        artist: { artistId: profile.id, userId: t.user.id },
        data: {
          title: t.title,
          description: t.description,
          genreSlug: t.genre,
          priceCents: t.priceCents,
          minPriceCents: t.minPriceCents,
          commissionBps: t.bps,
          masterUploadId: master.id,
          artworkUploadId: artwork.id,
        },
      },
      db,
    );
    await setTrackPublished({ artistId: profile.id, trackId: track.id, published: true }, db);
    tracks.push(track);
    console.log(`  track "${t.title}" (${t.format}, ${t.seconds}s)`);
  }

  const promoters = [promoter, promoter2].map(async (u) =>
    db.promoterProfile.findUniqueOrThrow({ where: { userId: u.id } }),
  );
  const [p1, p2] = await Promise.all(promoters);
  // The sandbox delivers its signed webhooks to a local endpoint running the webhook route's code.
  const endpoint = await startLocalWebhookEndpoint(db);
  const payments = getPayments(db, { webhookUrl: endpoint.url });
  const pay = async (saleId: string) => {
    const sale = await db.sale.findUniqueOrThrow({ where: { id: saleId } });
    const delivery = await completeSandboxCheckout(db, {
      sessionId: sale.stripeCheckoutSessionId!,
      webhookUrl: endpoint.url,
    });
    if (delivery.status !== 200)
      throw new Error(`Seed: webhook for sale ${saleId} answered ${delivery.status}.`);
  };
  const browsers = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  ];
  let sales = 0;
  let n = 0;
  for (const [i, track] of tracks.entries()) {
    for (const p of [p1!, p2!]) {
      const promoterUserId = p.userId;
      const link = await getOrCreateAffiliateLink(
        { promoterId: p.id, userId: promoterUserId, trackId: track.id },
        db,
      );
      const visits = 3 + ((i * 7 + (p === p1 ? 3 : 1)) % 6);
      for (let v = 0; v < visits; v++) {
        n++;
        const click = await recordClick(
          {
            slug: track.slug,
            code: link.code,
            method: "GET",
            ip: `203.0.113.${n % 250}`,
            userAgent: browsers[v % browsers.length]!,
            referer: v % 2 ? "https://www.youtube.com/" : null,
            landingPath: `/t/${track.slug}?ref=${link.code}${v % 2 ? "&src=youtube" : "&utm_source=newsletter"}`,
            sessionId: null,
          },
          db,
        );
        // Some visitors buy: every third one, through the same code path as the web app.
        if (click.recorded && v % 3 === 0) {
          const checkout = await startCheckout(
            {
              data: {
                slug: track.slug,
                buyerEmail: `fan${n}@example.com`,
                amountCents: track.minPriceCents ? track.priceCents + 100 : undefined,
              },
              attributionClickId: click.clickId,
            },
            { db, payments },
          );
          await pay(checkout.saleId);
          sales++;
        }
      }
      // A link-preview fetcher: stored, never counted.
      await recordClick(
        {
          slug: track.slug,
          code: link.code,
          method: "GET",
          ip: "198.51.100.7",
          userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
          referer: null,
          landingPath: `/t/${track.slug}?ref=${link.code}`,
          sessionId: null,
        },
        db,
      );
    }
  }
  // A direct sale with no promoter.
  const direct = await startCheckout(
    { data: { slug: tracks[0]!.slug, buyerEmail: "direct@example.com" }, attributionClickId: null },
    { db, payments },
  );
  await pay(direct.saleId);
  sales++;

  // Releases (issue 16 §1): Nova Lights' album of three tracks, cheaper than the tracks bought
  // one by one, which Pat promotes with a release link (two sales through it); and the second
  // artist's EP on pre-order (bought below, after the money history, so it stays undelivered).
  const novaProfile = await db.artistProfile.findUniqueOrThrow({
    where: { userId: artistUser.id },
  });
  const albumCover = await ingestUpload({
    db,
    storage,
    ownerId: artistUser.id,
    kind: "ARTWORK",
    filename: "harbour-lights.png",
    bytes: await synthesizeArtwork({ sizePx: 600, hueDegrees: 200 }),
  });
  const album = await createRelease(
    {
      artist: { artistId: novaProfile.id, userId: artistUser.id },
      data: {
        title: "Harbour Lights",
        kind: "album",
        description: "Three night pieces in one place: Night Drive, Glass Harbour and Paper Suns.",
        artworkUploadId: albumCover.id,
        releaseDate: null,
        preorder: false,
        priceCents: 800,
        minPriceCents: null,
        commissionBps: 3000,
        affiliateEnabled: true,
        trackIds: tracks.slice(0, 3).map((t) => t.id),
      },
    },
    db,
  );
  await publishRelease({ artistId: novaProfile.id, releaseId: album.id }, db);
  const albumLink = await getOrCreateProductLink(
    { promoterId: p1!.id, userId: p1!.userId, product: { kind: "release", id: album.id } },
    db,
  );
  for (let v = 0; v < 4; v++) {
    n++;
    const click = await recordClick(
      {
        productKind: "release",
        slug: album.slug,
        code: albumLink.code,
        method: "GET",
        ip: `203.0.113.${n % 250}`,
        userAgent: browsers[v % browsers.length]!,
        referer: null,
        landingPath: `/r/${album.slug}?ref=${albumLink.code}&src=newsletter`,
        sessionId: null,
      },
      db,
    );
    if (click.recorded && v % 2 === 0) {
      const checkout = await startCheckout(
        {
          data: { product: "release", slug: album.slug, buyerEmail: `fan${n}@example.com` },
          attributionClickId: click.clickId,
        },
        { db, payments },
      );
      await pay(checkout.saleId);
      sales++;
    }
  }
  console.log(`  release "Harbour Lights" (album, 3 tracks, Pat's link ${albumLink.code})`);
  // Licences (issue 16 §4): every purchase carries a personal licence; "Night Drive" also sells a
  // commercial one at its own price, bought once here (its key verifies at /license/<key>).
  const commercial = await saveLicenseTier(
    {
      artistId: novaProfile.id,
      data: {
        trackId: tracks[0]!.id,
        kind: "commercial",
        name: "Commercial use",
        priceCents: 4000,
        terms:
          "You may use this recording in one commercial production (an advert, a podcast, a video or a game) worldwide, without time limit. You may not resell the recording on its own or claim it as yours.",
      },
    },
    db,
  );
  const licensed = await startCheckout(
    {
      data: {
        slug: tracks[0]!.slug,
        buyerEmail: "studio@example.com",
        buyerName: "Harbour Studio",
        licenseTierId: commercial.id,
      },
      attributionClickId: null,
    },
    { db, payments },
  );
  await pay(licensed.saleId);
  sales++;
  const licence = await db.license.findUniqueOrThrow({ where: { saleId: licensed.saleId } });
  console.log(
    `  licence "Commercial use" of "Night Drive" for Harbour Studio: /license/${licence.key}`,
  );

  // Money history: most demo sales are older than the 14-day hold, so their shares are payable.
  const all = await db.sale.findMany({
    where: { status: "COMPLETED" },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const older = all.slice(0, Math.max(0, all.length - 4));
  for (const [i, s] of older.entries()) {
    // The sale keeps its own holding period (Sale.holdUntil), moved back with its completion.
    const completedAt = new Date(Date.now() - (20 + (i % 10)) * 86_400_000);
    // Checkout started a few minutes before the payment completed, as in real life.
    await db.$executeRaw`UPDATE "Sale" SET "holdUntil" = ${completedAt}::timestamp + ("holdUntil" - "completedAt"), "createdAt" = ${completedAt}::timestamp - interval '3 minutes', "completedAt" = ${completedAt} WHERE "id" = ${s.id}`;
    await db.$executeRaw`UPDATE "Commission" c SET "holdUntil" = s."holdUntil" FROM "Sale" s WHERE c."saleId" = s."id" AND s."id" = ${s.id}`;
  }
  await releaseDueSales(db);
  // The second artist's EP on pre-order: out in three weeks, bought now; its downloads and its
  // holding period start on the release date.
  const tideProfile = await db.artistProfile.findUniqueOrThrow({
    where: { userId: artist2User.id },
  });
  const releaseDay = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  const ep = await createRelease(
    {
      artist: { artistId: tideProfile.id, userId: artist2User.id },
      data: {
        title: "Tide Tables",
        kind: "ep",
        description:
          "Two pieces for the turning tide. Pre-order now: the files arrive on release day.",
        releaseDate: releaseDay,
        preorder: true,
        priceCents: 500,
        minPriceCents: null,
        commissionBps: 2500,
        affiliateEnabled: true,
        trackIds: tracks.slice(3, 5).map((t) => t.id),
      },
    },
    db,
  );
  await publishRelease({ artistId: tideProfile.id, releaseId: ep.id }, db);
  const preorder = await startCheckout(
    {
      data: { product: "release", slug: ep.slug, buyerEmail: "early-fan@example.com" },
      attributionClickId: null,
    },
    { db, payments },
  );
  await pay(preorder.saleId);
  sales++;
  console.log(`  release "Tide Tables" (EP on pre-order, out ${releaseDay})`);

  // A catalog subscription (issue 16 §3): The Quiet Coast offers its whole catalog for $5.00 a
  // month or $50.00 a year, Robin earning 20 % of each invoice for 3 months on subscribers brought
  // by their link. Sky, a fan, subscribed through Robin's link to a Coast track; the first
  // invoice and one renewal ("renew now", the sandbox's clock) are paid, each a sale with Robin's
  // recurring commission in the ledger.
  const coastPlanPrices = {
    month: await payments.ensureSubscriptionPrice({
      artistId: tideProfile.id,
      artistName: tideProfile.name,
      interval: "month",
      unitAmountCents: 500,
      currency: "usd",
    }),
    year: await payments.ensureSubscriptionPrice({
      artistId: tideProfile.id,
      artistName: tideProfile.name,
      interval: "year",
      unitAmountCents: 5000,
      currency: "usd",
    }),
  };
  const coastPlan = await db.subscriptionPlan.create({
    data: {
      artistId: tideProfile.id,
      monthlyPriceCents: 500,
      yearlyPriceCents: 5000,
      commissionBps: 2000,
      commissionMonths: 3,
      stripeProductId: coastPlanPrices.month.productId,
      stripeMonthlyPriceId: coastPlanPrices.month.priceId,
      stripeYearlyPriceId: coastPlanPrices.year.priceId,
    },
  });
  const subscriberUser = await signUp(
    { name: "Sky Subscriber", email: "subscriber@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  const robinLink = await getOrCreateAffiliateLink(
    { promoterId: p2!.id, userId: p2!.userId, trackId: tracks[3]!.id },
    db,
  );
  const coastSub = await db.catalogSubscription.create({
    data: {
      planId: coastPlan.id,
      artistId: tideProfile.id,
      userId: subscriberUser.id,
      interval: "month",
      priceCents: 500,
      promoterId: p2!.id,
      linkId: robinLink.id,
      commissionBps: coastPlan.commissionBps,
      commissionMonths: coastPlan.commissionMonths,
    },
  });
  const subCheckout = await payments.createSubscriptionCheckout({
    priceId: coastPlanPrices.month.priceId,
    catalogSubscriptionId: coastSub.id,
    customerEmail: "subscriber@fanfare.local",
    successUrl: `${apiEnv().APP_URL}/subscriptions?started=${coastSub.id}`,
    cancelUrl: `${apiEnv().APP_URL}/a/${tideProfile.slug}`,
    metadata: { catalogSubscriptionId: coastSub.id },
    idempotencyKey: `subscription-checkout:${coastSub.id}`,
  });
  const subPaid = await completeSandboxCheckout(db, {
    sessionId: subCheckout.id,
    webhookUrl: endpoint.url,
  });
  if (subPaid.status !== 200)
    throw new Error(`Seed: the subscription's webhook answered ${subPaid.status}.`);
  const linked = await db.catalogSubscription.findUniqueOrThrow({ where: { id: coastSub.id } });
  await renewSandboxSubscriptionNow(db, {
    subscriptionId: linked.stripeSubscriptionId!,
    webhookUrl: endpoint.url,
  });
  console.log(
    `  subscription to The Quiet Coast ($5.00 a month): ${await db.sale.count({ where: { subscriptionId: coastSub.id } })} invoices paid`,
  );
  // Discount codes (issue 12 §1): the admin's launch code (10 % off, from the platform fee) and an
  // artist's code for their own tracks (from their share). Checkout applies them with issue 12 §2.
  const adminActor = { userId: admin.id, isAdmin: true, artistId: null };
  await createDiscountCode(
    {
      code: "LAUNCH10",
      description: "10 % off any track for Fanfare's launch",
      type: "PERCENT",
      value: 1000,
      scope: "PLATFORM",
    },
    adminActor,
    db,
  );
  await createDiscountCode(
    {
      code: "TIDES2",
      description: "$2 off every track by the demo artist",
      type: "FIXED",
      value: 200,
      scope: "ARTIST",
      maxUses: 100,
    },
    {
      userId: artistUser.id,
      isAdmin: false,
      artistId: (await db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } })).id,
    },
    db,
  );
  // A code for The Quiet Coast's catalog subscription (issue 16 §3): 20 % off the first 3 months,
  // from the artist's share; the processor's coupon discounts those invoices.
  await createDiscountCode(
    {
      code: "COAST3",
      description: "20 % off your first 3 months of The Quiet Coast's catalog",
      type: "PERCENT",
      value: 2000,
      scope: "ARTIST",
      duration: "REPEATING",
      durationMonths: 3,
    },
    { userId: artist2User.id, isAdmin: false, artistId: tideProfile.id },
    db,
  );
  // The demo promoter's personal code (issue 12 §1): 10 % off, from Pat's own commission; a buyer
  // who types it is Pat's with no click (one such sale below).
  await claimPromoterCode(
    { code: "PARTNER-PAT", percentBps: 1000 },
    { promoterId: p1!.id, userId: promoter.id },
    db,
  );
  const codeSale = await startCheckout(
    {
      data: {
        slug: tracks[1]!.slug,
        buyerEmail: "codefan@example.com",
        discountCode: "partner-pat",
      },
      attributionClickId: null,
    },
    { db, payments },
  );
  await pay(codeSale.saleId);
  // One running campaign (issue 12 §3): the demo artist's weekend boost on Paper Suns, 40 %
  // commission (instead of 20 %) and 15 % off for three days.
  const demoArtist = await db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } });
  await db.campaign.create({
    data: {
      name: "Paper Suns weekend",
      description: "40 % commission for promoters and 15 % off for fans, this weekend only.",
      artistId: demoArtist.id,
      scope: "TRACKS",
      trackIds: [tracks[2]!.id],
      commissionBps: 4000,
      discountBps: 1500,
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3 * 86_400_000),
      status: "ACTIVE",
      announcedAt: new Date(),
      createdById: artistUser.id,
    },
  });
  // Promoter tiers (issue 13 §1): four levels by counted sales over 90 days; Gold and Platinum
  // add a platform-funded bonus and Gold pays out from $2 (E6). Then every demo promoter gets the
  // tier their sales above qualify them for: Pat and Robin are Silver (perks, no bonus yet, so
  // the browser tests' commissions are the tracks' own rates), with Gold in sight.
  const tierDefs = [
    {
      name: "Bronze",
      rank: 0,
      threshold: 0,
      bonusBps: 0,
      payoutMinimumCents: null,
      perks: [{ icon: "🎁", title: "Welcome kit", description: "Share templates and artwork." }],
    },
    {
      name: "Silver",
      rank: 1,
      threshold: 5,
      bonusBps: 0,
      payoutMinimumCents: null,
      perks: [
        { icon: "⭐", title: "Monthly promo pack", description: "New artwork and share texts." },
      ],
    },
    {
      name: "Gold",
      rank: 2,
      threshold: 25,
      bonusBps: 300,
      payoutMinimumCents: 200,
      perks: [
        {
          icon: "🎧",
          title: "Early access to releases",
          description: "Hear new tracks a week before they go public.",
        },
      ],
    },
    {
      name: "Platinum",
      rank: 3,
      threshold: 60,
      bonusBps: 500,
      payoutMinimumCents: null,
      perks: [
        {
          icon: "💬",
          title: "Promoter community",
          description: "A private channel with the artists and the Fanfare team.",
          link: "https://fanfare.example/community",
        },
      ],
    },
  ];
  for (const t of tierDefs)
    await upsertTier({ ...t, metric: "SALES", windowDays: 90 }, { userId: admin.id }, db);
  await recomputeTiers({}, db);
  // Milestones (issue 13 §2): one-time bonuses at released sales, paid from PLATFORM_PROMOTIONS.
  // The demo promoters have reached the first ones (their bonuses are in their ledgers).
  for (const m of [
    { name: "First sale", threshold: 1, bonusCents: 100, description: "Your first sale cleared." },
    { name: "Ten sales", threshold: 10, bonusCents: 500, description: "Ten released sales." },
    { name: "Fifty sales", threshold: 50, bonusCents: 2500, description: "Fifty released sales." },
  ])
    await upsertMilestone({ ...m, metric: "SALES" }, { userId: admin.id }, db);
  await awardMilestones({}, db);
  // Contests (issue 13 §5): one running (sales, three cash places) and one that closed last
  // week (earnings), whose winner was paid from PLATFORM_PROMOTIONS.
  const DAY_MS = 86_400_000;
  await upsertContest(
    {
      name: "December sales sprint",
      description: "Most sales through your links this fortnight. Every promoter is in.",
      metric: "sales",
      startsAt: new Date(Date.now() - 3 * DAY_MS),
      endsAt: new Date(Date.now() + 11 * DAY_MS),
      prizeCents: [5000, 2500, 1000],
      prizeDescription: "Plus a signed vinyl for the winner",
    },
    { userId: admin.id },
    db,
  );
  const cup = await upsertContest(
    {
      name: "November earnings cup",
      metric: "earnings",
      startsAt: new Date(Date.now() + DAY_MS),
      endsAt: new Date(Date.now() + 2 * DAY_MS),
      prizeCents: [2000],
    },
    { userId: admin.id },
    db,
  );
  // Created ahead (the console refuses an end in the past), then moved back as if it had run.
  await db.contest.update({
    where: { id: cup.id },
    data: {
      startsAt: new Date(Date.now() - 35 * DAY_MS),
      endsAt: new Date(Date.now() - 5 * DAY_MS),
    },
  });
  await tickContests({}, db);
  // Tax forms (issue 11 §4): the demo promoter's W-9 is on file and verified (so payouts pass
  // the 1099-NEC threshold); Robin, who lives in Germany, sent a W-8BEN the admin has yet to review.
  const demoW9 = await submitTaxForm(
    {
      promoterId: p1!.id,
      form: {
        kind: "W9",
        legalName: "Pat Promoter",
        addressLine1: "500 Congress Ave",
        city: "Austin",
        region: "TX",
        postalCode: "78701",
        country: "US",
        taxIdType: "SSN",
        taxId: "123-45-6789",
        signatureName: "Pat Promoter",
        certify: true,
      },
    },
    db,
  );
  await reviewTaxForm({ formId: demoW9.id, decision: "VERIFIED" }, { userId: admin.id }, db);
  await submitTaxForm(
    {
      promoterId: p2!.id,
      form: {
        kind: "W8BEN",
        legalName: "Robin Reyes",
        addressLine1: "Torstraße 1",
        city: "Berlin",
        postalCode: "10119",
        country: "DE",
        taxIdType: "FOREIGN_TIN",
        taxId: "12 345 678 901",
        signatureName: "Robin Reyes",
        certify: true,
      },
    },
    db,
  );
  // The demo promoter and artist have onboarded with Stripe (sandbox) and been paid once.
  for (const [payee, email] of [
    [{ type: "PROMOTER" as const, id: p1!.id }, "promoter@fanfare.local"],
    [
      {
        type: "ARTIST" as const,
        id: (await db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } })).id,
      },
      "artist@fanfare.local",
    ],
  ] as const) {
    const { stripeAccountId } = await startConnectOnboarding({ payee, email }, { db, payments });
    await completeSandboxOnboarding(db, { accountId: stripeAccountId, webhookUrl: endpoint.url });
    await refreshConnectAccount(payee, { db, payments });
    const payout = await requestPayout({ payee }, { db, payments });
    console.log(
      `  ${payee.type.toLowerCase()} payout ${payout.status}: ${payout.amountCents} cents`,
    );
  }
  // A buyer got a partial refund on one of the paid-out sales (a clawback for its promoter).
  const refundable = await db.sale.findFirst({
    where: { status: "COMPLETED", promoterId: p1!.id, commission: { status: "PAID" } },
    orderBy: { createdAt: "asc" },
  });
  // The admin refunded it from the console (audited), and credited the demo promoter by hand
  // for a link that was broken for a day (a manual adjustment: ledger, audit log).
  if (refundable)
    await refundSale(
      { saleId: refundable.id, amountCents: Math.floor(refundable.amountCents / 2) },
      { db, payments, actor: { userId: admin.id } },
    );
  await adjustBalance(
    {
      payeeEmail: "promoter@fanfare.local",
      payeeType: "PROMOTER",
      amountCents: 250,
      reason: "Goodwill credit: your link was down for a day",
      idempotencyKey: "00000000-0000-4000-8000-00000000000a",
    },
    { userId: admin.id },
    db,
  );
  // The program's standing (issue 11 §2): Sam was suspended pending review while a fan's
  // checkout through his link was open, so that sale completed with its commission held; Terry
  // was terminated after one sale. Both read the admin's reason on their dashboard.
  const standing = [
    {
      name: "Sam Sharp",
      email: "sam@fanfare.local",
      status: "SUSPENDED" as const,
      reason: "Under review: most clicks this week came from one network with no sales.",
    },
    {
      name: "Terry Tran",
      email: "terry@fanfare.local",
      status: "TERMINATED" as const,
      reason: "Paid ads bidding on the artists' names, against the program terms.",
    },
  ];
  for (const [i, who] of standing.entries()) {
    const user = await signUp({ name: who.name, email: who.email, password: DEMO_PASSWORD }, db);
    await acceptDemoTerms(user.id);
    const profile = await db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    const track = tracks[i + 1]!;
    const link = await getOrCreateAffiliateLink(
      { promoterId: profile.id, userId: user.id, trackId: track.id },
      db,
    );
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: `192.0.2.${10 + i}`,
        userAgent: browsers[i]!,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}&src=forum`,
        sessionId: null,
      },
      db,
    );
    if (!click.recorded) throw new Error(`Seed: ${who.email}'s click was not recorded.`);
    const checkout = await startCheckout(
      {
        data: {
          slug: track.slug,
          buyerEmail: `standing${i}@example.com`,
          amountCents: track.minPriceCents ? track.priceCents : undefined,
        },
        attributionClickId: click.clickId,
      },
      { db, payments },
    );
    if (who.status === "TERMINATED") await pay(checkout.saleId);
    await setPromoterStatus(
      { promoterId: profile.id, status: who.status, reason: who.reason },
      { userId: admin.id },
      db,
    );
    if (who.status === "SUSPENDED") await pay(checkout.saleId);
    sales++;
    // Terry's unpaid commission is rejected with the termination: the artist receives it.
    if (who.status === "TERMINATED") {
      const commission = await db.commission.findUniqueOrThrow({
        where: { saleId: checkout.saleId },
      });
      await rejectCommission(
        { commissionId: commission.id, reason: "Terminated for paid ads on the artists' names." },
        { userId: admin.id },
        db,
      );
    }
  }
  // The fraud review (issue 11 §3): Quinn's three recent sales came from one household browser, so
  // the admin held Quinn's pending commissions for review (with the default 14-day holding
  // period they wait in /admin/fraud; with none, they were payable at once and nothing is held).
  const quinn = await signUp(
    { name: "Quinn Quill", email: "quinn@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  await acceptDemoTerms(quinn.id);
  const quinnProfile = await db.promoterProfile.findUniqueOrThrow({ where: { userId: quinn.id } });
  const quinnTrack = tracks[3]!;
  const quinnLink = await getOrCreateAffiliateLink(
    { promoterId: quinnProfile.id, userId: quinn.id, trackId: quinnTrack.id },
    db,
  );
  // Three buyers behind one browser, on the promoter's own domain: the fraud score sees both.
  for (let i = 0; i < 3; i++) {
    const click = await recordClick(
      {
        slug: quinnTrack.slug,
        code: quinnLink.code,
        method: "GET",
        ip: "192.0.2.77",
        userAgent: browsers[0]!,
        referer: null,
        landingPath: `/t/${quinnTrack.slug}?ref=${quinnLink.code}`,
        sessionId: null,
      },
      db,
    );
    if (!click.recorded) throw new Error("Seed: Quinn's click was not recorded.");
    const checkout = await startCheckout(
      {
        data: {
          slug: quinnTrack.slug,
          buyerEmail: `household${i}@fanfare.local`,
          amountCents: quinnTrack.minPriceCents ? quinnTrack.priceCents : undefined,
        },
        attributionClickId: click.clickId,
      },
      { db, payments },
    );
    await pay(checkout.saleId);
    sales++;
  }
  await holdPromoterForReview(
    { promoterId: quinnProfile.id, reason: "Three sales in an hour from one household browser." },
    { userId: admin.id },
    db,
  );
  // Two visitors reported Quinn's link ("Report this promoter", issue 11 §2): open in /admin/reports.
  const demoReports = [
    {
      reason: "MISLEADING" as const,
      details: "The post said the track was free for a day; the page asks for the full price.",
      contactEmail: "fan@example.com",
      source: "page" as const,
      ip: "198.51.100.41",
    },
    {
      reason: "SPAM" as const,
      details: "The same link was posted under every comment of the artist's video.",
      source: "email" as const,
      ip: "198.51.100.42",
    },
  ];
  for (const r of demoReports)
    await submitPromoterReport(
      {
        data: {
          code: quinnLink.code,
          reason: r.reason,
          details: r.details,
          contactEmail: r.contactEmail,
          source: r.source,
        },
        reporter: { ip: r.ip, userAgent: browsers[1]!, sessionId: null },
      },
      db,
    );
  // An application waiting in /admin/promoters (Applications, issue 11 §2). The demo program is
  // open, so Penny starts as if she had signed up while it required approval; then she applies.
  const penny = await signUp(
    { name: "Penny Pending", email: "penny@fanfare.local", password: DEMO_PASSWORD },
    db,
  );
  const pennyProfile = await db.promoterProfile.update({
    where: { userId: penny.id },
    data: newPromoterStanding(PROGRAM_MODES.APPROVAL_REQUIRED),
  });
  await submitApplication(
    {
      promoterId: pennyProfile.id,
      application: {
        pitch:
          "I write a weekly newsletter on new ambient and electronic releases (3,200 readers) and want to send them straight to the artists' pages.",
        channels: "Newsletter: Quiet Hours Weekly; Bluesky @quiethours; r/ambientmusic",
      },
    },
    db,
  );
  // Referrals (issue 14 §6): Riley joined through Pat's recruit link (/join?ref=<Pat's code>) and
  // sold a track; Pat earns the second-tier share of Riley's commission, from the platform's fee.
  const riley = await signUp(
    {
      name: "Riley Recruit",
      email: "riley@fanfare.local",
      password: DEMO_PASSWORD,
      recruitCode: await promoterCode(p1!.id, db),
    },
    db,
  );
  await acceptDemoTerms(riley.id);
  const rileyProfile = await db.promoterProfile.findUniqueOrThrow({ where: { userId: riley.id } });
  const rileyTrack = tracks[0]!;
  const rileyLink = await getOrCreateAffiliateLink(
    { promoterId: rileyProfile.id, userId: riley.id, trackId: rileyTrack.id },
    db,
  );
  const rileyClick = await recordClick(
    {
      slug: rileyTrack.slug,
      code: rileyLink.code,
      method: "GET",
      ip: "198.51.100.40",
      userAgent: browsers[2]!,
      referer: null,
      landingPath: `/t/${rileyTrack.slug}?ref=${rileyLink.code}&src=group-chat`,
      sessionId: null,
    },
    db,
  );
  if (!rileyClick.recorded) throw new Error("Seed: Riley's click was not recorded.");
  const rileySale = await startCheckout(
    {
      data: {
        slug: rileyTrack.slug,
        buyerEmail: "riley-friend@example.com",
        amountCents: rileyTrack.minPriceCents ? rileyTrack.priceCents : undefined,
      },
      attributionClickId: rileyClick.clickId,
    },
    { db, payments },
  );
  await pay(rileySale.saleId);
  sales++;
  await endpoint.close();
  // What the clicks.rollup and leaderboard.refresh jobs would do within seconds: the dashboards
  // and the leaderboard show the demo data on the first visit, even before a worker runs.
  await rollupClicks({}, db);
  // What the fraud.score job does within a minute: every promoter a sale or click touched.
  await scoreDirtyPromoters({}, db);
  await refreshLeaderboards({}, db);
  // What the daily badges.award job does (issue 13 §3): the demo promoters' badges (first click,
  // first sale, first payout, …), each with its bell notification, like the sales, payouts and
  // tier moves above wrote theirs through the services.
  await awardBadges({}, db);
  // Pat's landing page (issue 14 §3): three tracks Pat recommends at /p/pat-picks, each buy
  // through Pat's own link for it.
  await saveLandingPage(
    {
      userId: promoter.id,
      page: {
        handle: "pat-picks",
        headline: "Late-night electronica I can't stop playing",
        bio: "I run a small listening club on Fridays. These are the tracks everyone asks me about.\nEvery purchase goes straight to the artist.",
        ctaText: "Listen and buy",
        themeColor: "#2563eb",
        published: true,
        tracks: tracks.slice(0, 3).map((t, i) => ({
          trackId: t.id,
          note: ["The one that started it all.", "Headphones on, lights off.", ""][i] ?? "",
        })),
      },
    },
    db,
  );
  // The resource center (issue 14 §8): one swipe file, post template, FAQ and guide at /resources.
  for (const [position, r] of [
    {
      slug: "new-release-swipe-file",
      title: "New release swipe file",
      category: "swipe" as const,
      summary: "Three short captions to announce a track you love, ready to paste.",
      body: "Paste one, add your link, and make it yours.\n\n1. Just found **{track}** by {artist} and it has been on repeat all week. Grab it here: {link}\n2. If you like late-night electronica, {artist}'s new one is for you. Every purchase goes straight to the artist: {link}\n3. My track of the week: {track}. Headphones on, lights off. {link}",
    },
    {
      slug: "instagram-story-template",
      title: "Instagram story template",
      category: "template" as const,
      summary: "A three-frame story that introduces a track without sounding like an ad.",
      body: '**Frame 1:** a photo of where you listen, with the text *"Tonight\'s soundtrack"*.\n\n**Frame 2:** the track\'s cover and one line about why you like it.\n\n**Frame 3:** a link sticker to your landing page, with *"Support the artist"*.\n\nTip: post it in the evening, when your followers listen to music.',
    },
    {
      slug: "how-do-i-get-paid",
      title: "How do I get paid?",
      category: "faq" as const,
      summary: "When a commission becomes payable and how payouts reach you.",
      body: "## When is a commission mine?\n\nEach sale through your link earns a commission. It is held for the holding period (refunds can still happen) and then becomes **payable**.\n\n## How do I withdraw?\n\nConnect a payout account under *Settings*, then request a payout from your dashboard once your payable balance reaches the minimum.\n\n## Questions?\n\nWrite to [support](mailto:support@fanfare.local).",
    },
    {
      slug: "best-practices-for-promoters",
      title: "Best practices for promoters",
      category: "guide" as const,
      summary: "Honest, specific recommendations sell more than hype.",
      body: '- **Recommend what you actually listen to.** Your audience can tell.\n- **Say why.** One specific sentence beats five exclamation marks.\n- **Disclose the link.** A short *"I earn a commission"* keeps trust (and is the law in many places).\n- **Use one link per track**, so your stats show what works.\n- **Never buy through your own link** or ask friends to: it is flagged and not paid.\n\n| Where | What works |\n| --- | --- |\n| Stories | one track, one reason |\n| Newsletter | a short weekly pick |',
    },
  ].entries())
    await upsertResource({ ...r, published: true, position }, { userId: admin.id }, db);
  // The open platform (issue 15): Pat pulls stats into a spreadsheet with an API key and sends
  // sales to a webhook endpoint and to a partner network's postback; the artist reads sales over
  // the API. The hosts are example domains: the URL check resolves them to example.com's public
  // address here, as the seed runs offline; deliveries to them fail offline and the log says so.
  const demoResolver = async () => [{ address: "93.184.215.14", family: 4 as const }];
  await createApiKey(
    {
      userId: promoter.id,
      key: { name: "Spreadsheet sync", scopes: ["stats:read", "links:read", "commissions:read"] },
    },
    db,
  );
  await createApiKey(
    {
      userId: artistUser.id,
      key: { name: "Label dashboard", scopes: ["sales:read", "stats:read"] },
    },
    db,
  );
  await createWebhookEndpoint(
    {
      userId: promoter.id,
      data: {
        url: "https://hooks.example.com/fanfare/pat",
        description: "My Zapier zap",
        events: ["sale.completed", "commission.created", "commission.payable"],
      },
    },
    db,
    { resolver: demoResolver },
  );
  await createWebhookEndpoint(
    {
      userId: promoter.id,
      data: {
        kind: "postback",
        url: "https://partners.example.net/postback?click_id={click_id}&amount={amount}&currency={currency}&sub_id={sub_id}",
        description: "Partner network postback",
        events: ["sale.completed", "sale.refunded"],
      },
    },
    db,
    { resolver: demoResolver },
  );
  const problems = await verifyLedger(db);
  if (problems.length)
    throw new Error(
      `Seed: the ledger has ${problems.length} discrepancies, first: ${JSON.stringify(problems[0])}`,
    );

  console.log(`Seeded ${tracks.length} tracks, ${n} clicks and ${sales} sales.`);
  console.log(
    `Demo accounts (password "${DEMO_PASSWORD}"): artist@fanfare.local, coast@fanfare.local, promoter@fanfare.local (landing page /p/pat-picks), robin@fanfare.local, sam@fanfare.local (suspended), terry@fanfare.local (terminated), quinn@fanfare.local (under review), penny@fanfare.local (applied, awaiting approval), riley@fanfare.local (Pat's recruit), label@fanfare.local (Harbour Records), subscriber@fanfare.local (subscribes to The Quiet Coast), admin@fanfare.local`,
  );
}

try {
  await main();
} finally {
  await endScript();
}
