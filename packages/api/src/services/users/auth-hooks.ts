import type { AuthHooks } from "@fanfare/auth";
import { verifyPassword } from "@fanfare/auth/server";
import { getDb } from "@fanfare/db";
import { ZSignInInput } from "@fanfare/validators";

import { enqueueEmail } from "../email/outbox";

/**
 * The rules Auth.js runs, for `createAuth` in the web app: the credentials check, the magic link
 * through the outbox, and the session version every JWT is checked against.
 */
export const authHooks: AuthHooks = {
  authorizeCredentials: async (raw) => {
    const parsed = ZSignInInput.safeParse(raw);
    if (!parsed.success) return null;
    const db = await getDb();
    const user = await db.user.findUnique({ where: { email: parsed.data.email } });
    if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  },
  sendMagicLink: async ({ email, url, expires }) => {
    const db = await getDb();
    await enqueueEmail(db, {
      idempotencyKey: `magic-link:${email}:${expires.getTime()}`,
      to: email,
      subject: "Your Fanfare sign-in link",
      template: "magic-link",
      text: `Sign in to Fanfare: ${url}\n\nThe link works once, until ${expires.toISOString()}. If you did not ask for it, ignore this email.`,
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
