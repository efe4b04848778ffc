"use client";

import { useState } from "react";

import type { DownloadFormat } from "@fanfare/api/services/downloads/downloads";

/**
 * The download format a buyer or subscriber picked (issue 16 §2), kept in the address too
 * (`?format=`, absent for the original) so a reload, or the no-JavaScript form, keeps it.
 * @returns `[format, choose]`; `choose` sets both the state and the address (replaceState).
 */
export function useFormatChoice(
  initialFormat: DownloadFormat,
): [DownloadFormat, (next: DownloadFormat) => void] {
  const [format, setFormat] = useState<DownloadFormat>(initialFormat);
  const choose = (next: DownloadFormat) => {
    setFormat(next);
    const url = new URL(window.location.href);
    if (next === "original") url.searchParams.delete("format");
    else url.searchParams.set("format", next);
    window.history.replaceState(null, "", url);
  };
  return [format, choose];
}
