import type { Prisma, PrismaClient, WebhookEventType } from "@fanfare/db";
import type {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookEndpointOutput,
  WebhookEventName,
  WebhookKindName,
  ZCreateWebhookEndpointInput,
  ZUpdateWebhookEndpointInput,
} from "@fanfare/validators";
import {
  WEBHOOK_ENDPOINTS_MAX,
  WEBHOOK_EVENTS,
  webhookEndpointProblems,
} from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../../app-error";
import type { AddressPolicy } from "./address-policy";
import { defaultAddressPolicy } from "./address-policy";
import { disableWebhookEndpoint } from "./deliver";
import { SAMPLE_EVENT_DATA } from "./payload";
import { fillPostbackUrl } from "./postback";
import type { Resolver } from "./safe-fetch";
import { systemResolver, webhookUrlRefusal } from "./safe-fetch";
import { newWebhookSecret, SECRET_ROTATION_GRACE_HOURS } from "./signing";

/*
 * Webhook endpoints (issue 15 §3): every function acts on the caller's own endpoints, by the user
 * id of the session; another user's endpoint id is NOT_FOUND, as an id that does not exist.
 */

/** The network checks of a URL (tests pass the production policy and their own resolver). */
export type UrlCheckDeps = { policy?: AddressPolicy; resolver?: Resolver };

const ENDPOINT_SELECT = {
  id: true,
  kind: true,
  url: true,
  description: true,
  events: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  deliveries: {
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { status: true, createdAt: true },
  },
} satisfies Prisma.WebhookEndpointSelect;

type EndpointRow = {
  id: string;
  kind: string;
  url: string;
  description: string;
  events: string[];
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  deliveries: { status: string; createdAt: Date }[];
};

/** Whether the user's webhooks are paused: their promoter profile is SUSPENDED or TERMINATED. */
export async function webhooksPaused(userId: string, db: PrismaClient): Promise<boolean> {
  const p = await db.promoterProfile.findUnique({ where: { userId }, select: { status: true } });
  return p?.status === "SUSPENDED" || p?.status === "TERMINATED";
}

/** An endpoint's state as lists show it: disabled, paused (owner suspended), failing or active. */
export function endpointState(
  e: { disabledAt: Date | null; failingSince: Date | null },
  paused: boolean,
): WebhookEndpointOutput["state"] {
  if (e.disabledAt) return "disabled";
  if (paused) return "paused";
  if (e.failingSince) return "failing";
  return "active";
}

function toOutput(e: EndpointRow, paused: boolean, now: Date): WebhookEndpointOutput {
  const last = e.deliveries[0];
  return {
    id: e.id,
    kind: e.kind as WebhookKindName,
    url: e.url,
    description: e.description,
    events: e.events as WebhookEventName[],
    state: endpointState(e, paused),
    disabledAt: e.disabledAt,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince,
    previousSecretExpiresAt:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt > now
        ? e.previousSecretExpiresAt
        : null,
    createdAt: e.createdAt,
    lastDelivery: last
      ? { status: last.status as "PENDING" | "SUCCEEDED" | "FAILED", at: last.createdAt }
      : null,
  };
}

/**
 * The user's endpoint, or NOT_FOUND (also for another user's id).
 * @throws AppError NOT_FOUND "Webhook endpoint <id> was not found."
 */
export async function getOwnEndpointOrThrow(userId: string, endpointId: string, db: PrismaClient) {
  const e = await db.webhookEndpoint.findFirst({ where: { id: endpointId, userId } });
  if (!e) throw new AppError("NOT_FOUND", `Webhook endpoint ${endpointId} was not found.`);
  return e;
}

/**
 * Refuses events the user may not subscribe to: `promoter.joined` is for artists and admins
 * (issue 15 §3).
 * @throws AppError FORBIDDEN naming the event, on the `events` field.
 */
async function checkEventsAllowed(userId: string, events: readonly string[], db: PrismaClient) {
  const restricted = events.filter((e) => WEBHOOK_EVENTS[e as WebhookEventName]?.artistsOnly);
  if (!restricted.length) return;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { isAdmin: true, artist: { select: { id: true } } },
  });
  if (user?.isAdmin || user?.artist) return;
  throw new AppError(
    "FORBIDDEN",
    `Only artists and admins can subscribe to ${restricted.join(", ")}: create your artist profile first.`,
    { field: "events" },
  );
}

