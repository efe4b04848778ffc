import {
  ZAcceptTermsInput,
  ZClaimPromoterCodeInput,
  ZSetPromoterCodeStatusInput,
  ZPromoterApplicationInput,
  ZTaxFormInput,
  ZReleaseIdInput,
  ZTrackIdInput,
  ZUpdatePromoterProfileInput,
  ZPromoterProgressOutput,
  ZPromoterSourceReportInput,
  ZSourceReportOutput,
  ZPromoPostsInput,
  ZPageInput,
} from "@fanfare/validators";

import {
  getOrCreateAffiliateLink,
  getOrCreateProductLink,
  getPromoterStats,
  listPromoterLinks,
} from "../services/affiliate/links";
import { recordSighting, requestVisitor } from "../services/affiliate/sightings";
import { promoterSourceReport } from "../services/affiliate/source-report";
import { updatePromoterProfile } from "../services/account/settings";
import { getApplication, submitApplication } from "../services/applications/submit-application";
import { acceptTerms, termsForUser } from "../services/program/terms";
import { getTaxStatus, submitTaxForm } from "../services/tax/tax-forms";
import {
  claimPromoterCode,
  myPromoterCode,
  setPromoterCodeStatus,
} from "../services/discount/promoter-code";
import { getPromoterProgress } from "../services/tiers/progress";
import { renderPromoPosts } from "../services/share/post-templates";
import { listRecruits } from "../services/affiliate/recruits";
import { pageLinkCode } from "../services/affiliate/page-links";
import { createTRPCRouter, promoterProcedure } from "../trpc";
import { payeeProcedures } from "./payee-procedures";

