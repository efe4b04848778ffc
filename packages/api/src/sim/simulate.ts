/**
 * A seeded random simulation of Fanfare's money paths: sales, completions, refunds (partial and
 * full), disputes opened/won/lost, the end of holding periods, payouts (with refused transfers
 * and crashes before and after the transfer), reconciliation, admins' manual balance adjustments
 * (retried with their idempotency key), promoter suspensions with their commission holds,
 * reinstatements (releases) and terminations, the fraud review's holds, releases and rejections
 * (a rejected commission paid to the artist, clawed back when paid out), catalog subscriptions
 * (sign-ups through a promoter's code or none, renewals paid or failed, retries, cancellations,
 * Smart Retries giving up; each paid invoice a sale with the recurring commission for the plan's
 * months), duplicated and reordered event deliveries. After every step the ledger invariants are checked; a failure names the seed and
 * step, and the same seed replays the same run (every choice comes from the seeded generator;
 * events are applied one at a time).
 *
 * It runs the real services against a real database (PostgreSQL or PGlite) and Stripe's HTTP
 * API mocked with msw (the stateful mock from @fanfare/payments); only the payment processor's
 * side (which refunds and disputes happen, and when their events arrive) is modelled here.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { DiscountFunderName } from "@fanfare/validators";
import { discountOnPrice, PLATFORM_FEE_BPS } from "@fanfare/validators";

import { postAdjustment } from "../services/admin/adjust-balance";
import {
  holdPromoterForReview,
  rejectCommission,
  releaseCommission,
} from "../services/admin/commission-review";
import { AppError } from "../services/app-error";
import { scoreDirtyPromoters } from "../services/fraud/fraud-score";
import { setPromoterStatus } from "../services/affiliate/promoter-status";
import { forfeitTerminatedPromoters } from "../services/affiliate/termination";
import { campaignTerms } from "../services/campaigns/terms";
import { handleProviderEvent } from "../services/checkout/handle-stripe-event";
import { priceSale } from "../services/checkout/price-sale";
import { verifyLedger } from "../services/ledger/verify-ledger";
import { shareRows, sharesOfSale } from "../services/money/shares";
import type { ProviderEvent } from "../services/money/types";
import type { Payee } from "../services/payouts/payee";
import { tickContests } from "../services/contests/close";
import { awardMilestones } from "../services/milestones/award";
import { reconcilePayouts, releaseDueSales, requestPayout } from "../services/payouts/payouts";
import { randomToken, sha256Hex } from "../services/shared/tokens";
import { cancelMySubscription } from "../services/subscriptions/manage";
import { savePlan } from "../services/subscriptions/plans";
import { startSubscription } from "../services/subscriptions/start";

export type SimOptions = {
  seed: number;
  steps: number;
  timing?: boolean;
  db: PrismaClient;
  payments: PaymentsProvider;
  stripe: {
    failNext: (
      endpoint: "transfers",
      f: { status: number; type: string; code?: string; message?: string },
    ) => void;
    completeOnboarding: (accountId: string) => unknown;
    /** The events the mock has recorded, oldest first (subscriptions' are delivered from here). */
    state: { events: { type: string; data: { object: unknown } }[] };
    completeSubscriptionCheckout: (sessionId: string) => {
      subscriptionId: string;
      invoiceId: string;
      paymentIntentId: string | null;
      session: { amount_total: number | null };
    };
    renewSubscription: (
      subscriptionId: string,
      outcome: "paid" | "failed",
    ) =>
      | { kind: "ended" }
      | { kind: "failed"; invoiceId: string }
      | { kind: "paid"; invoiceId: string; amountCents: number; paymentIntentId: string | null };
  };
};
export type SimReport = {
  seed: number;
  steps: number;
  sales: number;
  refunds: number;
  disputes: number;
  payouts: number;
  paid: number;
  failedPayouts: number;
  crashes: number;
  duplicates: number;
  deliveries: number;
  adjustments: number;
  /** Promoter suspensions, reinstatements and terminations. */
  standingChanges: number;
  /** Commissions held for review, released and rejected by the fraud review. */
  holds: number;
  releases: number;
  rejections: number;
  /** Commissions the fraud.score job held for review. */
  autoHolds: number;
  /** Terminated promoters' unpaid commissions rejected after the notice period, and write-offs. */
  forfeitures: number;
  writeOffs: number;
  /** Sales with a discount (a platform, artist or promoter code, or a campaign's). */
  discounted: number;
  /** Sales that got a campaign's rate, boost or discount. */
  campaigned: number;
  /** Sales whose commission carries a tier bonus from the fee. */
  tierBonuses: number;
  /** Sales with a recruiter's second-tier share from the fee (issue 14 §6). */
  recruiterShares: number;
  /** Sales of a release (issue 16 §1), and of those pre-orders (held until their release date). */
  releaseSales: number;
  preorders: number;
  /** Sales whose artist's label took its share (issue 16 §5). */
  labelShares: number;
  /** Held recruiter's shares forfeited to the platform after their recruiter's termination. */
  recruiterForfeitures: number;
  /** Milestone bonuses paid from PLATFORM_PROMOTIONS (each exactly once per promoter). */
  milestoneBonuses: number;
  /** Contest prizes paid from PLATFORM_PROMOTIONS when a contest closed (once per place). */
  contestPrizes: number;
  /** Catalog subscriptions started (issue 16 §3), their paid and failed invoices, cancellations. */
  subscriptions: number;
  paidInvoices: number;
  failedInvoices: number;
  subscriptionCancels: number;
  /** Paid invoices that earned the recurring commission (checked against the plan's months). */
  recurringCommissions: number;
  /** Paid invoices a discount code's coupon discounted (issue 16 §3: repeating, forever). */
  discountedInvoices: number;
};

class SimCrash extends Error {}

/**
 * Like `Promise.all`, but waits for every run to finish before failing with the first error: a
 * run still in flight must not outlive its seed (the next seed's TRUNCATE would wait on it).
 */
async function settledAll<T>(runs: Promise<T>[]): Promise<T[]> {
  const out = await Promise.allSettled(runs);
  const failed = out.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
  return out.map((o) => (o as PromiseFulfilledResult<T>).value);
}

