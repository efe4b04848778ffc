import type { ApiKeyScope, PrismaClient } from "@fanfare/db";
import { API_KEY_SCOPES, Prisma } from "@fanfare/db";
import type {
  AdminApiKeysInput,
  ApiKeyScopeName,
  CreateApiKeyInput,
  SetApiKeyRateLimitInput,
} from "@fanfare/validators";
import {
  MAX_ACTIVE_API_KEYS,
  ZAdminApiKeysInput,
  ZCreateApiKeyInput,
  ZSetApiKeyRateLimitInput,
} from "@fanfare/validators";
import type { z } from "zod";

import { bearerFromHeader } from "@fanfare/auth/server";

import { promoterStandingMessage } from "../affiliate/promoter-standing";
import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { pageArgs, paginate } from "../pagination";
import { programSettings } from "../settings/program-settings";
import { apiKeyMatches, displayApiKey, generateApiKey, parseApiKey } from "./api-key-format";

/**
 * API keys (issue 15 §1): any user creates keys with scopes and an optional expiry, sees each
 * secret once, and revokes them at once; every REST request is authenticated here
 * (`authenticateApiKey`). Keys of suspended or terminated users are paused. The rate limit of a
 * key is its own (an admin's raise), else its owner's tier's, else the program's
 * `apiRequestsPerHour` (default 100, seed E18).
 */

// The scope list of the forms (packages/validators) and the database's CHECKed list agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SCOPES_AGREE: Same<ApiKeyScope, ApiKeyScopeName> = true;
void SCOPES_AGREE;

/** Owners whose keys (and webhooks) are paused. */
const PAUSED_STATUSES = new Set(["SUSPENDED", "TERMINATED"]);
/** How often a busy key's "last used" is written: at most once a minute (a first use at once). */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** Where a key's rate limit in force comes from. */
export type ApiRateLimitSource = "key" | "tier" | "program";

/**
 * The one precedence rule of a key's limit, in requests per hour: the key's own (an admin's
 * raise), else the owner's tier's `apiRequestsPerHour`, else the program's setting.
 */
export function resolveApiRateLimit(input: {
  keyLimit: number | null;
  tierLimit: number | null | undefined;
  programLimit: number;
}): { perHour: number; source: ApiRateLimitSource } {
  if (input.keyLimit != null) return { perHour: input.keyLimit, source: "key" };
  if (input.tierLimit != null) return { perHour: input.tierLimit, source: "tier" };
  return { perHour: input.programLimit, source: "program" };
}

/** A key's state as settings show it. */
export type ApiKeyStatus = "active" | "revoked" | "expired" | "paused";

const keySelect = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  scopes: true,
  rateLimitPerHour: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  createdAt: true,
} as const;
type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof keySelect }>;

/** What an owner's row contributes to their keys' views: standing and tier limit. */
type OwnerFacts = {
  promoter: {
    status: string;
    statusReason: string | null;
    tier: { apiRequestsPerHour: number | null } | null;
  } | null;
};
const ownerSelect = {
  promoter: {
    select: { status: true, statusReason: true, tier: { select: { apiRequestsPerHour: true } } },
  },
} as const;

function statusOf(row: KeyRow, owner: OwnerFacts, now: Date): ApiKeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (owner.promoter && PAUSED_STATUSES.has(owner.promoter.status)) return "paused";
  return "active";
}

/**
 * A key as its owner sees it: never the secret or its hash; the prefix for recognition, the
 * scopes, dates, where it was last used from, its status and the rate limit in force.
 */
function toView(row: KeyRow, owner: OwnerFacts, programLimit: number, now: Date) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    /** `ff_live_<prefix>…`. */
    display: displayApiKey(row.prefix),
    scopes: row.scopes as ApiKeyScope[],
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt,
    status: statusOf(row, owner, now),
    /** The limit in force (requests per hour) and where it comes from. */
    rateLimit: resolveApiRateLimit({
      keyLimit: row.rateLimitPerHour,
      tierLimit: owner.promoter?.tier?.apiRequestsPerHour,
      programLimit,
    }),
    /** The key's own limit, set by an admin (null: the tier's or the program's applies). */
    ownRateLimitPerHour: row.rateLimitPerHour,
  };
}
export type ApiKeyView = ReturnType<typeof toView>;

