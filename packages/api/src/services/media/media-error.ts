/**
 * Why a file was refused:
 * - `UNSUPPORTED_TYPE`: the bytes are not one of the accepted formats (the filename is ignored).
 * - `TOO_LARGE`: over `MAX_MASTER_BYTES` / `MAX_ARTWORK_BYTES`.
 * - `EMPTY`: no bytes, or audio shorter than `MIN_AUDIO_SECONDS`.
 * - `UNREADABLE_AUDIO`: looks like audio but cannot be parsed or decoded.
 */
export type MediaErrorCode = "UNSUPPORTED_TYPE" | "TOO_LARGE" | "EMPTY" | "UNREADABLE_AUDIO";

/**
 * A user-supplied file was refused. The message says what failed, why and the limit, e.g.
 * `Master file "a.txt" is not audio: detected text/plain; accepted: mp3, wav, flac, m4a.`
 * Every code is the uploader's fault (a 4xx), never the server's.
 */
export class MediaError extends Error {
  readonly code: MediaErrorCode;

  constructor(code: MediaErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "MediaError";
    this.code = code;
  }
}
