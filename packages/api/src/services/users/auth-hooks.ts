import type { AuthHooks } from "@fanfare/auth";
import { CredentialsSignin } from "@fanfare/auth/errors";
import { PasswordHashBusyError } from "@fanfare/auth/server";
import { getDb } from "@fanfare/db";
import { ZSignInInput } from "@fanfare/validators";

import { recordSighting, requestVisitor } from "../affiliate/sightings";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { accountKey, consumeRateLimit, RateLimitedError } from "../rate-limit";
import { ipFromHeaders } from "../rate-limit/request-ip";
import { checkCredentials } from "./check-credentials";

/**
 * `code` of the sign-in error for a request over a sign-in rate limit. Auth.js puts it in the
 * redirect URL (`/sign-in?error=CredentialsSignin&code=rate_limited`); the form says "Too many
 * attempts, try again in N minutes" (N: RATE_LIMIT_SIGNIN_WINDOW_SECONDS / 60 at most).
 */
export const SIGN_IN_RATE_LIMITED_CODE = "rate_limited";
/** `code` when every password-hashing slot is taken: "The server is busy, try again in a moment." */
export const SIGN_IN_BUSY_CODE = "busy";

/** Thrown by `authorizeCredentials` over a sign-in rate limit (code "rate_limited"). */
export class SignInRateLimited extends CredentialsSignin {
  code = SIGN_IN_RATE_LIMITED_CODE;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts: try again in ${retryAfterSeconds} s.`);
  }
}

/** Thrown by `authorizeCredentials` when the password-hashing queue is full (code "busy"). */
export class SignInBusy extends CredentialsSignin {
  code = SIGN_IN_BUSY_CODE;
  constructor(readonly retryAfterSeconds: number) {
    super(`Sign-in is busy: try again in ${retryAfterSeconds} s.`);
  }
}

/**
 * The rules Auth.js runs, for `createAuth` in the web app: the credentials check, the magic link
 * through the outbox, and the session version every JWT is checked against.
 */
export const authHooks: AuthHooks = {
  authorizeCredentials: async (raw, request) => {
    const parsed = ZSignInInput.safeParse(raw);
    if (!parsed.success) return null;
    const db = await getDb();
    try {
      const user = await checkCredentials(
        { ...parsed.data, ip: ipFromHeaders(request.headers) },
        db,
      );
      // Where the user signs in is where a self-purchase would come from: a soft signal for
      // fraud review, never a reason to drop a commission (services/affiliate/sightings.ts).
      if (user)
        await recordSighting({ userId: user.id, ...requestVisitor(request.headers) }, db).catch(
          () => 0,
        );
      return user;
    } catch (e) {
      if (e instanceof RateLimitedError) throw new SignInRateLimited(e.retryAfterSeconds);
      if (e instanceof PasswordHashBusyError) throw new SignInBusy(e.retryAfterSeconds);
      throw e;
    }
  },
  sendMagicLink: async ({ email, url, expires, request }) => {
    const db = await getDb();
    // Each request mails a credential to any address: limited per IP and per address like
    // password resets, so nobody can mail-bomb an inbox through the platform's SMTP reputation.
    await consumeRateLimit("magicLinkPerIp", ipFromHeaders(request.headers), { db });
    await consumeRateLimit("magicLinkPerAccount", accountKey(email), { db });
    // Only the path and query of Auth.js's link are kept: the template puts them on APP_URL, so
    // the link never carries the host a request happened to arrive on.
    const link = new URL(url);
    await enqueueEmail(db, {
      idempotencyKey: `magic-link:${email}:${expires.getTime()}`,
      to: email,
      template: "magic-link",
      props: {
        appUrl: apiEnv().APP_URL,
        signInPath: `${link.pathname}${link.search}`,
        expiresAt: expires,
      },
    });
  },
  currentSessionVersion: async (userId) => {
    const db = await getDb();
    const user = await db.user.findUnique({
      where: { id: userId },
      select: { sessionVersion: true },
    });
    return user?.sessionVersion ?? null;
  },
};
