import type { PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import { ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel, promoterLabelSelect } from "../artist/sales";
import { apiEnv } from "../env";
import { pageArgs, paginate } from "../pagination";
import { programSettings } from "../settings/program-settings";
import { newLinkCode } from "./links";
import { sameMailbox } from "./self-referral";

/**
 * Referrals and two-tier commission (issue 14 §6).
 *
 * A promoter recruits others with their recruit link, `/join?ref=<promoter code>`. The account made
 * through it records its recruiter once, at sign-up (`recruiterForSignUp`, then
 * `getOrCreatePromoterProfile`): never an existing account, never oneself (the recruiter exists
 * before the recruit, and a CHECK refuses it), so loops cannot happen; and only the direct
 * recruiter earns (two tiers, no chains). While the recruitment's months run (the
 * `recruiterMonths` setting), each sale attributed to the recruit gives the recruiter
 * `recruiterShareBps` of the recruit's commission, from the platform fee: a RECRUITER share fixed
 * on the sale at checkout start (`secondTierFor`), capped by `splitSaleAmount`, settled, reversed
 * and held with the commission by `settleSale`.
 */

/**
 * The promoter's promoter-level code (issue 14 §1, §6), assigned on first use: 8 characters of the
 * link codes' alphabet, unique. Safe under concurrent first calls (the first assignment wins).
 * @returns the code.
 * @throws Error when the promoter does not exist.
 */
export async function promoterCode(promoterId: string, db: PrismaClient): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.promoterProfile.findUniqueOrThrow({
      where: { id: promoterId },
      select: { code: true },
    });
    if (row.code) return row.code;
    try {
      // Only while still unset: a concurrent first call's code is kept.
      await db.promoterProfile.updateMany({
        where: { id: promoterId, code: null },
        data: { code: newLinkCode() },
      });
    } catch (e) {
      // Another promoter holds that code (1 in 30^8): draw again.
      if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
    }
  }
  throw new Error(`Could not assign a code to promoter ${promoterId}.`);
}

/** A promoter's recruit link: `/join?ref=<code>` on APP_URL. */
export function recruitUrl(code: string, appUrl = apiEnv().APP_URL): string {
  const u = new URL("/join", appUrl);
  u.searchParams.set("ref", code);
  return u.toString();
}

/**
 * Who recruits an account being created with `code` (the `ref` of a recruit link): the ACTIVE
 * promoter holding that promoter-level code. Null for no code, an unknown code or a promoter who
 * is not ACTIVE (a suspended promoter recruits nobody): the sign-up goes on without a recruiter.
 */
export async function recruiterForSignUp(
  code: string | null | undefined,
  db: PrismaClient,
): Promise<{ id: string; label: string } | null> {
  const normalised = code?.trim().toLowerCase();
  if (!normalised || !/^[a-z0-9]{6,16}$/.test(normalised)) return null;
  const p = await db.promoterProfile.findUnique({
    where: { code: normalised },
    select: { ...promoterLabelSelect, status: true },
  });
  if (!p || p.status !== "ACTIVE") return null;
  return { id: p.id, label: promoterLabel(p) };
}

/**
 * The end of a recruitment's second tier: `months` calendar months after `recruitedAt` (UTC; a day
 * past the end of the target month clamps to its last day, as date-fns `addMonths` does).
 */
export function secondTierEndsAt(recruitedAt: Date, months: number): Date {
  const y = recruitedAt.getUTCFullYear();
  const m = recruitedAt.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(recruitedAt.getUTCDate(), lastDay),
      recruitedAt.getUTCHours(),
      recruitedAt.getUTCMinutes(),
      recruitedAt.getUTCSeconds(),
      recruitedAt.getUTCMilliseconds(),
    ),
  );
}

/**
 * The second tier of a sale attributed to `promoterId` at `now` (issue 14 §6): their recruiter and
 * the share in force (`recruiterShareBps`, basis points of the commission), when the setting is
 * above 0, the promoter was recruited, the recruiter is ACTIVE and `now` is before
 * `secondTierEndsAt(recruitedAt, recruiterMonths)`, and the buyer is not the recruiter (signed in
 * as them, or an email reaching their mailbox: the self-referral rule, `sameMailbox`, applied to
 * the second tier). Null otherwise. Checkout start records what this returns on the sale, so later
 * changes of the settings or standing never move the sale.
 */
