"use client";

import { useEffect, useState } from "react";

import type { TrackPageTrack } from "@fanfare/api/services/catalog/public-page";

import { TrackView } from "./track-view";
import { useViewer } from "./viewer";
import { trpcQuery } from "~/lib/trpc-fetch";

/**
 * The page of a track that exists but is not published: the cached HTML only says "not
 * available" (`children`). In the browser, a signed-in artist asks `buyer.trackBySlug`, which
 * returns the draft to its owner only, and sees it with the draft badge instead.
 */
export function DraftForOwner({ slug, children }: { slug: string; children: React.ReactNode }) {
  const viewer = useViewer();
  const artistId = viewer.status === "done" ? viewer.viewer?.artistId : null;
  const [draft, setDraft] = useState<TrackPageTrack | null>(null);
  useEffect(() => {
    if (!artistId) return;
    let live = true;
    trpcQuery("buyer", "trackBySlug", { slug })
      .then((t) => {
        // A draft is on no campaign: it is not on sale.
        if (live && t.isOwner) setDraft({ ...t, campaign: null });
      })
      .catch(() => undefined); // not the owner (or gone): the neutral page stays
    return () => {
      live = false;
    };
  }, [artistId, slug]);
  if (draft) return <TrackView track={draft} draft />;
  return <>{children}</>;
}
