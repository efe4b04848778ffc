"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { ReasonForm } from "./reason-form";
import { useTRPC } from "~/trpc/react";

/**
 * Takes a track down, or restores a taken-down one, with the reason the artist reads
 * (`admin.tracks.takedown` / `admin.tracks.restore`, issue 11 §2). Shared by the tracks page and
 * a person's page; afterwards both refresh (the track shows on each).
 */
export function TrackModerationForm({
  track,
  onDone,
  onCancel,
}: {
  track: { id: string; title: string; takenDownAt: Date | null };
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const takedown = useMutation(trpc.admin.tracks.takedown.mutationOptions());
  const restore = useMutation(trpc.admin.tracks.restore.mutationOptions());
  const down = track.takenDownAt != null;
  return (
    <ReasonForm
      id={track.id}
      label={down ? `Restore ${track.title}` : `Take down ${track.title}`}
      danger={!down}
      readerNote="the artist reads it"
      consequence={
        down
          ? "The artist may publish the track again (it stays unpublished until they do)."
          : "The track leaves the store at once; the artist cannot republish it until you restore it. Past sales and downloads stay."
      }
      run={async (reason) => {
        await (down ? restore : takedown).mutateAsync({ trackId: track.id, reason });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.admin.tracks.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.admin.people.get.pathKey() }),
        ]);
        return `${track.title} ${down ? "restored" : "taken down"}.`;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
