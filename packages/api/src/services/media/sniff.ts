/**
 * Validation of uploaded files by their bytes. The type is detected from magic numbers with
 * `file-type` (and the audio container parsed with music-metadata); the filename only appears in
 * error messages, so "song.mp3" holding text is refused and a wav named "notes.txt" is accepted.
 */
import type { AudioProbe } from "./audio";
import { fileLabel, readAudio } from "./audio";
import type { AudioType, ImageType } from "./formats";
import { detectImageType, IMAGE_FORMATS, isRejected } from "./formats";
import { MediaError } from "./media-error";

export { MediaError } from "./media-error";
export type { MediaErrorCode } from "./media-error";
export type { AudioFormat, ImageFormat } from "./formats";
export { AUDIO_FORMATS, IMAGE_FORMATS } from "./formats";

/** Largest master accepted, in bytes (200 MiB: about 20 minutes of 16-bit/44.1 kHz stereo wav). */
export const MAX_MASTER_BYTES = 200 * 1024 * 1024;
/** Largest artwork accepted, in bytes (10 MiB). */
export const MAX_ARTWORK_BYTES = 10 * 1024 * 1024;
/** Smallest artwork accepted, in bytes. */
export const MIN_ARTWORK_BYTES = 1;
/** Shortest master accepted, in seconds of audio (exact duration, before rounding). */
export const MIN_AUDIO_SECONDS = 1;

/** An accepted master: its type, size in bytes and what `probeAudio` read from it. */
export type SniffedMaster = AudioType & { sizeBytes: number; probe: AudioProbe };
/** An accepted artwork image: its type and size in bytes. */
export type SniffedArtwork = ImageType & { sizeBytes: number };

/**
 * Validates an audio master: not empty, at most `MAX_MASTER_BYTES`, mp3 / wav / flac / m4a (AAC
 * in MP4, or raw ADTS AAC filed as m4a) by its bytes, readable, at least `MIN_AUDIO_SECONDS` long.
 * Checks run cheapest first, so an oversized file is refused before it is parsed.
 *
 * @param opts.filename the name the user gave the file; used only in messages.
 * @param opts.bytes the whole file.
 * @returns format (`mp3 | wav | flac | m4a`), contentType (audio/mpeg, audio/wav, audio/flac,
 *   audio/mp4 or audio/aac), ext for the storage key, sizeBytes and the audio probe.
 * @throws MediaError `EMPTY` (0 bytes, or under 1 s of audio), `TOO_LARGE`, `UNSUPPORTED_TYPE`,
 *   `UNREADABLE_AUDIO`.
 */
export async function sniffMaster(opts: {
  filename: string;
  bytes: Uint8Array;
}): Promise<SniffedMaster> {
  const label = fileLabel("Master file", opts.filename);
  const sizeBytes = opts.bytes.byteLength;
  if (sizeBytes === 0) throw new MediaError("EMPTY", `${label} is empty: 0 bytes received.`);
  if (sizeBytes > MAX_MASTER_BYTES) {
    throw new MediaError(
      "TOO_LARGE",
      `${label} is too large: ${sizeBytes} bytes; limit: ${describeBytes(MAX_MASTER_BYTES)}.`,
    );
  }
  const { type, exactDurationSeconds, probe } = await readAudio(opts.bytes, label);
  if (exactDurationSeconds < MIN_AUDIO_SECONDS) {
    throw new MediaError(
      "EMPTY",
      `${label} is too short: ${exactDurationSeconds.toFixed(2)} s of audio; minimum: ${MIN_AUDIO_SECONDS} s.`,
    );
  }
  return { ...type, sizeBytes, probe };
}

/**
 * Validates cover artwork: at least `MIN_ARTWORK_BYTES`, at most `MAX_ARTWORK_BYTES`, and a JPEG,
 * PNG or WebP by its bytes. Dimensions are not checked.
 *
 * @param opts.filename the name the user gave the file; used only in messages.
 * @param opts.bytes the whole file.
 * @returns format (`jpeg | png | webp`), contentType (image/jpeg, image/png, image/webp), ext,
 *   sizeBytes.
 * @throws MediaError `EMPTY`, `TOO_LARGE`, `UNSUPPORTED_TYPE`.
 */
export async function sniffArtwork(opts: {
  filename: string;
  bytes: Uint8Array;
}): Promise<SniffedArtwork> {
  const label = fileLabel("Artwork file", opts.filename);
  const sizeBytes = opts.bytes.byteLength;
  if (sizeBytes < MIN_ARTWORK_BYTES)
    throw new MediaError("EMPTY", `${label} is empty: 0 bytes received.`);
  if (sizeBytes > MAX_ARTWORK_BYTES) {
    throw new MediaError(
      "TOO_LARGE",
      `${label} is too large: ${sizeBytes} bytes; limit: ${describeBytes(MAX_ARTWORK_BYTES)}.`,
    );
  }
  const type = await detectImageType(opts.bytes);
  if (isRejected(type)) {
    throw new MediaError(
      "UNSUPPORTED_TYPE",
      `${label} is not an image: detected ${type.detected}; accepted: ${IMAGE_FORMATS.join(", ")}.`,
    );
  }
  return { ...type, sizeBytes };
}

/** "200 MiB (209715200 bytes)": the unit people read, and the exact figure. */
function describeBytes(n: number): string {
  return `${n / (1024 * 1024)} MiB (${n} bytes)`;
}
