"use client";

import { useEffect, useRef } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Card, Loading, buttonVariants, cn } from "@fanfare/ui";
import { LICENSE_KIND_LABELS } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { ShareEarnOffer } from "./share-earn-offer";
import { Artwork } from "./track-card";
import { formatUtc, formatUtcDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { useFormatChoice } from "~/lib/use-format-choice";

/** The page's heading for each state of the purchase: never "thank you" for a refund. */
const HEADINGS = {
  PENDING: "Confirming your payment",
  COMPLETED: "Thank you for your purchase",
  REFUNDED: "This purchase was refunded",
  FAILED: "This purchase did not go through",
} as const;

/**
 * The receipt: artwork, title, artist, what was paid and when (UTC), and the download with the
 * one reason it works or not (available with downloads left until a date; a pre-order's date;
 * used up; expired; refunded). A release (issue 16 §1) lists every track with its own Download
 * button and a "Download all (zip)". The format picker (issue 16 §2: MP3 320, AAC 256, FLAC or the
 * original) sets the format of every link; a format not made yet is asked for at once
 * (`buyer.prepareFormat`, once per format and page), so the files are being made while the page
 * waits. Polls while the payment is being confirmed, and while the chosen format is still being
 * prepared.
 */
export function PurchaseStatus({
  token,
  initialFormat = "original",
}: {
  token: string;
  /** The page's `?format=`; the original by default (what the links gave before formats). */
  initialFormat?: DownloadFormat;
}) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.buyer.resendReceipt.mutationOptions());
  const [format, chooseFormat] = useFormatChoice(initialFormat);
  const prepare = useMutation(trpc.buyer.prepareFormat.mutationOptions());
  const asked = useRef(new Set<DownloadFormat>());
  const q = useQuery({
    ...trpc.buyer.purchaseStatus.queryOptions({ token }),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.status === "PENDING") return 1500;
      const chosen = data?.formats.find((f) => f.format === format);
      return data?.downloadState === "available" && chosen && !chosen.ready ? 5000 : false;
    },
  });
  // The chosen format's files are made when asked for: ask once, as soon as the page knows they
  // are missing and the purchase may download.
  const missing =
    format !== "original" &&
    q.data?.downloadState === "available" &&
    q.data.formats.some((f) => f.format === format && !f.ready);
  const { mutate: askFor } = prepare;
  useEffect(() => {
    if (!missing || asked.current.has(format)) return;
    asked.current.add(format);
    askFor({ token, format });
  }, [missing, format, token, askFor]);
  if (q.isPending) return <Loading label="Loading your purchase…" />;
  if (q.error)
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Your purchase</h1>
        <Alert>{q.error.message}</Alert>
      </div>
    );
  const p = q.data;
  const isRelease = p.product.kind === "release";
  const resendRow = (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <button
        type="button"
        className="font-medium text-brand-700 underline disabled:opacity-60"
        disabled={resend.isPending}
        onClick={() => resend.mutate({ token })}
      >
        Email me the link again
      </button>
      <span aria-live="polite" className={resend.error ? "text-red-600" : "text-zinc-600"}>
        {resend.isSuccess
          ? `Sent to ${resend.data.sentTo}.`
          : resend.error
            ? resend.error.message
            : ""}
      </span>
    </div>
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold" data-testid="purchase-heading">
        {HEADINGS[p.status]}
      </h1>
      <Card className="max-w-xl space-y-4">
        <div className="flex items-start gap-4">
          <div className="w-20 shrink-0">
            <Artwork url={p.product.artworkUrl} title={p.product.title} />
          </div>
          <div className="min-w-0 flex-1">
            <p className="break-words font-semibold" data-testid="purchase-title">
              {p.product.title}
            </p>
            <p className="text-sm text-zinc-600">by {p.product.artistName}</p>
            <p className="text-sm text-zinc-500" data-testid="purchase-date">
              {formatUtc(p.purchasedAt)} UTC · {p.buyerEmail}
            </p>
          </div>
          <div className="text-right">
            <p className="font-semibold">{formatCents(p.amountCents, p.currency)}</p>
            {p.refundedCents > 0 ? (
              <p className="text-sm text-red-700" data-testid="purchase-refunded">
                {formatCents(p.refundedCents, p.currency)} refunded
              </p>
            ) : null}
          </div>
        </div>
        <div aria-live="polite" className="space-y-3">
          {p.downloadState === "pending" ? (
            <p className="text-zinc-700">Confirming your payment… this page updates by itself.</p>
          ) : p.downloadState === "preorder" ? (
            <>
              <p className="text-zinc-700" data-testid="download-terms">
                Paid. Your downloads open on{" "}
                {p.deliverAt ? `${formatUtcDate(p.deliverAt)} (UTC)` : "the release date"}. Keep
                this page&apos;s address: the downloads appear here then.
              </p>
              {isRelease ? <ReleaseItems items={p.items} /> : null}
            </>
          ) : p.downloadState === "available" ? (
            <>
              <Badge tone="green">Paid</Badge>
              <FormatPicker formats={p.formats} value={format} onChange={chooseFormat} />
              {isRelease ? (
                <>
                  {p.zipPath ? (
                    <a
                      href={withFormat(p.zipPath, format)}
                      className={buttonVariants({ size: "lg", className: "w-full" })}
                      data-testid="download-zip"
                    >
                      {/* "originals", not "Original (FLAC, MP3, WAV)" inside the parentheses. */}
                      Download all (zip,{" "}
                      {format === "original" ? "originals" : formatLabel(p.formats, format)})
                    </a>
                  ) : null}
                  <ReleaseItems items={p.items} downloads format={format} />
                </>
              ) : (
                <a
                  href={withFormat(p.downloadPath, format)}
                  className={buttonVariants({ size: "lg", className: "w-full" })}
                  data-testid="download-link"
                >
                  {format === "original"
                    ? "Download the master"
                    : `Download (${formatLabel(p.formats, format)})`}
                </a>
              )}
              <p className="text-sm text-zinc-600" data-testid="download-terms">
                {p.downloadsRemaining} of {p.downloadLimit} downloads left
                {p.expiresAt ? `, until ${formatUtc(p.expiresAt)} UTC` : ""}. Keep this page's
                address: it is your receipt.
              </p>
              {resendRow}
            </>
          ) : p.downloadState === "used_up" ? (
            <>
              <Badge tone="green">Paid</Badge>
              <p className="text-zinc-700" data-testid="download-terms">
                You have used all {p.downloadLimit} downloads of this purchase. If you lost the
                file, contact the artist.
              </p>
            </>
          ) : p.downloadState === "expired" ? (
            <>
              <Badge tone="green">Paid</Badge>
              <p className="text-zinc-700" data-testid="download-terms">
                The download link expired on {p.expiresAt ? formatUtcDate(p.expiresAt) : "its date"}{" "}
                (UTC), after {p.downloadsUsed} of {p.downloadLimit} downloads.
              </p>
            </>
          ) : p.downloadState === "refunded" ? (
            <p className="text-zinc-700" data-testid="download-terms">
              The payment was returned to you, so the download link no longer works.
            </p>
          ) : (
            <p className="text-zinc-700" data-testid="download-terms">
              The payment did not complete; nothing was charged. You can buy the{" "}
              {isRelease ? "release" : "track"} again from its page.
            </p>
          )}
        </div>
        {p.license ? (
          <div className="space-y-1 border-t border-zinc-100 pt-3 text-sm" data-testid="license">
            <p>
              <span className="font-medium">{LICENSE_KIND_LABELS[p.license.kind]} licence</span>
              {p.license.revokedAt ? (
                <span className="ml-2">
                  <Badge tone="red">Revoked</Badge>
                </span>
              ) : null}
            </p>
            <p className="break-all font-mono text-zinc-700" data-testid="license-key">
              {p.license.key}
            </p>
            <p className="flex flex-wrap gap-x-4 gap-y-1">
              <a href={p.license.certificatePath} className="font-medium text-brand-700 underline">
                Download certificate (PDF)
              </a>
              <a href={p.license.verifyPath} className="text-brand-700 underline">
                Verification page
              </a>
            </p>
          </div>
        ) : null}
      </Card>
      {p.status === "COMPLETED" ? <ShareEarnOffer token={token} /> : null}
    </div>
  );
}

