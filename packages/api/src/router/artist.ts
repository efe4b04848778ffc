import {
  ZArtistSourceReportInput,
  ZBecomeArtistInput,
  ZCreateReleaseInput,
  ZCreateTrackInput,
  ZPageInput,
  ZReleaseIdInput,
  ZSourceReportOutput,
  ZTrackIdInput,
  ZUpdateArtistProfileInput,
  ZUpdatePressKitInput,
  ZUpdateReleaseInput,
  ZUpdateTrackInput,
  ZResetPostTemplateInput,
  ZSavePostTemplateInput,
  ZRetireLicenseTierInput,
  ZSaveLicenseTierInput,
  ZSaveSubscriptionPlanInput,
  ZSubscriptionPlanOutput,
} from "@fanfare/validators";
import { getPayments } from "@fanfare/payments";

import { getOwnArtistProfile, updateArtistProfile } from "../services/artist/profile";
import { getOwnPressKit, updatePressKit } from "../services/artist/press-kit";
import { artistSourceReport } from "../services/affiliate/source-report";
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
import {
  listLicenseTiers,
  retireLicenseTier,
  saveLicenseTier,
} from "../services/catalog/license-tiers";
import {
  createRelease,
  deleteRelease,
  getArtistRelease,
  listArtistReleases,
  publishRelease,
  unpublishRelease,
  updateRelease,
} from "../services/catalog/releases";
import {
  listArtistPostTemplates,
  resetArtistPostTemplate,
  saveArtistPostTemplate,
} from "../services/share/manage-post-templates";
import { artistProcedure, createTRPCRouter, ownArtistProcedure, protectedProcedure } from "../trpc";
import type { ActingLabel } from "../services/labels/acting";
import { catalogRowFor, catalogRowsFor } from "../services/labels/catalog-view";
import { payeeProcedures } from "./payee-procedures";
import { getPlan, savePlan } from "../services/subscriptions/plans";

// Who edits: the services refuse a label acting for the artist that changes promotion terms.
const artistRef = (ctx: {
  artist: { id: string; name: string };
  user: { id: string };
  actingLabel: ActingLabel | null;
}) => ({
  artistId: ctx.artist.id,
  userId: ctx.user.id,
  actingLabel: ctx.actingLabel,
  artistName: ctx.artist.name,
});

/**
 * A track or release a catalog mutation returns, as its editor may see it: without the artist's
 * money totals when a label acts for them (`catalogRowFor`), as the lists.
 */
const forEditor = async <T extends Parameters<typeof catalogRowFor>[0]>(
  ctx: { actingLabel: ActingLabel | null },
  row: Promise<T>,
) => catalogRowFor(await row, ctx.actingLabel);