/**
 * Refuses a URL that may not receive deliveries: the kind's rules (`webhookEndpointProblems`),
 * then https and a public address (`webhookUrlRefusal`; a postback's template is checked with
 * sample values, its placeholders being in the path or query only).
 * @throws AppError BAD_INPUT on the `url` field ("Webhook URLs must use https.", "The webhook
 *   URL's host x resolves to 10.0.0.5, a private address, which is not allowed.").
 */
async function checkUrl(kind: WebhookKindName, url: string, deps: UrlCheckDeps) {
  const problem = webhookEndpointProblems({ kind, url })[0];
  if (problem) throw new AppError("BAD_INPUT", problem.message, { field: "url" });
  const concrete =
    kind === "postback"
      ? fillPostbackUrl(url, "sale.completed", SAMPLE_EVENT_DATA["sale.completed"])
      : url;
  const refusal = await webhookUrlRefusal(
    concrete,
    deps.policy ?? defaultAddressPolicy(),
    deps.resolver ?? systemResolver,
  );
  if (refusal) throw new AppError("BAD_INPUT", refusal, { field: "url" });
}

/** The user's endpoints, oldest first (at most WEBHOOK_ENDPOINTS_MAX), with state and last delivery. */
export async function listWebhookEndpoints(
  input: { userId: string; now?: Date },
  db: PrismaClient,
): Promise<WebhookEndpointOutput[]> {
  const now = input.now ?? new Date();
  const [rows, paused] = await Promise.all([
    db.webhookEndpoint.findMany({
      where: { userId: input.userId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: ENDPOINT_SELECT,
    }),
    webhooksPaused(input.userId, db),
  ]);
  return rows.map((r) => toOutput(r, paused, now));
}

/**
 * Adds an endpoint with a new signing secret (`whsec_…`), enabled.
 * @returns the endpoint and its secret (also shown later by `revealWebhookSecret`).
 * @throws AppError CONFLICT at WEBHOOK_ENDPOINTS_MAX endpoints; FORBIDDEN for `promoter.joined`
 *   when the user is neither artist nor admin; BAD_INPUT for a refused URL (see `checkUrl`).
 */
export async function createWebhookEndpoint(
  input: {
    userId: string;
    data: z.output<typeof ZCreateWebhookEndpointInput> | CreateWebhookEndpointInput;
    now?: Date;
  },
  db: PrismaClient,
  deps: UrlCheckDeps = {},
): Promise<WebhookEndpointOutput & { secret: string }> {
  const kind = input.data.kind ?? "webhook";
  const events = [...new Set(input.data.events)] as WebhookEventType[];
  const count = await db.webhookEndpoint.count({ where: { userId: input.userId } });
  if (count >= WEBHOOK_ENDPOINTS_MAX)
    throw new AppError(
      "CONFLICT",
      `You already have ${count} webhook endpoints, the most allowed: delete one first.`,
    );
  const problem = webhookEndpointProblems({ kind, url: input.data.url, events })[0];
  if (problem) throw new AppError("BAD_INPUT", problem.message, { field: problem.field });
  await checkEventsAllowed(input.userId, events, db);
  await checkUrl(kind, input.data.url, deps);
  const secret = newWebhookSecret();
  const row = await db.webhookEndpoint.create({
    data: {
      userId: input.userId,
      kind,
      url: input.data.url,
      description: input.data.description ?? "",
      events,
      secret,
    },
    select: ENDPOINT_SELECT,
  });
  const paused = await webhooksPaused(input.userId, db);
  return { ...toOutput(row, paused, input.now ?? new Date()), secret };
}

/**
 * Changes an endpoint's URL, description, events, or enabled state. Enabling clears the
 * disabling and the failure run (deliveries start again with new events; old ones can be
 * replayed); disabling fails its pending deliveries (`disableWebhookEndpoint`, reason "Disabled
 * by you."). The kind never changes.
 * @throws AppError NOT_FOUND for another user's or an unknown id; BAD_INPUT / FORBIDDEN as
 *   `createWebhookEndpoint` for the URL and events.
 */
export async function updateWebhookEndpoint(
  input: {
    userId: string;
    data: z.output<typeof ZUpdateWebhookEndpointInput> | UpdateWebhookEndpointInput;
    now?: Date;
  },
  db: PrismaClient,
  deps: UrlCheckDeps = {},
): Promise<WebhookEndpointOutput> {
  const now = input.now ?? new Date();
  const { data } = input;
  const endpoint = await getOwnEndpointOrThrow(input.userId, data.endpointId, db);
  const kind = endpoint.kind as WebhookKindName;
  const events = data.events ? ([...new Set(data.events)] as WebhookEventType[]) : undefined;
  const problem = webhookEndpointProblems({ kind, url: data.url, events })[0];
  if (problem) throw new AppError("BAD_INPUT", problem.message, { field: problem.field });
  if (events) await checkEventsAllowed(input.userId, events, db);
  if (data.url !== undefined && data.url !== endpoint.url) await checkUrl(kind, data.url, deps);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: {
        url: data.url,
        description: data.description,
        events,
        ...(data.enabled === true && endpoint.disabledAt
          ? { disabledAt: null, disabledReason: null, failingSince: null }
          : {}),
      },
    });
    if (data.enabled === false)
      await disableWebhookEndpoint(tx, {
        endpointId: endpoint.id,
        reason: "Disabled by you.",
        at: now,
      });
  });
  const row = await db.webhookEndpoint.findUniqueOrThrow({
    where: { id: endpoint.id },
    select: ENDPOINT_SELECT,
  });
  return toOutput(row, await webhooksPaused(input.userId, db), now);
}