export const promoterRouter = createTRPCRouter({
  ...payeeProcedures(promoterProcedure, (ctx: { promoter: { id: string } }) => ({
    type: "PROMOTER",
    id: ctx.promoter.id,
  })),
  /**
   * Tier progress (issue 13 §1): the tier the promoter qualifies for now, the next one and what is
   * missing, every tier's unlock state; the milestones; the badges held and still to earn
   * (issue 13 §3).
   */
  progress: promoterProcedure
    .output(ZPromoterProgressOutput)
    .query(({ ctx }) => getPromoterProgress({ promoterId: ctx.promoter.id }, ctx.db)),
  /** The signed-in person: roles and promoter profile. */
  me: promoterProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    isAdmin: ctx.user.isAdmin,
    artist: ctx.user.artist
      ? { id: ctx.user.artist.id, name: ctx.user.artist.name, slug: ctx.user.artist.slug }
      : null,
    promoter: {
      id: ctx.promoter.id,
      displayName: ctx.promoter.displayName,
      showOnLeaderboard: ctx.promoter.showOnLeaderboard,
      status: ctx.promoter.status,
      statusReason: ctx.promoter.statusReason,
      /** When the application awaiting a decision was sent; null when none waits. */
      appliedAt: ctx.promoter.appliedAt,
    },
  })),
  /**
   * The promoter's application to the program (issue 11 §2): its state (not needed, not sent,
   * sent, rejected), what was sent and when, and the reason the promoter reads.
   */
  application: promoterProcedure.query(({ ctx }) =>
    getApplication({ promoterId: ctx.promoter.id }, ctx.db),
  ),
  /**
   * Sends (or, while awaiting a decision, replaces) the application: why and where. (Not
   * `apply`: tRPC reserves that name.)
   */
  submitApplication: promoterProcedure
    .input(ZPromoterApplicationInput)
    .mutation(({ ctx, input }) =>
      submitApplication({ promoterId: ctx.promoter.id, application: input }, ctx.db),
    ),
  /** The promoter's link for a track; also records where the promoter is seen (self-referral soft signals). */
  getOrCreateLink: promoterProcedure.input(ZTrackIdInput).mutation(async ({ ctx, input }) => {
    const link = await getOrCreateAffiliateLink(
      { promoterId: ctx.promoter.id, userId: ctx.user.id, trackId: input.trackId },
      ctx.db,
    );
    await recordSighting({ userId: ctx.user.id, ...requestVisitor(ctx.headers) }, ctx.db);
    return link;
  }),
  /**
   * The promoter's link for a release (issue 16 §1): `/r/<slug>?ref=<code>`, made on first use
   * like a track's; also records where the promoter is seen (self-referral soft signals).
   */
  getOrCreateReleaseLink: promoterProcedure
    .input(ZReleaseIdInput)
    .mutation(async ({ ctx, input }) => {
      const link = await getOrCreateProductLink(
        {
          promoterId: ctx.promoter.id,
          userId: ctx.user.id,
          product: { kind: "release", id: input.releaseId },
        },
        ctx.db,
      );
      await recordSighting({ userId: ctx.user.id, ...requestVisitor(ctx.headers) }, ctx.db);
      return link;
    }),
  /** The tax form on file, this year's paid total and whether a W-9 is needed (issue 11 §4). */
  /** The promoter's personal discount code (issue 12 §1), the program's limit and a suggestion. */
  myCode: promoterProcedure.query(({ ctx }) =>
    myPromoterCode({ promoterId: ctx.promoter.id, userId: ctx.user.id }, ctx.db),
  ),
  /** Claims or changes the personal code (`PARTNER-NAME`, up to `promoterCodeMaxBps` off). */
  claimCode: promoterProcedure
    .input(ZClaimPromoterCodeInput)
    .mutation(({ ctx, input }) =>
      claimPromoterCode(input, { promoterId: ctx.promoter.id, userId: ctx.user.id }, ctx.db),
    ),
  /** Pauses or resumes the personal code. */
  setCodeStatus: promoterProcedure
    .input(ZSetPromoterCodeStatusInput)
    .mutation(({ ctx, input }) =>
      setPromoterCodeStatus(input, { promoterId: ctx.promoter.id, userId: ctx.user.id }, ctx.db),
    ),
  taxStatus: promoterProcedure.query(({ ctx }) => getTaxStatus(ctx.promoter.id, ctx.db)),
  /** Submits a W-9 or W-8BEN; the tax id is stored encrypted and shown by its last 4 only. */
  submitTaxForm: promoterProcedure
    .input(ZTaxFormInput)
    .mutation(({ ctx, input }) =>
      submitTaxForm({ promoterId: ctx.promoter.id, form: input }, ctx.db),
    ),
  /** The program's terms in force and whether this promoter must accept them (issue 11 §2). */
  terms: promoterProcedure.query(({ ctx }) => termsForUser({ userId: ctx.user.id }, ctx.db)),
  /** Accepts the terms version in force (the one the promoter read). */
  acceptTerms: promoterProcedure
    .input(ZAcceptTermsInput)
    .mutation(({ ctx, input }) =>
      acceptTerms({ userId: ctx.user.id, version: input.version }, ctx.db),
    ),
  /**
   * Ready-to-post texts for the promoter's link to a track (issue 14 §4): one per network (X,
   * Instagram, TikTok, newsletter), from the templates in force for the track's artist, with the
   * source tag in the link when given; X's post fits 280 characters (links count 23).
   */
  promoPosts: promoterProcedure
    .input(ZPromoPostsInput)
    .query(({ ctx, input }) =>
      renderPromoPosts(
        { trackId: input.trackId, promoterUserId: ctx.user.id, sourceTag: input.sourceTag },
        ctx.db,
      ),
    ),
  links: promoterProcedure.query(({ ctx }) =>
    listPromoterLinks({ promoterId: ctx.promoter.id }, ctx.db),
  ),
  stats: promoterProcedure.query(({ ctx }) =>
    getPromoterStats({ promoterId: ctx.promoter.id }, ctx.db),
  ),
  /**
   * "Performance by source" (issue 14 §2): clicks, sales, conversion and commission (cents, net
   * of refunds) of the promoter's links per source tag or UTM source / medium / campaign, over
   * the last 7, 30 or 90 UTC days or all time.
   */
  sourceReport: promoterProcedure
    .input(ZPromoterSourceReportInput)
    .output(ZSourceReportOutput)
    .query(({ ctx, input }) =>
      promoterSourceReport({ promoterId: ctx.promoter.id, ...input }, ctx.db),
    ),
  updateProfile: promoterProcedure
    .input(ZUpdatePromoterProfileInput)
    .mutation(({ ctx, input }) =>
      updatePromoterProfile({ promoterId: ctx.promoter.id, data: input }, ctx.db),
    ),
  /**
   * "Your recruits" (issue 14 §6): the recruit link, the second tier's terms, the promoters who
   * joined through the link (labels, never emails) with their earnings and yours from them.
   */
  recruits: promoterProcedure
    .input(ZPageInput.optional())
    .query(({ ctx, input }) =>
      listRecruits({ promoterId: ctx.promoter.id, page: input ?? {} }, ctx.db),
    ),
  /**
   * Page links (issue 14 §1): the promoter-level code for artist-page and discover links, the
   * site's origin, and the artists whose tracks the promoter links (`{ code, appUrl, artists }`).
   */
  pageLinkCode: promoterProcedure.query(({ ctx }) =>
    pageLinkCode({ promoterId: ctx.promoter.id }, ctx.db),
  ),
});
