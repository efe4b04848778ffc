import { createHmac } from "node:crypto";

import type { PrismaClient, PromoterReportReason, PromoterReportStatus } from "@fanfare/db";
import { localSecret } from "@fanfare/db";
import type {
  AdminReportsInput,
  PromoterReportReasonName,
  PromoterReportStatusName,
  ResolveReportInput,
  SubmitPromoterReportInput,
} from "@fanfare/validators";
import {
  ZAdminReportsInput,
  ZResolveReportInput,
  ZSubmitPromoterReportInput,
} from "@fanfare/validators";

import { ipNetworkKey } from "../affiliate/ip-network";
import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { apiEnv } from "../env";
import { pageArgs, paginate } from "../pagination";

// The validators' lists are the database's enums: a compile error here when either drifts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reasonsMatch: Same<PromoterReportReason, PromoterReportReasonName> = true;
const statusesMatch: Same<PromoterReportStatus, PromoterReportStatusName> = true;
void reasonsMatch;
void statusesMatch;

/** Who sent a report, as the request shows them. Only `reporterHash` of it is ever stored. */
export type Reporter = {
  /** The client IP (`requestClientIp`), "unknown" when none was stamped. */
  ip: string;
  userAgent: string | null;
  /** The `ff_sid` browser session (`readBrowserSessionId`), when the visitor has one. */
  sessionId: string | null;
};

/**
 * The reporter's keyed hash (`PromoterReport.reporterHash`): HMAC-SHA256, keyed with the click
 * salt (CLICK_HASH_SALT, or the generated local secret, as visitor hashes), of the visitor's
 * browser session when they have one, else of their network (`ipNetworkKey`: an IPv6 client by
 * its /64) and user agent. Never reversible to an IP without the key; the `promoter-report|`
 * prefix keeps these apart from the click path's hashes. Spots one person reporting the same
 * promoter again (`submitPromoterReport`) without keeping who they are.
 * @returns 64 hex characters, or null when the request shows neither a session nor an IP.
 */
export function reporterHash(
  reporter: Reporter,
  key = apiEnv().CLICK_HASH_SALT ?? localSecret("CLICK_HASH_SALT"),
): string | null {
  const identity = reporter.sessionId
    ? `session|${reporter.sessionId}`
    : reporter.ip && reporter.ip !== "unknown"
      ? `network|${ipNetworkKey(reporter.ip)}|${reporter.userAgent ?? ""}`
      : null;
  if (!identity) return null;
  return createHmac("sha256", key).update(`promoter-report|${identity}`).digest("hex");
}

/** The promoter a report names, with the link and track when it came through a link. */
async function reportedPromoter(
  input: { code?: string; promoterId?: string },
  db: PrismaClient,
): Promise<{ promoterId: string; linkId: string | null; trackId: string | null }> {
  if (input.code) {
    const link = await db.affiliateLink.findUnique({
      where: { code: input.code },
      select: { id: true, promoterId: true, trackId: true },
    });
    if (!link)
      throw new AppError(
        "NOT_FOUND",
        `No promoter link has the code "${input.code}": check the address you came from.`,
        { field: "code" },
      );
    return { promoterId: link.promoterId, linkId: link.id, trackId: link.trackId };
  }
  const promoter = await db.promoterProfile.findUnique({
    where: { id: input.promoterId! },
    select: { id: true },
  });
  if (!promoter)
    throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`, {
      field: "promoterId",
    });
  return { promoterId: promoter.id, linkId: null, trackId: null };
}

/**
 * Records a visitor's report of a promoter (issue 11 §2 "Report this promoter"): public, no
 * account needed. The promoter is found by the link code the visitor came through (the link and
 * its track are recorded too) or by the promoter's id; a promoter of any standing can be
 * reported (a suspended or terminated promoter's links still show their tracks), and so can a
 * disabled link. The report waits OPEN in the admin queue (`listReports`).
 *
 * One reporter, one open report per promoter: when the same reporter (`reporterHash`) already has
 * an OPEN report about this promoter, nothing is written and that report's id is answered, so a
 * double submit or a repeat reads as success. Concurrent submits of one reporter are serialised
 * by a transaction-scoped advisory lock on (promoter, reporter hash). A reporter with no hash (no
 * session, no IP) is not deduplicated. The rate limit (`promoterReportPerIp`) is the caller's
 * (`report.submit` applies it before calling).
 * @returns `reportId`, and `created` false when an open report of this reporter was answered.
 * @throws ZodError for input outside `ZSubmitPromoterReportInput`; AppError NOT_FOUND (no link
 *   has the code, or no promoter has the id; `field` names which).
 */
export async function submitPromoterReport(
  input: { data: SubmitPromoterReportInput; reporter: Reporter },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<{ reportId: string; created: boolean }> {
  const data = ZSubmitPromoterReportInput.parse(input.data);
  const target = await reportedPromoter(data, db);
  const hash = reporterHash(input.reporter);
  return db.$transaction(async (tx) => {
    if (hash) {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`promoter-report:${target.promoterId}:${hash}`}, 0))::text`;
      const open = await tx.promoterReport.findFirst({
        where: { promoterId: target.promoterId, reporterHash: hash, status: "OPEN" },
        select: { id: true },
      });
      if (open) return { reportId: open.id, created: false };
    }
    const row = await tx.promoterReport.create({
      data: {
        ...target,
        reason: data.reason,
        details: data.details ?? null,
        contactEmail: data.contactEmail ?? null,
        source: data.source,
        reporterHash: hash,
        createdAt: now,
      },
      select: { id: true },
    });
    return { reportId: row.id, created: true };
  });
}

