import {
  ZLandingHandleInput,
  ZLandingPageInput,
  ZLandingTrackOptionsInput,
} from "@fanfare/validators";

import {
  landingHandleAvailable,
  landingPageForEditor,
  landingTrackOptions,
  saveLandingPage,
} from "../services/landing/landing-pages";
import { createTRPCRouter, promoterProcedure } from "../trpc";

/**
 * Landing pages (issue 14 §3): the promoter's editor (the console's list and take-down are
 * `admin.landingPages.*`). The public page `/p/<handle>` reads the service directly (cached),
 * not through tRPC.
 */
export const landingRouter = createTRPCRouter({
  /** The caller's page for the editor (null before the first save), views and a handle idea. */
  mine: promoterProcedure.query(({ ctx }) => landingPageForEditor({ userId: ctx.user.id }, ctx.db)),
  /** Tracks the caller may list (linked first; `q` filters by title or artist). */
  trackOptions: promoterProcedure
    .input(ZLandingTrackOptionsInput)
    .query(({ ctx, input }) => landingTrackOptions({ userId: ctx.user.id, q: input.q }, ctx.db)),
  /** Whether a handle is free (the caller's own counts as free), with the reason when not. */
  handleAvailable: promoterProcedure
    .input(ZLandingHandleInput)
    .query(({ ctx, input }) =>
      landingHandleAvailable({ userId: ctx.user.id, handle: input.handle }, ctx.db),
    ),
  /** Creates or updates the caller's page and its track list. */
  save: promoterProcedure
    .input(ZLandingPageInput)
    .mutation(({ ctx, input }) => saveLandingPage({ userId: ctx.user.id, page: input }, ctx.db)),
});
