import { ImageResponse } from "next/og";
import type { ReactElement, ReactNode } from "react";

import { cardFonts } from "./fonts";
import { coveredText } from "./font-coverage";

/**
 * The share cards (issue 14 §4): 1200×630 PNG Open Graph / Twitter images of a track, an artist
 * page and a landing page, drawn by `next/og` (Satori + resvg) from plain data. Text is reduced to
 * what the bundled fonts draw (`coveredText`), so nothing is ever fetched; pictures come in as
 * `data:` URLs (`cardPictureUrl`: read from storage, scaled, re-encoded as JPEG).
 */

/** The size every network expects of a large card (Open Graph's 1.91:1). */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

const INK = "#14151f";
const BRAND = "#b030aa";
const BRAND_DEEP = "#5b1258";

/** `text` cut to `max` characters at a word, with "…". */
function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}

/** Text as the fonts can draw it, clipped. */
type Say = (text: string, max: number, fallback?: string) => string;

function Wordmark({ light = true }: { light?: boolean }) {
  return (
    <div
      style={{
        display: "flex",
        fontSize: 30,
        fontWeight: 700,
        letterSpacing: 6,
        color: light ? "rgba(255,255,255,0.85)" : INK,
      }}
    >
      FANFARE
    </div>
  );
}

/** A square picture, or a panel with initials when there is none. */
function Picture(props: {
  src: string | null;
  size: number;
  round?: boolean;
  initials: string;
  color?: string;
}) {
  const radius = props.round ? props.size / 2 : 28;
  if (props.src)
    return (
      // eslint-disable-next-line @next/next/no-img-element -- Satori draws <img>, not next/image
      <img
        src={props.src}
        alt=""
        width={props.size}
        height={props.size}
        style={{ borderRadius: radius, objectFit: "cover" }}
      />
    );
  return (
    <div
      style={{
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        width: props.size,
        height: props.size,
        borderRadius: radius,
        background: props.color ?? "rgba(255,255,255,0.14)",
        color: "white",
        fontSize: props.size / 3,
        fontWeight: 700,
      }}
    >
      {props.initials}
    </div>
  );
}

function Frame(props: { children: ReactNode; background?: string }) {
  return (
    <div
      style={{
        display: "flex",
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        padding: 64,
        background: props.background ?? `linear-gradient(135deg, ${INK} 0%, ${BRAND_DEEP} 100%)`,
        color: "white",
        fontFamily: "Geist",
      }}
    >
      {props.children}
    </div>
  );
}

/** What a track card shows. Prices come formatted ("$1.99", "Pay what you want from $3.00"). */
export type TrackCardContent = {
  title: string;
  artistName: string;
  priceLabel: string;
  artwork: string | null;
  recommendedBy: string | null;
};

function trackCard(c: TrackCardContent, say: Say): ReactElement {
  const title = say(c.title, 60, "A track on Fanfare");
  return (
    <Frame>
      <div style={{ display: "flex", alignItems: "center", gap: 56, width: "100%" }}>
        <Picture src={c.artwork} size={500} initials={say(initials(c.title), 2)} />
        <div style={{ display: "flex", flexDirection: "column", flex: 1, height: 500 }}>
          <Wordmark />
          <div
            style={{
              display: "flex",
              marginTop: 28,
              fontSize: title.length > 28 ? 56 : 72,
              fontWeight: 700,
              lineHeight: 1.1,
            }}
          >
            {title}
          </div>
          <div style={{ display: "flex", marginTop: 16, fontSize: 38, opacity: 0.85 }}>
            {`by ${say(c.artistName, 40, "an artist")}`}
          </div>
          <div style={{ display: "flex", flex: 1 }} />
          {c.recommendedBy ? (
            <div style={{ display: "flex", fontSize: 30, opacity: 0.85, marginBottom: 18 }}>
              {`Recommended by ${say(c.recommendedBy, 40, "a fan")}`}
            </div>
          ) : null}
          <div style={{ display: "flex" }}>
            <div
              style={{
                display: "flex",
                padding: "14px 28px",
                borderRadius: 999,
                background: BRAND,
                fontSize: 34,
                fontWeight: 700,
              }}
            >
              {say(c.priceLabel, 44)}
            </div>
          </div>
        </div>
      </div>
    </Frame>
  );
}

/** What an artist card shows. */
export type ArtistCardContent = {
  name: string;
  initials: string;
  trackCount: number;
  picture: string | null;
};