export const artistRouter = createTRPCRouter({
  // Money is the artist's own: never through a label acting for them (ownArtistProcedure).
  ...payeeProcedures(ownArtistProcedure, (ctx: { artist: { id: string } }) => ({
    type: "ARTIST",
    id: ctx.artist.id,
  })),
  /** Creates the caller's artist profile (idempotent). */
  becomeArtist: protectedProcedure
    .input(ZBecomeArtistInput)
    .mutation(({ ctx, input }) => becomeArtist({ userId: ctx.user.id, ...input }, ctx.db)),
  genres: protectedProcedure.query(({ ctx }) => listGenres(ctx.db)),
  /** The caller's own artist page as the dashboard edits it: name, bio, links, picture URL. */
  profile: ownArtistProcedure.query(({ ctx }) =>
    getOwnArtistProfile({ userId: ctx.user.id }, ctx.db),
  ),
  /** Edits the caller's own artist page (`/a/<slug>`); absent fields are kept. */
  updateProfile: ownArtistProcedure
    .input(ZUpdateArtistProfileInput)
    .mutation(({ ctx, input }) =>
      updateArtistProfile({ userId: ctx.user.id, data: input }, ctx.db),
    ),
  /** The caller's own press kit (issue 14 §8): photos (upload id and URL each) and one-sheet. */
  pressKit: ownArtistProcedure.query(({ ctx }) => getOwnPressKit({ userId: ctx.user.id }, ctx.db)),
  /**
   * Edits the caller's own press kit (`/a/<slug>/press`); absent fields are kept. The artist's
   * page and press kit are theirs alone: a label acting for them cannot (ownArtistProcedure).
   */
  updatePressKit: ownArtistProcedure
    .input(ZUpdatePressKitInput)
    .mutation(({ ctx, input }) => updatePressKit({ userId: ctx.user.id, data: input }, ctx.db)),
  createTrack: artistProcedure
    .input(ZCreateTrackInput)
    .mutation(({ ctx, input }) =>
      forEditor(ctx, createTrack({ artist: artistRef(ctx), data: input }, ctx.db)),
    ),
  updateTrack: artistProcedure
    .input(ZUpdateTrackInput)
    .mutation(({ ctx, input }) =>
      forEditor(ctx, updateTrack({ artist: artistRef(ctx), data: input }, ctx.db)),
    ),
  publishTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      forEditor(
        ctx,
        setTrackPublished(
          { artistId: ctx.artist.id, trackId: input.trackId, published: true },
          ctx.db,
        ),
      ),
    ),
  unpublishTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      forEditor(
        ctx,
        setTrackPublished(
          { artistId: ctx.artist.id, trackId: input.trackId, published: false },
          ctx.db,
        ),
      ),
    ),
  deleteTrack: artistProcedure
    .input(ZTrackIdInput)
    .mutation(({ ctx, input }) =>
      forEditor(ctx, deleteTrack({ artistId: ctx.artist.id, trackId: input.trackId }, ctx.db)),
    ),
  /** The artist's tracks; a label acting for them sees no money totals (`catalogRowFor`). */
  myTracks: artistProcedure.query(async ({ ctx }) =>
    catalogRowsFor(await listArtistTracks({ artistId: ctx.artist.id }, ctx.db), ctx.actingLabel),
  ),
  /** The licence tiers of one of the caller's tracks (issue 16 §4), retired ones included. */
  licenseTiers: artistProcedure
    .input(ZTrackIdInput)
    .query(({ ctx, input }) =>
      listLicenseTiers({ artistId: ctx.artist.id, trackId: input.trackId }, ctx.db),
    ),
  /** Creates or changes the track's commercial or sync tier; a change of terms is a new version. */
  saveLicenseTier: artistProcedure
    .input(ZSaveLicenseTierInput)
    .mutation(({ ctx, input }) =>
      saveLicenseTier({ artistId: ctx.artist.id, data: input }, ctx.db),
    ),
  /** Stops offering the track's tier of a kind (its licences stay valid). */
  retireLicenseTier: artistProcedure
    .input(ZRetireLicenseTierInput)
    .mutation(({ ctx, input }) =>
      retireLicenseTier({ artistId: ctx.artist.id, data: input }, ctx.db),
    ),
  /**
   * The caller's releases (issue 16 §1), newest first, with their tracks in order and totals (the
   * money totals null for a label acting for the artist).
   */
  releases: artistProcedure.query(async ({ ctx }) =>
    catalogRowsFor(await listArtistReleases({ artistId: ctx.artist.id }, ctx.db), ctx.actingLabel),
  ),
  /** One of the caller's releases, for its editor; NOT_FOUND for another artist's. */
  release: artistProcedure
    .input(ZReleaseIdInput)
    .query(async ({ ctx, input }) =>
      catalogRowFor(
        await getArtistRelease({ artistId: ctx.artist.id, releaseId: input.releaseId }, ctx.db),
        ctx.actingLabel,
      ),
    ),
  /** A new unpublished release of the caller's own tracks, in the given order. */
  createRelease: artistProcedure
    .input(ZCreateReleaseInput)
    .mutation(({ ctx, input }) =>
      forEditor(ctx, createRelease({ artist: artistRef(ctx), data: input }, ctx.db)),
    ),
  /** Edits a release of the caller's; `trackIds` replaces the ordered list. */
  updateRelease: artistProcedure
    .input(ZUpdateReleaseInput)
    .mutation(({ ctx, input }) =>
      forEditor(ctx, updateRelease({ artist: artistRef(ctx), data: input }, ctx.db)),
    ),
  publishRelease: artistProcedure
    .input(ZReleaseIdInput)
    .mutation(({ ctx, input }) =>
      forEditor(
        ctx,
        publishRelease({ artistId: ctx.artist.id, releaseId: input.releaseId }, ctx.db),
      ),
    ),
  unpublishRelease: artistProcedure
    .input(ZReleaseIdInput)
    .mutation(({ ctx, input }) =>
      forEditor(
        ctx,
        unpublishRelease({ artistId: ctx.artist.id, releaseId: input.releaseId }, ctx.db),
      ),
    ),
  /** Soft-deletes a release of the caller's; its sales stay. */
  deleteRelease: artistProcedure
    .input(ZReleaseIdInput)
    .mutation(({ ctx, input }) =>
      deleteRelease({ artistId: ctx.artist.id, releaseId: input.releaseId }, ctx.db),
    ),
  /** The caller's own sales (buyers' details are shared with the artist, not their label). */
  sales: ownArtistProcedure
    .input(ZPageInput.optional())
    .query(({ ctx, input }) => listArtistSales({ artistId: ctx.artist.id, page: input }, ctx.db)),
  /** The artist's own sales totals (money: never through a label acting for them). */
  stats: ownArtistProcedure.query(({ ctx }) => getArtistStats({ artistId: ctx.artist.id }, ctx.db)),
  /**
   * The artist's catalog subscription plan (issue 16 §3): prices in cents, the recurring
   * commission, active subscribers; null before the first save. The artist's own (money).
   */
  subscriptionPlan: ownArtistProcedure
    .output(ZSubscriptionPlanOutput)
    .query(({ ctx }) => getPlan({ artistId: ctx.artist.id }, ctx.db)),
  /**
   * Saves the plan (prices, commission rate and months or forever, active); a new amount makes a
   * new processor Price. The artist's own: a label acting for them cannot set their price.
   */
  saveSubscriptionPlan: ownArtistProcedure
    .input(ZSaveSubscriptionPlanInput)
    .output(ZSubscriptionPlanOutput)
    .mutation(({ ctx, input }) =>
      savePlan(
        { artistId: ctx.artist.id, userId: ctx.user.id, data: input },
        { db: ctx.db, payments: getPayments(ctx.db) },
      ),
    ),
  /**
   * The promo post templates in force for the artist's tracks (issue 14 §4), per network: their
   * own, else the platform's default, with what a reset brings back and a sample preview.
   */
  postTemplates: artistProcedure.query(({ ctx }) =>
    listArtistPostTemplates({ artistId: ctx.artist.id }, ctx.db),
  ),
  /** Saves the artist's own template for one network (their tracks only); the new list. */
  savePostTemplate: artistProcedure
    .input(ZSavePostTemplateInput)
    .mutation(({ ctx, input }) =>
      saveArtistPostTemplate({ artistId: ctx.artist.id, userId: ctx.user.id, ...input }, ctx.db),
    ),
  /** Back to the platform's default for one network; the new list. */
  resetPostTemplate: artistProcedure
    .input(ZResetPostTemplateInput)
    .mutation(({ ctx, input }) =>
      resetArtistPostTemplate({ artistId: ctx.artist.id, network: input.network }, ctx.db),
    ),
  /**
   * "Performance by source" for the artist's tracks, or one of them (issue 14 §2): clicks, sales,
   * conversion and the artist's earnings (cents, after fee and commission, net of refunds) per
   * source tag or UTM source / medium / campaign, over 7, 30 or 90 UTC days or all time. The
   * artist's own (their earnings): refused to a label acting for them.
   */
  sourceReport: ownArtistProcedure
    .input(ZArtistSourceReportInput)
    .output(ZSourceReportOutput)
    .query(({ ctx, input }) => artistSourceReport({ artistId: ctx.artist.id, ...input }, ctx.db)),
});