/**
 * The per-step invariants, one round trip. The database itself refuses, on every write, a ledger
 * transaction that does not sum to zero (checked at commit), an entry that does not start where
 * its account's previous entry ended, and a payout that overdraws (migration
 * `ledger_enforced_invariants`); so after every step it is enough to check, per account, that the
 * balance and entry count equal its newest entry's balance and sequence (the chain makes that
 * the sum and count of all its entries), plus the totals, and that each promoter's and link's
 * daily stats (sales, commission; written by settlement) sum to its denormalised totals.
 * `verifyLedger` recomputes everything from the entries after each seed.
 */
async function checkInvariants(db: PrismaClient): Promise<string[]> {
  const [row] = await db.$queryRaw<
    {
      account: string | null;
      transit: bigint | null;
      processing: bigint | null;
      total: bigint | null;
      promoterDays: string | null;
      linkDays: string | null;
    }[]
  >`
    SELECT
      (SELECT a."id" FROM "LedgerAccount" a
        LEFT JOIN "LedgerEntry" e ON e."accountId" = a."id" AND e."sequence" = a."entryCount"
        WHERE (a."entryCount" = 0 AND a."balanceCents" <> 0)
           OR (a."entryCount" > 0 AND (e."id" IS NULL OR e."balanceAfterCents" <> a."balanceCents"))
           OR EXISTS (SELECT 1 FROM "LedgerEntry" x WHERE x."accountId" = a."id" AND x."sequence" > a."entryCount")
        LIMIT 1) AS account,
      (SELECT "balanceCents" FROM "LedgerAccount" WHERE "id" = 'PAYOUTS_IN_TRANSIT')::bigint AS transit,
      (SELECT SUM("amountCents") FROM "Payout" WHERE "status" IN ('REQUESTED', 'PROCESSING'))::bigint AS processing,
      (SELECT SUM("balanceCents") FROM "LedgerAccount")::bigint AS total,
      (SELECT p."id" FROM "PromoterProfile" p
        LEFT JOIN (SELECT "promoterId", SUM("sales") AS s, SUM("commissionCents") AS c FROM "PromoterDailyStats" GROUP BY "promoterId") d ON d."promoterId" = p."id"
        WHERE COALESCE(d.s, 0) <> p."salesCount" OR COALESCE(d.c, 0) <> p."earningsCents" LIMIT 1) AS "promoterDays",
      (SELECT l."id" FROM "AffiliateLink" l
        LEFT JOIN (SELECT "linkId", SUM("sales") AS s, SUM("commissionCents") AS c FROM "LinkDailyStats" GROUP BY "linkId") d ON d."linkId" = l."id"
        WHERE COALESCE(d.s, 0) <> l."salesCount" OR COALESCE(d.c, 0) <> l."commissionCents" LIMIT 1) AS "linkDays"`;
  const problems: string[] = [];
  if (row?.account)
    problems.push(`account ${row.account}: balance or entry count differs from its newest entry`);
  if (Number(row?.transit ?? 0) !== Number(row?.processing ?? 0))
    problems.push(`in transit ${row?.transit} != processing payouts ${row?.processing}`);
  if (Number(row?.total ?? 0) !== 0) problems.push(`all balances sum to ${row?.total}`);
  if (row?.promoterDays)
    problems.push(
      `promoter ${row.promoterDays}: daily stats (sales, commission) do not sum to its totals`,
    );
  if (row?.linkDays)
    problems.push(`link ${row.linkDays}: daily stats (sales, commission) do not sum to its totals`);
  return problems;
}

type SimSale = {
  /** The sale's id; for a subscription's invoice (recorded on delivery), its invoice id instead. */
  id: string;
  invoiceId?: string;
  pi: string;
  amount: number;
  refunded: number;
  disputes: { id: string; amount: number; state: "open" | "won" | "lost" }[];
};

/**
 * Runs one seed. @throws Error naming the seed and step at the first broken invariant.
 */
