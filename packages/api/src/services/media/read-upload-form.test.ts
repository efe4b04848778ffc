import { describe, expect, test } from "vitest";

import { MediaError } from "./media-error";
import { MULTIPART_OVERHEAD_BYTES, readUploadForm, UploadFormError } from "./read-upload-form";

const MB = 1024 * 1024;

/** A multipart body streamed in 64 KiB chunks, counting how many bytes the reader pulled. */
function multipartStream(fileBytes: number) {
  const boundary = "----fanfare-test";
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmaster\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024).fill(97);
  let sent = 0;
  let pulled = 0;
  const total = head.byteLength + fileBytes + tail.byteLength;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      let out: Uint8Array;
      if (sent === 0) out = head;
      else if (sent < head.byteLength + fileBytes)
        out = chunk.subarray(0, Math.min(chunk.byteLength, head.byteLength + fileBytes - sent));
      else if (sent < total) out = tail;
      else return controller.close();
      sent += out.byteLength;
      pulled += out.byteLength;
      controller.enqueue(out);
    },
  });
  return {
    stream,
    contentType: `multipart/form-data; boundary=${boundary}`,
    pulled: () => pulled,
    total,
  };
}

const request = (body: ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  new Request("http://localhost/api/uploads", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("readUploadForm enforces the size limit while streaming", () => {
  test("reads a form under the limit", async () => {
    const m = multipartStream(200 * 1024);
    const form = await readUploadForm(request(m.stream, { "content-type": m.contentType }), 1 * MB);
    expect(form.get("kind")).toBe("master");
    expect((form.get("file") as File).size).toBe(200 * 1024);
  });

  test("refuses a declared Content-Length over the limit before reading a byte (413)", async () => {
    const m = multipartStream(3 * MB);
    const e = await readUploadForm(
      request(m.stream, { "content-type": m.contentType, "content-length": String(m.total) }),
      1 * MB,
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(MediaError);
    expect((e as MediaError).code).toBe("TOO_LARGE");
    // Only what the stream itself buffers ahead (its first chunk, the part headers) was pulled.
    expect(m.pulled()).toBeLessThan(64 * 1024);
  });

  test("without Content-Length, stops reading as soon as the limit is passed: nothing past it is buffered", async () => {
    const m = multipartStream(20 * MB);
    const e = await readUploadForm(
      request(m.stream, { "content-type": m.contentType }),
      1 * MB,
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(MediaError);
    expect((e as MediaError).code).toBe("TOO_LARGE");
    expect((e as MediaError).message).toBe("Uploads are limited to 1 MB.");
    // The reader pulled at most the limit, the envelope allowance and a few chunks in flight.
    expect(m.pulled()).toBeLessThan(1 * MB + MULTIPART_OVERHEAD_BYTES + 4 * 64 * 1024);
  });

  test("a body that is not multipart is a form error (400), not a crash", async () => {
    const body = new Blob(["hello"]).stream();
    await expect(
      readUploadForm(request(body, { "content-type": "text/plain" }), 1 * MB),
    ).rejects.toBeInstanceOf(UploadFormError);
  });
});
