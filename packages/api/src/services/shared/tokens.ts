import { createHash, randomBytes } from "node:crypto";

/** SHA-256 as lowercase hex. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** A URL-safe random token: 32 bytes of entropy as 43 base64url characters. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}
