import { z } from "zod";

import {
  ZAdminWebhookListInput,
  ZAdminWebhookListOutput,
  ZCreateWebhookEndpointInput,
  ZReplayWebhookDeliveryInput,
  ZSendTestWebhookInput,
  ZUpdateWebhookEndpointInput,
  ZWebhookDeliveriesInput,
  ZWebhookDeliveriesOutput,
  ZWebhookDeliveryOutput,
  ZWebhookEndpointIdInput,
  ZWebhookEndpointOutput,
} from "@fanfare/validators";

import { adminListWebhookEndpoints } from "../services/platform/webhooks/admin-list";
import {
  listWebhookDeliveries,
  replayWebhookDelivery,
  sendTestWebhook,
} from "../services/platform/webhooks/deliveries";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  revealWebhookSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "../services/platform/webhooks/endpoints";
import { consumeRateLimit } from "../services/rate-limit";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

/**
 * Changes, test events and replays cost one point of `webhookActionsPerUser` (each may resolve
 * the user's host name or send a request to it).
 */
const limitedProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  await consumeRateLimit("webhookActionsPerUser", ctx.user.id, { db: ctx.db });
  return next();
});

const ZSecretOutput = z.object({
  secret: z.string(),
  previousSecretExpiresAt: z.date().nullable(),
});

/**
 * Outgoing webhooks and network postbacks (issue 15 §3, §4): the signed-in user's own endpoints,
 * their secrets and delivery log; another user's ids are NOT_FOUND. `adminList` shows everyone's.
 * The rules live in services/platform/webhooks/.
 */
export const webhookRouter = createTRPCRouter({
  /** The caller's endpoints (oldest first) with state and last delivery; never secrets. */
  list: protectedProcedure
    .output(z.array(ZWebhookEndpointOutput))
    .query(({ ctx }) => listWebhookEndpoints({ userId: ctx.user.id }, ctx.db)),
  /** Adds an endpoint (https, a public address; at most 10); answers with its secret. */
  create: limitedProcedure
    .input(ZCreateWebhookEndpointInput)
    .output(ZWebhookEndpointOutput.extend({ secret: z.string() }))
    .mutation(({ ctx, input }) =>
      createWebhookEndpoint({ userId: ctx.user.id, data: input }, ctx.db),
    ),
  /** Changes url, description, events, or enables / disables it. */
  update: limitedProcedure
    .input(ZUpdateWebhookEndpointInput)
    .output(ZWebhookEndpointOutput)
    .mutation(({ ctx, input }) =>
      updateWebhookEndpoint({ userId: ctx.user.id, data: input }, ctx.db),
    ),
  /** Deletes an endpoint and its delivery log. */
  delete: protectedProcedure
    .input(ZWebhookEndpointIdInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      deleteWebhookEndpoint({ userId: ctx.user.id, endpointId: input.endpointId }, ctx.db),
    ),
  /** A new secret; the old one keeps signing beside it for 24 hours. */
  rotateSecret: limitedProcedure
    .input(ZWebhookEndpointIdInput)
    .output(ZSecretOutput.extend({ previousSecretExpiresAt: z.date() }))
    .mutation(({ ctx, input }) =>
      rotateWebhookSecret({ userId: ctx.user.id, endpointId: input.endpointId }, ctx.db),
    ),
  /** The endpoint's signing secret (a mutation: it is not cached or prefetched). */
  revealSecret: protectedProcedure
    .input(ZWebhookEndpointIdInput)
    .output(ZSecretOutput)
    .mutation(({ ctx, input }) =>
      revealWebhookSecret({ userId: ctx.user.id, endpointId: input.endpointId }, ctx.db),
    ),
  /** An endpoint's deliveries, newest first, each with its attempts. */
  deliveries: protectedProcedure
    .input(ZWebhookDeliveriesInput)
    .output(ZWebhookDeliveriesOutput)
    .query(({ ctx, input }) => listWebhookDeliveries({ userId: ctx.user.id, page: input }, ctx.db)),
  /** Sends a delivery's event again, now, as a new manual delivery. */
  replay: limitedProcedure
    .input(ZReplayWebhookDeliveryInput)
    .output(ZWebhookDeliveryOutput)
    .mutation(({ ctx, input }) =>
      replayWebhookDelivery({ userId: ctx.user.id, deliveryId: input.deliveryId }, { db: ctx.db }),
    ),
  /** Sends a sample event of a subscribed type to the endpoint, now. */
  sendTest: limitedProcedure
    .input(ZSendTestWebhookInput)
    .output(ZWebhookDeliveryOutput)
    .mutation(({ ctx, input }) =>
      sendTestWebhook(
        { userId: ctx.user.id, endpointId: input.endpointId, type: input.type },
        { db: ctx.db },
      ),
    ),
  /** Admins: every endpoint with its owner and failure rates, disabled and failing first. */
  adminList: adminProcedure
    .input(ZAdminWebhookListInput)
    .output(ZAdminWebhookListOutput)
    .query(({ ctx, input }) => adminListWebhookEndpoints(input, ctx.db)),
});
