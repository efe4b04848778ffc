import {
  ZChangePasswordInput,
  ZSetMarketingEmailsInput,
  ZUnsubscribeInput,
  ZUpdateAccountInput,
} from "@fanfare/validators";

import { changePassword, getAccountSettings, updateAccount } from "../services/account/settings";
import { oneClickUnsubscribe, setMarketingEmails } from "../services/onboarding/marketing-consent";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** The signed-in user's own account: the settings page (`/settings`). */
export const accountRouter = createTRPCRouter({
  settings: protectedProcedure.query(({ ctx }) =>
    getAccountSettings({ userId: ctx.user.id }, ctx.db),
  ),
  update: protectedProcedure
    .input(ZUpdateAccountInput)
    .mutation(({ ctx, input }) => updateAccount({ userId: ctx.user.id, data: input }, ctx.db)),
  changePassword: protectedProcedure.input(ZChangePasswordInput).mutation(({ ctx, input }) =>
    changePassword({ userId: ctx.user.id, ip: ipFromHeaders(ctx.headers), data: input }, ctx.db, {
      db: ctx.db,
    }),
  ),
  /** Marketing mail (issue 14 §8: the onboarding sequence) on or off for the signed-in user. */
  setMarketingEmails: protectedProcedure
    .input(ZSetMarketingEmailsInput)
    .mutation(({ ctx, input }) =>
      setMarketingEmails({ userId: ctx.user.id, subscribed: input.subscribed }, ctx.db),
    ),
  /**
   * Unsubscribes from marketing mail with the signed token of an email's link (no session: the
   * token is the authorisation); rate limited per IP. POST /api/unsubscribe calls the same.
   */
  unsubscribe: publicProcedure.input(ZUnsubscribeInput).mutation(({ ctx, input }) =>
    oneClickUnsubscribe({ token: input.token, ip: ipFromHeaders(ctx.headers) }, ctx.db, {
      db: ctx.db,
    }),
  ),
});
