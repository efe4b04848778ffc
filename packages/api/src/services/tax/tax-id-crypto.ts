import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

import { localSecret } from "@fanfare/db";

import { apiEnv } from "../env";

/**
 * Tax ids at rest (issue 11 §4): AES-256-GCM with TAX_ENCRYPTION_KEY (or the generated local
 * secret on the embedded default), a fresh 96-bit IV each time (NIST SP 800-38D §8.2), and the
 * owner's id as additional authenticated data, so a ciphertext copied onto another promoter's
 * row does not decrypt. Stored as `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts; the
 * key id is the first 8 hex digits of the key's SHA-256, naming the key without revealing it).
 */
function taxKey(): Buffer {
  const raw = apiEnv().TAX_ENCRYPTION_KEY ?? localSecret("TAX_ENCRYPTION_KEY");
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("TAX_ENCRYPTION_KEY must be 32 bytes, base64.");
  return key;
}

const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/**
 * Encrypts `plain` (a normalised tax id) for the row owned by `ownerId`.
 * @returns the stored form `v1:<key id>:<iv>:<tag>:<ciphertext>`.
 */
export function encryptTaxId(plain: string, ownerId: string): string {
  const key = taxKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(ownerId, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString("base64url"));
  return ["v1", keyId(key), ...parts].join(":");
}

/**
 * Decrypts a stored tax id for filing (never for display: screens show `taxIdLast4`).
 * @throws Error when the value was encrypted under another key or for another owner, or was
 *   tampered with (GCM authentication).
 */
export function decryptTaxId(stored: string, ownerId: string): string {
  const [version, kid, iv, tag, ct] = stored.split(":");
  if (version !== "v1" || !kid || !iv || !tag || !ct) throw new Error("Unknown tax id format.");
  const key = taxKey();
  if (kid !== keyId(key))
    throw new Error(`Tax id was encrypted under key ${kid}; TAX_ENCRYPTION_KEY is ${keyId(key)}.`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(ownerId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString(
    "utf8",
  );
}
