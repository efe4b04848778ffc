import { createHash } from "node:crypto";

import type { Prisma, PrismaClient } from "@fanfare/db";
import { Prisma as PrismaNs } from "@fanfare/db";

/**
 * Idempotent POSTs of the REST API (issue 15 §2), as Stripe does and as the IETF draft
 * "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header) says:
 * - the first request with an `Idempotency-Key` runs, and its response (status and JSON body) is
 *   kept for IDEMPOTENCY_TTL_HOURS and replayed to any retry with the same key;
 * - the same key with another request body (or another route) is refused, 422;
 * - the same key while the first request is still running is refused, 409.
 * A key is one API key's: two API keys never share idempotency keys. Rows are pruned daily
 * (`pruneIdempotencyKeys`, job `api.prune-idempotency`).
 */

/** How long a response is replayed: 24 hours (Stripe keeps keys at least 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * A first request still "running" after this long crashed (the REST POSTs take milliseconds): a
 * retry then runs again instead of answering 409 for a day.
 */
export const IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS = 120;

/** JSON with object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/**
 * Lowercase hex SHA-256 of a request body: of its canonical JSON when it parses (key order and
 * white space do not matter), else of the text as sent; an empty body hashes as "".
 */
export function requestBodyHash(bodyText: string): string {
  let canonical = bodyText;
  if (bodyText.trim()) {
    try {
      canonical = canonicalJson(JSON.parse(bodyText));
    } catch {
      canonical = bodyText;
    }
  }
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

/**
 * The `Idempotency-Key` header's value, checked: 1–255 printable ASCII characters without spaces
 * (a UUID is typical), as the column's CHECK requires.
 * @returns null without the header, `{ key }`, or `{ error }` with the message for a 400.
 */
export function readIdempotencyKey(
  header: string | null,
): null | { key: string } | { error: string } {
  if (header === null) return null;
  const key = header.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    return {
      error:
        "Idempotency-Key must be 1–255 printable characters without spaces (a UUID, for example).",
    };
  return { key };
}

/** What to do with a POST carrying an idempotency key. */
export type IdempotencyStart =
  /** Run it; then `completeIdempotentRequest` (or `releaseIdempotentRequest` on a server error). */
  | { kind: "proceed"; recordId: string }
  /** Answer the stored response again (`Idempotent-Replayed: true`). */
  | { kind: "replay"; status: number; body: unknown }
  /** 422: the key was used with another body or route. */
  | { kind: "mismatch"; message: string }
  /** 409: the first request with the key is still running. */
  | { kind: "in-flight"; message: string };

/**
 * Claims `key` for this request (an insert on the unique (apiKeyId, key)), or says why not. A
 * row past IDEMPOTENCY_TTL_HOURS, or left running past IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS, is
 * replaced.
 * @param input.route e.g. "POST /v1/links": a key is bound to one route.
 * @param input.requestHash `requestBodyHash` of the body.
 */
export async function beginIdempotentRequest(
  input: { apiKeyId: string; key: string; route: string; requestHash: string; now?: Date },
  db: PrismaClient,
): Promise<IdempotencyStart> {
  const now = input.now ?? new Date();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const row = await db.apiIdempotencyKey.create({
        data: {
          apiKeyId: input.apiKeyId,
          key: input.key,
          route: input.route,
          requestHash: input.requestHash,
          createdAt: now,
        },
        select: { id: true },
      });
      return { kind: "proceed", recordId: row.id };
    } catch (e) {
      if (!(e instanceof PrismaNs.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
    }
    const existing = await db.apiIdempotencyKey.findUnique({
      where: { apiKeyId_key: { apiKeyId: input.apiKeyId, key: input.key } },
    });
    if (!existing) continue; // pruned or replaced in between: claim it again
    const age = now.getTime() - existing.createdAt.getTime();
    const expired = age >= IDEMPOTENCY_TTL_HOURS * 3_600_000;
    const abandoned = !existing.completedAt && age >= IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS * 1000;
    if (expired || abandoned) {
      // Only the row seen (a concurrent retry may have replaced it already).
      await db.apiIdempotencyKey.deleteMany({
        where: { id: existing.id, createdAt: existing.createdAt },
      });
      continue;
    }
    if (existing.route !== input.route || existing.requestHash !== input.requestHash)
      return {
        kind: "mismatch",
        message:
          existing.route !== input.route
            ? `This Idempotency-Key was used for ${existing.route} within the last ${IDEMPOTENCY_TTL_HOURS} hours: use a new key for each request.`
            : `This Idempotency-Key was used with a different request body within the last ${IDEMPOTENCY_TTL_HOURS} hours: use a new key for a different request.`,
      };
    if (!existing.completedAt || existing.status === null)
      return {
        kind: "in-flight",
        message:
          "A request with this Idempotency-Key is still being processed: retry once it has completed.",
      };
    return { kind: "replay", status: existing.status, body: existing.responseBody };
  }
  // Three claims lost to concurrent replacements of the same key: the others are running it.
  return {
    kind: "in-flight",
    message:
      "A request with this Idempotency-Key is still being processed: retry once it has completed.",
  };
}

/** Stores the response of the request that claimed the key, for replays. */
export async function completeIdempotentRequest(
  recordId: string,
  response: { status: number; body: unknown },
  db: PrismaClient,
): Promise<void> {
  await db.apiIdempotencyKey.updateMany({
    where: { id: recordId, completedAt: null },
    data: {
      status: response.status,
      responseBody: (response.body ?? PrismaNs.JsonNull) as Prisma.InputJsonValue,
      completedAt: new Date(),
    },
  });
}

/**
 * Gives the key back after a server error (5xx): nothing was decided, so a retry with the same
 * key runs again rather than replaying the failure.
 */
export async function releaseIdempotentRequest(recordId: string, db: PrismaClient): Promise<void> {
  await db.apiIdempotencyKey.deleteMany({ where: { id: recordId, completedAt: null } });
}

/**
 * Deletes idempotency keys older than IDEMPOTENCY_TTL_HOURS (they replay nothing any more).
 * @returns how many rows were deleted.
 */
export async function pruneIdempotencyKeys(
  input: { now?: Date },
  db: PrismaClient,
): Promise<{ deleted: number }> {
  const now = input.now ?? new Date();
  const { count } = await db.apiIdempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000) } },
  });
  return { deleted: count };
}
