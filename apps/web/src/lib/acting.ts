/**
 * Whether a request acts for another artist than the user's own (issue 16 §5): the `ff_act_as`
 * cookie (the context's `actAsArtistId`, as `artistProcedure` reads it) names an artist other
 * than `user.artist`. Pages that are the user's own artist's alone (earnings, discount codes,
 * campaigns, label contracts) send such a request back to the catalog (`/dashboard/artist`).
 */
export function actsForAnotherArtist(ctx: {
  user: { artist: { id: string } | null } | null;
  actAsArtistId: string | null;
}): boolean {
  return !!ctx.actAsArtistId && ctx.actAsArtistId !== ctx.user?.artist?.id;
}