export async function secondTierFor(
  input: {
    promoterId: string;
    now: Date;
    /** Who buys: the signed-in user, if any, and the email given at checkout. */
    buyer?: { signedInUserId?: string | null; email?: string | null };
  },
  db: PrismaClient,
): Promise<{ recruiterId: string; recruiterShareBps: number } | null> {
  const [{ recruiterShareBps, recruiterMonths }, promoter] = await Promise.all([
    programSettings(db),
    db.promoterProfile.findUnique({
      where: { id: input.promoterId },
      select: {
        recruitedAt: true,
        recruitedBy: {
          select: { id: true, status: true, userId: true, user: { select: { email: true } } },
        },
      },
    }),
  ]);
  if (recruiterShareBps <= 0 || !promoter?.recruitedBy || !promoter.recruitedAt) return null;
  if (promoter.recruitedBy.status !== "ACTIVE") return null;
  if (input.now >= secondTierEndsAt(promoter.recruitedAt, recruiterMonths)) return null;
  // The recruiter's own purchase through their recruit's link earns them nothing.
  const recruiter = promoter.recruitedBy;
  if (input.buyer?.signedInUserId && input.buyer.signedInUserId === recruiter.userId) return null;
  if (input.buyer?.email && sameMailbox(input.buyer.email, recruiter.user.email)) return null;
  return { recruiterId: promoter.recruitedBy.id, recruiterShareBps };
}

/**
 * "Your recruits" (issue 14 §6): the recruit link, the terms in force, and the promoters who joined
 * through it, newest first (cursor pages by id): their public label (display name, else
 * initials: a recruit's email is never shown), when they joined, their standing, their own sales
 * and commission earned (net of reversals), until when the second tier runs, and what the
 * recruiter earned from them: the recruiter's RECRUITER shares on the recruit's sales as posted to
 * the ledger (pending + payable, net of reversals, cents). Totals over every recruit.
 */
export async function listRecruits(
  input: { promoterId: string; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const page = ZPageInput.parse(input.page ?? {});
  const [code, settings, rows, totals] = await Promise.all([
    promoterCode(input.promoterId, db),
    programSettings(db),
    db.promoterProfile.findMany({
      where: { recruitedById: input.promoterId },
      orderBy: [{ recruitedAt: "desc" }, { id: "desc" }],
      ...pageArgs(page),
      select: {
        ...promoterLabelSelect,
        recruitedAt: true,
        status: true,
        salesCount: true,
        earningsCents: true,
      },
    }),
    db.$queryRaw<{ recruits: number; earned: bigint | null }[]>`
      SELECT (SELECT COUNT(*) FROM "PromoterProfile" WHERE "recruitedById" = ${input.promoterId})::int AS "recruits",
        (SELECT SUM(e."amountCents") FROM "LedgerEntry" e
          JOIN "LedgerAccount" a ON a."id" = e."accountId"
          JOIN "Sale" s ON s."id" = e."saleId"
          WHERE a."type" IN ('PROMOTER_PENDING', 'PROMOTER_BALANCE') AND a."ownerId" = ${input.promoterId}
            AND s."recruiterId" = ${input.promoterId})::bigint AS "earned"`,
  ]);
  const ids = rows.map((r) => r.id);
  const earnedBy = new Map<string, bigint>();
  if (ids.length > 0) {
    const earned = await db.$queryRaw<{ promoterId: string; earned: bigint }[]>`
      SELECT s."promoterId", SUM(e."amountCents")::bigint AS "earned"
      FROM "Sale" s
      JOIN "LedgerEntry" e ON e."saleId" = s."id"
      JOIN "LedgerAccount" a ON a."id" = e."accountId"
      WHERE s."recruiterId" = ${input.promoterId} AND s."promoterId" = ANY(${ids}::text[])
        AND a."type" IN ('PROMOTER_PENDING', 'PROMOTER_BALANCE') AND a."ownerId" = ${input.promoterId}
      GROUP BY s."promoterId"`;
    for (const e of earned) earnedBy.set(e.promoterId, e.earned);
  }
  const listed = paginate(rows, page, (r) => {
    const endsAt = secondTierEndsAt(r.recruitedAt!, settings.recruiterMonths);
    return {
      id: r.id,
      label: promoterLabel(r),
      joinedAt: r.recruitedAt!,
      status: r.status,
      salesCount: r.salesCount,
      commissionCents: cents(r.earningsCents),
      secondTierEndsAt: endsAt,
      secondTierActive: now < endsAt,
      earnedFromCents: cents(earnedBy.get(r.id) ?? 0n),
    };
  });
  return {
    code,
    url: recruitUrl(code),
    shareBps: settings.recruiterShareBps,
    months: settings.recruiterMonths,
    recruits: totals[0]?.recruits ?? 0,
    earnedCents: cents(totals[0]?.earned ?? 0n),
    ...listed,
  };
}
