import { z } from "zod";

import {
  closeSandboxDispute,
  createSandboxDispute,
  getPayments,
  getSandboxTransferMode,
  PaymentsError,
  setSandboxTransferMode,
} from "@fanfare/payments";
import {
  ZAdminLandingListInput,
  ZLandingPageIdInput,
  ZTakeDownLandingInput,
  ZAdminSalesInput,
  ZId,
  zId,
  ZPageInput,
  ZAdjustBalanceInput,
  ZAdminPeopleInput,
  ZAdminPromotersInput,
  ZApplicationDecisionInput,
  ZPublishTermsInput,
  ZReviewTaxFormInput,
  ZAdminReportsInput,
  ZAdminTracksInput,
  ZAdminTracksOutput,
  ZAdminReleasesInput,
  ZAdminReleasesOutput,
  ZReleaseModerationInput,
  ZResolveReportInput,
  ZSetLinkDisabledInput,
  ZTrackModerationInput,
  ZCommissionDecisionInput,
  ZHoldForReviewInput,
  ZSetPromoterStatusInput,
  ZUpdateProgramSettingsInput,
  ZProgramOverviewInput,
  ZProgramOverviewOutput,
  ZAdminMilestoneOutput,
  ZContestIdInput,
  ZUpsertContestInput,
  ZAdminTierOutput,
  ZDeleteMilestoneInput,
  ZDeleteTierInput,
  ZUpsertMilestoneInput,
  ZUpsertTierInput,
  ZResetPostTemplateInput,
  ZSavePlatformPostTemplateInput,
  ZAdminResourceOutput,
  ZDeleteResourceInput,
  ZResourceInput,
  ZAdminOnboardingStepOutput,
  ZResetOnboardingStepInput,
  ZSaveOnboardingStepInput,
  ZSandboxCardDeclinesInput,
  ZSandboxSubscriptionsOutput,
  ZSubscriptionIdInput,
} from "@fanfare/validators";

import { adjustBalance } from "../services/admin/adjust-balance";
import {
  holdPromoterForReview,
  listReviewQueue,
  rejectCommission,
  releaseCommission,
} from "../services/admin/commission-review";
import { listDisputesForAdmin } from "../services/admin/list-disputes";
import { countApplications, listPromotersForAdmin } from "../services/admin/list-promoters";
import { restoreTrack, setLinkDisabled, takedownTrack } from "../services/admin/moderation";
import { listTracksForAdmin } from "../services/admin/list-tracks";
import { listReleasesForAdmin } from "../services/admin/list-releases";
import { restoreRelease, takedownRelease } from "../services/admin/release-moderation";
import { getPerson, searchPeople } from "../services/admin/people";
import { setPromoterStatus } from "../services/affiliate/promoter-status";
import { approveApplication, rejectApplication } from "../services/applications/decide-application";
import { listPayoutsForAdmin, PAYOUT_STATUSES } from "../services/admin/list-payouts";
import { listSalesForAdmin } from "../services/admin/list-sales";
import { programOverview } from "../services/admin/overview";
import { AppError } from "../services/app-error";
import { listAuditLog } from "../services/audit/audit-log";
import { apiEnv } from "../services/env";
import { listReports, resolveReport } from "../services/program/reports";
import { currentTerms, publishTerms } from "../services/program/terms";
import { verifyLedger } from "../services/ledger/verify-ledger";
import { reconcileNow } from "../services/admin/reconcile-now";
import { refundSale } from "../services/refunds/refund-sale";
import { listTaxForms, reviewTaxForm } from "../services/tax/tax-forms";
import {
  getProgramSettingStates,
  updateProgramSettings,
} from "../services/settings/program-settings";
import { deleteTier, listTiersForAdmin, upsertTier } from "../services/tiers/manage-tiers";
import { recomputeTiers } from "../services/tiers/recompute";
import { awardMilestones } from "../services/milestones/award";
import { cancelContest, listContestsForAdmin, upsertContest } from "../services/contests/contests";
import {
  deleteMilestone,
  listMilestonesForAdmin,
  upsertMilestone,
} from "../services/milestones/manage-milestones";
import {
  listPlatformPostTemplates,
  resetPlatformPostTemplate,
  savePlatformPostTemplate,
} from "../services/share/manage-post-templates";
import { adminListLandingPages, setLandingPageTakenDown } from "../services/landing/landing-pages";
import {
  adminListResources,
  deleteResource,
  upsertResource,
} from "../services/resources/resources";
import {
  listOnboardingStepsForAdmin,
  resetOnboardingStep,
  saveOnboardingStep,
} from "../services/onboarding/steps";
import {
  listSandboxSubscriptionsForAdmin,
  renewSandboxSubscriptionForAdmin,
  setSandboxCardDeclinesForAdmin,
} from "../services/subscriptions/sandbox-admin";
import { adminProcedure, createTRPCRouter } from "../trpc";

