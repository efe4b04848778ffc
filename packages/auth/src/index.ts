import NextAuth from "next-auth";

import { buildAuthConfig } from "./config";

export type { Session } from "next-auth";
export { isMagicLinkEnabled } from "./config";

/** Auth.js entry points for the Next.js app (route handler, server-side session, actions). */
export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig);

declare module "next-auth" {
  // Module augmentation needs an interface: the session carries the user's id.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    user: { id: string; name?: string | null; email?: string | null; image?: string | null };
  }
}
