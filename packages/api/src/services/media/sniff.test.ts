import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { beforeAll, describe, expect, test } from "vitest";

import { synthesizeTone } from "./audio";
import { MediaError } from "./media-error";
import { MAX_ARTWORK_BYTES, MAX_MASTER_BYTES, sniffArtwork, sniffMaster } from "./sniff";

// 2x2 red images written by ffmpeg 4.1 (`-f lavfi -i color=c=red:s=2x2 -frames:v 1 x.<ext>`).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEElEQVR4nGP4y8AARAwQCgAfrgP19hgqWQAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU4LjQyLjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAACAAIDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z",
  "base64",
);
const WEBP = Buffer.from(
  "UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoCAAIAAgA0JaACdLoB+AADsAD+8Oj3/yC5YXXI1/8gP+QH/ID/+PIAAAA=",
  "base64",
);

const text = (s: string) => new TextEncoder().encode(s);

/** Re-encodes `wav` with ffmpeg (output options `args`) into a file ending in `ext`. */
async function transcode(wav: Uint8Array, ext: string, args: string[]): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-sniff-test-"));
  try {
    await fs.writeFile(path.join(dir, "in.wav"), wav);
    const out = path.join(dir, `out.${ext}`);
    await promisify(execFile)(ffmpeg.path, [
      "-loglevel",
      "error",
      "-i",
      path.join(dir, "in.wav"),
      ...args,
      out,
    ]);
    return new Uint8Array(await fs.readFile(out));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function mediaError(p: Promise<unknown>): Promise<MediaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MediaError);
  return e as MediaError;
}

