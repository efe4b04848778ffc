import { randomBytes, randomUUID } from "node:crypto";

import type { Prisma } from "@fanfare/db";
import { LICENSE_KEY_PATTERN } from "@fanfare/validators";

type Tx = Prisma.TransactionClient;

/**
 * Licences (issue 16 §4): every completed track or release sale carries exactly one `License`:
 * the personal licence, or the tier bought (commercial, sync) with the tier's terms and version
 * frozen as they were at completion. Issued in the completion's transaction (`completeSale`, just
 * before the receipt is queued), revoked in the settlement's (`settleSale`) when the sale ends
 * fully refunded or a dispute on it is lost.
 */

/** The personal licence's terms, printed on its certificate. A change here is a new version. */
export const PERSONAL_LICENSE_TERMS = [
  "Personal use licence.",
  "You may download, keep and play this music for your own private, non-commercial enjoyment, on any of your devices, and make backup copies.",
  "You may not resell, redistribute, broadcast, stream publicly, synchronise with video, or use it in advertising or any commercial project; ask the artist for a commercial or sync licence.",
  "All other rights stay with the artist.",
].join("\n\n");
/** The version of `PERSONAL_LICENSE_TERMS`. */
export const PERSONAL_LICENSE_TERMS_VERSION = 1;

/** Crockford's base32 alphabet (no I, L, O, U): the characters of a licence key. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A new random licence key `FF-XXXX-XXXX-XXXX-XXXX`: 16 Crockford base32 characters (80 bits)
 * from `crypto.randomBytes`; each byte's low 5 bits pick a character (256 is a multiple of 32, so
 * every character is equally likely). Matches `License_key_check` and LICENSE_KEY_PATTERN.
 */
export function newLicenseKey(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CROCKFORD[b & 31]!).join("");
  return `FF-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

/**
 * The holder as shown to anyone holding the key (the verification page, the certificate): the
 * buyer's name as given, or, when the holder is the buyer's email (no name was given at
 * checkout), only its first character and domain: `a***@example.com`.
 */
export function displayHolderName(holderName: string): string {
  const m = /^([^\s@])[^\s@]*@([^\s@]+)$/.exec(holderName.trim());
  return m ? `${m[1]}***@${m[2]}` : holderName;
}

/** At most this many keys are tried for one licence (a collision of 80 random bits is ~never). */
const KEY_ATTEMPTS = 5;

/**
 * Issues the sale's licence, idempotently, in the caller's transaction: kind and terms from the
 * sale's `licenseTierId` (the tier's kind, terms and `termsVersion` copied as they are now) or the
 * personal licence (`PERSONAL_LICENSE_TERMS`, version 1); holder = the buyer's name, or their
 * email when they gave none (shown masked: `displayHolderName`); issued at the sale's completion
 * time. Only a COMPLETED or REFUNDED sale gets one. One INSERT … SELECT … ON CONFLICT DO NOTHING:
 * a second call (a redelivered completion) finds the licence there and writes nothing; a key that
 * collides with another licence's also does nothing (no error, so the completion's transaction
 * is not aborted) and is retried with a new key. A sale already refunded in full or with a lost
 * dispute when it completes (the facts arrived first) gets its licence revoked at once
 * (`revokeLicenseIfLost`).
 * @returns the licence's key, or null when the sale is not completed (or does not exist).
 * @throws Error when KEY_ATTEMPTS keys all collided.
 */
export async function issueLicense(
  tx: Tx,
  saleId: string,
  now: Date = new Date(),
): Promise<string | null> {
  for (let attempt = 0; attempt < KEY_ATTEMPTS; attempt++) {
    const key = newLicenseKey();
    const inserted = await tx.$queryRaw<{ key: string }[]>`
      INSERT INTO "License" ("id", "saleId", "key", "kind", "holderName", "tierId", "termsVersion", "terms", "issuedAt")
      SELECT ${randomUUID()}, s."id", ${key}, COALESCE(t."kind", 'personal'),
        COALESCE(NULLIF(btrim(s."buyerName"), ''), s."buyerEmail"), t."id",
        COALESCE(t."termsVersion", ${PERSONAL_LICENSE_TERMS_VERSION}::int),
        COALESCE(t."terms", ${PERSONAL_LICENSE_TERMS}), COALESCE(s."completedAt", ${now})
      FROM "Sale" s LEFT JOIN "LicenseTier" t ON t."id" = s."licenseTierId"
      WHERE s."id" = ${saleId} AND s."status" IN ('COMPLETED', 'REFUNDED')
      ON CONFLICT DO NOTHING
      RETURNING "key"`;
    if (inserted.length > 0) {
      await revokeLicenseIfLost(tx, saleId, now);
      return inserted[0]!.key;
    }
    const existing = await tx.$queryRaw<{ key: string }[]>`
      SELECT l."key" FROM "License" l WHERE l."saleId" = ${saleId}`;
    if (existing.length > 0) return existing[0]!.key;
    const sale = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status" FROM "Sale" WHERE "id" = ${saleId}`;
    if (sale.length === 0 || (sale[0]!.status !== "COMPLETED" && sale[0]!.status !== "REFUNDED"))
      return null;
    // Otherwise the key collided with another licence's: try another.
  }
  throw new Error(`Could not issue a licence for sale ${saleId}: ${KEY_ATTEMPTS} keys collided.`);
}

/**
 * Revokes the sale's licence when it is lost to the buyer's money coming back, in the caller's
 * transaction (the end of `settleSale`, after the settlement's write): reason `dispute` when a
 * dispute on the sale's payment is lost (PaymentFact DISPUTE with status `lost`), else `refund`
 * when the sale is REFUNDED by refunds alone (`refundedCents` ≥ `amountCents`). A partial
 * refund, an open or won dispute revoke nothing (an open dispute of the whole amount makes the
 * sale REFUNDED while the money is held, and a won one makes it COMPLETED again). Never undone; a revoked licence keeps its first date and reason. One UPDATE, which
 * writes nothing for a sale without a licence or whose licence stands.
 * @returns the reason when this call revoked it, else null.
 */
export async function revokeLicenseIfLost(
  tx: Tx,
  saleId: string,
  now: Date = new Date(),
): Promise<"refund" | "dispute" | null> {
  const rows = await tx.$queryRaw<{ revokedReason: "refund" | "dispute" }[]>`
    WITH s AS (
      SELECT s."id", s."status" = 'REFUNDED' AND s."refundedCents" >= s."amountCents" AS "refundedInFull",
        EXISTS (SELECT 1 FROM "PaymentFact" f
          WHERE f."paymentIntentId" = s."stripePaymentIntentId" AND f."kind" = 'DISPUTE' AND f."status" = 'lost') AS "lost"
      FROM "Sale" s WHERE s."id" = ${saleId})
    UPDATE "License" l
    SET "revokedAt" = ${now}, "revokedReason" = CASE WHEN s."lost" THEN 'dispute' ELSE 'refund' END
    FROM s
    WHERE l."saleId" = s."id" AND l."revokedAt" IS NULL AND (s."lost" OR s."refundedInFull")
    RETURNING l."revokedReason"`;
  return rows[0]?.revokedReason ?? null;
}

/** `key` has a licence key's shape (LICENSE_KEY_PATTERN); for callers holding raw text. */
export const isLicenseKey = (key: string) => LICENSE_KEY_PATTERN.test(key);
