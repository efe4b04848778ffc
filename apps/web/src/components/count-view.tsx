"use client";

import { useEffect } from "react";

import { reportView } from "~/lib/report-view";

/**
 * Counts one view of a landing page, which is served from cache, once the page has loaded in a
 * browser (bots that do not run scripts never count): `reportView` on mount.
 */
export function CountLandingView({ handle }: { handle: string }) {
  useEffect(() => {
    reportView({ kind: "landing", handle });
  }, [handle]);
  return null;
}