/** The caller's keys (revoked and expired ones included, newest first, at most 100). */
export async function listApiKeys(
  input: { userId: string; now?: Date },
  db: PrismaClient,
): Promise<ApiKeyView[]> {
  const now = input.now ?? new Date();
  const [rows, owner, program] = await Promise.all([
    db.apiKey.findMany({
      where: { userId: input.userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: keySelect,
    }),
    db.user.findUnique({ where: { id: input.userId }, select: ownerSelect }),
    programSettings(db),
  ]);
  const facts: OwnerFacts = owner ?? { promoter: null };
  return rows.map((r) => toView(r, facts, program.apiRequestsPerHour, now));
}

/**
 * Creates a key for the user. The full key is returned here once and never again (only its
 * SHA-256 is stored).
 * @returns `{ key, apiKey }`: the key string and its view.
 * @throws AppError BAD_INPUT (invalid input), NOT_FOUND (no such user), FORBIDDEN (`sales:read`
 *   without an artist profile; the user's promoter account is suspended or terminated: their
 *   keys are paused), CONFLICT (already MAX_ACTIVE_API_KEYS active keys).
 */
export async function createApiKey(
  input: { userId: string; key: z.input<typeof ZCreateApiKeyInput>; now?: Date },
  db: PrismaClient,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const data: CreateApiKeyInput = ZCreateApiKeyInput.parse(input.key);
  const now = input.now ?? new Date();
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, artist: { select: { id: true } }, ...ownerSelect },
  });
  if (!user) throw new AppError("NOT_FOUND", `User ${input.userId} was not found.`);
  if (data.scopes.includes("sales:read") && !user.artist)
    throw new AppError(
      "FORBIDDEN",
      'The "sales:read" scope is for artists: create your artist profile first, or leave the scope out.',
      { field: "scopes" },
    );
  const standing = user.promoter;
  if (standing && PAUSED_STATUSES.has(standing.status))
    throw new AppError(
      "FORBIDDEN",
      promoterStandingMessage(
        standing.status as "SUSPENDED" | "TERMINATED",
        standing.statusReason,
        "API keys are paused",
      ),
    );

  const program = await programSettings(db);
  // A prefix collision (60 random bits) is all but impossible; a retry makes it harmless.
  for (let attempt = 0; ; attempt++) {
    const generated = generateApiKey();
    try {
      const row = await db.$transaction(async (tx) => {
        // One creation at a time per user, so two concurrent creations cannot pass the cap together.
        await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${input.userId} FOR UPDATE`;
        const active = await tx.apiKey.count({
          where: {
            userId: input.userId,
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
          },
        });
        if (active >= MAX_ACTIVE_API_KEYS)
          throw new AppError(
            "CONFLICT",
            `You already have ${active} active API keys, the most allowed: revoke one you no longer use first.`,
          );
        return tx.apiKey.create({
          data: {
            userId: input.userId,
            name: data.name,
            prefix: generated.prefix,
            secretHash: generated.secretHash,
            scopes: data.scopes,
            expiresAt: data.expiresAt ?? null,
          },
          select: keySelect,
        });
      });
      return {
        key: generated.key,
        apiKey: toView(row, user, program.apiRequestsPerHour, now),
      };
    } catch (e) {
      if (attempt < 2 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        continue;
      throw e;
    }
  }
}

/**
 * Revokes one of the user's keys, at once: the next request with it is refused (401). Revoking a
 * revoked key changes nothing.
 * @returns the key's view.
 * @throws AppError NOT_FOUND when the key is not one of the user's (another user's id included).
 */
export async function revokeApiKey(
  input: { userId: string; keyId: string; now?: Date },
  db: PrismaClient,
): Promise<ApiKeyView> {
  const now = input.now ?? new Date();
  const found = await db.apiKey.findFirst({
    where: { id: input.keyId, userId: input.userId },
    select: { id: true },
  });
  if (!found)
    throw new AppError("NOT_FOUND", `API key ${input.keyId} was not found among your keys.`, {
      field: "keyId",
    });
  await db.apiKey.updateMany({
    where: { id: input.keyId, revokedAt: null },
    data: { revokedAt: now },
  });
  const [row, owner, program] = await Promise.all([
    db.apiKey.findUniqueOrThrow({ where: { id: input.keyId }, select: keySelect }),
    db.user.findUnique({ where: { id: input.userId }, select: ownerSelect }),
    programSettings(db),
  ]);
  return toView(row, owner ?? { promoter: null }, program.apiRequestsPerHour, now);
}

/**
 * An admin sets a key's own rate limit (requests per hour), or clears it (null: the owner's
 * tier's, else the program's applies), with an audit row (before, after, reason) in the same
 * transaction. Applies from the next request, to the hour already running.
 * @returns the key's view.
 * @throws AppError BAD_INPUT (invalid input), NOT_FOUND (no such key).
 */
export async function setApiKeyRateLimit(
  input: z.input<typeof ZSetApiKeyRateLimitInput>,
  actor: { userId: string },
  db: PrismaClient,
): Promise<ApiKeyView> {
  const data: SetApiKeyRateLimitInput = ZSetApiKeyRateLimitInput.parse(input);
  const row = await db.$transaction(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id: data.keyId }, select: keySelect });
    if (!before)
      throw new AppError("NOT_FOUND", `API key ${data.keyId} was not found.`, { field: "keyId" });
    const after = await tx.apiKey.update({
      where: { id: data.keyId },
      data: { rateLimitPerHour: data.perHour },
      select: keySelect,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "apiKey.setRateLimit",
      subjectType: "apiKey",
      subjectId: data.keyId,
      before: { rateLimitPerHour: before.rateLimitPerHour },
      after: { rateLimitPerHour: data.perHour, reason: data.reason },
    });
    return after;
  });
  const [owner, program] = await Promise.all([
    db.user.findUnique({ where: { id: row.userId }, select: ownerSelect }),
    programSettings(db),
  ]);
  return toView(row, owner ?? { promoter: null }, program.apiRequestsPerHour, new Date());
}

/**
 * The admin's list of every user's keys (newest first; one owner's when `email` is given), each
 * with its owner and the limit in force. Cursor pages by key id.
 */
export async function adminListApiKeys(
  input: z.input<typeof ZAdminApiKeysInput>,
  db: PrismaClient,
) {
  const page: AdminApiKeysInput = ZAdminApiKeysInput.parse(input);
  const now = new Date();
  const email = page.email?.toLowerCase();
  const [rows, program] = await Promise.all([
    db.apiKey.findMany({
      where: email ? { user: { email } } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageArgs(page),
      select: {
        ...keySelect,
        user: { select: { id: true, email: true, name: true, ...ownerSelect } },
      },
    }),
    programSettings(db),
  ]);
  return paginate(rows, page, (r) => ({
    ...toView(r, r.user, program.apiRequestsPerHour, now),
    owner: { id: r.user.id, email: r.user.email, name: r.user.name },
  }));
}

/** A REST request's key, once authenticated: whose it is, what it may do, its hourly limit. */
export type ApiKeyAuth = {
  keyId: string;
  userId: string;
  prefix: string;
  scopes: ApiKeyScope[];
  limitPerHour: number;
};

/** Why a request's key was refused: 401 (no valid key) or 403 (the owner is paused). */
export type ApiKeyRefusal = {
  status: 401 | 403;
  reason: "missing" | "malformed" | "unknown" | "revoked" | "expired" | "paused";
  message: string;
};

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Authenticates a REST request by its `Authorization: Bearer ff_live_…` header: looks the key up
 * by its prefix (one indexed read) and compares the SHA-256 of the whole key in constant time.
 * Records when and from which IP the key was last used: the first use at once, then at most once
 * a minute (LAST_USED_WRITE_INTERVAL_MS) so a busy key does not write on every request.
 * @param ip the client's IP as the rate limits see it (`requestClientIp`).
 * @returns `{ ok: true, key }` with the owner, scopes and rate limit in force (`resolveApiRateLimit`),
 *   or `{ ok: false, refusal }`: 401 missing / malformed / unknown / revoked / expired, 403 paused
 *   (the owner's promoter account is suspended or terminated), each with a readable message.
 */
export async function authenticateApiKey(
  authorizationHeader: string | null,
  ip: string,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<{ ok: true; key: ApiKeyAuth } | { ok: false; refusal: ApiKeyRefusal }> {
  const refuse = (status: 401 | 403, reason: ApiKeyRefusal["reason"], message: string) => ({
    ok: false as const,
    refusal: { status, reason, message },
  });
  const token = bearerFromHeader(authorizationHeader);
  if (!token)
    return refuse(
      401,
      "missing",
      "Send your API key in the Authorization header: Authorization: Bearer ff_live_…",
    );
  const parsed = parseApiKey(token);
  if (!parsed)
    return refuse(
      401,
      "malformed",
      "That is not a Fanfare API key: keys look like ff_live_<12 characters>_<43 characters>. Copy the whole key from Settings → API keys.",
    );
  const row = await db.apiKey.findUnique({
    where: { prefix: parsed.prefix },
    select: {
      id: true,
      userId: true,
      prefix: true,
      secretHash: true,
      scopes: true,
      rateLimitPerHour: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: ownerSelect },
    },
  });
  if (!row || !apiKeyMatches(token, row.secretHash))
    return refuse(401, "unknown", "That API key is not valid: it may be mistyped or deleted.");
  if (row.revokedAt)
    return refuse(
      401,
      "revoked",
      `This API key was revoked on ${utcMinute(row.revokedAt)}: create a new one in Settings → API keys.`,
    );
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    return refuse(
      401,
      "expired",
      `This API key expired on ${utcMinute(row.expiresAt)}: create a new one in Settings → API keys.`,
    );
  const promoter = row.user.promoter;
  if (promoter && PAUSED_STATUSES.has(promoter.status))
    return refuse(
      403,
      "paused",
      promoterStandingMessage(
        promoter.status as "SUSPENDED" | "TERMINATED",
        promoter.statusReason,
        "Keys and webhooks of suspended or terminated users are paused",
      ),
    );
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS)
    // Conditional, so concurrent first requests of a minute write once.
    await db.apiKey.updateMany({
      where: {
        id: row.id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS) } },
        ],
      },
      data: { lastUsedAt: now, lastUsedIp: ip.slice(0, 100) },
    });
  const program = await programSettings(db);
  const scopes = (row.scopes as ApiKeyScope[]).filter((s) => API_KEY_SCOPES.includes(s));
  return {
    ok: true,
    key: {
      keyId: row.id,
      userId: row.userId,
      prefix: row.prefix,
      scopes,
      limitPerHour: resolveApiRateLimit({
        keyLimit: row.rateLimitPerHour,
        tierLimit: promoter?.tier?.apiRequestsPerHour,
        programLimit: program.apiRequestsPerHour,
      }).perHour,
    },
  };
}