/**
 * The admin's reports queue (issue 11 §2, §6): reports of one status (every status when none is
 * given), newest first, cursor pages by id. Each with its promoter (label, email, user id for the
 * person page, standing, and how many of their reports are open), the link code and track it
 * came through (null when it named the promoter directly, or the link was deleted), and for a
 * closed report the admin who closed it and their note.
 * @throws ZodError for input outside `ZAdminReportsInput`.
 */
export async function listReports(raw: AdminReportsInput, db: PrismaClient) {
  const input = ZAdminReportsInput.parse(raw);
  const rows = await db.promoterReport.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
    include: {
      promoter: {
        select: {
          id: true,
          userId: true,
          status: true,
          displayName: true,
          user: { select: { email: true, name: true } },
          _count: { select: { reports: { where: { status: "OPEN" } } } },
        },
      },
    },
  });
  const shown = rows.slice(0, input.limit);
  const ids = (pick: (r: (typeof rows)[number]) => string | null) => [
    ...new Set(shown.map(pick).filter((x): x is string => !!x)),
  ];
  const [links, tracks, resolvers] = await Promise.all([
    db.affiliateLink.findMany({
      where: { id: { in: ids((r) => r.linkId) } },
      select: { id: true, code: true, disabled: true },
    }),
    db.track.findMany({
      where: { id: { in: ids((r) => r.trackId) } },
      select: { id: true, title: true, slug: true },
    }),
    db.user.findMany({
      where: { id: { in: ids((r) => r.resolvedById) } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const linkById = new Map(links.map((l) => [l.id, l]));
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  const resolverById = new Map(resolvers.map((u) => [u.id, u]));
  return paginate(rows, input, (r) => ({
    id: r.id,
    createdAt: r.createdAt,
    reason: r.reason,
    details: r.details,
    contactEmail: r.contactEmail,
    source: r.source,
    status: r.status,
    resolution: r.resolution,
    resolvedAt: r.resolvedAt,
    resolvedBy: r.resolvedById ? (resolverById.get(r.resolvedById) ?? null) : null,
    promoter: {
      id: r.promoter.id,
      userId: r.promoter.userId,
      status: r.promoter.status,
      label: r.promoter.displayName ?? r.promoter.user.name ?? r.promoter.user.email,
      email: r.promoter.user.email,
      openReports: r.promoter._count.reports,
    },
    link: r.linkId ? (linkById.get(r.linkId) ?? null) : null,
    track: r.trackId ? (trackById.get(r.trackId) ?? null) : null,
  }));
}

/**
 * Whether a report in `status` can be closed: only an OPEN one. RESOLVED and DISMISSED are final
 * (a new report reopens the matter), so an admin's note is never overwritten.
 */
export function canCloseReport(status: PromoterReportStatus): boolean {
  switch (status) {
    case "OPEN":
      return true;
    case "RESOLVED":
    case "DISMISSED":
      return false;
    default: {
      const unknown: never = status;
      throw new Error(`Unknown report status ${String(unknown)}.`);
    }
  }
}

/**
 * Closes an open report (issue 11 §2): RESOLVED (the admin acted, e.g. suspended the promoter or
 * disabled the link, each with its own audited action) or DISMISSED (nothing to act on), with the
 * admin's note, who and when. The report is locked, changed and audited (`report.resolve` /
 * `report.dismiss`, subject `report`) in one transaction, so two admins closing it at once
 * cannot both succeed.
 * @returns the report's id, status, note and close time.
 * @throws ZodError for input outside `ZResolveReportInput`; AppError NOT_FOUND (unknown report),
 *   CONFLICT (already resolved or dismissed: says which).
 */
export async function resolveReport(
  raw: ResolveReportInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const input = ZResolveReportInput.parse(raw);
  return db.$transaction(async (tx) => {
    const [report] = await tx.$queryRaw<
      { id: string; promoterId: string; status: PromoterReportStatus }[]
    >`SELECT "id", "promoterId", "status"::text AS "status" FROM "PromoterReport" WHERE "id" = ${input.reportId} FOR UPDATE`;
    if (!report) throw new AppError("NOT_FOUND", `Report ${input.reportId} does not exist.`);
    if (!canCloseReport(report.status))
      throw new AppError(
        "CONFLICT",
        `Report ${report.id} is already ${report.status.toLowerCase()}: a closed report cannot be closed again.`,
      );
    const updated = await tx.promoterReport.update({
      where: { id: report.id },
      data: {
        status: input.outcome,
        resolution: input.note,
        resolvedById: actor.userId,
        resolvedAt: now,
      },
      select: { id: true, status: true, resolution: true, resolvedAt: true },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: input.outcome === "RESOLVED" ? "report.resolve" : "report.dismiss",
      subjectType: "report",
      subjectId: report.id,
      before: { status: report.status },
      after: { status: input.outcome, note: input.note, promoterId: report.promoterId },
    });
    return updated;
  });
}
