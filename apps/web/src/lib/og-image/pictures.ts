import type sharpDefault from "sharp";

import type { CardPicture } from "@fanfare/api/services/share/og-cards";

/**
 * A stored picture made ready for a card, as a `data:` URL: scaled down to `size` pixels square
 * (cropped to fill) and re-encoded as JPEG by sharp. The card renderer (resvg) draws PNG and
 * JPEG but not WebP, and a full-size artwork (thousands of pixels) would make every card slow
 * to draw. Without sharp (no prebuilt binary for the platform) PNG and JPEG go in as they are
 * and WebP is left out; the card then shows its initials or plain panel.
 */
export async function cardPictureUrl(
  picture: CardPicture | null,
  size: number,
): Promise<string | null> {
  if (!picture) return null;
  const sharp = await loadSharp();
  if (sharp) {
    try {
      const jpeg = await sharp(picture.bytes)
        .rotate() // honour EXIF orientation
        .resize(size, size, { fit: "cover" })
        .flatten({ background: "#14151f" })
        .jpeg({ quality: 85 })
        .toBuffer();
      return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
    } catch (e) {
      console.error("Share card: a picture could not be converted:", e);
      return null;
    }
  }
  if (picture.contentType !== "image/png" && picture.contentType !== "image/jpeg") return null;
  return `data:${picture.contentType};base64,${Buffer.from(picture.bytes).toString("base64")}`;
}

type Sharp = typeof sharpDefault;
let sharpModule: Promise<Sharp | null> | undefined;

/** sharp, loaded on first use (a missing native binary must not fail the module's import). */
function loadSharp(): Promise<Sharp | null> {
  sharpModule ??= import("sharp").then(
    (m) => m.default,
    (e: unknown) => {
      console.error("Share cards: sharp is not available, pictures go in unconverted:", e);
      return null;
    },
  );
  return sharpModule;
}