const webhookUrl = () => new URL("/api/webhooks/stripe", apiEnv().APP_URL).toString();

/** The sandbox's refusals are the admin's input problems: say so with the sandbox's reason. */
async function sandboxCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PaymentsError) {
      const code = (
        {
          PAYMENT_INTENT_NOT_FOUND: "NOT_FOUND",
          DISPUTE_NOT_FOUND: "NOT_FOUND",
          CHARGE_ALREADY_DISPUTED: "CONFLICT",
          DISPUTE_ALREADY_CLOSED: "CONFLICT",
          SUBSCRIPTION_NOT_FOUND: "NOT_FOUND",
          CUSTOMER_NOT_FOUND: "NOT_FOUND",
          INVALID_PAYMENTS_INPUT: "BAD_INPUT",
        } as const
      )[e.code as string];
      if (code) throw new AppError(code, e.message, { cause: e });
    }
    throw e;
  }
}

/** Sandbox controls exist only while payments run in the offline sandbox. */
const sandboxProcedure = adminProcedure.use(({ ctx, next }) => {
  if (getPayments(ctx.db).mode !== "sandbox")
    throw new AppError("FORBIDDEN", "Sandbox controls are off: real Stripe keys are configured.");
  return next();
});

export const adminRouter = createTRPCRouter({
  /**
   * The program overview (issue 11 §6): per UTC day of a period (default the last 30 days, at
   * most 366) sales, GMV, fee, commissions, payouts, clicks, conversion, active and new
   * promoters; totals against the previous period of the same length; the standing now.
   */
  overview: adminProcedure
    .input(ZProgramOverviewInput.optional())
    .output(ZProgramOverviewOutput)
    .query(({ ctx, input }) => programOverview(input ?? {}, ctx.db)),
  sales: adminProcedure
    .input(ZAdminSalesInput)
    .query(({ ctx, input }) => listSalesForAdmin(input, ctx.db)),
  /** Refunds a sale fully (no amount) or partly; idempotent per resulting total. */
  refundSale: adminProcedure
    .input(
      z.object({
        saleId: ZId,
        amountCents: z
          .number()
          .int("Amount must be whole cents.")
          .positive("Amount must be positive.")
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      refundSale(input, {
        db: ctx.db,
        payments: getPayments(ctx.db),
        actor: { userId: ctx.user.id },
      }),
    ),
  payouts: adminProcedure
    .input(ZPageInput.extend({ status: z.enum(PAYOUT_STATUSES).optional() }))
    .query(({ ctx, input }) => listPayoutsForAdmin(input, ctx.db)),
  /** Releases due holds and completes payouts stuck in PROCESSING (older than `olderThanSeconds`). */
  reconcilePayouts: adminProcedure
    .input(
      z.object({ olderThanSeconds: z.number().int().min(0).max(86_400).optional() }).optional(),
    )
    .mutation(({ ctx, input }) =>
      reconcileNow(
        { olderThanSeconds: input?.olderThanSeconds },
        { userId: ctx.user.id },
        { db: ctx.db, payments: getPayments(ctx.db) },
      ),
    ),
  verifyLedger: adminProcedure.query(({ ctx }) => verifyLedger(ctx.db)),
  sandboxTransferMode: sandboxProcedure.query(({ ctx }) => getSandboxTransferMode(ctx.db)),
  setSandboxTransferMode: sandboxProcedure
    .input(z.object({ mode: z.enum(["succeed", "fail"]) }))
    .mutation(async ({ ctx, input }) => {
      await setSandboxTransferMode(ctx.db, input.mode);
      return getSandboxTransferMode(ctx.db);
    }),
  sandboxOpenDispute: sandboxProcedure
    .input(z.object({ saleId: ZId, amountCents: z.number().int().positive().optional() }))
    .mutation(async ({ ctx, input }) => {
      const sale = await ctx.db.sale.findUnique({ where: { id: input.saleId } });
      if (!sale?.stripePaymentIntentId)
        throw new AppError("BAD_INPUT", `Sale ${input.saleId} has no payment to dispute.`);
      return sandboxCall(() =>
        createSandboxDispute(ctx.db, {
          paymentIntentId: sale.stripePaymentIntentId!,
          amountCents: input.amountCents,
          webhookUrl: webhookUrl(),
        }),
      );
    }),
  sandboxCloseDispute: sandboxProcedure
    .input(z.object({ disputeId: zId("Dispute id", 100), outcome: z.enum(["won", "lost"]) }))
    .mutation(({ ctx, input }) =>
      sandboxCall(() =>
        closeSandboxDispute(ctx.db, {
          disputeId: input.disputeId,
          outcome: input.outcome,
          webhookUrl: webhookUrl(),
        }),
      ),
    ),
  /**
   * Catalog subscriptions on the sandbox's test clock (issue 16 §3): ours with a processor id,
   * newest first (at most 50), with the sandbox's status, period end and card switch.
   */
  sandboxSubscriptions: sandboxProcedure
    .output(ZSandboxSubscriptionsOutput)
    .query(({ ctx }) => listSandboxSubscriptionsForAdmin(ctx.db)),
  /**
   * "Renew now": moves one subscription's sandbox clock to its period's end (or its retry while
   * past due), as Stripe's test clocks do; the events reach the webhook before it returns. Audited.
   */
  sandboxRenewSubscription: sandboxProcedure
    .input(ZSubscriptionIdInput)
    .mutation(({ ctx, input }) =>
      sandboxCall(() => renewSandboxSubscriptionForAdmin(input, { userId: ctx.user.id }, ctx.db)),
    ),
  /** Makes the subscription's customer's card decline every later payment, or pay again. Audited. */
  sandboxSetCardDeclines: sandboxProcedure
    .input(ZSandboxCardDeclinesInput)
    .mutation(({ ctx, input }) =>
      sandboxCall(() => setSandboxCardDeclinesForAdmin(input, { userId: ctx.user.id }, ctx.db)),
    ),
  /** Disputes known from the processor (PaymentFact), newest first, with their sale. */
  disputes: adminProcedure.query(({ ctx }) => listDisputesForAdmin(ctx.db)),
  /** The program settings: each value, where it comes from (environment, saved, default). */
  settings: createTRPCRouter({
    get: adminProcedure.query(({ ctx }) => getProgramSettingStates(ctx.db)),
    /** Saves changed settings with a reason; each change is audited. Applies from now on. */
    update: adminProcedure
      .input(ZUpdateProgramSettingsInput)
      .mutation(({ ctx, input }) => updateProgramSettings(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** The platform's promo post templates (issue 14 §4), per network, with a sample preview. */
  postTemplates: adminProcedure.query(({ ctx }) => listPlatformPostTemplates(ctx.db)),
  /**
   * Saves the platform's default template for one network (artists without their own use it);
   * audited with the reason. BAD_INPUT names an unknown variable or a parse error.
   */
  savePostTemplate: adminProcedure
    .input(ZSavePlatformPostTemplateInput)
    .mutation(({ ctx, input }) =>
      savePlatformPostTemplate({ userId: ctx.user.id, ...input }, ctx.db),
    ),
  /** Back to the built-in template for one network; audited. */
  resetPostTemplate: adminProcedure
    .input(ZResetPostTemplateInput)
    .mutation(({ ctx, input }) =>
      resetPlatformPostTemplate({ userId: ctx.user.id, network: input.network }, ctx.db),
    ),
  /** Promoter tiers (issue 13 §1): the rules, bonuses, minimums and perks, and a recompute. */
  tiers: createTRPCRouter({
    /** The tiers, lowest rank first, each with how many promoters hold it. */
    list: adminProcedure
      .output(z.array(ZAdminTierOutput))
      .query(({ ctx }) => listTiersForAdmin(ctx.db)),
    /** Creates a tier or replaces one (`id`); audited. CONFLICT names a duplicate name or rank. */
    upsert: adminProcedure
      .input(ZUpsertTierInput)
      .output(ZAdminTierOutput)
      .mutation(({ ctx, input }) => upsertTier(input, { userId: ctx.user.id }, ctx.db)),
    /** Deletes a tier; its promoters hold none until the next recompute. Audited. */
    delete: adminProcedure
      .input(ZDeleteTierInput)
      .mutation(({ ctx, input }) => deleteTier(input, { userId: ctx.user.id }, ctx.db)),
    /** Recomputes every promoter's tier now (as the daily job does); the counts of moves. */
    recompute: adminProcedure.mutation(({ ctx }) => recomputeTiers({}, ctx.db)),
  }),
  /** Promoters' landing pages (issue 14 §3): the list, take down with a reason, restore. */
  landingPages: createTRPCRouter({
    /** Every landing page, newest first, with its promoter, track count and views. */
    list: adminProcedure
      .input(ZAdminLandingListInput)
      .query(({ ctx, input }) => adminListLandingPages(input, ctx.db)),
    /** Takes a page down with a reason the promoter reads in their editor; audited. */
    takeDown: adminProcedure
      .input(ZTakeDownLandingInput)
      .mutation(({ ctx, input }) =>
        setLandingPageTakenDown(
          { adminId: ctx.user.id, landingPageId: input.landingPageId, reason: input.reason },
          ctx.db,
        ),
      ),
    /** Puts a taken-down page back; audited. */
    restore: adminProcedure
      .input(ZLandingPageIdInput)
      .mutation(({ ctx, input }) =>
        setLandingPageTakenDown(
          { adminId: ctx.user.id, landingPageId: input.landingPageId, reason: null },
          ctx.db,
        ),
      ),
  }),
  /** Milestones (issue 13 §2): one-time bonuses at thresholds of released sales or commission. */
  milestones: createTRPCRouter({
    /** The milestones, each with how many promoters reached it and the cents paid for it. */
    list: adminProcedure
      .output(z.array(ZAdminMilestoneOutput))
      .query(({ ctx }) => listMilestonesForAdmin(ctx.db)),
    /**
     * Creates a milestone or replaces one (`id`); audited; an active one is awarded at once to
     * promoters who already reached it. CONFLICT names a duplicate name.
     */
    upsert: adminProcedure
      .input(ZUpsertMilestoneInput)
      .output(ZAdminMilestoneOutput)
      .mutation(({ ctx, input }) => upsertMilestone(input, { userId: ctx.user.id }, ctx.db)),
    /** Deletes a milestone nobody reached (CONFLICT otherwise: deactivate it). Audited. */
    delete: adminProcedure
      .input(ZDeleteMilestoneInput)
      .mutation(({ ctx, input }) => deleteMilestone(input, { userId: ctx.user.id }, ctx.db)),
    /** Awards every reached milestone now (as the daily job does); what was paid. */
    awardNow: adminProcedure.mutation(({ ctx }) => awardMilestones({}, ctx.db)),
  }),
  /** The resource center (issue 14 §8): swipe files, templates, FAQs, guides, pictures. */
  resources: createTRPCRouter({
    /** Every resource, drafts included, by category, position and title. */
    list: adminProcedure
      .output(z.array(ZAdminResourceOutput))
      .query(({ ctx }) => adminListResources(ctx.db)),
    /** Creates a resource or replaces one (`id`); audited. CONFLICT names a taken slug. */
    upsert: adminProcedure
      .input(ZResourceInput)
      .output(ZAdminResourceOutput)
      .mutation(({ ctx, input }) => upsertResource(input, { userId: ctx.user.id }, ctx.db)),
    /** Deletes a resource; audited. */
    delete: adminProcedure
      .input(ZDeleteResourceInput)
      .mutation(({ ctx, input }) => deleteResource(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** The onboarding email sequence for new promoters (issue 14 §8): seven admin-edited steps. */
  onboarding: createTRPCRouter({
    /** The seven steps in force (saved or built-in, `isDefault`), with sent and passed-over counts. */
    steps: adminProcedure
      .output(z.array(ZAdminOnboardingStepOutput))
      .query(({ ctx }) => listOnboardingStepsForAdmin(ctx.db)),
    /** Saves one step's day, subject, Markdown body and switch; audited. Unknown variables: BAD_REQUEST. */
    saveStep: adminProcedure
      .input(ZSaveOnboardingStepInput)
      .output(z.array(ZAdminOnboardingStepOutput))
      .mutation(({ ctx, input }) => saveOnboardingStep(input, { userId: ctx.user.id }, ctx.db)),
    /** Brings one step back to its built-in content; audited. */
    resetStep: adminProcedure
      .input(ZResetOnboardingStepInput)
      .output(z.array(ZAdminOnboardingStepOutput))
      .mutation(({ ctx, input }) => resetOnboardingStep(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** Contests (issue 13 §5): create, change, cancel; the job starts and closes them. */
  contests: createTRPCRouter({
    /** Every contest, newest start first, with its live top 3 or winners. */
    list: adminProcedure.query(({ ctx }) => listContestsForAdmin(ctx.db)),
    /**
     * Creates a contest or changes one (`id`): in full while scheduled; only words, prizes and the
     * end while running; audited.
     */
    upsert: adminProcedure
      .input(ZUpsertContestInput)
      .mutation(({ ctx, input }) => upsertContest(input, { userId: ctx.user.id }, ctx.db)),
    /** Cancels a scheduled or running contest: no winners, no prizes. Audited. */
    cancel: adminProcedure
      .input(ZContestIdInput)
      .mutation(({ ctx, input }) => cancelContest(input.id, { userId: ctx.user.id }, ctx.db)),
  }),
  /**
   * Adjusts a payee's payable balance by hand (signed cents, a reason the payee reads), posted
   * through the ledger against PLATFORM_ADJUSTMENTS and audited; idempotent by its key.
   */
  adjustBalance: adminProcedure
    .input(ZAdjustBalanceInput)
    .mutation(({ ctx, input }) => adjustBalance(input, { userId: ctx.user.id }, ctx.db)),
  /** The program's promoters and their standing (issue 11 §2, §6). */
  promoters: createTRPCRouter({
    /** Filter by status, search by email or name, newest first or by earnings; cursor pages. */
    list: adminProcedure
      .input(ZAdminPromotersInput)
      .query(({ ctx, input }) => listPromotersForAdmin(input, ctx.db)),
    /**
     * Approves, suspends, reinstates or terminates a promoter with a reason the promoter reads;
     * holds or releases their pending commissions; audited.
     */
    setStatus: adminProcedure
      .input(ZSetPromoterStatusInput)
      .mutation(({ ctx, input }) => setPromoterStatus(input, { userId: ctx.user.id }, ctx.db)),
    /** How many applications wait for a decision (issue 11 §2). */
    applicationCount: adminProcedure.query(({ ctx }) => countApplications(ctx.db)),
    /** Approves an application: PENDING → ACTIVE with a note the promoter reads; audited. */
    approve: adminProcedure
      .input(ZApplicationDecisionInput)
      .mutation(({ ctx, input }) => approveApplication(input, { userId: ctx.user.id }, ctx.db)),
    /**
     * Rejects an application with the reason the applicant reads by email; they stay awaiting
     * approval and may apply again; audited.
     */
    reject: adminProcedure
      .input(ZApplicationDecisionInput)
      .mutation(({ ctx, input }) => rejectApplication(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** People: search everyone, and one person's page (issue 11 §6). */
  people: createTRPCRouter({
    search: adminProcedure
      .input(ZAdminPeopleInput)
      .query(({ ctx, input }) => searchPeople(input, ctx.db)),
    get: adminProcedure
      .input(z.object({ userId: zId("User id") }))
      .query(({ ctx, input }) => getPerson(input, ctx.db)),
  }),
  /** Disable or enable one promoter link, with the reason the promoter reads; audited. */
  links: createTRPCRouter({
    setDisabled: adminProcedure
      .input(ZSetLinkDisabledInput)
      .mutation(({ ctx, input }) => setLinkDisabled(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /**
   * Every track (issue 11 §6): search, filter by state, sort; take a track down (unpublished;
   * the artist cannot republish) or restore it; audited.
   */
  tracks: createTRPCRouter({
    /** Search title, slug or artist name; one state; newest, most sales or most gross; cursor pages. */
    list: adminProcedure
      .input(ZAdminTracksInput)
      .output(ZAdminTracksOutput)
      .query(({ ctx, input }) => listTracksForAdmin(input, ctx.db)),
    takedown: adminProcedure
      .input(ZTrackModerationInput)
      .mutation(({ ctx, input }) => takedownTrack(input, { userId: ctx.user.id }, ctx.db)),
    restore: adminProcedure
      .input(ZTrackModerationInput)
      .mutation(({ ctx, input }) => restoreTrack(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /**
   * Every release (issue 16 §1, moderated as tracks are): search, filter by state, sort; take a
   * release down (unpublished; the artist cannot republish) or restore it; audited.
   */
  releases: createTRPCRouter({
    /** Search title, slug or artist name; one state; newest, most sales or most gross; cursor pages. */
    list: adminProcedure
      .input(ZAdminReleasesInput)
      .output(ZAdminReleasesOutput)
      .query(({ ctx, input }) => listReleasesForAdmin(input, ctx.db)),
    takedown: adminProcedure
      .input(ZReleaseModerationInput)
      .mutation(({ ctx, input }) => takedownRelease(input, { userId: ctx.user.id }, ctx.db)),
    restore: adminProcedure
      .input(ZReleaseModerationInput)
      .mutation(({ ctx, input }) => restoreRelease(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** The promoter terms: the version in force, how many accepted it, and publishing the next. */
  terms: createTRPCRouter({
    get: adminProcedure.query(async ({ ctx }) => {
      const terms = await currentTerms(ctx.db);
      const accepted = terms
        ? await ctx.db.termsAcceptance.count({ where: { version: terms.version } })
        : 0;
      return { terms, accepted };
    }),
    publish: adminProcedure
      .input(ZPublishTermsInput)
      .mutation(({ ctx, input }) => publishTerms(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** The fraud review queue (issue 11 §3): held commissions with their evidence, and decisions. */
  fraud: createTRPCRouter({
    queue: adminProcedure
      .input(ZPageInput)
      .query(({ ctx, input }) => listReviewQueue({ page: input }, ctx.db)),
    /** Lifts a commission's hold; it continues its normal life (payable at once if past release). */
    release: adminProcedure
      .input(ZCommissionDecisionInput)
      .mutation(({ ctx, input }) => releaseCommission(input, { userId: ctx.user.id }, ctx.db)),
    /** Pays a commission's share to the artist instead (a clawback when already paid out). */
    reject: adminProcedure
      .input(ZCommissionDecisionInput)
      .mutation(({ ctx, input }) => rejectCommission(input, { userId: ctx.user.id }, ctx.db)),
    /** Holds every pending commission of a promoter for review. */
    holdPromoter: adminProcedure
      .input(ZHoldForReviewInput)
      .mutation(({ ctx, input }) => holdPromoterForReview(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** Visitors' reports of promoters (issue 11 §2): the queue, and closing a report with a note. */
  reports: createTRPCRouter({
    /** One status or all, newest first, with each promoter's count of open reports; cursor pages. */
    list: adminProcedure
      .input(ZAdminReportsInput)
      .query(({ ctx, input }) => listReports(input, ctx.db)),
    /** Resolves or dismisses an open report with a note; audited. */
    resolve: adminProcedure
      .input(ZResolveReportInput)
      .mutation(({ ctx, input }) => resolveReport(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** Tax forms on file (issue 11 §4): the list by status, and verifying or rejecting one. */
  tax: createTRPCRouter({
    list: adminProcedure
      .input(
        ZPageInput.extend({ status: z.enum(["SUBMITTED", "VERIFIED", "REJECTED"]).optional() }),
      )
      .query(({ ctx, input }) =>
        listTaxForms(
          { status: input.status, page: { limit: input.limit, cursor: input.cursor } },
          ctx.db,
        ),
      ),
    /** Verifies a submitted form, or rejects it with the reason the promoter reads; audited. */
    review: adminProcedure
      .input(ZReviewTaxFormInput)
      .mutation(({ ctx, input }) => reviewTaxForm(input, { userId: ctx.user.id }, ctx.db)),
  }),
  /** The audit log of admin actions, newest first. */
  audit: createTRPCRouter({
    list: adminProcedure
      .input(
        ZPageInput.extend({
          subjectType: z
            .string()
            .regex(/^[a-z][a-z_]{0,31}$/, "Subject type is a lowercase word, like setting.")
            .optional(),
        }),
      )
      .query(({ ctx, input }) =>
        listAuditLog(
          { subjectType: input.subjectType, page: { limit: input.limit, cursor: input.cursor } },
          ctx.db,
        ),
      ),
  }),
});
