import type { PrismaClient } from "@fanfare/db";
import type { LicenseKind } from "@fanfare/db/kinds";
import { LICENSE_KIND_LABELS, normaliseLicenseKey } from "@fanfare/validators";

import { AppError } from "../app-error";
import { apiEnv } from "../env";
import { displayHolderName } from "./issue";

/**
 * What anyone holding a licence key may see (the public verification page `/license/<key>` and
 * `license.verify`): whether it stands, what it covers and whose it is, nothing else about the
 * buyer (no email: a holder that is the buyer's email is masked, `a***@example.com`; no amount,
 * no sale id). Plain JSON (dates as ISO 8601 strings, UTC).
 */
export type LicenseVerification = {
  key: string;
  status: "valid" | "revoked";
  /** When and why it was revoked ("refund": the purchase was refunded; "dispute": a lost dispute). */
  revokedAt: string | null;
  revokedReason: "refund" | "dispute" | null;
  /** The reason in words for the page: "the purchase was refunded", "the payment dispute was lost". */
  revokedBecause: string | null;
  kind: LicenseKind;
  kindLabel: string;
  /** The tier's name as the artist calls it (null for the personal licence). */
  tierName: string | null;
  product: { kind: "track" | "release"; title: string; artistName: string; path: string };
  holderName: string;
  issuedAt: string;
  termsVersion: number;
};

/** A licence with what its certificate prints besides (terms text, verification URL). */
export type LicenseCertificateData = LicenseVerification & { terms: string; verifyUrl: string };

const BECAUSE = {
  refund: "the purchase was refunded",
  dispute: "the payment dispute was lost",
} as const;

async function loadLicense(key: string, db: PrismaClient): Promise<LicenseCertificateData | null> {
  const row = await db.license.findUnique({
    where: { key },
    select: {
      key: true,
      kind: true,
      holderName: true,
      termsVersion: true,
      terms: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      tier: { select: { name: true } },
      sale: {
        select: {
          track: { select: { title: true, slug: true, artist: { select: { name: true } } } },
          release: { select: { title: true, slug: true, artist: { select: { name: true } } } },
        },
      },
    },
  });
  if (!row) return null;
  const product = row.sale.track
    ? { kind: "track" as const, ...row.sale.track, path: `/t/${row.sale.track.slug}` }
    : { kind: "release" as const, ...row.sale.release!, path: `/r/${row.sale.release!.slug}` };
  const reason = row.revokedReason as "refund" | "dispute" | null;
  const kind = row.kind as LicenseKind;
  return {
    key: row.key,
    status: row.revokedAt ? "revoked" : "valid",
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: reason,
    revokedBecause: reason ? BECAUSE[reason] : null,
    kind,
    kindLabel: LICENSE_KIND_LABELS[kind],
    tierName: row.tier?.name ?? null,
    product: {
      kind: product.kind,
      title: product.title,
      artistName: product.artist.name,
      path: product.path,
    },
    holderName: displayHolderName(row.holderName),
    issuedAt: row.issuedAt.toISOString(),
    termsVersion: row.termsVersion,
    terms: row.terms,
    verifyUrl: licenseVerifyUrl(row.key),
  };
}

/** The public verification page of `key`: `<APP_URL>/license/<key>`. */
export const licenseVerifyUrl = (key: string) =>
  new URL(`/license/${key}`, apiEnv().APP_URL).toString();

/** The certificate's path: `/api/licenses/<key>/certificate.pdf`. */
export const licenseCertificatePath = (key: string) => `/api/licenses/${key}/certificate.pdf`;

/**
 * Verifies a licence key (case and surrounding spaces forgiven). A text that cannot be a key is
 * answered NOT_FOUND without reading the database.
 * @returns `LicenseVerification` (only the fields listed there).
 * @throws AppError NOT_FOUND "No licence has the key X." (unknown or malformed key).
 */
export async function verifyLicense(
  input: { key: string },
  db: PrismaClient,
): Promise<LicenseVerification> {
  const key = normaliseLicenseKey(input.key);
  const found = key ? await loadLicense(key, db) : null;
  if (!found) throw new AppError("NOT_FOUND", `No licence has the key ${input.key.slice(0, 40)}.`);
  const { terms: _terms, verifyUrl: _url, ...shown } = found;
  return shown;
}

/**
 * What the certificate of `key` prints: the verification plus the terms text and the
 * verification URL.
 * @throws AppError NOT_FOUND (unknown or malformed key).
 */
export async function licenseCertificateData(
  input: { key: string },
  db: PrismaClient,
): Promise<LicenseCertificateData> {
  const key = normaliseLicenseKey(input.key);
  const found = key ? await loadLicense(key, db) : null;
  if (!found) throw new AppError("NOT_FOUND", `No licence has the key ${input.key.slice(0, 40)}.`);
  return found;
}
