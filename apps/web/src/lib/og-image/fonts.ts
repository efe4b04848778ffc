import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { Coverage } from "./font-coverage";
import { anyCoverage, fontCoverage } from "./font-coverage";

/** A font as `ImageResponse` takes it. */
export type CardFont = { name: string; data: Buffer; weight: 400 | 700; style: "normal" };

/** The share cards' fonts and what they can draw. */
export type CardFonts = { fonts: CardFont[] | undefined; covered: Coverage };

// The site's own typeface (the `geist` package, SIL Open Font License), read from disk: never
// fetched. The bundler copies files referenced as `new URL(…, import.meta.url)` next to the
// server code, so this also works from `.next` after a build.
const GEIST = {
  regular: new URL(
    "../../../node_modules/geist/dist/fonts/geist-sans/Geist-Regular.ttf",
    import.meta.url,
  ),
  bold: new URL(
    "../../../node_modules/geist/dist/fonts/geist-sans/Geist-Bold.ttf",
    import.meta.url,
  ),
};

/**
 * What `next/og`'s own bundled font (Geist Regular) draws for sure when ours cannot be read:
 * Basic Latin, Latin-1 and Latin Extended-A, and the common punctuation (dashes, quotes, "…").
 */
const FALLBACK_COVERAGE: Coverage = (cp) =>
  (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0x17f) || (cp >= 0x2010 && cp <= 0x2026);

let loaded: Promise<CardFonts> | undefined;

/**
 * Geist Regular and Bold with their coverage, read once per process. If the files cannot be read
 * the cards use `next/og`'s bundled Geist Regular (no bold) and keep to Latin text
 * (`FALLBACK_COVERAGE`): a card is still drawn, and nothing is fetched.
 */
export function cardFonts(): Promise<CardFonts> {
  loaded ??= (async () => {
    try {
      const [regular, bold] = await Promise.all(
        [GEIST.regular, GEIST.bold].map((u) => fs.readFile(fileURLToPath(u))),
      );
      return {
        fonts: [
          { name: "Geist", data: regular!, weight: 400, style: "normal" },
          { name: "Geist", data: bold!, weight: 700, style: "normal" },
        ],
        covered: anyCoverage([fontCoverage(regular!), fontCoverage(bold!)]),
      };
    } catch (e) {
      console.error("Share cards: Geist could not be read, using next/og's bundled font:", e);
      return { fonts: undefined, covered: FALLBACK_COVERAGE };
    }
  })();
  return loaded;
}
