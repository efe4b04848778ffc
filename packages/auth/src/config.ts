import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { JWT } from "next-auth/jwt";
import Nodemailer from "next-auth/providers/nodemailer";

import { getDb } from "@fanfare/db";
import { safeRedirectPath } from "@fanfare/validators";

import { revokeAccessMadeBeforeClaim } from "./account-claim";
import { authEnv, pinAuthUrl } from "./env";
import { authSecret, MAGIC_LINK_MAX_AGE_SECONDS, MAGIC_LINK_PROVIDER_ID } from "./magic-link";

/** A signed-in user as the credentials check returns it. */
export type AuthorizedUser = {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
};

/**
 * What the app plugs into Auth.js. The rules (rate limits, password hashing, the outbox) live in
 * `@fanfare/api`, which depends on this package, so they are passed in by the web app
 * (`apps/web/src/auth.ts`) instead of imported here.
 */
export type AuthHooks = {
  /**
   * Checks an email and password (raw form input) for the request. Returns the user, or null for
   * wrong credentials; may throw a `CredentialsSignin` subclass whose `code` the sign-in form shows
   * (e.g. "rate_limited").
   */
  authorizeCredentials: (
    raw: Partial<Record<string, unknown>>,
    request: Request,
  ) => Promise<AuthorizedUser | null>;
  /** Queues the magic sign-in link email (through the outbox, so it works without EMAIL_SERVER). */
  sendMagicLink: (params: {
    email: string;
    url: string;
    expires: Date;
    request: Request;
  }) => Promise<void>;
  /** The user's current session version (User.sessionVersion), or null when the user is gone. */
  currentSessionVersion: (userId: string) => Promise<number | null>;
};

/**
 * Auth.js (next-auth v5) configuration, built lazily so the database opens on first request.
 * Email + password and an email magic link (sent through the outbox). Sessions are JWT cookies
 * carrying the user's session version: a JWT older than `User.sessionVersion` (raised by a
 * password reset) is refused. API clients use bearer tokens (bearer.ts).
 */
export async function buildAuthConfig(hooks: AuthHooks): Promise<NextAuthConfig> {
  const env = authEnv();
  const appOrigin = pinAuthUrl();
  const db = await getDb();
  return {
    secret: authSecret(),
    trustHost: true,
    adapter: PrismaAdapter(db),
    session: { strategy: "jwt", maxAge: 30 * 86_400 },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in?check-email=1" },
    providers: [
      Credentials({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: async (raw, request) => hooks.authorizeCredentials(raw, request),
      }),
      Nodemailer({
        // The id, lifetime and secret `buildMagicLink` (magic-link.ts) makes links with.
        id: MAGIC_LINK_PROVIDER_ID,
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        // Never used to connect: sendVerificationRequest queues the message in the outbox.
        server: env.EMAIL_SERVER ?? "smtp://localhost:25",
        from: env.EMAIL_FROM,
        sendVerificationRequest: ({ identifier, url, expires, request }) =>
          hooks.sendMagicLink({ email: identifier, url, expires, request }),
      }),
    ],
    callbacks: {
      signIn: claimOnEmailSignIn(db),
      jwt: sessionVersionJwtCallback(hooks),
      redirect: ({ url }) => resolveAuthRedirect(url, appOrigin),
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

/**
 * The signIn callback: an email link used (not requested) claims an unverified account
 * (`claimUnverifiedAccount`). Auth.js runs this callback twice for the email provider: when a
 * link is requested (`email.verificationRequest`: nobody has proven the mailbox yet) and when
 * the link is used; only the second proves the mailbox. Always allows the sign-in.
 */
export function claimOnEmailSignIn(db: Awaited<ReturnType<typeof getDb>>) {
  return async ({
    user,
    account,
    email,
  }: {
    user: { id?: string | null };
    account?: { type?: string } | null;
    email?: { verificationRequest?: boolean };
  }): Promise<boolean> => {
    if (account?.type === "email" && !email?.verificationRequest && user.id)
      await claimUnverifiedAccount(db, user.id);
    return true;
  };
}

/**
 * Account pre-hijacking defence (Sudhodanan & Paverd, "Pre-hijacked accounts", 2022; OWASP
 * Authentication Cheat Sheet): someone may sign up with another person's address and a password
 * they know, and wait for the owner to sign in by email link. The first email-link sign-in to an
 * account whose address was never verified proves the mailbox, so it takes the account over:
 * the password set before (by whoever typed it) is removed and every other session is signed
 * out (`sessionVersion` raised), its app tokens deleted (`Session` rows), its API keys revoked and
 * its webhook endpoints disabled (whoever made them before this proof may not keep reading or
 * receiving the account's data), before Auth.js marks the address verified. The owner sets a
 * password again through "Forgot password" (which verifies the address too, so a password user
 * who reset it keeps it). Runs in Auth.js's signIn callback for the email provider, only when the
 * link is used (never when it is requested); a user that does not exist yet (Auth.js creates it
 * afterwards) matches nothing.
 * @returns whether the account had a password to remove.
 */
export async function claimUnverifiedAccount(
  db: Awaited<ReturnType<typeof getDb>>,
  userId: string,
  now: Date = new Date(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, emailVerified: null, passwordHash: { not: null } },
      data: { passwordHash: null, sessionVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    await revokeAccessMadeBeforeClaim(tx, userId, now);
    return true;
  });
}

/**
 * The jwt callback: a sign-in stamps the token with the user's session version (`sv`); every
 * later request re-reads `User.sessionVersion` and refuses the token (returns null, which signs
 * the cookie out) when it was raised since (a password reset: signed out everywhere) or the
 * account is gone. A token without `sv` counts as version 0.
 */
export function sessionVersionJwtCallback(hooks: Pick<AuthHooks, "currentSessionVersion">) {
  return async ({
    token,
    user,
  }: {
    token: JWT;
    user?: { id?: string; sessionVersion?: unknown } | null;
  }): Promise<JWT | null> => {
    if (user?.id) {
      token.sub = user.id;
      token.sv =
        typeof user.sessionVersion === "number"
          ? user.sessionVersion
          : ((await hooks.currentSessionVersion(user.id)) ?? 0);
      return token;
    }
    if (!token.sub) return token;
    const current = await hooks.currentSessionVersion(token.sub);
    // Signed out everywhere (password reset) or the account is gone: the cookie is refused.
    if (current === null || current > (typeof token.sv === "number" ? token.sv : 0)) return null;
    return token;
  };
}

/**
 * Where Auth.js may send the browser after signing in or out: a path on the app
 * (`safeRedirectPath`), on APP_URL's origin. An absolute URL on that origin keeps its path;
 * any other origin (and anything unsafe) goes to the home page.
 * @param url what Auth.js was asked to redirect to (`redirectTo` / `callbackUrl`).
 * @param appOrigin APP_URL's origin, e.g. "https://fanfare.example".
 * @returns an absolute URL on appOrigin.
 */
export function resolveAuthRedirect(url: string, appOrigin: string): string {
  let path: unknown = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      path =
        absolute.origin === appOrigin
          ? `${absolute.pathname}${absolute.search}${absolute.hash}`
          : "/";
    } catch {
      path = "/";
    }
  }
  return `${appOrigin}${safeRedirectPath(path, "/")}`;
}