export type DownloadFormat = "mp3_320" | "aac_256" | "flac" | "original";
export type FormatOption = { format: DownloadFormat; label: string; ready: boolean };

/** `path` asking for `format`: the original is the path as it is (the route's default). */
export function withFormat(path: string, format: DownloadFormat): string {
  if (format === "original") return path;
  return `${path}${path.includes("?") ? "&" : "?"}format=${format}`;
}

const formatLabel = (formats: FormatOption[], format: DownloadFormat) =>
  formats.find((f) => f.format === format)?.label ?? format;

/**
 * The format picker: one radio per format ("MP3 320", "AAC 256", "FLAC", "Original (WAV)"), and
 * what the chosen one gives. A format not made yet for every file says so: its first download
 * answers "being prepared" (and nothing is counted), and this page polls until it is ready.
 * A GET form: without JavaScript, "Show links" reloads the page with `?format=`.
 */
export function FormatPicker({
  formats,
  value,
  onChange,
}: {
  formats: FormatOption[];
  value: DownloadFormat;
  onChange: (format: DownloadFormat) => void;
}) {
  const chosen = formats.find((f) => f.format === value);
  return (
    <form method="get" className="space-y-2" data-testid="format-picker">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-ink">Format</legend>
        <div className="flex flex-wrap gap-2">
          {formats.map((f) => (
            <label
              key={f.format}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-lg px-3 py-1.5 text-sm ring-1",
                value === f.format
                  ? "bg-brand-50 font-medium ring-2 ring-brand-600"
                  : "ring-zinc-300 hover:bg-zinc-50",
              )}
            >
              <input
                type="radio"
                name="format"
                value={f.format}
                className="size-4 accent-brand-600"
                checked={value === f.format}
                onChange={() => onChange(f.format)}
                data-testid={`format-${f.format}`}
              />
              {f.label}
            </label>
          ))}
        </div>
        <p className="text-xs text-zinc-600" aria-live="polite" data-testid="format-note">
          {value === "original"
            ? "The files exactly as the artist uploaded them."
            : chosen?.ready
              ? "Tagged with the title, artist, album, track number and artwork."
              : "Being prepared: if a download says so, try again in a minute (nothing is counted). This page updates when they are ready."}
        </p>
      </fieldset>
      <noscript>
        <button type="submit" className={buttonVariants({ size: "sm", variant: "secondary" })}>
          Show links in this format
        </button>
      </noscript>
    </form>
  );
}