/**
 * Deletes an endpoint with its deliveries and their log (cascade); its events stay for the
 * user's other endpoints.
 * @throws AppError NOT_FOUND for another user's or an unknown id.
 */
export async function deleteWebhookEndpoint(
  input: { userId: string; endpointId: string },
  db: PrismaClient,
): Promise<{ deleted: true }> {
  const { count } = await db.webhookEndpoint.deleteMany({
    where: { id: input.endpointId, userId: input.userId },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", `Webhook endpoint ${input.endpointId} was not found.`);
  return { deleted: true };
}

/**
 * Replaces the signing secret. The old one keeps signing deliveries beside the new one for
 * SECRET_ROTATION_GRACE_HOURS (24 h: `webhook-signature` then carries two signatures), so the
 * receiver can switch without losing events. A second rotation within that time drops the
 * secret before the last one.
 * @returns the new secret and when the old one stops signing.
 * @throws AppError NOT_FOUND for another user's or an unknown id.
 */
export async function rotateWebhookSecret(
  input: { userId: string; endpointId: string; now?: Date },
  db: PrismaClient,
): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  const now = input.now ?? new Date();
  const endpoint = await getOwnEndpointOrThrow(input.userId, input.endpointId, db);
  const secret = newWebhookSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + SECRET_ROTATION_GRACE_HOURS * 3_600_000);
  // Guarded by the secret read, so two rotations at once cannot both keep "their" old secret.
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: endpoint.id, secret: endpoint.secret },
    data: { secret, previousSecret: endpoint.secret, previousSecretExpiresAt },
  });
  if (count === 0)
    throw new AppError(
      "CONFLICT",
      "The secret was rotated at the same moment: reload and try again.",
    );
  return { secret, previousSecretExpiresAt };
}

/**
 * The endpoint's signing secret (and whether a previous one still signs, until when).
 * @throws AppError NOT_FOUND for another user's or an unknown id.
 */
export async function revealWebhookSecret(
  input: { userId: string; endpointId: string; now?: Date },
  db: PrismaClient,
): Promise<{ secret: string; previousSecretExpiresAt: Date | null }> {
  const now = input.now ?? new Date();
  const e = await getOwnEndpointOrThrow(input.userId, input.endpointId, db);
  return {
    secret: e.secret,
    previousSecretExpiresAt:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt > now
        ? e.previousSecretExpiresAt
        : null,
  };
}