describe("sniffMaster", () => {
  let wav: Uint8Array;

  beforeAll(async () => {
    wav = await synthesizeTone({ seconds: 2, frequencyHz: 440, format: "wav" });
  });

  test("refuses a text file named .mp3, saying what was detected and what is accepted", async () => {
    const e = await mediaError(
      sniffMaster({ filename: "song.mp3", bytes: text("definitely not audio\n") }),
    );

    expect(e.code).toBe("UNSUPPORTED_TYPE");
    expect(e.message).toBe(
      'Master file "song.mp3" is not audio: detected text/plain; accepted: mp3, wav, flac, m4a.',
    );
  });

  test("accepts a real wav renamed .txt as wav: the bytes decide, not the name", async () => {
    const master = await sniffMaster({ filename: "notes.txt", bytes: wav });

    expect(master).toMatchObject({
      format: "wav",
      contentType: "audio/wav",
      ext: "wav",
      sizeBytes: wav.byteLength,
    });
    expect(master.probe.durationSeconds).toBe(2);
  });

  test.each([
    [
      "mp3",
      "mp3",
      ["-c:a", "libmp3lame"],
      { format: "mp3", contentType: "audio/mpeg", ext: "mp3" },
    ],
    ["flac", "flac", ["-c:a", "flac"], { format: "flac", contentType: "audio/flac", ext: "flac" }],
    [
      "AAC in an M4A container",
      "m4a",
      ["-c:a", "aac", "-f", "ipod"],
      { format: "m4a", contentType: "audio/mp4", ext: "m4a" },
    ],
    [
      "AAC in an audio-only MP4 (isom brand)",
      "mp4",
      ["-c:a", "aac", "-f", "mp4"],
      { format: "m4a", contentType: "audio/mp4", ext: "m4a" },
    ],
    [
      "raw ADTS AAC",
      "aac",
      ["-c:a", "aac", "-f", "adts"],
      { format: "m4a", contentType: "audio/aac", ext: "aac" },
    ],
  ] as const)("accepts %s by its bytes", async (_label, ext, args, expected) => {
    const bytes = await transcode(wav, ext, [...args]);

    const master = await sniffMaster({ filename: "upload.bin", bytes });

    expect(master).toMatchObject(expected);
    expect(master.probe.durationSeconds).toBe(2);
  });

  test("refuses an MP4 that holds video, even with audio in it", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-sniff-test-"));
    try {
      const out = path.join(dir, "clip.mp4");
      // prettier-ignore
      await promisify(execFile)(ffmpeg.path, [
        "-loglevel", "error",
        "-f", "lavfi", "-i", "color=c=blue:s=64x64:d=2",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
        "-c:v", "libx264", "-c:a", "aac", "-shortest", out,
      ]);
      const bytes = new Uint8Array(await fs.readFile(out));

      const e = await mediaError(sniffMaster({ filename: "clip.m4a", bytes }));

      expect(e.code).toBe("UNSUPPORTED_TYPE");
      expect(e.message).toContain("detected video/mp4");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test("refuses a master over 200 MiB before parsing it, stating the limit", async () => {
    // Zeros: size is checked first, so the content never matters.
    const e = await mediaError(
      sniffMaster({ filename: "huge.wav", bytes: new Uint8Array(MAX_MASTER_BYTES + 1) }),
    );

    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toBe(
      'Master file "huge.wav" is too large: 209715201 bytes; limit: 200 MiB (209715200 bytes).',
    );
  });

  test("refuses an empty master", async () => {
    const e = await mediaError(sniffMaster({ filename: "empty.wav", bytes: new Uint8Array(0) }));
    expect(e.code).toBe("EMPTY");
  });

  test("refuses a master with under one second of audio", async () => {
    const blip = await synthesizeTone({ seconds: 0.5, frequencyHz: 440, format: "wav" });

    const e = await mediaError(sniffMaster({ filename: "blip.wav", bytes: blip }));

    expect(e.code).toBe("EMPTY");
    expect(e.message).toBe('Master file "blip.wav" is too short: 0.50 s of audio; minimum: 1 s.');
  });

  test("refuses a file with a wav header but no readable audio as unreadable", async () => {
    const broken = new Uint8Array(64);
    broken.set(text("RIFF"), 0);
    new DataView(broken.buffer).setUint32(4, 56, true);
    broken.set(text("WAVEjunk"), 8);

    const e = await mediaError(sniffMaster({ filename: "broken.wav", bytes: broken }));

    expect(e.code).toBe("UNREADABLE_AUDIO");
    expect(e.message).toMatch(/^Master file "broken\.wav" could not be read as wav: /);
  });

  test("refuses an image sent as a master, naming its real type", async () => {
    const e = await mediaError(sniffMaster({ filename: "cover.mp3", bytes: PNG }));

    expect(e.code).toBe("UNSUPPORTED_TYPE");
    expect(e.message).toBe(
      'Master file "cover.mp3" is not audio: detected image/png; accepted: mp3, wav, flac, m4a.',
    );
  });

  test("refuses unrecognised binary bytes as application/octet-stream", async () => {
    const bytes = new Uint8Array(256).map((_, i) => (i * 37) % 256);

    const e = await mediaError(sniffMaster({ filename: "x.wav", bytes }));

    expect(e.message).toContain("detected application/octet-stream");
  });
});

describe("sniffArtwork", () => {
  test.each([
    ["png", PNG, { format: "png", contentType: "image/png", ext: "png" }],
    ["jpeg", JPEG, { format: "jpeg", contentType: "image/jpeg", ext: "jpg" }],
    ["webp", WEBP, { format: "webp", contentType: "image/webp", ext: "webp" }],
  ] as const)(
    "accepts a %s image by its bytes, whatever its name",
    async (_label, bytes, expected) => {
      const artwork = await sniffArtwork({ filename: "cover.gif", bytes });

      expect(artwork).toEqual({ ...expected, sizeBytes: bytes.byteLength });
    },
  );

  test("refuses audio sent as artwork, naming its real type", async () => {
    const mp3 = await synthesizeTone({ seconds: 1, frequencyHz: 440, format: "mp3" });

    const e = await mediaError(sniffArtwork({ filename: "cover.png", bytes: mp3 }));

    expect(e.code).toBe("UNSUPPORTED_TYPE");
    expect(e.message).toBe(
      'Artwork file "cover.png" is not an image: detected audio/mpeg; accepted: jpeg, png, webp.',
    );
  });

  test("refuses artwork over 10 MiB, stating the limit", async () => {
    const bytes = new Uint8Array(MAX_ARTWORK_BYTES + 1);
    bytes.set(PNG);

    const e = await mediaError(sniffArtwork({ filename: "poster.png", bytes }));

    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toBe(
      'Artwork file "poster.png" is too large: 10485761 bytes; limit: 10 MiB (10485760 bytes).',
    );
  });

  test("refuses an empty artwork file", async () => {
    const e = await mediaError(sniffArtwork({ filename: "cover.jpg", bytes: new Uint8Array(0) }));

    expect(e.code).toBe("EMPTY");
    expect(e.message).toBe('Artwork file "cover.jpg" is empty: 0 bytes received.');
  });
});
