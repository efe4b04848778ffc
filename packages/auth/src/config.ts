import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Nodemailer from "next-auth/providers/nodemailer";

import { getDb, localSecret } from "@fanfare/db";

import { authEnv } from "./env";

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
  sendMagicLink: (params: { email: string; url: string; expires: Date }) => Promise<void>;
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
  const db = await getDb();
  return {
    secret: env.AUTH_SECRET ?? localSecret("AUTH_SECRET"),
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
        // Never used to connect: sendVerificationRequest queues the message in the outbox.
        server: env.EMAIL_SERVER ?? "smtp://localhost:25",
        from: env.EMAIL_FROM,
        sendVerificationRequest: ({ identifier, url, expires }) =>
          hooks.sendMagicLink({ email: identifier, url, expires }),
      }),
    ],
    callbacks: {
      jwt: async ({ token, user }) => {
        if (user?.id) {
          token.sub = user.id;
          token.sv =
            "sessionVersion" in user && typeof user.sessionVersion === "number"
              ? user.sessionVersion
              : ((await hooks.currentSessionVersion(user.id)) ?? 0);
          return token;
        }
        if (!token.sub) return token;
        const current = await hooks.currentSessionVersion(token.sub);
        // Signed out everywhere (password reset) or the account is gone: the cookie is refused.
        if (current === null || current > (typeof token.sv === "number" ? token.sv : 0))
          return null;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
