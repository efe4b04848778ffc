/**
 * Reading and transcoding audio: duration/format probing with music-metadata (pure JS) and
 * preview cutting / tone synthesis with the ffmpeg binary shipped by @ffmpeg-installer/ffmpeg.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { parseBuffer } from "music-metadata";

import type { AudioFormat, AudioType } from "./formats";
import { AUDIO_FORMATS, detectAudioType, isRejected } from "./formats";
import { MediaError } from "./media-error";

/** Length of the public preview clip, in seconds. */
export const PREVIEW_SECONDS = 30;
/** Fade-out at the end of every preview, in seconds. */
export const PREVIEW_FADE_SECONDS = 2;
/** Preview encoding: mp3 at this bitrate, in kbit/s. */
export const PREVIEW_BITRATE_KBPS = 128;

// MP3 and AAC encoders pad the last frame (an mp3 frame is 1152 samples, 26 ms at 44.1 kHz), so a
// 30.000 s source comes back as 30.03 s. Rounding that up would show buyers 0:31; ignore up to
// 50 ms past a whole second when rounding up.
const PADDING_TOLERANCE_SECONDS = 0.05;

// Generous: a 200 MB master decodes in a few seconds; this only stops a hung process.
const FFMPEG_TIMEOUT_MS = 5 * 60 * 1000;

export type AudioProbe = {
  /** Whole seconds, rounded up (ignoring up to 50 ms of codec padding); at least 1 for any sound. */
  durationSeconds: number;
  format: AudioFormat;
  /** Average bitrate in bits per second, when the container states or implies one. */
  bitrate?: number;
  /** Samples per second (Hz). */
  sampleRate?: number;
  /** Codec as music-metadata names it, e.g. "PCM", "FLAC", "MPEG 1 Layer 3", "MPEG-4/AAC". */
  codec?: string;
};

/** What `readAudio` learns about a file; the exact duration is kept for the minimum-length rule. */
export type AudioInfo = { type: AudioType; exactDurationSeconds: number; probe: AudioProbe };

/**
 * Reads duration, format, bitrate, sample rate and codec from the bytes of an audio file.
 * The format comes from the bytes (magic numbers), never from a filename.
 *
 * @param bytes the whole file.
 * @param opts.filename used only in error messages.
 * @returns `AudioProbe`; `durationSeconds` is an integer, rounded up.
 * @throws MediaError `EMPTY` (no bytes), `UNSUPPORTED_TYPE` (not mp3/wav/flac/m4a/aac),
 *   `UNREADABLE_AUDIO` (the container cannot be parsed or states no duration).
 */
export async function probeAudio(
  bytes: Uint8Array,
  opts: { filename?: string } = {},
): Promise<AudioProbe> {
  return (await readAudio(bytes, fileLabel("Audio file", opts.filename))).probe;
}

/**
 * `probeAudio` plus the sniffed type and the exact duration. Internal to the media service
 * (sniff.ts uses it); `label` starts every error message, e.g. `Master file "a.wav"`.
 */
export async function readAudio(bytes: Uint8Array, label: string): Promise<AudioInfo> {
  if (bytes.byteLength === 0) throw new MediaError("EMPTY", `${label} is empty: 0 bytes received.`);
  const type = await detectAudioType(bytes);
  if (isRejected(type)) {
    throw new MediaError(
      "UNSUPPORTED_TYPE",
      `${label} is not audio: detected ${type.detected}; accepted: ${AUDIO_FORMATS.join(", ")}.`,
    );
  }
  const fileInfo = { mimeType: type.contentType, size: bytes.byteLength };
  let duration: number | undefined;
  let format;
  try {
    ({ format } = await parseBuffer(bytes, fileInfo, { skipCovers: true }));
    duration = format.duration;
    // Raw AAC and some VBR mp3s state no duration in a header; scanning every frame finds it.
    if (duration === undefined || !Number.isFinite(duration)) {
      ({ format } = await parseBuffer(bytes, fileInfo, { skipCovers: true, duration: true }));
      duration = format.duration;
    }
  } catch (e) {
    throw new MediaError(
      "UNREADABLE_AUDIO",
      `${label} could not be read as ${type.format}: ${e instanceof Error ? e.message : String(e)}.`,
      { cause: e },
    );
  }
  if (duration === undefined || !Number.isFinite(duration) || duration < 0) {
    throw new MediaError(
      "UNREADABLE_AUDIO",
      `${label} could not be read as ${type.format}: no duration found.`,
    );
  }
  const probe: AudioProbe = { durationSeconds: roundUpSeconds(duration), format: type.format };
  if (format.bitrate !== undefined && Number.isFinite(format.bitrate))
    probe.bitrate = Math.round(format.bitrate);
  if (format.sampleRate !== undefined) probe.sampleRate = format.sampleRate;
  if (format.codec !== undefined) probe.codec = format.codec;
  return { type, exactDurationSeconds: duration, probe };
}

