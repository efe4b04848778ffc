import type { PrismaClient, SightingKind } from "@fanfare/db";
import { Prisma } from "@fanfare/db";

import { readCookie, requestClientIp, visitorHash } from "./clicks";

/** The first-party browser-session cookie the click-capture proxy sets (`apps/web/src/proxy.ts`). */
export const BROWSER_SESSION_COOKIE = "ff_sid";

/** The shape of an `ff_sid` value: the proxy issues 12 random bytes as 16 base64url characters. */
const SESSION_ID = /^[A-Za-z0-9_-]{16,32}$/;

/** The `ff_sid` browser session of a request, or null when absent or not one the proxy issues. */
export function readBrowserSessionId(cookieHeader: string | null): string | null {
  const value = readCookie(cookieHeader, BROWSER_SESSION_COOKIE);
  return value && SESSION_ID.test(value) ? value : null;
}

/**
 * Who a request comes from, as the click path sees visitors: the salted visitor hash of the client
 * IP (peer address stamped by `apps/web/server.mjs` in `x-fanfare-peer-ip`, or the
 * TRUSTED_PROXY_HOPS-th `X-Forwarded-For` entry) and user agent, exactly as `recordClick` computes
 * it, and the `ff_sid` browser session. The visitor hash is null when the client IP is unknown
 * (no peer address: nothing to compare).
 */
export function requestVisitor(headers: Headers): {
  visitorHash: string | null;
  sessionId: string | null;
} {
  const ip = requestClientIp(headers);
  return {
    visitorHash: ip === "unknown" ? null : visitorHash(ip, headers.get("user-agent") ?? ""),
    sessionId: readBrowserSessionId(headers.get("cookie")),
  };
}

/**
 * Records where a signed-in user was seen: their visitor hash and `ff_sid` browser session
 * (either may be missing), upserted into `VisitorSighting(userId, kind, value)` with
 * `lastSeenAt = now`, in one statement. Called when a promoter gets their link and when a
 * signed-in buyer starts checkout; a later purchase from the same visitor hash or session,
 * attributed to that user as promoter, raises a soft fraud signal (`softSignalKinds`).
 * Stores hashes and random session ids only, never an IP.
 * @returns the number of sightings written (0 to 2).
 */
export async function recordSighting(
  input: { userId: string; visitorHash?: string | null; sessionId?: string | null; now?: Date },
  db: PrismaClient | Prisma.TransactionClient,
): Promise<number> {
  const now = input.now ?? new Date();
  const seen: [SightingKind, string][] = [];
  if (input.visitorHash) seen.push(["VISITOR_HASH", input.visitorHash]);
  if (input.sessionId) seen.push(["SESSION", input.sessionId]);
  if (seen.length === 0) return 0;
  const rows = seen.map(
    ([kind, value]) =>
      Prisma.sql`(${input.userId}, CAST(${kind} AS "SightingKind"), ${value}, ${now})`,
  );
  return db.$executeRaw`
    INSERT INTO "VisitorSighting" ("userId", "kind", "value", "lastSeenAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("userId", "kind", "value") DO UPDATE SET "lastSeenAt" = GREATEST("VisitorSighting"."lastSeenAt", EXCLUDED."lastSeenAt")`;
}
