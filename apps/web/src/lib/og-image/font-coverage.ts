/**
 * Which characters a TrueType/OpenType font can draw, read from its `cmap` table (Apple's and
 * Microsoft's OpenType spec, "cmap — Character to Glyph Index Mapping Table": subtable format 12
 * for full Unicode, else format 4 for the Basic Multilingual Plane).
 *
 * Why: the share cards are drawn by `next/og` (Satori), which fetches a font from Google Fonts or
 * an emoji from a CDN for every character its fonts lack. Fanfare draws cards offline, so text is
 * first reduced to what the bundled fonts cover (`coveredText`), and Satori never asks.
 */

/** Whether the font has a glyph (other than .notdef) for a code point. */
export type Coverage = (codePoint: number) => boolean;

type Segment = { start: number; end: number; glyphOf: (cp: number) => number };

/**
 * The coverage of one font file (TTF or OTF; not a collection, not WOFF).
 * @throws Error when the bytes hold no usable cmap subtable.
 */
export function fontCoverage(bytes: Uint8Array): Coverage {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = v.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(rec, rec + 4));
    if (tag === "cmap") cmap = v.getUint32(rec + 8);
  }
  if (cmap < 0) throw new Error("The font has no cmap table.");
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < v.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    subtables.push({
      platform: v.getUint16(rec),
      encoding: v.getUint16(rec + 2),
      offset: cmap + v.getUint32(rec + 4),
    });
  }
  const format = (s: { offset: number }) => v.getUint16(s.offset);
  const unicode = subtables.filter(
    (s) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10)),
  );
  const full = unicode.find((s) => format(s) === 12);
  const bmp = unicode.find((s) => format(s) === 4);
  const segments = full ? format12(v, full.offset) : bmp ? format4(v, bmp.offset) : null;
  if (!segments) throw new Error("The font has no Unicode cmap subtable of format 4 or 12.");
  return (cp) => {
    // Segments are sorted by start: binary search.
    let lo = 0;
    let hi = segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segments[mid]!;
      if (cp < s.start) hi = mid - 1;
      else if (cp > s.end) lo = mid + 1;
      else return s.glyphOf(cp) !== 0;
    }
    return false;
  };
}

function format12(v: DataView, at: number): Segment[] {
  const groups = v.getUint32(at + 12);
  const out: Segment[] = [];
  for (let i = 0; i < groups; i++) {
    const g = at + 16 + 12 * i;
    const start = v.getUint32(g);
    const startGlyph = v.getUint32(g + 8);
    out.push({ start, end: v.getUint32(g + 4), glyphOf: (cp) => startGlyph + (cp - start) });
  }
  return out;
}

function format4(v: DataView, at: number): Segment[] {
  const segCount = v.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  const out: Segment[] = [];
  for (let i = 0; i < segCount; i++) {
    const start = v.getUint16(starts + 2 * i);
    const end = v.getUint16(ends + 2 * i);
    if (start === 0xffff) continue;
    const delta = v.getInt16(deltas + 2 * i);
    const rangeOffsetAt = rangeOffsets + 2 * i;
    const rangeOffset = v.getUint16(rangeOffsetAt);
    out.push({
      start,
      end,
      glyphOf: (cp) => {
        if (rangeOffset === 0) return (cp + delta) & 0xffff;
        const glyph = v.getUint16(rangeOffsetAt + rangeOffset + 2 * (cp - start));
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      },
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The union of several fonts' coverage (Satori falls back from one given font to the next). */
export function anyCoverage(coverages: Coverage[]): Coverage {
  return (cp) => coverages.some((c) => c(cp));
}

/**
 * `text` reduced to what `covered` can draw, on one line: Unicode NFC, every run of white space
 * one space, each character the fonts lack removed (an emoji, a script they do not have), spaces
 * collapsed again and the ends trimmed. When nothing readable is left (no letter or digit),
 * `fallback` instead.
 */
export function coveredText(text: string, covered: Coverage, fallback: string): string {
  let out = "";
  for (const ch of text.normalize("NFC").replace(/\s+/g, " ")) {
    if (ch === " " || covered(ch.codePointAt(0)!)) out += ch;
  }
  out = out.replace(/ {2,}/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(out) ? out : fallback;
}
