import { createHash } from "node:crypto";

import { TRPCError } from "@trpc/server";

import { normaliseLicenseKey } from "@fanfare/validators";

import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";

/**
 * GET /api/licenses/<key>/certificate.pdf: the licence's certificate (issue 16 §4), a PDF drawn
 * by `license.certificate` (pdfkit; the same bytes for the same licence, so it may be cached
 * privately; a revocation changes it, hence `no-cache`: revalidate by ETag). Public like the
 * verification page (the key is the secret). 404 for a malformed key without a database read,
 * or an unknown one; 429 over `licenseVerifyPerIp`.
 */
export async function GET(req: Request, { params }: { params: Promise<{ key: string }> }) {
  const key = normaliseLicenseKey(decodeURIComponent((await params).key));
  if (!key) return Response.json({ error: "No licence has this key." }, { status: 404 });
  let cert;
  try {
    cert = await (await api()).license.certificate({ key });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND")
      return Response.json({ error: e.message }, { status: 404 });
    if (e instanceof TRPCError && e.code === "TOO_MANY_REQUESTS")
      return Response.json({ error: e.message }, { status: 429, headers: { "retry-after": "60" } });
    throw e;
  }
  const bytes = Buffer.from(cert.pdfBase64, "base64");
  const etag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${cert.fileName}"`,
      "content-length": String(bytes.length),
      "cache-control": "private, no-cache",
      etag,
    },
  });
}
