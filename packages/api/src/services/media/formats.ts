/**
 * What the bytes of a file are, decided by `file-type` (magic numbers), never by the filename.
 * Internal to the media service: sniff.ts and audio.ts share these tables.
 */
import { fileTypeFromBuffer } from "file-type";
import { parseBuffer } from "music-metadata";

export const AUDIO_FORMATS = ["mp3", "wav", "flac", "m4a"] as const;
/** Our audio format names, as stored in `Upload.format` and `Track.masterFormat`. */
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export const IMAGE_FORMATS = ["jpeg", "png", "webp"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** An accepted audio file: our format name, the content type we serve it with, the key extension. */
export type AudioType = { format: AudioFormat; contentType: string; ext: string };
export type ImageType = { format: ImageFormat; contentType: string; ext: string };

/** A refused file: `detected` is the MIME type seen in its bytes, for the error message. */
export type Rejected = { rejected: true; detected: string };

// Keyed by file-type's `ext`. Raw ADTS AAC has no container of its own; it is filed under "m4a"
// (our one AAC format) but keeps its own extension and content type so it is served as what it is.
const AUDIO_BY_EXT: Record<string, AudioType> = {
  mp3: { format: "mp3", contentType: "audio/mpeg", ext: "mp3" },
  wav: { format: "wav", contentType: "audio/wav", ext: "wav" },
  flac: { format: "flac", contentType: "audio/flac", ext: "flac" },
  m4a: { format: "m4a", contentType: "audio/mp4", ext: "m4a" },
  aac: { format: "m4a", contentType: "audio/aac", ext: "aac" },
};

const IMAGE_BY_EXT: Record<string, ImageType> = {
  jpg: { format: "jpeg", contentType: "image/jpeg", ext: "jpg" },
  png: { format: "png", contentType: "image/png", ext: "png" },
  webp: { format: "webp", contentType: "image/webp", ext: "webp" },
};

/** Detects an accepted audio type from the bytes, or says what was found instead. */
export async function detectAudioType(bytes: Uint8Array): Promise<AudioType | Rejected> {
  const ft = await fileTypeFromBuffer(bytes);
  if (!ft) return { rejected: true, detected: describeUnknownBytes(bytes) };
  const known = AUDIO_BY_EXT[ft.ext];
  if (known) return known;
  // file-type calls every MP4 with a generic brand (isom, mp41...) video/mp4; many encoders write
  // audio-only .m4a files that way, so accept an MP4 that holds audio and no video.
  if (ft.ext === "mp4" && (await isAudioOnlyMp4(bytes))) return AUDIO_BY_EXT.m4a!;
  return { rejected: true, detected: ft.mime };
}

/** Detects an accepted image type from the bytes, or says what was found instead. */
export async function detectImageType(bytes: Uint8Array): Promise<ImageType | Rejected> {
  const ft = await fileTypeFromBuffer(bytes);
  if (!ft) return { rejected: true, detected: describeUnknownBytes(bytes) };
  return IMAGE_BY_EXT[ft.ext] ?? { rejected: true, detected: ft.mime };
}

export function isRejected<T extends object>(t: T | Rejected): t is Rejected {
  return "rejected" in t;
}

async function isAudioOnlyMp4(bytes: Uint8Array): Promise<boolean> {
  try {
    const { format } = await parseBuffer(
      bytes,
      { mimeType: "video/mp4", size: bytes.byteLength },
      { skipCovers: true },
    );
    return format.hasVideo !== true && format.hasAudio !== false;
  } catch {
    return false;
  }
}

/**
 * file-type knows only binary formats (it returns nothing for text), so tell text from unknown
 * binary ourselves: the message then says "text/plain" for the commonest mistake.
 */
function describeUnknownBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4096);
  if (head.length === 0) return "no bytes";
  for (const b of head) {
    // NUL or a C0 control other than tab, LF, FF, CR: not text.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d)
      return "application/octet-stream";
  }
  try {
    // `stream: true` tolerates a multi-byte character cut at the 4096-byte boundary.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "text/plain";
  } catch {
    return "application/octet-stream";
  }
}
