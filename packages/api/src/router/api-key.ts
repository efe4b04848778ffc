import {
  ZAdminApiKeysInput,
  ZCreateApiKeyInput,
  ZRevokeApiKeyInput,
  ZSetApiKeyRateLimitInput,
} from "@fanfare/validators";

import {
  adminListApiKeys,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  setApiKeyRateLimit,
} from "../services/platform/api-keys";
import { consumeRateLimit } from "../services/rate-limit";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

/** Creating and revoking keys cost one point of `apiKeyActionsPerUser` (revoked keys stay rows). */
const limitedProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  await consumeRateLimit("apiKeyActionsPerUser", ctx.user.id, { db: ctx.db });
  return next();
});

/** Settings → API keys (issue 15 §1), and the admin's per-key rate limit. */
export const apiKeyRouter = createTRPCRouter({
  /** The caller's keys: prefix, name, scopes, dates, last use and IP, status, limit in force. */
  list: protectedProcedure.query(({ ctx }) => listApiKeys({ userId: ctx.user.id }, ctx.db)),
  /** A new key; `key` is the full secret, returned this once only. */
  create: limitedProcedure
    .input(ZCreateApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey({ userId: ctx.user.id, key: input }, ctx.db)),
  /** Revokes one of the caller's keys at once (another user's id: 404). */
  revoke: limitedProcedure
    .input(ZRevokeApiKeyInput)
    .mutation(({ ctx, input }) =>
      revokeApiKey({ userId: ctx.user.id, keyId: input.keyId }, ctx.db),
    ),
  /** Admins: every user's keys, newest first, optionally one owner's by email. */
  adminList: adminProcedure
    .input(ZAdminApiKeysInput)
    .query(({ ctx, input }) => adminListApiKeys(input, ctx.db)),
  /** Admins: a key's own hourly limit (null: the tier's or the program's), audited. */
  setRateLimit: adminProcedure
    .input(ZSetApiKeyRateLimitInput)
    .mutation(({ ctx, input }) => setApiKeyRateLimit(input, { userId: ctx.user.id }, ctx.db)),
});