function artistCard(c: ArtistCardContent, say: Say): ReactElement {
  const tracks = c.trackCount === 1 ? "1 track" : `${c.trackCount} tracks`;
  return (
    <Frame>
      <div style={{ display: "flex", alignItems: "center", gap: 64, width: "100%" }}>
        <Picture
          src={c.picture}
          size={380}
          round
          initials={say(c.initials, 2, "?")}
          color={BRAND}
        />
        <div style={{ display: "flex", flexDirection: "column", flex: 1 }}>
          <Wordmark />
          <div
            style={{
              display: "flex",
              marginTop: 28,
              fontSize: 80,
              fontWeight: 700,
              lineHeight: 1.1,
            }}
          >
            {say(c.name, 40, "An artist on Fanfare")}
          </div>
          <div style={{ display: "flex", marginTop: 24, fontSize: 40, opacity: 0.85 }}>
            {`${tracks} on Fanfare`}
          </div>
        </div>
      </div>
    </Frame>
  );
}

/** What a landing page card shows. */
export type LandingCardContent = {
  headline: string;
  name: string;
  initials: string;
  themeColor: string;
  photo: string | null;
  /** Up to three artworks (data URLs). */
  artworks: string[];
};

function landingCard(c: LandingCardContent, say: Say): ReactElement {
  const color = /^#[0-9a-f]{6}$/.test(c.themeColor) ? c.themeColor : BRAND;
  return (
    <Frame background={`linear-gradient(135deg, ${INK} 0%, ${color} 100%)`}>
      <div style={{ display: "flex", flexDirection: "column", width: "100%" }}>
        <div style={{ display: "flex", alignItems: "center", gap: 28 }}>
          <Picture
            src={c.photo}
            size={120}
            round
            initials={say(c.initials, 2, "?")}
            color={color}
          />
          <div style={{ display: "flex", flexDirection: "column" }}>
            <Wordmark />
            <div style={{ display: "flex", fontSize: 34, marginTop: 6, opacity: 0.9 }}>
              {`Recommended by ${say(c.name, 40, "a fan")}`}
            </div>
          </div>
        </div>
        <div
          style={{
            display: "flex",
            marginTop: 36,
            fontSize: c.headline.length > 40 ? 52 : 66,
            fontWeight: 700,
            lineHeight: 1.1,
          }}
        >
          {say(c.headline, 80, "Music I recommend")}
        </div>
        <div style={{ display: "flex", flex: 1 }} />
        <div style={{ display: "flex", gap: 24 }}>
          {c.artworks.slice(0, 3).map((src, i) => (
            <Picture key={i} src={src} size={180} initials="" />
          ))}
        </div>
      </div>
    </Frame>
  );
}

function initials(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => [...w][0] ?? "")
    .join("")
    .toUpperCase();
}

export type CardSpec =
  | { kind: "track"; content: TrackCardContent }
  | { kind: "artist"; content: ArtistCardContent }
  | { kind: "landing"; content: LandingCardContent };

function withoutPictures(spec: CardSpec): CardSpec {
  switch (spec.kind) {
    case "track":
      return { kind: "track", content: { ...spec.content, artwork: null } };
    case "artist":
      return { kind: "artist", content: { ...spec.content, picture: null } };
    case "landing":
      return { kind: "landing", content: { ...spec.content, photo: null, artworks: [] } };
  }
}

async function drawPng(spec: CardSpec): Promise<Uint8Array> {
  const { fonts, covered } = await cardFonts();
  const say: Say = (text, max, fallback = "") => clip(coveredText(text, covered, fallback), max);
  const element =
    spec.kind === "track"
      ? trackCard(spec.content, say)
      : spec.kind === "artist"
        ? artistCard(spec.content, say)
        : landingCard(spec.content, say);
  const image = new ImageResponse(element, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
  return new Uint8Array(await image.arrayBuffer());
}

/**
 * The card as PNG bytes. Drawn whole before anything is sent, so a picture the renderer cannot
 * decode costs the picture, not the card: the card is then drawn again without pictures.
 */
export async function drawCardPng(spec: CardSpec): Promise<Uint8Array> {
  try {
    return await drawPng(spec);
  } catch (e) {
    console.error(`Share card (${spec.kind}) failed with its pictures, drawn without:`, e);
    return drawPng(withoutPictures(spec));
  }
}

/** Seconds a card may be kept by browsers and unfurlers, and by shared caches. */
export const CARD_MAX_AGE_SECONDS = 3600;

/** The card as an `image/png` response, cacheable for an hour (a day while revalidating). */
export async function cardResponse(spec: CardSpec): Promise<Response> {
  const png = await drawCardPng(spec);
  return new Response(png as BodyInit, {
    headers: {
      "Content-Type": "image/png",
      "Content-Length": String(png.byteLength),
      "Cache-Control": `public, max-age=${CARD_MAX_AGE_SECONDS}, s-maxage=${CARD_MAX_AGE_SECONDS}, stale-while-revalidate=86400`,
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}
