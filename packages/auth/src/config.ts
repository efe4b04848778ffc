import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Nodemailer from "next-auth/providers/nodemailer";

import { getDb, localSecret } from "@fanfare/db";
import { ZSignInInput } from "@fanfare/validators";

import { authEnv } from "./env";
import { verifyPassword } from "./password";

/**
 * Auth.js (next-auth v5) configuration, built lazily so the database opens on first request.
 * Email + password (scrypt) always; an email magic link when EMAIL_SERVER is set. Sessions are
 * JWT cookies on the web; API clients use bearer tokens (bearer.ts).
 */
export async function buildAuthConfig(): Promise<NextAuthConfig> {
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
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: async (raw) => {
          const parsed = ZSignInInput.safeParse(raw);
          if (!parsed.success) return null;
          const user = await db.user.findUnique({ where: { email: parsed.data.email } });
          if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
      ...(env.EMAIL_SERVER ? [Nodemailer({ server: env.EMAIL_SERVER, from: env.EMAIL_FROM })] : []),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

/** Whether the magic-link provider is configured (the sign-in page shows it only then). */
export function isMagicLinkEnabled(): boolean {
  return Boolean(authEnv().EMAIL_SERVER);
}
