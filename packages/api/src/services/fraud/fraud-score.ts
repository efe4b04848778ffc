import disposableDomains from "disposable-email-domains";

import type { Prisma, PrismaClient } from "@fanfare/db";
import type { ProgramSettingKey, ProgramSettings } from "@fanfare/validators";

import { holdPromoterForReview } from "../admin/commission-review";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { programSettings } from "../settings/program-settings";

/** The signals a fraud score is made of (issue 11 §3), over the last SIGNAL_WINDOW_DAYS. */
export const FRAUD_SIGNAL_KINDS = [
  "self_referral",
  "soft_self_referral",
  "fast_reversals",
  "shared_visitor",
  "buyer_domain",
  "click_burst",
  "shared_bank",
  "recruit_duplicate",
] as const;
export type FraudSignalName = (typeof FRAUD_SIGNAL_KINDS)[number];

/** How far back the signals look, in days. */
export const SIGNAL_WINDOW_DAYS = 90;

/**
 * Each signal's weight setting, its words, and its strength (0–1) from what was counted: the
 * thresholds say when a count stops being a coincidence (a friend on the same Wi-Fi buys once;
 * three buyers behind one visitor is a pattern).
 */
export const SIGNAL_RULES: Record<
  FraudSignalName,
  { weight: ProgramSettingKey; label: string; strength: (count: number) => number }
> = {
  self_referral: {
    weight: "fraudWeightSelfReferral",
    label: "Self-referral attempts refused",
    strength: (n) => Math.min(1, n / 2),
  },
  soft_self_referral: {
    weight: "fraudWeightSoftSelfReferral",
    label: "Purchases from the promoter's browser or network",
    strength: (n) => Math.min(1, n / 3),
  },
  fast_reversals: {
    weight: "fraudWeightFastReversals",
    label: "Sales refunded or disputed within 24 hours",
    strength: (n) => Math.min(1, n / 3),
  },
  shared_visitor: {
    weight: "fraudWeightSharedVisitor",
    label: "Most buyers behind one visitor",
    strength: (n) => (n < 3 ? 0 : Math.min(1, (n - 2) / 3)),
  },
  buyer_domain: {
    weight: "fraudWeightBuyerDomain",
    label: "Buyers on the promoter's own or a disposable email domain",
    strength: (n) => Math.min(1, n / 3),
  },
  click_burst: {
    weight: "fraudWeightClickBurst",
    label: "Counted clicks in the last 24 hours without a sale",
    strength: (n) => (n < 200 ? 0 : Math.min(1, n / 1000)),
  },
  shared_bank: {
    weight: "fraudWeightSharedBank",
    label: "Payout bank account shared with other payees",
    strength: (n) => Math.min(1, n),
  },
  // Issue 14 §6: a recruit who is the recruiter under another account earns the recruiter a
  // second-tier share of their own sales. Scored on both accounts.
  recruit_duplicate: {
    weight: "fraudWeightRecruitDuplicate",
    label: "Recruit and recruiter share a browser, network or payout bank",
    strength: (n) => Math.min(1, n / 2),
  },
};

/** One measured signal: how many, and the evidence (hashes, ids and domains; never an IP). */
export type SignalMeasure = {
  kind: FraudSignalName;
  count: number;
  evidence: Record<string, unknown>;
};

/** One signal as scored and stored in `PromoterProfile.fraudScoreDetail`. */
export type ScoredSignal = SignalMeasure & {
  label: string;
  weight: number;
  strength: number;
  points: number;
};

/**
 * The fraud score (0–100) from measured signals: each gives weight × strength points (rounded to
 * a whole point; weights are program settings), and the score is their sum capped at 100.
 * Signals that give no points are left out of the detail.
 * @example fraudScore([{ kind: "self_referral", count: 1, evidence: {} }], settings) — 30 × 0.5 = 15.
 */
export function fraudScore(
  measures: readonly SignalMeasure[],
  settings: Pick<ProgramSettings, ProgramSettingKey>,
): { score: number; signals: ScoredSignal[] } {
  const signals = measures
    .map((m) => {
      const rule = SIGNAL_RULES[m.kind];
      const weight = settings[rule.weight];
      const strength = rule.strength(m.count);
      return { ...m, label: rule.label, weight, strength, points: Math.round(weight * strength) };
    })
    .filter((s) => s.points > 0)
    .sort((a, b) => b.points - a.points);
  return {
    score: Math.min(
      100,
      signals.reduce((t, s) => t + s.points, 0),
    ),
    signals,
  };
}

