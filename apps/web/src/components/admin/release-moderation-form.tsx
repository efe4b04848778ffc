"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { ReasonForm } from "./reason-form";
import { useTRPC } from "~/trpc/react";

/**
 * Takes a release down, or restores a taken-down one, with the reason the artist reads
 * (`admin.releases.takedown` / `admin.releases.restore`, issue 16 §1, as tracks). Afterwards the
 * releases list refreshes.
 */
export function ReleaseModerationForm({
  release,
  onDone,
  onCancel,
}: {
  release: { id: string; title: string; takenDownAt: Date | null };
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const takedown = useMutation(trpc.admin.releases.takedown.mutationOptions());
  const restore = useMutation(trpc.admin.releases.restore.mutationOptions());
  const down = release.takenDownAt != null;
  return (
    <ReasonForm
      id={release.id}
      label={down ? `Restore ${release.title}` : `Take down ${release.title}`}
      danger={!down}
      readerNote="the artist reads it"
      consequence={
        down
          ? "The artist may publish the release again (it stays unpublished until they do)."
          : "The release leaves the store at once; the artist cannot republish it until you restore it. Its tracks stay as they are; past sales, pre-orders already sold and downloads stay."
      }
      run={async (reason) => {
        await (down ? restore : takedown).mutateAsync({ releaseId: release.id, reason });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.releases.list.pathKey() });
        return `${release.title} ${down ? "restored" : "taken down"}.`;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
