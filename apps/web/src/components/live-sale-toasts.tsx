"use client";

import { useQueryClient } from "@tanstack/react-query";

import { toast } from "@fanfare/ui/toast";
import { formatCents } from "@fanfare/validators/money";

import { useLiveEvents } from "~/lib/live-stream";
import { useTRPC } from "~/trpc/react";

/**
 * "New sale" toasts on the artist dashboard (issue 13 §6): `live.events` pushes each sale of the
 * artist's tracks (on the page's one stream, shared with the header's bell: ~/lib/live-stream.ts);
 * the toast says what sold and the artist's share, and the dashboard's figures are refetched.
 * Renders nothing; without a stream the dashboard simply shows sales on reload.
 */
export function LiveSaleToasts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveEvents((m) => {
    if (m.type !== "sale") return;
    toast.success(`New sale: ${m.trackTitle}`, {
      description: `${formatCents(m.amountCents)} to you.`,
    });
    void queryClient.invalidateQueries({ queryKey: trpc.artist.pathKey() });
  });
  return null;
}
