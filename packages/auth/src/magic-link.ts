import { createHash, randomBytes } from "node:crypto";

import { localSecret } from "@fanfare/db";

import { authEnv } from "./env";

/** Auth.js's id of the email provider (`Nodemailer()` in config.ts): the callback's last segment. */
export const MAGIC_LINK_PROVIDER_ID = "nodemailer";

/** Where Auth.js's route handler lives (`app/api/auth/[...nextauth]`). */
export const AUTH_BASE_PATH = "/api/auth";

/**
 * How long a magic link works, in seconds: Auth.js's default for the email provider (24 h,
 * `@auth/core/providers/nodemailer`), set explicitly in config.ts from this constant.
 */
export const MAGIC_LINK_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * The secret Auth.js signs with: AUTH_SECRET, else the one generated into `.data/secrets.json`
 * on the embedded default. The one source for config.ts and `buildMagicLink`, so a link made
 * outside Auth.js hashes its token with the secret the callback checks it with.
 */
export function authSecret(): string {
  return authEnv().AUTH_SECRET ?? localSecret("AUTH_SECRET");
}

/**
 * An email as Auth.js's email provider identifies it (`defaultNormalizer` in
 * `@auth/core/lib/actions/signin/send-token.js`): NFKC, lower case, trimmed, no quotes, one "@",
 * the domain cut at a ",". The verification token's identifier and the user's `email` must be
 * this string exactly, or the callback would look up (and create) another user.
 * @throws Error "Invalid email address format." like Auth.js, for a value it would refuse.
 */
export function normalizeMagicLinkEmail(email: string): string {
  const trimmed = email.normalize("NFKC").toLowerCase().trim();
  if (trimmed.includes('"')) throw new Error("Invalid email address format.");
  const parts = trimmed.split("@");
  const [local, rawDomain] = parts;
  const domain = rawDomain?.split(",")[0];
  if (parts.length !== 2 || !local || !domain) throw new Error("Invalid email address format.");
  return `${local}@${domain}`;
}

/** A magic link ready to store and mail (see `buildMagicLink`). */
export type MagicLink = {
  /** The normalised email (`normalizeMagicLinkEmail`): the account it signs in. */
  identifier: string;
  /**
   * The `VerificationToken` row to insert, exactly as Auth.js's Prisma adapter would: the token
   * stored as SHA-256 hex of token + secret, never the token itself.
   */
  verificationToken: { identifier: string; token: string; expires: Date };
  /** `/api/auth/callback/nodemailer?callbackUrl=…&token=…&email=…`: the path the email links to. */
  signInPath: string;
  expires: Date;
};

/**
 * Makes the same magic sign-in link Auth.js's email sign-in makes (`sendToken` in
 * `@auth/core/lib/actions/signin/send-token.js`, v0.41): a random 32-byte token, the row
 * `{ identifier, token: sha256(token + secret), expires }` for the `VerificationToken` table, and
 * the callback URL carrying the raw token. Opening the link runs Auth.js's own callback, which
 * consumes the row (once), signs the user with that email in and redirects to `callbackUrl`
 * (through `resolveAuthRedirect`: same-origin paths only). For flows that mail a sign-in link
 * without the visitor posting the sign-in form (share & earn on a receipt, issue 14 §7). Pure
 * apart from the random token; the caller inserts the row and queues the email in one
 * transaction.
 * @param input.email the address to sign in (normalised here).
 * @param input.callbackPath where to land after signing in: a path on the app ("/dashboard/…").
 * @param input.now the clock (tests).
 * @throws Error when the email is not an address Auth.js accepts, or `callbackPath` is not a
 *   path starting with a single "/".
 */
export function buildMagicLink(input: {
  email: string;
  callbackPath: string;
  now?: Date;
}): MagicLink {
  if (!/^\/(?![/\\])/.test(input.callbackPath))
    throw new Error(`callbackPath must be a path on the app, not "${input.callbackPath}".`);
  const identifier = normalizeMagicLinkEmail(input.email);
  const token = randomBytes(32).toString("hex");
  const expires = new Date((input.now ?? new Date()).getTime() + MAGIC_LINK_MAX_AGE_SECONDS * 1000);
  const origin = new URL(authEnv().APP_URL).origin;
  const query = new URLSearchParams({
    callbackUrl: new URL(input.callbackPath, origin).toString(),
    token,
    email: identifier,
  });
  return {
    identifier,
    verificationToken: {
      identifier,
      token: createHash("sha256").update(`${token}${authSecret()}`).digest("hex"),
      expires,
    },
    signInPath: `${AUTH_BASE_PATH}/callback/${MAGIC_LINK_PROVIDER_ID}?${query.toString()}`,
    expires,
  };
}