/**
 * Webmail and ISP domains many unrelated people share: a buyer on the same one as the promoter
 * says nothing.
 */
const SHARED_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "mail.com",
  "yandex.ru",
  "qq.com",
  "163.com",
  "example.com",
]);
const DISPOSABLE = new Set<string>(disposableDomains as string[]);

/** Whether buyers on `domain` weigh against a promoter on `promoterDomain`. */
export function suspiciousBuyerDomain(domain: string, promoterDomain: string): boolean {
  return DISPOSABLE.has(domain) || (domain === promoterDomain && !SHARED_DOMAINS.has(domain));
}

/**
 * Measures every signal for a set of promoters in eight statements (each an index range by
 * promoter, over the promoters' links for the click burst, or by bank fingerprint).
 * @param now the clock (UTC).
 */
async function measureSignals(
  promoterIds: string[],
  db: PrismaClient,
  now: Date,
): Promise<Map<string, SignalMeasure[]>> {
  const since = new Date(now.getTime() - SIGNAL_WINDOW_DAYS * 86_400_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [signals, reversals, visitors, domains, bursts, banks, recruits] = await Promise.all([
    db.$queryRaw<{ promoterId: string; kind: string; n: number }[]>`
      SELECT "promoterId", "kind"::text AS "kind", COUNT(DISTINCT COALESCE("saleId", "id"))::int AS "n"
      FROM "FraudSignal" WHERE "promoterId" = ANY(${promoterIds}::text[]) AND "createdAt" >= ${since}
      GROUP BY 1, 2`,
    db.$queryRaw<{ promoterId: string; n: number; sales: string[] }[]>`
      SELECT s."promoterId", COUNT(*)::int AS "n", (array_agg(s."id" ORDER BY s."id"))[1:5] AS "sales"
      FROM "Sale" s
      WHERE s."promoterId" = ANY(${promoterIds}::text[]) AND s."completedAt" >= ${since}
        AND EXISTS (SELECT 1 FROM "PaymentFact" f WHERE f."paymentIntentId" = s."stripePaymentIntentId"
          AND f."createdAt" <= s."completedAt" + interval '24 hours')
      GROUP BY 1`,
    db.$queryRaw<{ promoterId: string; visitor: string; n: number }[]>`
      SELECT DISTINCT ON (s."promoterId") s."promoterId", left(c."visitorHash", 12) AS "visitor",
        COUNT(DISTINCT lower(s."buyerEmail"))::int AS "n"
      FROM "Sale" s JOIN "ClickEvent" c ON c."id" = s."clickId"
      WHERE s."promoterId" = ANY(${promoterIds}::text[]) AND s."createdAt" >= ${since} AND s."status" <> 'FAILED'
      GROUP BY s."promoterId", c."visitorHash"
      ORDER BY s."promoterId", COUNT(DISTINCT lower(s."buyerEmail")) DESC`,
    db.$queryRaw<{ promoterId: string; promoterDomain: string; domain: string; n: number }[]>`
      SELECT s."promoterId", lower(split_part(u."email", '@', 2)) AS "promoterDomain",
        lower(split_part(s."buyerEmail", '@', 2)) AS "domain", COUNT(*)::int AS "n"
      FROM "Sale" s JOIN "PromoterProfile" p ON p."id" = s."promoterId" JOIN "User" u ON u."id" = p."userId"
      WHERE s."promoterId" = ANY(${promoterIds}::text[]) AND s."createdAt" >= ${since} AND s."status" <> 'FAILED'
      GROUP BY 1, 2, 3`,
    db.$queryRaw<{ promoterId: string; clicks: number; sales: number }[]>`
      SELECT p."id" AS "promoterId",
        (SELECT COUNT(*) FROM "ClickEvent" c JOIN "AffiliateLink" l ON l."id" = c."linkId"
          WHERE l."promoterId" = p."id" AND c."counted" AND c."createdAt" >= ${dayAgo})::int AS "clicks",
        (SELECT COUNT(*) FROM "Sale" s WHERE s."promoterId" = p."id" AND s."createdAt" >= ${dayAgo} AND s."status" <> 'FAILED')::int AS "sales"
      FROM "PromoterProfile" p WHERE p."id" = ANY(${promoterIds}::text[])`,
    // Other payees paid to the same bank account; the promoter's own artist account is not one.
    db.$queryRaw<{ promoterId: string; n: number; others: string[] }[]>`
      SELECT c."payeeId" AS "promoterId", COUNT(*)::int AS "n",
        (array_agg(lower(o."payeeType"::text) || ':' || o."payeeId" ORDER BY o."payeeId"))[1:5] AS "others"
      FROM "ConnectAccount" c
      JOIN "PromoterProfile" p ON p."id" = c."payeeId"
      JOIN "ConnectAccount" o ON o."bankFingerprint" = c."bankFingerprint" AND o."id" <> c."id"
      LEFT JOIN "ArtistProfile" a ON o."payeeType" = 'ARTIST' AND a."id" = o."payeeId"
      WHERE c."payeeType" = 'PROMOTER' AND c."payeeId" = ANY(${promoterIds}::text[])
        AND c."bankFingerprint" IS NOT NULL AND a."userId" IS DISTINCT FROM p."userId"
      GROUP BY 1`,
    // Recruits and their recruiters (issue 14 §6) seen on the same browser session or visitor hash
    // while signed in, or paid to the same bank: the duplicate-account signal.
    db.$queryRaw<{ recruitId: string; recruiterId: string; devices: number; banks: number }[]>`
      SELECT p."id" AS "recruitId", r."id" AS "recruiterId",
        (SELECT COUNT(*) FROM "VisitorSighting" a JOIN "VisitorSighting" b ON b."kind" = a."kind" AND b."value" = a."value"
          WHERE a."userId" = p."userId" AND b."userId" = r."userId")::int AS "devices",
        (SELECT COUNT(*) FROM "ConnectAccount" a JOIN "ConnectAccount" b ON b."bankFingerprint" = a."bankFingerprint"
          WHERE a."payeeType" = 'PROMOTER' AND a."payeeId" = p."id" AND b."payeeType" = 'PROMOTER' AND b."payeeId" = r."id"
            AND a."bankFingerprint" IS NOT NULL)::int AS "banks"
      FROM "PromoterProfile" p JOIN "PromoterProfile" r ON r."id" = p."recruitedById"
      WHERE p."id" = ANY(${promoterIds}::text[]) OR r."id" = ANY(${promoterIds}::text[])`,
  ]);
  const out = new Map<string, SignalMeasure[]>(promoterIds.map((id) => [id, []]));
  const add = (id: string, m: SignalMeasure) => out.get(id)?.push(m);
  for (const s of signals) {
    const kind: FraudSignalName =
      s.kind === "SELF_REFERRAL_BLOCKED" ? "self_referral" : "soft_self_referral";
    const prev = out.get(s.promoterId)?.find((m) => m.kind === kind);
    if (prev) prev.count += s.n;
    else add(s.promoterId, { kind, count: s.n, evidence: { days: SIGNAL_WINDOW_DAYS } });
  }
  for (const r of reversals)
    add(r.promoterId, { kind: "fast_reversals", count: r.n, evidence: { sales: r.sales } });
  for (const v of visitors)
    add(v.promoterId, {
      kind: "shared_visitor",
      count: v.n,
      evidence: { visitorHashPrefix: v.visitor, buyers: v.n },
    });
  const suspicious = new Map<string, { n: number; domains: string[] }>();
  for (const d of domains) {
    if (!d.domain || !suspiciousBuyerDomain(d.domain, d.promoterDomain)) continue;
    const cur = suspicious.get(d.promoterId) ?? { n: 0, domains: [] };
    cur.n += d.n;
    cur.domains.push(d.domain);
    suspicious.set(d.promoterId, cur);
  }
  for (const [id, s] of suspicious)
    add(id, { kind: "buyer_domain", count: s.n, evidence: { domains: s.domains.slice(0, 5) } });
  for (const b of bursts)
    if (b.sales === 0 && b.clicks > 0)
      add(b.promoterId, {
        kind: "click_burst",
        count: b.clicks,
        evidence: { clicks24h: b.clicks },
      });
  for (const b of banks)
    add(b.promoterId, { kind: "shared_bank", count: b.n, evidence: { payees: b.others } });
  const duplicates = new Map<string, { n: number; with: string[] }>();
  for (const d of recruits) {
    const n = d.devices + d.banks;
    if (n === 0) continue;
    for (const [id, other] of [
      [d.recruitId, `recruiter:${d.recruiterId}`],
      [d.recruiterId, `recruit:${d.recruitId}`],
    ] as const) {
      const cur = duplicates.get(id) ?? { n: 0, with: [] };
      cur.n += n;
      cur.with.push(other);
      duplicates.set(id, cur);
    }
  }
  for (const [id, d] of duplicates)
    add(id, { kind: "recruit_duplicate", count: d.n, evidence: { accounts: d.with.slice(0, 5) } });
  return out;
}

/** Promoters rescored per batch of the job. */
const SCORE_BATCH = 100;

/**
 * The `fraud.score` job (issue 11 §3): rescores every promoter named by a `FraudScoreEvent`
 * (debounced: events that arrived since the last run collapse into one rescoring each), stores
 * the score with each signal's count, weight, strength, points and evidence, then applies the
 * thresholds (program settings): at or above the review threshold the promoter's pending
 * commissions not yet reviewed are held for review (REVIEW; the promoter is emailed why); at or
 * above the auto-suspend threshold an ACTIVE promoter is suspended pending review. Both are
 * audited as the system's actions. Never on the click path. Idempotent; the events it read are
 * deleted after the promoters are scored, so a crash rescores them on the next run.
 * @returns how many promoters were scored, held and suspended.
 */
export async function scoreDirtyPromoters(
  input: { now?: Date },
  db: PrismaClient,
): Promise<{ scored: number; held: number; suspended: number }> {
  const now = input.now ?? new Date();
  const [mark] = await db.$queryRaw<{ maxId: bigint | null }[]>`
    SELECT MAX("id") AS "maxId" FROM "FraudScoreEvent"`;
  if (mark?.maxId == null) return { scored: 0, held: 0, suspended: 0 };
  const ids = (
    await db.$queryRaw<{ promoterId: string }[]>`
      SELECT DISTINCT "promoterId" FROM "FraudScoreEvent" WHERE "id" <= ${mark.maxId} ORDER BY 1`
  ).map((r) => r.promoterId);
  const result = await scorePromoters({ promoterIds: ids, now }, db);
  await db.$executeRaw`DELETE FROM "FraudScoreEvent" WHERE "id" <= ${mark.maxId}`;
  return result;
}

/**
 * Rescores the given promoters now and applies the thresholds (see `scoreDirtyPromoters`).
 * @returns how many were scored, how many commissions were held, how many promoters suspended.
 */
export async function scorePromoters(
  input: { promoterIds: string[]; now?: Date },
  db: PrismaClient,
): Promise<{ scored: number; held: number; suspended: number }> {
  const now = input.now ?? new Date();
  const settings = await programSettings(db);
  let scored = 0;
  let held = 0;
  let suspended = 0;
  for (let i = 0; i < input.promoterIds.length; i += SCORE_BATCH) {
    const batch = input.promoterIds.slice(i, i + SCORE_BATCH);
    const measured = await measureSignals(batch, db, now);
    for (const id of batch) {
      const { score, signals } = fraudScore(measured.get(id) ?? [], settings);
      const updated = await db.promoterProfile.updateManyAndReturn({
        where: { id },
        data: {
          fraudScore: score,
          fraudScoredAt: now,
          fraudScoreDetail: signals as unknown as Prisma.InputJsonValue,
        },
        select: { status: true },
      });
      if (updated.length === 0) continue;
      scored++;
      const why = `Automatic review: fraud score ${score} (${signals
        .slice(0, 3)
        .map((s) => `${s.label.toLowerCase()}: ${s.count}`)
        .join("; ")}).`;
      if (score >= settings.fraudSuspendThreshold && updated[0]!.status === "ACTIVE") {
        await setPromoterStatus(
          { promoterId: id, status: "SUSPENDED", reason: why },
          { userId: null },
          db,
          now,
        );
        suspended++;
      } else if (score >= settings.fraudReviewThreshold) {
        held += (
          await holdPromoterForReview({ promoterId: id, reason: why }, { userId: null }, db, now)
        ).heldCommissions;
      }
    }
  }
  return { scored, held, suspended };
}
