import {
  ZBecomeArtistInput,
  ZCreateTrackInput,
  ZPageInput,
  ZTrackIdInput,
  ZUpdateTrackInput,
} from "@fanfare/validators";

import { getArtistStats, listArtistSales } from "../services/artist/sales";
import {
  becomeArtist,
  createTrack,
  deleteTrack,
  listArtistTracks,
  setTrackPublished,
  updateTrack,
} from "../services/catalog/manage-tracks";
import { listGenres } from "../services/catalog/discover";
import { artistProcedure, createTRPCRouter, protectedProcedure } from "../trpc";
import { payeeProcedures } from "./payee-procedures";

const artistRef = (ctx: { artist: { id: string }; user: { id: string } }) => ({
  artistId: ctx.artist.id,
  userId: ctx.user.id,
});

export const artistRouter = createTRPCRouter({
  ...payeeProcedures(artistProcedure, (ctx: { artist: { id: string } }) => ({
    type: "ARTIST",
    id: ctx.artist.id,
  })),
  /** Creates the caller's artist profile (idempotent). */
  becomeArtist: protectedProcedure
    .input(ZBecomeArtistInput)
    .mutation(({ ctx, input }) => becomeArtist({ userId: ctx.user.id, ...input }, ctx.db)),
  genres: protectedProcedure.query(({ ctx }) => listGenres(ctx.db)),
  createTrack: artistProcedure
    .input(ZCreateTrackInput)
    .mutation(({ ctx, input }) => createTrack({ artist: artistRef(ctx), data: input }, ctx.db)),
  updateTrack: artistProcedure
    .input(ZUpdateTrackInput)
    .mutation(({ ctx, input }) => updateTrack({ artist: artistRef(ctx), data: input }, ctx.db)),
  publishTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      setTrackPublished(
        { artistId: ctx.artist.id, trackId: input.trackId, published: true },
        ctx.db,
      ),
    ),
  unpublishTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      setTrackPublished(
        { artistId: ctx.artist.id, trackId: input.trackId, published: false },
        ctx.db,
      ),
    ),
  deleteTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      deleteTrack({ artistId: ctx.artist.id, trackId: input.trackId }, ctx.db),
    ),
  myTracks: artistProcedure.query(({ ctx }) =>
    listArtistTracks({ artistId: ctx.artist.id }, ctx.db),
  ),
  sales: artistProcedure
    .input(ZPageInput.optional())
    .query(({ ctx, input }) => listArtistSales({ artistId: ctx.artist.id, page: input }, ctx.db)),
  stats: artistProcedure.query(({ ctx }) => getArtistStats({ artistId: ctx.artist.id }, ctx.db)),
});
