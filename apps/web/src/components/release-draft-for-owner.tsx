"use client";

import { useEffect, useState } from "react";

import type { PublicRelease } from "@fanfare/api/services/catalog/release-page";

import { ReleaseView } from "./release-view";
import { useViewer } from "./viewer";
import { trpcQuery } from "~/lib/trpc-fetch";

/**
 * The page of a release that exists but is not published (a draft, or taken down): the cached
 * HTML only says "not available" (`children`). In the browser, a signed-in artist asks
 * `release.bySlug`, which returns the draft to its own artist only, and sees it with the draft
 * badge instead (as a track's `DraftForOwner`).
 */
export function ReleaseDraftForOwner({
  slug,
  children,
}: {
  slug: string;
  children: React.ReactNode;
}) {
  const viewer = useViewer();
  const artistId = viewer.status === "done" ? viewer.viewer?.artistId : null;
  const [draft, setDraft] = useState<PublicRelease | null>(null);
  useEffect(() => {
    if (!artistId) return;
    let live = true;
    trpcQuery("release", "bySlug", { slug })
      .then((r) => {
        if (live && r.isOwner) setDraft(r);
      })
      .catch(() => undefined); // not the owner (or gone): the neutral page stays
    return () => {
      live = false;
    };
  }, [artistId, slug]);
  if (draft) return <ReleaseView release={draft} draft />;
  return <>{children}</>;
}