function roundUpSeconds(seconds: number): number {
  if (seconds <= 0) return 0;
  return Math.max(1, Math.ceil(seconds - PADDING_TOLERANCE_SECONDS));
}

/**
 * Cuts the public preview: `lengthSeconds` of audio from `startSeconds`, encoded as mp3 at
 * 128 kbit/s, 44.1 kHz, with a 2-second fade-out and all tags and cover art dropped. A track
 * shorter than `lengthSeconds` gives a preview of its whole length; a start too late to fit the
 * length is moved earlier (never before 0).
 *
 * @param opts.bytes the whole source file (any format `probeAudio` accepts).
 * @param opts.startSeconds where the clip starts, in seconds; default 0.
 * @param opts.lengthSeconds clip length in seconds; default `PREVIEW_SECONDS` (30).
 * @returns the mp3 bytes.
 * @throws RangeError for a negative or non-finite start or a non-positive length;
 *   MediaError as `probeAudio`, or `UNREADABLE_AUDIO` when ffmpeg cannot decode the file.
 */
export async function cutPreview(opts: {
  bytes: Uint8Array;
  startSeconds?: number;
  lengthSeconds?: number;
}): Promise<Uint8Array> {
  const requestedStart = opts.startSeconds ?? 0;
  const requestedLength = opts.lengthSeconds ?? PREVIEW_SECONDS;
  if (!Number.isFinite(requestedStart) || requestedStart < 0) {
    throw new RangeError(
      `Cannot cut preview: startSeconds must be a finite number >= 0, got ${requestedStart}.`,
    );
  }
  if (!Number.isFinite(requestedLength) || requestedLength <= 0) {
    throw new RangeError(
      `Cannot cut preview: lengthSeconds must be a finite number > 0, got ${requestedLength}.`,
    );
  }
  const { type, exactDurationSeconds: duration } = await readAudio(opts.bytes, "Audio file");
  const start = Math.min(requestedStart, Math.max(0, duration - requestedLength));
  const length = Math.min(requestedLength, duration - start);
  const fade = Math.min(PREVIEW_FADE_SECONDS, length);

  return withTempDir("fanfare-preview-", async (dir) => {
    const input = path.join(dir, `input.${type.ext}`);
    const output = path.join(dir, "preview.mp3");
    await fs.writeFile(input, opts.bytes);
    try {
      // One flag and its value per line.
      // prettier-ignore
      await runFfmpeg([
        "-ss", seconds(start),
        "-t", seconds(length),
        "-i", input,
        "-map", "0:a:0",
        "-map_metadata", "-1",
        "-af", `afade=t=out:st=${seconds(length - fade)}:d=${seconds(fade)}`,
        "-c:a", "libmp3lame",
        "-b:a", `${PREVIEW_BITRATE_KBPS}k`,
        "-ar", "44100",
        "-f", "mp3",
        output,
      ]);
    } catch (e) {
      throw new MediaError(
        "UNREADABLE_AUDIO",
        `Audio file could not be decoded to cut a preview: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    return new Uint8Array(await fs.readFile(output));
  });
}

/**
 * Synthesises a test tone: a major triad on `frequencyHz` (root, major third, fifth; three mixed
 * sines, so it sounds like a chord rather than a beep), stereo, 44.1 kHz. For tests and the demo
 * seed; `seconds` is exact for wav and flac, mp3 adds encoder padding (about 50 ms).
 *
 * @param opts.seconds length in seconds (> 0, may be fractional).
 * @param opts.frequencyHz root frequency in Hz (20..8000).
 * @param opts.format "wav" (16-bit PCM), "flac" or "mp3" (192 kbit/s).
 * @returns the encoded file's bytes.
 * @throws RangeError for out-of-range arguments; Error when ffmpeg fails.
 */
export async function synthesizeTone(opts: {
  seconds: number;
  frequencyHz: number;
  format: "mp3" | "wav" | "flac";
}): Promise<Uint8Array> {
  const { seconds: length, frequencyHz, format } = opts;
  if (!Number.isFinite(length) || length <= 0) {
    throw new RangeError(`Cannot synthesise tone: seconds must be > 0, got ${length}.`);
  }
  if (!Number.isFinite(frequencyHz) || frequencyHz < 20 || frequencyHz > 8000) {
    throw new RangeError(
      `Cannot synthesise tone: frequencyHz must be within 20..8000, got ${frequencyHz}.`,
    );
  }
  // Equal-tempered major third (4 semitones) and fifth (7 semitones) above the root.
  const voices = [0, 4, 7].map((semitones) => frequencyHz * 2 ** (semitones / 12));
  const codec: Record<typeof format, string[]> = {
    wav: ["-c:a", "pcm_s16le"],
    flac: ["-c:a", "flac"],
    mp3: ["-c:a", "libmp3lame", "-b:a", "192k"],
  };
  return withTempDir("fanfare-tone-", async (dir) => {
    const output = path.join(dir, `tone.${format}`);
    // prettier-ignore
    await runFfmpeg([
      ...voices.flatMap((f) => ["-f", "lavfi", "-i", `sine=frequency=${f.toFixed(2)}:duration=${seconds(length)}`]),
      "-filter_complex", `amix=inputs=${voices.length}:duration=longest`,
      "-ar", "44100",
      "-ac", "2",
      ...codec[format],
      "-f", format,
      output,
    ]);
    return new Uint8Array(await fs.readFile(output));
  });
}

/** ffmpeg wants plain decimals; three places are millisecond precision. */
function seconds(s: number): string {
  return s.toFixed(3);
}

/** `Master file "a.wav"`: how error messages name a file (quoted, escaped, cut at 120 chars). */
export function fileLabel(what: string, filename?: string): string {
  if (filename === undefined) return what;
  const shown = filename.length > 120 ? `${filename.slice(0, 117)}...` : filename;
  return `${what} ${JSON.stringify(shown)}`;
}

/**
 * Synthesises a square PNG cover (a hue-shifted Mandelbrot render) for demo data and tests.
 * @param opts.sizePx edge length in pixels (64-2000); opts.hueDegrees rotates the palette.
 * @returns PNG bytes.
 */
export async function synthesizeArtwork(opts: {
  sizePx?: number;
  hueDegrees?: number;
}): Promise<Uint8Array> {
  const size = Math.round(opts.sizePx ?? 600);
  if (size < 64 || size > 2000)
    throw new RangeError(`Cannot synthesise artwork: sizePx must be within 64..2000, got ${size}.`);
  const hue = Math.round(opts.hueDegrees ?? 0) % 360;
  return withTempDir("fanfare-art-", async (dir) => {
    const output = path.join(dir, "cover.png");
    // prettier-ignore
    await runFfmpeg([
      "-f", "lavfi", "-i", `mandelbrot=size=${size}x${size}:start_scale=1.6:end_scale=1.6:outer=normalized_iteration_count`,
      "-vf", `hue=h=${hue}:s=0.8`,
      "-frames:v", "1",
      "-f", "image2", "-c:v", "png",
      "-y", output,
    ]);
    return new Uint8Array(await fs.readFile(output));
  });
}

/**
 * Runs `fn` with a fresh temporary folder (`<tmpdir>/<prefix>XXXXXX`), removed afterwards
 * whatever `fn` does. Internal to the media and formats services.
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

let ffmpegPathPromise: Promise<string> | undefined;

/**
 * Loaded on first use, not at import: the installer package throws at import time on a platform
 * it has no binary for, and importing the api package must not depend on ffmpeg.
 */
function ffmpegPath(): Promise<string> {
  ffmpegPathPromise ??= import("@ffmpeg-installer/ffmpeg").then((m) => m.default.path);
  return ffmpegPathPromise;
}

/**
 * Runs the shipped ffmpeg with `-hide_banner -nostdin -loglevel error -y` and `args`, at most
 * 5 minutes. Internal to the media and formats services.
 * @throws Error `ffmpeg exited with <code or signal>: <the last 2,000 characters of stderr>`.
 */
export async function runFfmpeg(args: string[]): Promise<void> {
  const bin = await ffmpegPath();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: FFMPEG_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      // Keep the tail: the last lines say what went wrong.
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `ffmpeg exited with ${signal ?? `code ${code}`}: ${stderr.trim() || "no output"}`,
          ),
        );
    });
  });
}
