import { rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { ipFromHeaders } from "@fanfare/api/services/rate-limit/request-ip";
import { checkCredentials } from "@fanfare/api/services/users/check-credentials";
import {
  bearerFromHeader,
  issueBearerToken,
  PasswordHashBusyError,
  revokeBearerToken,
} from "@fanfare/auth/server";
import { getDb } from "@fanfare/db";
import { ZSignInInput } from "@fanfare/validators";

import { preflight, withCors } from "~/lib/cors";
import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

const METHODS = "POST, DELETE, OPTIONS";

/**
 * POST {email, password} -> {token, expires}: a bearer session token for API clients (the
 * mobile app). 400 on malformed input, 401 on wrong credentials, 429 with `Retry-After` over a
 * sign-in rate limit, 503 with `Retry-After` when every password-hashing slot is taken (the same
 * check as the web sign-in: packages/api/src/services/users/check-credentials.ts).
 */
export async function POST(req: Request) {
  return withCors(req, await issueToken(req), METHODS);
}

async function issueToken(req: Request): Promise<Response> {
  const body: unknown = await req.json().catch(() => null);
  const parsed = ZSignInInput.safeParse(body);
  if (!parsed.success) return jsonError(400, parsed.error.issues.map((i) => i.message).join("; "));
  const db = await getDb();
  let user;
  try {
    user = await checkCredentials({ ...parsed.data, ip: ipFromHeaders(req.headers) }, db);
  } catch (e) {
    const limited = rateLimitResponse(e);
    if (limited) return limited;
    if (e instanceof PasswordHashBusyError) {
      return Response.json(
        { error: e.message, retryAfterSeconds: e.retryAfterSeconds },
        { status: 503, headers: { "retry-after": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
  if (!user) return jsonError(401, "Wrong email or password.");
  const { token, expires } = await issueBearerToken(
    db,
    user.id,
    req.headers.get("user-agent")?.slice(0, 120) ?? "api",
  );
  return Response.json({ token, expires: expires.toISOString() });
}

/** DELETE with `Authorization: Bearer <token>`: revokes that token (sign out). */
export async function DELETE(req: Request) {
  return withCors(req, await revokeToken(req), METHODS);
}

async function revokeToken(req: Request): Promise<Response> {
  const token = bearerFromHeader(req.headers.get("authorization"));
  if (!token) return jsonError(400, "Send the token to revoke as Authorization: Bearer <token>.");
  const revoked = await revokeBearerToken(await getDb(), token);
  return Response.json({ revoked });
}

/** CORS preflight for the mobile app's web build (apps/web/src/lib/cors.ts). */
export function OPTIONS(req: Request) {
  return preflight(req, METHODS);
}
