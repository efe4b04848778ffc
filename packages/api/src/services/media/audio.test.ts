import { execFile } from "node:child_process";
import { promisify } from "node:util";

import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { beforeAll, describe, expect, test } from "vitest";

import { cutPreview, probeAudio, synthesizeTone } from "./audio";
import { MediaError } from "./media-error";

const SAMPLE_RATE = 8000;

/** Decodes any audio to mono 16-bit samples at 8 kHz (enough to measure loudness over time). */
async function decodeSamples(bytes: Uint8Array): Promise<Int16Array> {
  const child = promisify(execFile)(
    ffmpeg.path,
    [
      "-loglevel",
      "error",
      "-i",
      "pipe:0",
      "-f",
      "s16le",
      "-ac",
      "1",
      "-ar",
      String(SAMPLE_RATE),
      "pipe:1",
    ],
    { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
  );
  child.child.stdin!.end(bytes);
  const { stdout } = await child;
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 2);
}

/** Root-mean-square level of the samples between `from` and `to` seconds. */
function rms(samples: Int16Array, from: number, to: number): number {
  const window = samples.subarray(Math.round(from * SAMPLE_RATE), Math.round(to * SAMPLE_RATE));
  let sum = 0;
  for (const s of window) sum += s * s;
  return Math.sqrt(sum / window.length);
}

describe("probeAudio", () => {
  let wav45: Uint8Array;

  beforeAll(async () => {
    wav45 = await synthesizeTone({ seconds: 45, frequencyHz: 220, format: "wav" });
  });

  test("reads a synthesised 45-second wav as 45 seconds of 44.1 kHz PCM wav", async () => {
    const probe = await probeAudio(wav45);

    expect(probe).toEqual({
      durationSeconds: 45,
      format: "wav",
      bitrate: 44_100 * 16 * 2,
      sampleRate: 44_100,
      codec: "PCM",
    });
  });

  test("rounds a fractional duration up to the next whole second", async () => {
    const flac = await synthesizeTone({ seconds: 3.4, frequencyHz: 330, format: "flac" });

    expect((await probeAudio(flac)).durationSeconds).toBe(4);
  });

  test("refuses text as audio with UNSUPPORTED_TYPE, naming the file", async () => {
    const e = await probeAudio(new TextEncoder().encode("hello"), { filename: "a.txt" }).catch(
      (err: unknown) => err,
    );

    expect(e).toBeInstanceOf(MediaError);
    expect((e as MediaError).code).toBe("UNSUPPORTED_TYPE");
    expect((e as MediaError).message).toBe(
      'Audio file "a.txt" is not audio: detected text/plain; accepted: mp3, wav, flac, m4a.',
    );
  });

  describe("cutPreview", () => {
    let preview: Uint8Array;

    beforeAll(async () => {
      preview = await cutPreview({ bytes: wav45 });
    });

    test("cuts a 30-second 128 kbit/s mp3 from a longer track", async () => {
      const probe = await probeAudio(preview);

      expect(probe.format).toBe("mp3");
      expect(probe.durationSeconds).toBeGreaterThanOrEqual(29);
      expect(probe.durationSeconds).toBeLessThanOrEqual(31);
      expect(probe.bitrate).toBe(128_000);
    });

    test("fades out over the last 2 seconds and not before", async () => {
      const samples = await decodeSamples(preview);
      const steady = rms(samples, 20, 21);

      expect(steady).toBeGreaterThan(1000);
      expect(rms(samples, 27, 27.9) / steady).toBeGreaterThan(0.9);
      expect(rms(samples, 29, 29.5) / steady).toBeLessThan(0.4);
      expect(rms(samples, 29.7, 29.95) / steady).toBeLessThan(0.15);
    });

    test("moves a start too late for a full clip earlier, keeping 30 seconds", async () => {
      const late = await cutPreview({ bytes: wav45, startSeconds: 40 });

      expect((await probeAudio(late)).durationSeconds).toBe(30);
    });

    test("refuses a negative start", async () => {
      await expect(cutPreview({ bytes: wav45, startSeconds: -1 })).rejects.toThrow(RangeError);
    });
  });

  test("gives a 10-second flac a preview of its whole length, 10 seconds", async () => {
    const flac = await synthesizeTone({ seconds: 10, frequencyHz: 262, format: "flac" });

    const probe = await probeAudio(await cutPreview({ bytes: flac }));

    expect(probe.format).toBe("mp3");
    expect(probe.durationSeconds).toBe(10);
  });
});

describe("synthesizeTone", () => {
  test.each(["mp3", "wav", "flac"] as const)(
    "writes a %s file that probes as that format",
    async (format) => {
      const bytes = await synthesizeTone({ seconds: 2, frequencyHz: 440, format });

      const probe = await probeAudio(bytes);

      expect(probe.format).toBe(format);
      expect(probe.durationSeconds).toBe(2);
    },
  );

  test("refuses a zero length", async () => {
    await expect(synthesizeTone({ seconds: 0, frequencyHz: 440, format: "wav" })).rejects.toThrow(
      RangeError,
    );
  });
});
