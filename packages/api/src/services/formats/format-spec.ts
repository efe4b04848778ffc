/**
 * The download formats a buyer may choose (issue 16 §2) and the ffmpeg argument list that makes
 * each from the artist's master. Pure: no I/O; `transcode.ts` runs the arguments.
 *
 * Every list writes only what we put in (`-map_metadata -1 -map_chapters -1`: none of the master's
 * own tags or chapters) and asks for bit-exact muxing and encoding (`-fflags +bitexact
 * -flags:a +bitexact`, and `-flags:v +bitexact` for the cover): no encoder version string or
 * creation time is written, so the same master, tags and cover give byte-identical files on the
 * same ffmpeg build (tested in transcode.integration-test.ts).
 *
 * Cover art: all three containers carry it with the ffmpeg we ship (@ffmpeg-installer/ffmpeg,
 * the 2018-12-10 static build; verified by reading the files back with music-metadata): MP3 as an
 * ID3v2.3 APIC frame ("Cover (front)"), M4A (`ipod` muxer) as the `covr` atom, FLAC as a
 * METADATA_BLOCK_PICTURE ("Cover (front)"). The `covr` atom holds only JPEG, PNG or BMP and the
 * ID3/FLAC readers in players expect JPEG or PNG, so a JPEG or PNG cover is copied as it is and a
 * WebP one is re-encoded as PNG (deterministic with `-flags:v +bitexact`).
 */
import type { TranscodeFormat } from "@fanfare/db/kinds";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";

/** What a buyer may ask for: a transcode, or the master as uploaded. */
export const DOWNLOAD_FORMATS = [...TRANSCODE_FORMATS, "original"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** How each transcode format is encoded, named and served. */
export type FormatSpec = {
  /** The picker's words, e.g. "MP3 320". */
  label: string;
  /** File extension without the dot. */
  ext: string;
  contentType: string;
  /** ffmpeg's output format (`-f`). */
  muxer: string;
  /** Codec options (`-c:a` and friends). */
  codecArgs: readonly string[];
  /** Lossy: resampled to 44.1 kHz above 48 kHz and mixed down to stereo above 2 channels. */
  lossy: boolean;
};

/**
 * The three formats. MP3: LAME at a constant 320 kbit/s (`-b:a` without `-q:a` is CBR in
 * libmp3lame), ID3v2.3 tags (the version most players read; v2.4 frames are skipped by some), no
 * ID3v1 trailer. AAC: ffmpeg's native encoder at 256 kbit/s in an .m4a (`ipod` muxer: the MP4
 * brand iTunes and phones expect). FLAC: ffmpeg's encoder at its default compression level 5.
 */
export const FORMAT_SPECS: Record<TranscodeFormat, FormatSpec> = {
  mp3_320: {
    label: "MP3 320",
    ext: "mp3",
    contentType: "audio/mpeg",
    muxer: "mp3",
    codecArgs: ["-c:a", "libmp3lame", "-b:a", "320k", "-id3v2_version", "3", "-write_id3v1", "0"],
    lossy: true,
  },
  aac_256: {
    label: "AAC 256",
    ext: "m4a",
    contentType: "audio/mp4",
    muxer: "ipod",
    codecArgs: ["-c:a", "aac", "-b:a", "256k"],
    lossy: true,
  },
  flac: {
    label: "FLAC",
    ext: "flac",
    contentType: "audio/flac",
    muxer: "flac",
    codecArgs: ["-c:a", "flac"],
    lossy: false,
  },
};

/** The picker's label of the master, e.g. "Original (WAV)"; "Original" for an unknown format. */
export function originalLabel(masterFormats: readonly string[]): string {
  const distinct = [...new Set(masterFormats.map((f) => f.toUpperCase()))].sort();
  if (distinct.length === 0) return "Original";
  return `Original (${distinct.join(", ")})`;
}

/** `true` when `value` is one of the download formats (`DOWNLOAD_FORMATS`). */
export function isDownloadFormat(value: string): value is DownloadFormat {
  return (DOWNLOAD_FORMATS as readonly string[]).includes(value);
}

/** The tags written into a transcode (see `transcodeTags` in tags.ts). */
export type TranscodeTags = {
  title: string;
  artist: string;
  album: string;
  albumArtist: string;
  /** 1-based position on the album. */
  trackNumber: number;
  /** Tracks on the album. */
  trackCount: number;
};

/** The cover to embed: a local file and its image format (from its bytes). */
export type CoverInput = { path: string; format: "jpeg" | "png" | "webp" };

/**
 * The ffmpeg arguments (after the global `-hide_banner -nostdin -loglevel error -y`) that encode
 * `input` into `output` in `format` with `tags` and, when given, `cover` as the attached picture.
 *
 * @param opts.sampleRateHz the master's sample rate, when known: a lossy format above 48,000 Hz is
 *   resampled to 44,100 Hz (LAME stops at 48 kHz; AAC at 96 kHz wastes its bitrate).
 * @param opts.channels the master's channel count, when known: a lossy format above 2 is mixed
 *   down to stereo (LAME encodes at most 2).
 * @returns the argument list, one flag and its value after the other.
 * @throws RangeError for a track number outside 1..trackCount.
 */
export function transcodeArgs(opts: {
  format: TranscodeFormat;
  input: string;
  output: string;
  tags: TranscodeTags;
  cover?: CoverInput | null;
  sampleRateHz?: number;
  channels?: number;
}): string[] {
  const spec = FORMAT_SPECS[opts.format];
  const { tags, cover } = opts;
  if (
    !Number.isInteger(tags.trackNumber) ||
    !Number.isInteger(tags.trackCount) ||
    tags.trackNumber < 1 ||
    tags.trackNumber > tags.trackCount
  )
    throw new RangeError(
      `Cannot transcode: track ${tags.trackNumber} of ${tags.trackCount} is not a position on the album.`,
    );
  const lossyFixes: string[] = [];
  if (spec.lossy && opts.sampleRateHz !== undefined && opts.sampleRateHz > 48_000)
    lossyFixes.push("-ar", "44100");
  if (spec.lossy && opts.channels !== undefined && opts.channels > 2) lossyFixes.push("-ac", "2");
  // One flag and its value per line.
  // prettier-ignore
  return [
    "-i", opts.input,
    ...(cover ? ["-i", cover.path] : []),
    "-map", "0:a:0",
    ...(cover
      ? [
          "-map", "1:v:0",
          "-c:v", cover.format === "webp" ? "png" : "copy",
          "-flags:v", "+bitexact",
          "-disposition:v:0", "attached_pic",
          "-metadata:s:v:0", "title=Album cover",
          "-metadata:s:v:0", "comment=Cover (front)",
        ]
      : []),
    "-map_metadata", "-1",
    "-map_chapters", "-1",
    "-fflags", "+bitexact",
    "-flags:a", "+bitexact",
    ...spec.codecArgs,
    ...lossyFixes,
    "-metadata", `title=${tags.title}`,
    "-metadata", `artist=${tags.artist}`,
    "-metadata", `album=${tags.album}`,
    "-metadata", `album_artist=${tags.albumArtist}`,
    "-metadata", `track=${tags.trackNumber}/${tags.trackCount}`,
    "-f", spec.muxer,
    opts.output,
  ];
}
