import type { CommissionStatus, PrismaClient } from "@fanfare/db";

import { AppError } from "../app-error";
import { listedSubscriptionSelect, withProduct } from "../catalog/products";
import type { PageRequest } from "../pagination";
import { pageArgs, paginate } from "../pagination";

/**
 * A promoter's activity as lists the REST API pages through (issue 15 §2): the clicks and the
 * sales of one of their links, and their commissions. Each list is newest first, pages by id
 * (`services/pagination.ts`), and takes an optional time range `[from, to)`. Figures are the
 * rows' own facts (amounts at the sale, what was reversed, statuses): the rules that produce them
 * live in settlement (services/money/) and are not computed again here.
 */

/** A time range, `from` included, `to` excluded; either may be absent. */
export type TimeRange = { from?: Date | null; to?: Date | null };

const rangeWhere = (r: TimeRange) =>
  r.from || r.to
    ? { ...(r.from ? { gte: r.from } : {}), ...(r.to ? { lt: r.to } : {}) }
    : undefined;

/**
 * The link, when it is one of the promoter's.
 * @throws AppError NOT_FOUND otherwise (another promoter's link included: its existence is not
 *   revealed).
 */
async function ownLinkOrThrow(input: { promoterId: string; linkId: string }, db: PrismaClient) {
  const link = await db.affiliateLink.findFirst({
    where: { id: input.linkId, promoterId: input.promoterId },
    select: { id: true },
  });
  if (!link)
    throw new AppError("NOT_FOUND", `Link ${input.linkId} was not found among your links.`, {
      field: "id",
    });
  return link;
}

/** The host of a Referer URL, or null (only the site, never the path: it may carry personal data). */
function refererHost(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).hostname || null;
  } catch {
    return null;
  }
}

/**
 * The clicks of one of the promoter's links: time, whether it counted (not a bot, not a repeat
 * within the dedupe window), the source tag (`?src=`), the UTM fields, the referring host and a
 * partner network's click id. Never the visitor hash, user agent or full referrer.
 * @param input.source only clicks with this source tag.
 * @throws AppError NOT_FOUND when the link is not the promoter's.
 */
export async function listLinkClicks(
  input: { promoterId: string; linkId: string; source?: string; page: PageRequest } & TimeRange,
  db: PrismaClient,
) {
  await ownLinkOrThrow(input, db);
  const rows = await db.clickEvent.findMany({
    where: {
      linkId: input.linkId,
      createdAt: rangeWhere(input),
      ...(input.source ? { sourceTag: input.source } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      createdAt: true,
      counted: true,
      isBot: true,
      sourceTag: true,
      utmSource: true,
      utmMedium: true,
      utmCampaign: true,
      utmTerm: true,
      utmContent: true,
      referer: true,
      networkClickId: true,
    },
    ...pageArgs(input.page),
  });
  return paginate(rows, input.page, (c) => ({
    id: c.id,
    createdAt: c.createdAt,
    counted: c.counted,
    bot: c.isBot,
    source: c.sourceTag,
    utmSource: c.utmSource,
    utmMedium: c.utmMedium,
    utmCampaign: c.utmCampaign,
    utmTerm: c.utmTerm,
    utmContent: c.utmContent,
    refererHost: refererHost(c.referer),
    networkClickId: c.networkClickId,
  }));
}

/**
 * The sales through one of the promoter's links (completed, or refunded after completing; by
 * when the checkout started), with the amount paid, what was refunded, the source tag of the
 * sale's click and the promoter's commission as recorded (amount at the sale, cents reversed by
 * refunds and disputes, status). No buyer data: a promoter never sees who bought.
 * @param input.source only sales whose attributed click carries this source tag.
 * @throws AppError NOT_FOUND when the link is not the promoter's.
 */
export async function listLinkSales(
  input: { promoterId: string; linkId: string; source?: string; page: PageRequest } & TimeRange,
  db: PrismaClient,
) {
  await ownLinkOrThrow(input, db);
  const rows = await db.sale.findMany({
    where: {
      promoterId: input.promoterId,
      linkId: input.linkId,
      status: { in: ["COMPLETED", "REFUNDED"] },
      createdAt: rangeWhere(input),
      ...(input.source ? { click: { sourceTag: input.source } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      createdAt: true,
      completedAt: true,
      status: true,
      amountCents: true,
      refundedCents: true,
      currency: true,
      productKind: true,
      track: { select: { id: true, title: true } },
      release: { select: { id: true, title: true } },
      ...listedSubscriptionSelect,
      click: { select: { sourceTag: true } },
      commission: {
        select: { id: true, status: true, amountCents: true, reversedCents: true },
      },
    },
    ...pageArgs(input.page),
  });
  return paginate(rows, input.page, (row) => {
    const s = withProduct(row);
    return {
      id: s.id,
      createdAt: s.createdAt,
      completedAt: s.completedAt,
      status: s.status as "COMPLETED" | "REFUNDED",
      amountCents: s.amountCents,
      refundedCents: s.refundedCents,
      currency: s.currency,
      source: s.click?.sourceTag ?? null,
      /** What was sold: the track, the release or the subscription (issue 16 §1, §3). */
      productKind: s.productKind,
      track: s.track,
      commission: s.commission,
    };
  });
}

/**
 * The promoter's commissions, newest first, optionally in one status and time range (by when the
 * commission was created, i.e. the sale completed): amount at the sale and cents reversed by
 * refunds and disputes (integer cents, with the sale's currency), rate, end of the holding period,
 * whether an admin's hold keeps it pending, when it was paid and by which payout.
 */
export async function listCommissions(
  input: { promoterId: string; status?: CommissionStatus; page: PageRequest } & TimeRange,
  db: PrismaClient,
) {
  const rows = await db.commission.findMany({
    where: {
      promoterId: input.promoterId,
      ...(input.status ? { status: input.status } : {}),
      createdAt: rangeWhere(input),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      createdAt: true,
      status: true,
      amountCents: true,
      reversedCents: true,
      rateBps: true,
      holdUntil: true,
      heldAt: true,
      paidAt: true,
      payoutId: true,
      saleId: true,
      linkId: true,
      sale: { select: { currency: true } },
      track: { select: { id: true, title: true } },
      release: { select: { id: true, title: true } },
      ...listedSubscriptionSelect,
    },
    ...pageArgs(input.page),
  });
  return paginate(rows, input.page, (c) => ({
    id: c.id,
    createdAt: c.createdAt,
    status: c.status,
    amountCents: c.amountCents,
    reversedCents: c.reversedCents,
    currency: c.sale.currency,
    rateBps: c.rateBps,
    holdUntil: c.holdUntil,
    held: c.heldAt !== null,
    paidAt: c.paidAt,
    payoutId: c.payoutId,
    saleId: c.saleId,
    linkId: c.linkId,
    productKind: withProduct(c).productKind,
    track: withProduct(c).track,
  }));
}
