"use client";

import { Download, Mail, QrCode, Share2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";

import type { EmbedTrack } from "@fanfare/api/services/reach/oembed";
import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants, Loading } from "@fanfare/ui";

import { CopyButton } from "./copy-button";

// The posts (and the tabs and validators they use) load only once a link is shown, so the track
// page does not ship them.
const PromoPosts = dynamic(() => import("./promo-posts").then((m) => m.PromoPosts), {
  ssr: false,
  loading: () => <Loading label="Writing your posts…" />,
}); // The embed code, like the posts, only once a link is shown (the track page does not ship it).
const EmbedSnippet = dynamic(() => import("./embed-snippet").then((m) => m.EmbedSnippet));

/**
 * Where a link can be shared, each as the network's own share URL (no scripts from them):
 * X's tweet intent, Facebook's sharer, WhatsApp's `wa.me`, Reddit's submit page, and email.
 */
export function shareTargets(url: string, text: string): { name: string; href: string }[] {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  return [
    { name: "X", href: `https://twitter.com/intent/tweet?text=${t}&url=${u}` },
    { name: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: "WhatsApp", href: `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}` },
    { name: "Reddit", href: `https://www.reddit.com/submit?url=${u}&title=${t}` },
    { name: "Email", href: `mailto:?subject=${t}&body=${encodeURIComponent(`${text}\n\n${url}`)}` },
  ];
}

type Qr = { png: string; svg: string };

/** The promoter code (`?ref=`) of a link URL, or null. */
function refOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get("ref");
  } catch {
    return null;
  }
}

/**
 * The web's one share component for a promoter's link: the link to copy; the device's share
 * sheet (Web Share API) where the browser has one; share buttons for X, Facebook, WhatsApp,
 * Reddit and email with a pre-filled text; and a QR code of the link, downloadable as PNG
 * (512 px) or SVG. The QR library is loaded only when the code is asked for, so the track page
 * does not ship it. Given the link's track (`trackId`), the ready-to-post texts per network
 * (`PromoPosts`, issue 14 §4) follow.
 */
export function ShareKit({
  url,
  text,
  fileName,
  trackId,
  sourceTag,
  embed,
}: {
  url: string;
  /** The pre-filled message, e.g. `Listen to "Night Drive" by Nova Lights`. */
  text: string;
  /** Download name of the QR images, without extension. */
  fileName: string;
  /** The track the link is for: shows its ready-to-post texts (the caller's own link). */
  trackId?: string;
  /** The link's source tag, carried into the posts' link (`src`). */
  sourceTag?: string;
  /** The track, to offer the embeddable player's code with this link's code (issue 14 §5). */
  embed?: EmbedTrack;
}) {
  const [canShare, setCanShare] = useState(false);
  const [qr, setQr] = useState<Qr | null>(null);
  const [qrPending, setQrPending] = useState(false);
  const [qrError, setQrError] = useState<string | null>(null);
  useEffect(() => {
    setCanShare(typeof navigator !== "undefined" && typeof navigator.share === "function");
  }, []);

  const showQr = async () => {
    setQrPending(true);
    setQrError(null);
    try {
      const QRCode = await import("qrcode");
      const [png, svg] = await Promise.all([
        QRCode.toDataURL(url, { width: 512, margin: 2, errorCorrectionLevel: "M" }),
        QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" }),
      ]);
      setQr({ png, svg: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
    } catch (e) {
      setQrError(`Could not draw the QR code: ${(e as Error).message}`);
    } finally {
      setQrPending(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="share-kit">
      <div className="space-y-2">
        <label htmlFor="affiliate-url" className="text-sm font-medium">
          Your link
        </label>
        <div className="flex gap-2">
          <input
            id="affiliate-url"
            readOnly
            value={url}
            className="w-full min-w-0 rounded-lg bg-zinc-50 px-3 py-2 font-mono text-sm ring-1 ring-zinc-300"
            data-testid="affiliate-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton text={url} />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm" aria-label="Share your link">
        {canShare ? (
          <Button
            type="button"
            onClick={() => {
              // Cancelling the sheet rejects: nothing to report.
              navigator.share({ title: text, text, url }).catch(() => undefined);
            }}
          >
            <Share2 aria-hidden className="size-4" />
            Share…
          </Button>
        ) : null}
        {shareTargets(url, text).map((t) => (
          <a
            key={t.name}
            href={t.href}
            target="_blank"
            rel="noopener noreferrer"
            className={buttonVariants({ variant: "secondary", size: "sm" })}
            data-testid={`share-${t.name.toLowerCase()}`}
          >
            {t.name === "Email" ? <Mail aria-hidden className="size-4" /> : null}
            {t.name}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ))}
        <Button
          type="button"
          variant="secondary"
          onClick={() => (qr ? setQr(null) : void showQr())}
          pending={qrPending}
          aria-expanded={qr != null}
          data-testid="show-qr"
        >
          <QrCode aria-hidden className="size-4" />
          {qr ? "Hide QR code" : "QR code"}
        </Button>
      </div>
      {qrError ? <Alert>{qrError}</Alert> : null}
      {qr ? (
        <div className="flex flex-wrap items-end gap-4 rounded-xl bg-white p-4 ring-1 ring-zinc-200">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn in the browser */}
          <img
            src={qr.svg}
            alt={`QR code for ${url}`}
            width={160}
            height={160}
            data-testid="qr-image"
          />
          <div className="flex flex-col gap-2 text-sm">
            <a
              href={qr.png}
              download={`${fileName}.png`}
              className="inline-flex items-center gap-1 font-medium text-brand-700 underline"
              data-testid="qr-png"
            >
              <Download aria-hidden className="size-4" /> PNG (512 px)
            </a>
            <a
              href={qr.svg}
              download={`${fileName}.svg`}
              className="inline-flex items-center gap-1 font-medium text-brand-700 underline"
              data-testid="qr-svg"
            >
              <Download aria-hidden className="size-4" /> SVG
            </a>
          </div>
        </div>
      ) : null}
      {trackId ? <PromoPosts trackId={trackId} sourceTag={sourceTag} /> : null}
      {embed ? (
        <details className="rounded-lg ring-1 ring-zinc-200" data-testid="share-embed">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            Embed the player on a website
          </summary>
          <div className="px-3 pb-3">
            <EmbedSnippet track={embed} refCode={refOf(url)} />
          </div>
        </details>
      ) : null}
    </div>
  );
}
