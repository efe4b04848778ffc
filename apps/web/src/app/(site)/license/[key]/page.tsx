import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Card } from "@fanfare/ui";
import { normaliseLicenseKey } from "@fanfare/validators";

import { formatUtcDate } from "~/lib/format";
import { api } from "~/trpc/server";

// Per visitor (rate limited per IP) and always current: a revocation shows at once.
export const dynamic = "force-dynamic";
export const metadata = { title: "Verify a licence", robots: { index: false } };

/**
 * The public verification page of a licence key (issue 16 §4): valid or revoked (with the date
 * and why), the kind, the track or release and its artist, the holder's name (an email is
 * masked), the issue date and the terms' version; nothing else about the buyer. A text that
 * cannot be a key is a 404 without any database read; the look-up itself is
 * `license.verify` (limited per IP, `licenseVerifyPerIp`).
 */
export default async function LicensePage({ params }: { params: Promise<{ key: string }> }) {
  const { key: raw } = await params;
  const key = normaliseLicenseKey(decodeURIComponent(raw));
  if (!key) notFound();
  let license;
  try {
    license = await (await api()).license.verify({ key });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    if (e instanceof TRPCError && e.code === "TOO_MANY_REQUESTS")
      return (
        <div className="mx-auto max-w-xl space-y-4">
          <h1 className="text-2xl font-bold">Verify a licence</h1>
          <Alert>{e.message}</Alert>
        </div>
      );
    throw e;
  }
  const revoked = license.status === "revoked";
  const rows: [string, string][] = [
    [license.product.kind === "track" ? "Track" : "Release", license.product.title],
    ["Artist", license.product.artistName],
    ["Holder", license.holderName],
    [
      "Licence",
      license.tierName ? `${license.kindLabel} (${license.tierName})` : license.kindLabel,
    ],
    ["Issued", `${formatUtcDate(license.issuedAt)} (UTC)`],
    ["Terms version", String(license.termsVersion)],
  ];
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">Licence verification</h1>
      <Card className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone={revoked ? "red" : "green"}>{revoked ? "Revoked" : "Valid"}</Badge>
          <span className="break-all font-mono text-sm" data-testid="license-key">
            {license.key}
          </span>
        </div>
        {revoked ? (
          <p className="text-sm text-red-700" data-testid="license-revoked">
            Revoked on {formatUtcDate(license.revokedAt!)} (UTC) because {license.revokedBecause}.
            It no longer grants any right.
          </p>
        ) : (
          <p className="text-sm text-zinc-700" data-testid="license-valid">
            This licence is valid: it was issued by Fanfare with a purchase of this{" "}
            {license.product.kind}.
          </p>
        )}
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-zinc-600">{label}</dt>
              <dd className="break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="text-sm">
          <Link href={license.product.path} className="text-brand-700 underline">
            See the {license.product.kind}
          </Link>
        </p>
      </Card>
    </div>
  );
}
