"use client";

import { useQuery } from "@tanstack/react-query";

import type { TrackPageTrack } from "@fanfare/api/services/catalog/public-page";

import { useViewer } from "./nav-account";
import { TrackView } from "./track-view";
import { useTRPC } from "~/trpc/react";

/**
 * The page of a track that exists but is not published: the cached HTML only says "not
 * available" (`children`). In the browser, a signed-in artist asks `buyer.trackBySlug`, which
 * returns the draft to its owner only, and sees it with the draft badge instead.
 */
export function DraftForOwner({ slug, children }: { slug: string; children: React.ReactNode }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const draft = useQuery(
    trpc.buyer.trackBySlug.queryOptions(
      { slug },
      { enabled: !!viewer.data?.artistId, retry: false, staleTime: 0 },
    ),
  );
  if (draft.data?.isOwner) {
    const track: TrackPageTrack = draft.data;
    return <TrackView track={track} draft />;
  }
  return <>{children}</>;
}
