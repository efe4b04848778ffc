import { MediaError } from "./media-error";

/**
 * Room for the multipart envelope around the file (boundaries, part headers, the `kind` field),
 * in bytes, on top of the file size limit.
 */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * `body` passed through unchanged, except that the stream errors with MediaError TOO_LARGE as soon
 * as more than `maxBytes` have come through: the reader (e.g. `Request.formData()`) stops there,
 * and nothing past the limit is kept in memory.
 */
export function limitBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  message: string,
): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new MediaError("TOO_LARGE", message));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * Reads a multipart upload with its size enforced while streaming: a declared Content-Length over
 * `maxFileBytes + MULTIPART_OVERHEAD_BYTES` is refused before anything is read, and the body is
 * cut off as soon as it passes that size (a missing or false Content-Length does not help).
 * @returns the parsed form.
 * @throws MediaError TOO_LARGE (413) over the limit; Error "bad form" (400) when the body is not
 *   multipart/form-data.
 */
export async function readUploadForm(req: Request, maxFileBytes: number): Promise<FormData> {
  const maxBytes = maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  const message = `Uploads are limited to ${Math.round(maxFileBytes / 1024 / 1024)} MB.`;
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new MediaError("TOO_LARGE", message);
  if (!req.body) throw new UploadFormError("The request has no body.");
  const limited = new Request(req.url, {
    method: "POST",
    headers: { "content-type": req.headers.get("content-type") ?? "" },
    body: limitBody(req.body, maxBytes, message),
    // Node's fetch needs it for a streamed body.
    duplex: "half",
  } as RequestInit);
  try {
    return await limited.formData();
  } catch (e) {
    const tooLarge = findMediaError(e);
    if (tooLarge) throw tooLarge;
    throw new UploadFormError(
      "Send the file as multipart/form-data with fields `kind` and `file`.",
      e,
    );
  }
}

/** The body is not a readable multipart form. */
export class UploadFormError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "UploadFormError";
  }
}

// undici wraps a stream's error in a TypeError ("Failed to parse body as FormData") with `cause`.
function findMediaError(e: unknown): MediaError | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof MediaError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}
