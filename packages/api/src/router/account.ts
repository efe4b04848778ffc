import { ZChangePasswordInput, ZUpdateAccountInput } from "@fanfare/validators";

import { changePassword, getAccountSettings, updateAccount } from "../services/account/settings";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { createTRPCRouter, protectedProcedure } from "../trpc";

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
});
