import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The shape of an API key (issue 15 §1): `ff_live_<prefix>_<secret>`, where the prefix is 12
 * lowercase base-32 characters (a-z, 2-7: 60 random bits, unique, shown in settings so a person
 * recognises the key, and the index every request looks the key up by) and the secret is 32
 * random bytes in base64url (43 characters). Only the SHA-256 of the whole key is stored: the key
 * carries 256 random bits, so a fast hash is as safe as a slow one and costs one indexed read per
 * request (GitHub's and Stripe's keys are stored the same way).
 */
export const API_KEY_TAG = "ff_live_";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const KEY_PATTERN = /^ff_live_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * Lowercase base-32 of `bytes`, one character per byte (its low 5 bits: 256 is a multiple of 32,
 * so every character is equally likely).
 */
export function base32Chars(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/** A new key: the full string (shown once), its prefix and the hash to store. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = base32Chars(randomBytes(12));
  const key = `${API_KEY_TAG}${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** Lowercase hex SHA-256 of the whole key string (64 characters), as `ApiKey.secretHash` holds it. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The prefix of a well-formed key, or null for anything else (no database read needed). */
export function parseApiKey(token: string): { prefix: string } | null {
  const m = KEY_PATTERN.exec(token);
  return m ? { prefix: m[1]! } : null;
}

/** Whether a bearer token claims to be an API key (so the app's session endpoint can say where it belongs). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_TAG);
}

/**
 * Whether `key` hashes to `storedHash`, compared in constant time (the time taken says nothing
 * about how many leading characters matched).
 */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How settings show a key: `ff_live_<prefix>…` (the secret is never shown again). */
export function displayApiKey(prefix: string): string {
  return `${API_KEY_TAG}${prefix}…`;
}