type PurchaseItem = {
  trackId: string;
  title: string;
  position: number;
  durationSeconds: number;
  downloadPath: string;
};

/**
 * A release's tracks on its receipt, in order: with `downloads`, each with its own Download
 * button (its `downloadPath` in `format`); without (a pre-order), just what will be there.
 */
function ReleaseItems({
  items,
  downloads = false,
  format = "original",
}: {
  items: PurchaseItem[];
  downloads?: boolean;
  format?: DownloadFormat;
}) {
  return (
    <ol
      className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200"
      data-testid="purchase-items"
    >
      {items.map((item) => (
        <li key={item.trackId} className="flex items-center gap-3 px-3 py-2">
          <span className="w-6 shrink-0 text-right font-mono text-sm text-zinc-500">
            {item.position}
          </span>
          <span className="min-w-0 flex-1 truncate" title={item.title}>
            {item.title}
          </span>
          <span className="shrink-0 font-mono text-sm text-zinc-600">
            {Math.floor(item.durationSeconds / 60)}:
            {String(item.durationSeconds % 60).padStart(2, "0")}
          </span>
          {downloads ? (
            <a
              href={withFormat(item.downloadPath, format)}
              className={buttonVariants({ size: "sm", className: "shrink-0" })}
              data-testid="download-link"
            >
              Download<span className="sr-only"> {item.title}</span>
            </a>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
