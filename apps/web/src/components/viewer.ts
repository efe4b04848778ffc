"use client";

import { useEffect, useSyncExternalStore } from "react";

import type { RouterOutputs } from "@fanfare/api";

import { trpcQuery } from "~/lib/trpc-fetch";

/** Who is signed in (`buyer.viewer`): null when signed out. */
export type Viewer = RouterOutputs["buyer"]["viewer"];
export type ViewerState = { status: "pending" } | { status: "done"; viewer: Viewer };

const PENDING: ViewerState = { status: "pending" };
let state: ViewerState = PENDING;
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function publish(next: ViewerState) {
  state = next;
  for (const l of listeners) l();
}

function load(): void {
  inflight ??= trpcQuery("buyer", "viewer")
    .then((viewer) => publish({ status: "done", viewer }))
    .catch(() => publish({ status: "done", viewer: null }))
    .finally(() => {
      inflight = null;
    });
}

/** Asks the server again (after signing in or out). */
export function refreshViewer(): void {
  inflight = null;
  load();
}

/** Sets the viewer without asking (signed out: null). */
export function setViewer(viewer: Viewer): void {
  publish({ status: "done", viewer });
}

/** The current state (outside React). */
export function getViewerState(): ViewerState {
  return state;
}

/** Calls `listener` whenever the viewer changes; returns the unsubscribe. */
export function subscribeViewer(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The signed-in user for client islands, shared by all of them on a page (one request). The
 * server render and the first browser render both see `pending` (the cached HTML is the same
 * for everyone), then the browser asks `buyer.viewer`.
 */
export function useViewer(): ViewerState {
  const snapshot = useSyncExternalStore(
    subscribeViewer,
    () => state,
    () => PENDING,
  );
  useEffect(() => {
    if (state.status === "pending") load();
  }, []);
  return snapshot;
}
