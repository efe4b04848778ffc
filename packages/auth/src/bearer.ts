import { createHash, randomBytes } from "node:crypto";

import type { PrismaClient } from "@fanfare/db";

import { authEnv } from "./env";

const PREFIX = "ffs_";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Issues a bearer session token for an API client (the mobile app). Only its SHA-256 is stored
 * (`Session.sessionToken`); deleting the row revokes it.
 * @returns the token (shown once) and its expiry (BEARER_TOKEN_TTL_DAYS, default 30 days).
 */
export async function issueBearerToken(
  db: PrismaClient,
  userId: string,
  label = "api",
): Promise<{ token: string; expires: Date }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const expires = new Date(Date.now() + authEnv().BEARER_TOKEN_TTL_DAYS * 86_400_000);
  await db.session.create({ data: { sessionToken: hashToken(token), userId, expires, label } });
  return { token, expires };
}

export type BearerResult =
  { ok: true; userId: string } | { ok: false; reason: "malformed" | "unknown" | "expired" };

/** Resolves `Authorization: Bearer <token>` to a user id, or says why it cannot. */
export async function resolveBearerToken(db: PrismaClient, token: string): Promise<BearerResult> {
  if (!token.startsWith(PREFIX) || token.length > 128) return { ok: false, reason: "malformed" };
  const row = await db.session.findUnique({ where: { sessionToken: hashToken(token) } });
  if (!row) return { ok: false, reason: "unknown" };
  if (row.expires.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  // Touch at most once a minute to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.session.update({
      where: { sessionToken: row.sessionToken },
      data: { lastUsedAt: new Date() },
    });
  }
  return { ok: true, userId: row.userId };
}

/** Revokes a bearer token. @returns whether a token was revoked. */
export async function revokeBearerToken(db: PrismaClient, token: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { sessionToken: hashToken(token) } });
  return count > 0;
}

/** Extracts the token from an Authorization header value. */
export function bearerFromHeader(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return m?.[1] ?? null;
}