export async function simulate(opts: SimOptions): Promise<SimReport> {
  const { db, payments, seed } = opts;
  const rng = xoroshiro128plus(seed);
  const int = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const pick = <T>(xs: T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (pct: number) => int(1, 100) <= pct;

  const tSetup = performance.now();
  // The world: 2 artists with a track each, 3 promoters with links, everyone onboarded.
  const tag = `s${seed}`;
  const users = await Promise.all(
    ["a1", "a2", "p1", "p2", "p3", "l1"].map((n) =>
      db.user.create({ data: { email: `${n}-${tag}@sim.test`, name: n } }),
    ),
  );
  const artists = await Promise.all(
    [0, 1].map((i) =>
      db.artistProfile.create({
        data: { userId: users[i]!.id, name: `Artist ${i}`, slug: `artist-${i}-${tag}` },
      }),
    ),
  );
  const promoters = await Promise.all(
    [2, 3, 4].map((i) => db.promoterProfile.create({ data: { userId: users[i]!.id } })),
  );
  // A label (issue 16 §5) with the first artist on its roster at 30 % of the artist's share:
  // every sale of that artist records the LABEL share, settled and paid out like the others.
  const label = await db.labelProfile.create({
    data: { userId: users[5]!.id, name: "Label", slug: `label-${tag}` },
  });
  const labelContract = await db.labelContract.create({
    data: {
      labelId: label.id,
      artistId: artists[0]!.id,
      status: "active",
      labelShareBps: 3000,
      startsAt: new Date(0),
      respondedAt: new Date(),
    },
  });
  // Referrals (issue 14 §6): the second promoter was recruited by the first and the third by the
  // second, a chain of three that pays two tiers only (the first never earns on the third's sales).
  const recruiterOf = new Map<string, string>();
  for (const [recruit, recruiter] of [
    [promoters[1]!, promoters[0]!],
    [promoters[2]!, promoters[1]!],
  ] as const) {
    await db.promoterProfile.update({
      where: { id: recruit.id },
      data: { recruitedById: recruiter.id, recruitedAt: new Date(), joinedVia: "recruit" },
    });
    recruiterOf.set(recruit.id, recruiter.id);
  }
  const tracks = [];
  for (const [i, a] of artists.entries()) {
    const upload = await db.upload.create({
      data: {
        ownerId: a.userId,
        kind: "MASTER",
        storageKey: `masters/sim-${tag}-${i}.wav`,
        contentType: "audio/wav",
        originalFilename: "m.wav",
        sizeBytes: 1,
        sha256: "0",
        format: "wav",
        durationSeconds: 60,
      },
    });
    tracks.push(
      await db.track.create({
        data: {
          artistId: a.id,
          slug: `sim-${tag}-${i}`,
          title: `Sim ${i}`,
          masterUploadId: upload.id,
          masterKey: upload.storageKey,
          masterContentType: "audio/wav",
          masterFilename: "m.wav",
          masterSizeBytes: 1,
          masterFormat: "wav",
          previewKey: "p",
          durationSeconds: 60,
          priceCents: [700, 1299][i]!,
          commissionBps: [2000, 3500][i]!,
          published: true,
          publishedAt: new Date(),
        },
      }),
    );
  }
  // A release per artist (issue 16 §1): its track as a single, at its own price and rate, sold
  // as a product of its own through its own links.
  const releases = [];
  for (const [i, a] of artists.entries())
    releases.push(
      await db.release.create({
        data: {
          artistId: a.id,
          slug: `sim-${tag}-r${i}`,
          title: `Sim release ${i}`,
          kind: "single",
          priceCents: [900, 1500][i]!,
          commissionBps: [2500, 1500][i]!,
          published: true,
          publishedAt: new Date(),
          preorder: true,
          tracks: { create: [{ trackId: tracks[i]!.id, position: 1 }] },
        },
      }),
    );
  const links = [];
  for (const p of promoters)
    for (const product of [...tracks, ...releases]) {
      const isTrack = tracks.includes(product as (typeof tracks)[number]);
      links.push(
        await db.affiliateLink.create({
          data: {
            code: `${tag}${p.id.slice(-4)}${product.id.slice(-4)}${isTrack ? "" : "r"}`.slice(
              0,
              32,
            ),
            promoterId: p.id,
            ...(isTrack ? { trackId: product.id } : { releaseId: product.id }),
          },
        }),
      );
    }
  const payees: Payee[] = [
    ...artists.map((a) => ({ type: "ARTIST" as const, id: a.id })),
    ...promoters.map((p) => ({ type: "PROMOTER" as const, id: p.id })),
    { type: "LABEL" as const, id: label.id },
  ];
  for (const [i, p] of payees.entries()) {
    const { accountId } = await payments.createConnectAccount({
      email: `payee${i}-${tag}@sim.test`,
      ownerRef: `${p.type}:${p.id}`,
      idempotencyKey: `connect:${p.type}:${p.id}`,
    });
    opts.stripe.completeOnboarding(accountId);
    await db.connectAccount.create({
      data: {
        payeeType: p.type,
        payeeId: p.id,
        stripeAccountId: accountId,
        detailsSubmitted: true,
        payoutsEnabled: true,
      },
    });
  }

  // Catalog subscriptions (issue 16 §3): the first artist (on the label) offers $5 a month or $50
  // a year, 20 % for 3 months to the promoter who brought the subscriber; the second $8 a month,
  // 25 % forever. Prices and products are made at the processor (the mock) by the real service.
  const plans = new Map<string, { commissionMonths: number | null }>();
  for (const [i, a] of artists.entries()) {
    const plan = await savePlan(
      {
        artistId: a.id,
        userId: a.userId,
        data:
          i === 0
            ? {
                monthlyPriceCents: 500,
                yearlyPriceCents: 5000,
                commissionBps: 2000,
                commissionMonths: 3,
              }
            : { monthlyPriceCents: 800, commissionBps: 2500, commissionMonths: null },
      },
      { db, payments },
    );
    if (!plan) throw new Error(`Simulation seed ${seed}: artist ${i}'s plan was not saved.`);
    plans.set(a.id, { commissionMonths: plan.commissionMonths });
  }

  // Discount codes (issue 12): a platform code (15 %, from the fee) and one code per artist ($1.50,
  // from the artist's share); a quarter of the sales use one.
  const platformCode = await db.discountCode.create({
    data: {
      code: `${tag}-PLATFORM`.toUpperCase(),
      type: "PERCENT",
      value: 1500,
      scope: "PLATFORM",
      funder: "PLATFORM",
    },
  });
  const artistCodes = new Map<string, typeof platformCode>();
  for (const a of artists)
    artistCodes.set(
      a.id,
      await db.discountCode.create({
        data: {
          code: `${tag}-${a.id.slice(-6)}`.toUpperCase(),
          type: "FIXED",
          value: 150,
          scope: "ARTIST",
          artistId: a.id,
          funder: "ARTIST",
        },
      }),
    );

  // Promoter codes (issue 12 §1): 10 % off, from the promoter's own commission; they attribute.
  const promoterCodes = new Map<string, typeof platformCode>();
  for (const p of promoters)
    promoterCodes.set(
      p.id,
      await db.discountCode.create({
        data: {
          code: `${tag}-P-${p.id.slice(-6)}`.toUpperCase(),
          type: "PERCENT",
          value: 1000,
          scope: "PLATFORM",
          funder: "PROMOTER",
          promoterId: p.id,
        },
      }),
    );
  // Discount codes for subscriptions (issue 16 §3): the first artist's 10 % for 2 months (from the
  // artist's share), a platform $0.50 forever (from the fee); the processor's coupons apply them.
  const subscriptionCodes = new Map<string, typeof platformCode>();
  subscriptionCodes.set(
    artists[0]!.id,
    await db.discountCode.create({
      data: {
        code: `${tag}-SUB-A`.toUpperCase(),
        type: "PERCENT",
        value: 1000,
        duration: "REPEATING",
        durationMonths: 2,
        scope: "ARTIST",
        artistId: artists[0]!.id,
        funder: "ARTIST",
      },
    }),
  );
  subscriptionCodes.set(
    artists[1]!.id,
    await db.discountCode.create({
      data: {
        code: `${tag}-SUB-P`.toUpperCase(),
        type: "FIXED",
        value: 50,
        duration: "FOREVER",
        scope: "PLATFORM",
        funder: "PLATFORM",
      },
    }),
  );

  // Campaigns (issue 12 §3): a platform boost to 45 % (from the fee) and one campaign per artist
  // (35 % and 20 % off, from the artist's share); a third of the sales start while some are live.
  const window = { startsAt: new Date(0), endsAt: new Date(Date.now() + 365 * 86_400_000) };
  const platformCampaign = await db.campaign.create({
    data: { name: `${tag} platform`, scope: "PLATFORM", commissionBps: 4500, ...window },
  });
  const artistCampaigns = new Map<string, typeof platformCampaign>();
  for (const a of artists)
    artistCampaigns.set(
      a.id,
      await db.campaign.create({
        data: {
          name: `${tag} ${a.id.slice(-6)}`,
          artistId: a.id,
          scope: "ARTIST",
          scopeArtistId: a.id,
          commissionBps: 3500,
          discountBps: 2000,
          ...window,
        },
      }),
    );

  // Milestones (issue 13 §2): bonuses at 1 and 3 released sales and at $5 of released commission.
  await db.milestone.createMany({
    data: [
      { name: `${tag} first sale`, metric: "SALES", threshold: 1, bonusCents: 100 },
      { name: `${tag} three sales`, metric: "SALES", threshold: 3, bonusCents: 300 },
      { name: `${tag} five dollars`, metric: "COMMISSION", threshold: 500, bonusCents: 250 },
    ],
  });

  // Contests (issue 13 §5) over the simulated clock's first days: one by commission earned with
  // three paid places, one by sales (the whole platform) with a prize for first place only.
  await db.contest.createMany({
    data: [
      {
        name: `${tag} earnings sprint`,
        metric: "earnings",
        startsAt: new Date(Date.now()),
        endsAt: new Date(Date.now() + 6 * 86_400_000),
        prizeCents: [500, 300, 100],
      },
      {
        name: `${tag} sales race`,
        metric: "sales",
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        endsAt: new Date(Date.now() + 12 * 86_400_000),
        prizeCents: [700],
      },
    ],
  });
  const contestTick = async () => {
    // Now and then two runs of the job overlap: each contest closes (and pays) once.
    const runs = await settledAll(
      Array.from({ length: chance(20) ? 2 : 1 }, () => tickContests({ now: now() }, db)),
    );
    r.contestPrizes += runs.reduce((n, x) => n + x.prizes, 0);
  };

  const clockStart = Date.now();
  let clock = clockStart;
  const now = () => new Date(clock);
  const sales: SimSale[] = [];
  const queue: ProviderEvent[] = []; // events the processor has sent and we have not yet received
  const delivered: ProviderEvent[] = [];
  let evt = 0;
  const event = (type: string, object: unknown): ProviderEvent => ({
    id: `evt_${tag}_${++evt}`,
    type,
    created: Math.floor(clock / 1000) + evt,
    data: { object },
  });
  const timing: Record<string, number> = { setup: performance.now() - tSetup };
  const r: SimReport = {
    seed,
    steps: opts.steps,
    sales: 0,
    refunds: 0,
    disputes: 0,
    payouts: 0,
    paid: 0,
    failedPayouts: 0,
    crashes: 0,
    duplicates: 0,
    deliveries: 0,
    adjustments: 0,
    standingChanges: 0,
    holds: 0,
    releases: 0,
    rejections: 0,
    autoHolds: 0,
    forfeitures: 0,
    writeOffs: 0,
    discounted: 0,
    campaigned: 0,
    tierBonuses: 0,
    recruiterShares: 0,
    releaseSales: 0,
    preorders: 0,
    labelShares: 0,
    recruiterForfeitures: 0,
    milestoneBonuses: 0,
    contestPrizes: 0,
    subscriptions: 0,
    paidInvoices: 0,
    failedInvoices: 0,
    subscriptionCancels: 0,
    recurringCommissions: 0,
    discountedInvoices: 0,
  };
  // Catalog subscriptions as the processor knows them: ours and its ids, the subscriber, whether
  // a promoter's code brought them, the plan's months, the billing period reached (0: the first)
  // and whether that period's invoice is unpaid (past due) or the subscription has ended.
  type SimSubscription = {
    id: string;
    stripeId: string;
    userId: string;
    promoted: boolean;
    commissionMonths: number | null;
    invoiceMonths: number;
    period: number;
    pastDue: boolean;
    ended: boolean;
    /** The discount code it started with (issue 16 §3), and its price per interval. */
    code: (typeof platformCode & { priceCents: number }) | null;
  };
  const subscriptions: SimSubscription[] = [];
  // Each paid invoice: its subscription and billing period, for the recurring commission's check.
  const paidInvoices = new Map<string, { sub: SimSubscription; period: number }>();
  // The processor's subscription events since `from`, queued for delivery in any order like the
  // others, stamped on the simulated clock in the order the processor made them.
  const queueProcessorEvents = (from: number) => {
    for (const e of opts.stripe.state.events.slice(from)) queue.push(event(e.type, e.data.object));
  };
  // The last manual adjustment, replayed now and then as a retried admin request.
  let lastAdjustment: Parameters<typeof postAdjustment>[0] | null = null;

  for (let step = 1; step <= opts.steps; step++) {
    const t0 = performance.now();
    const roll = int(1, 100);
    let action = "";
    if (roll <= 4) {
      // A fan subscribes to an artist's catalog (through a promoter's code six times in ten), or
      // the processor bills a subscription's next period (paid, or failed and retried later, until
      // Smart Retries give up), or a subscriber cancels at the period's end.
      action = "subscription";
      const from = opts.stripe.state.events.length;
      const live = subscriptions.filter((x) => !x.ended);
      const mode = live.length < 2 || chance(15) ? "start" : chance(10) ? "cancel" : "renew";
      if (mode === "start") {
        const artist = pick(artists);
        const promoter = chance(60) ? pick(promoters) : null;
        const interval = artist === artists[0] && chance(30) ? "year" : "month";
        const code = !promoter && chance(50) ? subscriptionCodes.get(artist.id)! : null;
        const user = await db.user.create({
          data: { email: `sub${step}-${tag}@sim.test`, name: `Subscriber ${step}` },
        });
        try {
          const started = await startSubscription(
            {
              userId: user.id,
              data: {
                artistSlug: artist.slug,
                interval,
                code: promoter ? promoterCodes.get(promoter.id)!.code : (code?.code ?? null),
              },
              cookieHeader: null,
              now: now(),
            },
            { db, payments },
          );
          const row = await db.catalogSubscription.findUniqueOrThrow({
            where: { id: started.subscriptionId },
            select: { stripeCheckoutSessionId: true },
          });
          const paid = opts.stripe.completeSubscriptionCheckout(row.stripeCheckoutSessionId!);
          const sub: SimSubscription = {
            id: started.subscriptionId,
            stripeId: paid.subscriptionId,
            userId: user.id,
            promoted: promoter != null,
            commissionMonths: plans.get(artist.id)!.commissionMonths,
            invoiceMonths: interval === "year" ? 12 : 1,
            period: 0,
            pastDue: false,
            ended: false,
            code: code && {
              ...code,
              priceCents: artist === artists[0] ? (interval === "year" ? 5000 : 500) : 800,
            },
          };
          subscriptions.push(sub);
          paidInvoices.set(paid.invoiceId, { sub, period: 0 });
          if (paid.paymentIntentId)
            sales.push({
              id: started.subscriptionId,
              invoiceId: paid.invoiceId,
              pi: paid.paymentIntentId,
              amount: paid.session.amount_total ?? 0,
              refunded: 0,
              disputes: [],
            });
          r.subscriptions++;
          r.paidInvoices++;
        } catch (e) {
          // A suspended or terminated promoter's code credits nobody: refused, nothing starts.
          if (!(e instanceof AppError && e.code === "BAD_INPUT")) throw e;
        }
      } else if (mode === "renew") {
        const sub = pick(live);
        const res = opts.stripe.renewSubscription(sub.stripeId, chance(80) ? "paid" : "failed");
        if (res.kind === "ended") sub.ended = true;
        else {
          if (!sub.pastDue) sub.period++;
          sub.pastDue = res.kind === "failed";
        }
        if (res.kind === "failed") r.failedInvoices++;
        if (res.kind === "paid") {
          r.paidInvoices++;
          paidInvoices.set(res.invoiceId, { sub, period: sub.period });
          if (res.paymentIntentId)
            sales.push({
              id: sub.id,
              invoiceId: res.invoiceId,
              pi: res.paymentIntentId,
              amount: res.amountCents,
              refunded: 0,
              disputes: [],
            });
        }
      } else {
        const sub = pick(live);
        try {
          await cancelMySubscription(
            { userId: sub.userId, subscriptionId: sub.id },
            { db, payments },
          );
          r.subscriptionCancels++;
        } catch (e) {
          // Not linked yet (its checkout's completion is still on its way) or ended here already.
          if (!(e instanceof AppError && e.code === "CONFLICT")) throw e;
        }
      }
      queueProcessorEvents(from);
    } else if (roll <= 22) {
      // A buyer checks out (a PENDING sale); the processor will send the completion later.
      action = "sale";
      // A track, or a quarter of the time a release (issue 16 §1), some of them pre-orders.
      const isRelease = chance(25);
      const track: { id: string; artistId: string; priceCents: number; commissionBps: number } =
        isRelease ? pick(releases) : pick(tracks);
      const link = chance(70)
        ? pick(links.filter((l) => (isRelease ? l.releaseId : l.trackId) === track.id))
        : null;
      const deliverAt = isRelease && chance(33) ? new Date(clock + int(1, 10) * 86_400_000) : null;
      // A code: a promoter's own (attributes to them), a platform or an artist code, or none.
      const code =
        link && chance(8)
          ? promoterCodes.get(link.promoterId)!
          : chance(25)
            ? chance(50)
              ? platformCode
              : artistCodes.get(track.artistId)!
            : null;
      const live = chance(33)
        ? [platformCampaign, artistCampaigns.get(track.artistId)!].filter(() => chance(60))
        : [];
      const terms = campaignTerms(track.commissionBps, live);
      // The promoter's tier bonus in force (issue 13 §1): none, Silver, Gold or Platinum.
      const tierBonusBps = link ? pick([0, 0, 200, 500, 1000]) : 0;
      // The recruiter's share in force (issue 14 §6): none (months over, or the setting off),
      // the default 5 % or 10 % of the commission.
      const recruiterId = link ? (recruiterOf.get(link.promoterId) ?? null) : null;
      const recruiterShareBps = recruiterId ? pick([0, 500, 1000]) : 0;
      // The label's contract in force (issue 16 §5): the first artist's sales only.
      const labelled = track.artistId === labelContract.artistId;
      const labelShareBps = labelled ? labelContract.labelShareBps : 0;
      // Priced as checkout start prices it (`priceSale`): the better discount, never both.
      const { split, discountFrom } = priceSale({
        listCents: track.priceCents,
        platformFeeBps: PLATFORM_FEE_BPS,
        attributed: !!link,
        terms,
        tierBonusBps,
        recruiterShareBps,
        labelShareBps,
        code: code && {
          type: code.type,
          value: code.value,
          funder: code.funder as DiscountFunderName,
        },
      });
      const usesCode = discountFrom === "code";
      const campaignId =
        (link && (terms.platformBoostBps > 0 || terms.artistRateBps > track.commissionBps)) ||
        discountFrom === "campaign"
          ? terms.campaignId
          : null;
      const sale = await db.sale.create({
        data: {
          ...(discountFrom
            ? {
                listAmountCents: track.priceCents,
                discountCents: split.discountCents,
                discountCodeId: usesCode ? code!.id : null,
                discountFunder: usesCode
                  ? (code!.funder as DiscountFunderName)
                  : terms.discount!.funder,
              }
            : {}),
          campaignId,
          platformBoostBps: link && split.platformBoostCents > 0 ? terms.platformBoostBps : 0,
          tierBonusBps,
          recruiterId: recruiterShareBps > 0 ? recruiterId : null,
          recruiterShareBps,
          recruiterCents: split.recruiterCents,
          labelId: labelled ? label.id : null,
          labelContractId: labelled ? labelContract.id : null,
          labelShareBps,
          labelCents: split.labelCents,
          productKind: isRelease ? "release" : "track",
          ...(isRelease
            ? {
                releaseId: track.id,
                releaseTrackIds: [tracks[releases.indexOf(track as (typeof releases)[number])]!.id],
              }
            : { trackId: track.id }),
          artistId: track.artistId,
          deliverAt,
          buyerEmail: `buyer${step}@sim.test`,
          amountCents: split.amountCents,
          currency: "usd",
          platformFeeCents: split.platformFeeCents,
          artistCents: split.artistCents,
          commissionCents: split.commissionCents,
          commissionBps: link ? terms.artistRateBps : 0,
          promoterId: link?.promoterId ?? null,
          linkId: link?.id ?? null,
          downloadTokenHash: sha256Hex(randomToken()),
          stripeCheckoutSessionId: `cs_${tag}_${step}`,
          // Recorded as checkout start records them (start-checkout.ts).
          shares: {
            create: shareRows(
              sharesOfSale({
                ...split,
                artistId: track.artistId,
                promoterId: link?.promoterId ?? null,
                recruiterId: recruiterShareBps > 0 ? recruiterId : null,
                labelId: labelled ? label.id : null,
              }),
            ),
          },
        },
      });
      if (usesCode) {
        // Reserved as checkout start reserves it (`reserveDiscount`); completion redeems it.
        await db.discountRedemption.create({
          data: {
            codeId: code!.id,
            saleId: sale.id,
            buyerEmail: `buyer${step}@sim.test`,
            discountCents: split.discountCents,
            reservedUntil: new Date(clock + 31 * 60_000),
          },
        });
      }
      if (discountFrom) r.discounted++;
      if (campaignId) r.campaigned++;
      if (split.tierBonusCents > 0) r.tierBonuses++;
      if (split.recruiterCents > 0) r.recruiterShares++;
      if (split.labelCents > 0) r.labelShares++;
      if (isRelease) r.releaseSales++;
      if (deliverAt) r.preorders++;
      const pi = `pi_${tag}_${step}`;
      sales.push({ id: sale.id, pi, amount: sale.amountCents, refunded: 0, disputes: [] });
      queue.push(
        event("checkout.session.completed", {
          id: `cs_${tag}_${step}`,
          object: "checkout.session",
          client_reference_id: sale.id,
          amount_total: sale.amountCents,
          currency: "usd",
          payment_status: "paid",
          payment_intent: pi,
        }),
      );
      r.sales++;
    } else if (roll <= 50 && queue.length) {
      // The processor delivers one queued event, in any order; sometimes it delivers it again later.
      action = "deliver";
      const i = int(0, queue.length - 1);
      const e = queue.splice(i, 1)[0]!;
      await handleProviderEvent(e, db, { payments });
      delivered.push(e);
      r.deliveries++;
    } else if (roll <= 55 && delivered.length) {
      action = "duplicate";
      await handleProviderEvent(pick(delivered), db, { payments });
      r.duplicates++;
    } else if (roll <= 65 && sales.length) {
      // A refund at the processor (partial or the rest), before or after completion arrives.
      action = "refund";
      const s = pick(sales);
      const left = s.amount - s.refunded;
      if (left > 0) {
        s.refunded += chance(50) ? left : int(1, left);
        queue.push(
          event("charge.refunded", {
            id: `ch_${s.pi}`,
            object: "charge",
            amount: s.amount,
            amount_refunded: s.refunded,
            payment_intent: s.pi,
          }),
        );
        r.refunds++;
      }
    } else if (roll <= 70 && sales.length) {
      // A dispute opens, or an open one closes won or lost.
      action = "dispute";
      const s = pick(sales);
      const open = s.disputes.find((d) => d.state === "open");
      if (open) {
        open.state = chance(50) ? "won" : "lost";
        queue.push(
          event("charge.dispute.closed", {
            id: open.id,
            object: "dispute",
            amount: open.amount,
            status: open.state,
            payment_intent: s.pi,
          }),
        );
      } else if (s.disputes.length === 0 && s.refunded < s.amount) {
        const d = { id: `dp_${s.pi}`, amount: s.amount - s.refunded, state: "open" as const };
        s.disputes.push(d);
        queue.push(
          event("charge.dispute.created", {
            id: d.id,
            object: "dispute",
            amount: d.amount,
            status: "needs_response",
            payment_intent: s.pi,
          }),
        );
        r.disputes++;
      }
    } else if (roll <= 80) {
      action = "clock";
      clock += int(1, 72) * 3_600_000; // 1 to 72 hours
      await releaseDueSales(db, { now: now() });
      // The milestones.award job after the release; now and then two runs race (a retried job
      // beside the daily run): the award row pays each milestone once.
      r.milestoneBonuses += (
        await settledAll(
          Array.from({ length: chance(20) ? 2 : 1 }, () => awardMilestones({ now: now() }, db)),
        )
      ).reduce((n, x) => n + x.awarded, 0);
      await contestTick();
      // The fraud.score job: its automatic review holds (buyers on the promoters' own sim.test
      // domain and fast refunds cross the review threshold) settle like the admin's.
      r.autoHolds += (await scoreDirtyPromoters({ now: now() }, db)).held;
      // The program.forfeitures job: terminations past their notice period settle.
      const forfeited = await forfeitTerminatedPromoters({ now: now() }, db);
      r.forfeitures += forfeited.rejected;
      r.writeOffs += forfeited.writeOffs;
      r.recruiterForfeitures += forfeited.recruiterSharesForfeited;
    } else if (roll <= 95) {
      // A payee asks to be paid; transfers are sometimes refused, the process sometimes dies.
      action = "payout";
      const payee = pick(payees);
      const fate = int(1, 10);
      if (fate === 1)
        opts.stripe.failNext("transfers", {
          status: 400,
          type: "invalid_request_error",
          code: "account_invalid",
          message: "Simulated refusal.",
        });
      const hooks =
        fate === 2
          ? {
              beforeTransfer: () => {
                throw new SimCrash("crash before transfer");
              },
            }
          : fate === 3
            ? {
                afterTransfer: () => {
                  throw new SimCrash("crash after transfer");
                },
              }
            : undefined;
      try {
        const p = await requestPayout({ payee }, { db, payments, hooks, now });
        r.payouts++;
        if (p.status === "PAID") r.paid++;
        if (p.status === "FAILED") r.failedPayouts++;
      } catch (e) {
        if (e instanceof SimCrash) r.crashes++;
        else if (!(
          e instanceof Error &&
          "code" in e &&
          ["BAD_INPUT", "CONFLICT", "FORBIDDEN"].includes(String((e as { code: string }).code))
        ))
          throw e;
      }
    } else if (roll <= 97 && chance(50)) {
      // The fraud review: an admin holds a promoter's pending commissions, releases a held one,
      // or rejects any live commission (its share goes to the artist; a clawback if paid out).
      action = "review";
      const live = await db.commission.findMany({
        where: { status: { notIn: ["REJECTED", "CANCELLED"] } },
        orderBy: { sale: { stripeCheckoutSessionId: "asc" } },
        select: { id: true, heldAt: true, holdReason: true },
      });
      const mode = int(1, 10);
      const reason = `sim review ${step}`;
      if (mode <= 5) {
        const { heldCommissions } = await holdPromoterForReview(
          { promoterId: pick(promoters).id, reason },
          { userId: null },
          db,
          now(),
        );
        r.holds += heldCommissions;
      } else if (mode <= 8) {
        const held = live.filter((c) => c.holdReason === "REVIEW");
        if (held.length) {
          try {
            await releaseCommission(
              { commissionId: pick(held).id, reason },
              { userId: null },
              db,
              now(),
            );
            r.releases++;
          } catch (e) {
            // A suspended promoter's commissions are released by reinstating them.
            if (!(e instanceof AppError && e.code === "CONFLICT")) throw e;
          }
        }
      } else if (live.length) {
        await rejectCommission(
          { commissionId: pick(live).id, reason },
          { userId: null },
          db,
          now(),
        );
        r.rejections++;
      }
    } else if (roll <= 97 && chance(40)) {
      // An admin suspends a promoter (their pending commissions are held, and sales already in
      // checkout through their links complete held), reinstates one (the holds are released) or
      // terminates a suspended one (held until the notice period ends, then forfeited to the
      // artists by the program.forfeitures job, a deficit written off).
      action = "standing";
      const p = pick(promoters);
      const { status } = await db.promoterProfile.findUniqueOrThrow({
        where: { id: p.id },
        select: { status: true },
      });
      const to =
        status === "ACTIVE"
          ? "SUSPENDED"
          : status === "SUSPENDED"
            ? chance(75)
              ? "ACTIVE"
              : "TERMINATED"
            : null;
      if (to) {
        await setPromoterStatus(
          { promoterId: p.id, status: to, reason: `sim review ${step}` },
          { userId: null },
          db,
          now(),
        );
        r.standingChanges++;
      }
    } else if (roll <= 97) {
      // An admin corrects a payee's payable balance by hand (either way; a debit may take it
      // below zero); one time in five the last request is retried with its idempotency key.
      action = "adjust";
      const replay: boolean = lastAdjustment != null && chance(20);
      const input: Parameters<typeof postAdjustment>[0] = replay
        ? lastAdjustment!
        : {
            payee: pick(payees),
            amountCents: int(1, 500) * (chance(50) ? 1 : -1),
            reason: `sim correction ${step}`,
            idempotencyKey: `sim-${tag}-adj-${step}`,
          };
      const result = await postAdjustment(input, { userId: null }, db);
      if (result.created === replay)
        throw new Error(
          `Simulation seed ${seed}: adjustment ${input.idempotencyKey} ${replay ? "posted again on a retry" : "was not posted"} at step ${step}. Replay: SIM_SEED=${seed}.`,
        );
      lastAdjustment = input;
      if (!replay) r.adjustments++;
    } else {
      action = "reconcile";
      await reconcilePayouts({ db, payments, now }, { olderThanSeconds: 0 });
    }
    const t1 = performance.now();
    const problems = await checkInvariants(db);
    timing[action || "noop"] = (timing[action || "noop"] ?? 0) + (t1 - t0);
    timing.invariants = (timing.invariants ?? 0) + (performance.now() - t1);
    if (problems.length)
      throw new Error(
        `Simulation seed ${seed} broke an invariant at step ${step} (${action}): ${problems.join("; ")}. Replay: SIM_SEED=${seed} SIM_STEPS=${step}.`,
      );
  }

  const tDrain = performance.now();
  // Drain: every event arrives, stuck payouts are reconciled, holds end; then the full check.
  while (queue.length) await handleProviderEvent(queue.shift()!, db, { payments });
  clock += 30 * 86_400_000;
  await reconcilePayouts({ db, payments, now }, { olderThanSeconds: 0 });
  await releaseDueSales(db, { now: now() });
  r.milestoneBonuses += (await awardMilestones({ now: now() }, db)).awarded;
  await contestTick();
  {
    const forfeited = await forfeitTerminatedPromoters({ now: now() }, db);
    r.forfeitures += forfeited.rejected;
    r.writeOffs += forfeited.writeOffs;
  }
  timing.drain = performance.now() - tDrain;
  const tVerify = performance.now();
  const found = await verifyLedger(db);
  timing.verify = performance.now() - tVerify;
  if (found.length)
    throw new Error(
      `Simulation seed ${seed}: ledger:verify found ${found.length} discrepancies after the drain, first: ${found[0]!.check} ${found[0]!.subject}: ${found[0]!.detail}. Replay: SIM_SEED=${seed}.`,
    );
  // Every sale ends where the processor's facts say.
  const rows = new Map(
    (
      await db.sale.findMany({
        where: {
          OR: [
            { id: { in: sales.map((s) => s.id) } },
            { stripeInvoiceId: { in: [...paidInvoices.keys()] } },
          ],
        },
        select: {
          id: true,
          stripeInvoiceId: true,
          reversedCents: true,
          promoterId: true,
          commissionCents: true,
          discountCents: true,
          discountFunder: true,
        },
      })
    ).map((s) => [s.stripeInvoiceId ?? s.id, s]),
  );
  for (const s of sales) {
    const row = rows.get(s.invoiceId ?? s.id);
    if (!row)
      throw new Error(
        `Simulation seed ${seed}: sale ${s.id} is missing. Replay: SIM_SEED=${seed}.`,
      );
    const lostOrOpen = s.disputes
      .filter((d) => d.state !== "won")
      .reduce((t, d) => t + d.amount, 0);
    const expected = Math.min(s.amount, s.refunded + lostOrOpen);
    if (row.reversedCents !== expected)
      throw new Error(
        `Simulation seed ${seed}: sale ${s.id} reversed ${row.reversedCents} cents, the processor says ${expected}. Replay: SIM_SEED=${seed}.`,
      );
  }
  // Every paid invoice is exactly one sale (the key is unique), and earns the recurring commission
  // exactly when a promoter brought its subscriber and its billing period starts inside the plan's
  // months (a yearly invoice then earns the share of its months inside them), whatever order its
  // events were delivered in (issue 16 §3).
  for (const [invoiceId, { sub, period }] of paidInvoices) {
    const row = rows.get(invoiceId);
    if (!row)
      throw new Error(
        `Simulation seed ${seed}: paid invoice ${invoiceId} of subscription ${sub.id} is no sale. Replay: SIM_SEED=${seed}.`,
      );
    const earns =
      sub.promoted &&
      (sub.commissionMonths == null || period * sub.invoiceMonths < sub.commissionMonths);
    if ((row.promoterId != null) !== earns || (earns && row.commissionCents <= 0))
      throw new Error(
        `Simulation seed ${seed}: invoice ${invoiceId} (period ${period} of subscription ${sub.id}, ${sub.commissionMonths ?? "forever"} months) ${earns ? "earned no" : "earned a"} recurring commission. Replay: SIM_SEED=${seed}.`,
      );
    if (earns) r.recurringCommissions++;
    // The code's coupon covers the invoices its duration does (Stripe's rule, `discountAppliesToInvoice`):
    // the first; those of its first months; or all; each from the code's funder's share.
    const c = sub.code;
    const covered =
      c != null &&
      (period === 0 ||
        c.duration === "FOREVER" ||
        (c.duration === "REPEATING" && period * sub.invoiceMonths < c.durationMonths!));
    const expected = covered ? discountOnPrice(c, c.priceCents) : 0;
    if (row.discountCents !== expected || (expected > 0 && row.discountFunder !== c!.funder))
      throw new Error(
        `Simulation seed ${seed}: invoice ${invoiceId} (period ${period} of subscription ${sub.id}) was discounted ${row.discountCents} cents by ${row.discountFunder ?? "nobody"}, its code's coupon gives ${expected}. Replay: SIM_SEED=${seed}.`,
      );
    if (row.discountCents > 0) r.discountedInvoices++;
  }
  // Every code's uses are its redeemed uses (a full refund gave one back); its discount given is
  // theirs plus the later subscription invoices its coupon discounted (no use of their own); and
  // every completed discounted sale holds its use unless refunded in full (issue 12 §2).
  const codeProblems = await db.$queryRaw<{ code: string; detail: string }[]>`
    SELECT c."code", 'uses ' || c."usesCount" || ' / discount given ' || c."discountGivenCents" || ', redeemed '
        || COUNT(r."id") FILTER (WHERE r."status" = 'REDEEMED') || ' / ' || COALESCE(SUM(r."discountCents") FILTER (WHERE r."status" = 'REDEEMED'), 0)
        || ', later invoices ' || later."cents" AS "detail"
    FROM "DiscountCode" c LEFT JOIN "DiscountRedemption" r ON r."codeId" = c."id"
    CROSS JOIN LATERAL (
      SELECT COALESCE(SUM(s."discountCents"), 0) AS "cents" FROM "Sale" s
      WHERE s."discountCodeId" = c."id" AND s."subscriptionId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "DiscountRedemption" d WHERE d."saleId" = s."id")
    ) later
    GROUP BY c."id", later."cents"
    HAVING c."usesCount" <> COUNT(r."id") FILTER (WHERE r."status" = 'REDEEMED')
      OR c."discountGivenCents" <> COALESCE(SUM(r."discountCents") FILTER (WHERE r."status" = 'REDEEMED'), 0) + later."cents"
    UNION ALL
    SELECT s."id", 'completed with a discount, its use ' || COALESCE(r."status"::text, 'missing')
    FROM "Sale" s LEFT JOIN "DiscountRedemption" r ON r."saleId" = s."id"
    WHERE s."discountCodeId" IS NOT NULL AND s."status" = 'COMPLETED' AND s."refundedCents" < s."amountCents"
      AND r."status" IS DISTINCT FROM 'REDEEMED' AND s."subscriptionId" IS NULL
    UNION ALL
    SELECT c."id", 'subscription with a code holds ' || COUNT(r."id") FILTER (WHERE r."status" = 'REDEEMED') || ' uses'
    FROM "CatalogSubscription" c
    JOIN LATERAL (SELECT * FROM "Sale" f WHERE f."subscriptionId" = c."id" ORDER BY f."servicePeriodStart" LIMIT 1) first ON true
    LEFT JOIN "Sale" s ON s."subscriptionId" = c."id"
    LEFT JOIN "DiscountRedemption" r ON r."saleId" = s."id"
    WHERE c."discountCodeId" IS NOT NULL
    GROUP BY c."id"
    HAVING COUNT(r."id") FILTER (WHERE r."status" = 'REDEEMED')
      <> 1`;
  if (codeProblems.length)
    throw new Error(
      `Simulation seed ${seed}: discount code ${codeProblems[0]!.code}: ${codeProblems[0]!.detail}. Replay: SIM_SEED=${seed}.`,
    );
  timing.final = performance.now() - tVerify;
  if (opts.timing)
    console.log(
      `seed ${seed} ms by action:`,
      Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v)])),
    );
  return r;
}

/** Empties every table but the migrations', between seeds (TRUNCATE bypasses row triggers). */
export async function resetDatabase(db: PrismaClient): Promise<void> {
  const tables = await db.$queryRaw<
    { tablename: string }[]
  >`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  await db.$executeRawUnsafe(
    `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`,
  );
}
