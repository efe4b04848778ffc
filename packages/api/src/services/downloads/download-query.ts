import { zId } from "@fanfare/validators";

import type { DownloadFormat } from "../formats/format-spec";
import { DOWNLOAD_FORMATS, isDownloadFormat } from "../formats/format-spec";

/** What `GET /api/download/<token>` was asked for, or why the query is refused (400). */
export type DownloadQuery =
  | {
      ok: true;
      /** The release's track to fetch; null for a track purchase or the zip. */
      trackId: string | null;
      /** The format; "original" (the master as uploaded, the route's behaviour before formats) when absent. */
      format: DownloadFormat;
      /** The whole release as one zip. */
      zip: boolean;
    }
  | { ok: false; field: "track" | "format" | "zip"; message: string };

/** A user's value in a message: quoted, escaped, cut at 40 characters. */
const shown = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);

/**
 * Reads the download route's query (issue 16 §2): `track` (a release's track id), `format`
 * (mp3_320 | aac_256 | flac | original; default original) and `zip` (1: the release's tracks as
 * one zip; 0 or absent: one file). Pure; the route answers 400 with `message` and `field` when
 * `ok` is false: a parameter given twice, an unknown format, a `zip` other than 0 or 1, a
 * malformed track id (zId's rule: control characters refused), or both `zip=1` and `track`.
 */
export function parseDownloadQuery(params: URLSearchParams): DownloadQuery {
  for (const field of ["track", "format", "zip"] as const)
    if (params.getAll(field).length > 1)
      return { ok: false, field, message: `The ${field} parameter is given more than once.` };
  const formatParam = params.get("format");
  if (formatParam !== null && !isDownloadFormat(formatParam))
    return {
      ok: false,
      field: "format",
      message: `Unknown download format ${shown(formatParam)}: choose one of ${DOWNLOAD_FORMATS.join(", ")}.`,
    };
  const zipParam = params.get("zip");
  if (zipParam !== null && zipParam !== "0" && zipParam !== "1")
    return {
      ok: false,
      field: "zip",
      message: `zip must be 1 (the whole release as one zip) or 0, not ${shown(zipParam)}.`,
    };
  const trackParam = params.get("track");
  let trackId: string | null = null;
  if (trackParam !== null) {
    const parsed = zId("Track id").safeParse(trackParam);
    if (!parsed.success)
      return {
        ok: false,
        field: "track",
        message: parsed.error.issues[0]?.message ?? "Track id is malformed.",
      };
    trackId = parsed.data;
  }
  const zip = zipParam === "1";
  if (zip && trackId !== null)
    return {
      ok: false,
      field: "zip",
      message: "Ask for one track (track=<id>) or the whole release (zip=1), not both.",
    };
  return { ok: true, trackId, format: (formatParam as DownloadFormat | null) ?? "original", zip };
}

/**
 * Reads a subscriber's download query (`GET /api/subscriptions/download/<trackId>`, issue 16 §3):
 * `format` only, by `parseDownloadQuery`'s rules (the same words and default: original). The
 * track is in the path and a subscriber fetches one file at a time, so `track` or `zip=1` is
 * refused rather than ignored (a silent single file where a zip was asked for). Pure; the route
 * answers 400 with `message` and `field` when `ok` is false.
 */
export function parseSubscriberDownloadQuery(
  params: URLSearchParams,
):
  | { ok: true; format: DownloadFormat }
  | { ok: false; field: "track" | "format" | "zip"; message: string } {
  const query = parseDownloadQuery(params);
  if (!query.ok) return query;
  if (query.trackId !== null)
    return {
      ok: false,
      field: "track",
      message: "A subscriber's download names its track in the path: remove the track parameter.",
    };
  if (query.zip)
    return {
      ok: false,
      field: "zip",
      message: "A subscriber's downloads are one track at a time: there is no zip.",
    };
  return { ok: true, format: query.format };
}
