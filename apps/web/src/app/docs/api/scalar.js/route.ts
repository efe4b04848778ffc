import fs from "node:fs";
import { Readable } from "node:stream";

import { scalarBundle } from "~/lib/scalar-asset";

export const dynamic = "force-dynamic";

/**
 * Scalar's browser bundle for the API reference (`/docs/api`), from the installed package (see
 * `scalarBundle`): a public, versioned file, so browsers and caches keep it for a year
 * (`immutable`: a new Scalar version changes the page's `?v=`), and a revalidation by ETag
 * answers 304 without sending ~5 MB again.
 */
export function GET(req: Request): Response {
  const bundle = scalarBundle();
  if (!bundle)
    return Response.json(
      { error: "The API reference's script (@scalar/api-reference) is not installed." },
      { status: 404 },
    );
  const etag = `"scalar-${bundle.version}"`;
  const headers = {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "public, max-age=31536000, immutable",
    etag,
  };
  if (req.headers.get("if-none-match") === etag)
    return new Response(null, { status: 304, headers });
  const stream = Readable.toWeb(fs.createReadStream(bundle.file)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: { ...headers, "content-length": String(fs.statSync(bundle.file).size) },
  });
}
