import NextAuth from "next-auth";

import type { AuthHooks } from "./config";
import { buildAuthConfig } from "./config";

export type { Session } from "next-auth";
export type { AuthHooks, AuthorizedUser } from "./config";
export { CredentialsSignin } from "next-auth";

/**
 * Auth.js entry points for the Next.js app (route handler, server-side session, actions), with
 * the app's rules plugged in (`apps/web/src/auth.ts` creates the one instance).
 */
export function createAuth(hooks: AuthHooks) {
  return NextAuth(() => buildAuthConfig(hooks));
}

declare module "next-auth" {
  // Module augmentation needs an interface: the session carries the user's id.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    user: { id: string; name?: string | null; email?: string | null; image?: string | null };
  }
}
