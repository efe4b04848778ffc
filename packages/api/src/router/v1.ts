import { TRPCError } from "@trpc/server";

import type { ApiKeyScope } from "@fanfare/db";
import type { ApiStatsPeriod, WebhookEndpointOutput } from "@fanfare/validators";
import {
  parseApiTime,
  ZApiClicksOutput,
  ZApiCommissionsInput,
  ZApiCommissionsOutput,
  ZApiCreatedLink,
  ZApiCreatedWebhook,
  ZApiCreateLinkInput,
  ZApiCreateWebhookInput,
  ZApiDeletedWebhook,
  ZApiLinkActivityInput,
  ZApiLinkSalesOutput,
  ZApiLinksInput,
  ZApiLinksOutput,
  ZApiPayoutsInput,
  ZApiPayoutsOutput,
  ZApiSalesInput,
  ZApiSalesOutput,
  ZApiStatsInput,
  ZApiStatsOutput,
  ZApiWebhookIdInput,
  ZApiWebhooksInput,
  ZApiWebhooksOutput,
} from "@fanfare/validators";

import {
  getOrCreateAffiliateLink,
  getPromoterStats,
  listPromoterLinks,
} from "../services/affiliate/links";
import { getOrCreatePromoterProfile } from "../services/affiliate/promoter-profile";
import { listArtistSales } from "../services/artist/sales";
import { listPayouts } from "../services/payouts/earnings";
import type { PageRequest } from "../services/pagination";
import {
  listCommissions,
  listLinkClicks,
  listLinkSales,
} from "../services/platform/promoter-activity";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
} from "../services/platform/webhooks/endpoints";
import { consumeRateLimit } from "../services/rate-limit";
import type { ProcedureMeta } from "../trpc";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * The REST API, version 1 (issue 15 §2): `/api/v1/*`, generated from these procedures by
 * trpc-to-openapi (services/platform/rest-handler.ts serves them, services/platform/openapi.ts
 * documents them). Each calls the service the app's own procedure calls (router/promoter.ts,
 * router/artist.ts, payee-procedures.ts, router/webhook.ts) and turns its answer into plain JSON: times as ISO 8601
 * strings in UTC, money in integer cents beside its currency, lists as `{ data, nextCursor }`.
 * Every procedure declares its route, the API key scope it needs (checked in trpc.ts) and its
 * `.output` schema (packages/validators/src/api-v1.ts).
 *
 * They run only for a request authenticated with an API key: the app's own endpoint
 * (/api/trpc) answers 401 to them.
 */

/** Fanfare sells and pays in US dollars (`getEarnings` reports "usd" for every balance). */
const CURRENCY = "usd";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** A route's metadata: where trpc-to-openapi serves it, what the reference says, its scope. */
function route(
  method: "GET" | "POST" | "DELETE",
  path: `/v1/${string}`,
  scope: ApiKeyScope,
  doc: { tags: string[]; summary: string; description: string },
): ProcedureMeta {
  return {
    openapi: { method, path, protect: true, ...doc },
    scope,
  };
}

/** Only requests authenticated by the REST handler with an API key. */
const apiProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.apiKey || !ctx.user)
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message:
        "This procedure belongs to the REST API: call /api/v1/… with Authorization: Bearer ff_live_….",
    });
  return next({ ctx: { ...ctx, user: ctx.user, apiKey: ctx.apiKey } });
});

/** Every user is a promoter (the profile is created on first use, as promoterProcedure does). */
const apiPromoterProcedure = apiProcedure.use(async ({ ctx, next }) => {
  const promoter =
    ctx.user.promoter ??
    (await getOrCreatePromoterProfile({ userId: ctx.user.id, displayName: ctx.user.name }, ctx.db));
  return next({ ctx: { ...ctx, promoter } });
});

const artistOnly = (route: string) =>
  new TRPCError({
    code: "FORBIDDEN",
    message: `${route} is for artists: this key's owner has no artist profile.`,
  });

/** Days of each stats period, ending today (UTC); 0: all time. */
const PERIOD_DAYS: Record<ApiStatsPeriod, number> = { today: 1, "7d": 7, "30d": 30, all: 0 };

/** A webhook endpoint as the API sends it: the service's view with ISO times (never its secret). */
function webhookJson(e: WebhookEndpointOutput) {
  return {
    id: e.id,
    kind: e.kind,
    url: e.url,
    description: e.description,
    events: e.events,
    state: e.state,
    disabledAt: isoOrNull(e.disabledAt),
    disabledReason: e.disabledReason,
    failingSince: isoOrNull(e.failingSince),
    previousSecretExpiresAt: isoOrNull(e.previousSecretExpiresAt),
    createdAt: iso(e.createdAt),
    lastDelivery: e.lastDelivery
      ? { status: e.lastDelivery.status, at: iso(e.lastDelivery.at) }
      : null,
  };
}

/** A time bound of the query, parsed (the input schema already refused anything else). */
const timeOf = (v: string | undefined) => (v ? parseApiTime(v) : null);

/** A list route's time range `[from, to)` and page, as the listing services take them. */
const rangeAndPage = (input: { from?: string; to?: string } & PageRequest) => ({
  from: timeOf(input.from),
  to: timeOf(input.to),
  page: { limit: input.limit, cursor: input.cursor },
});

export const v1Router = createTRPCRouter({
  stats: apiPromoterProcedure
    .meta(
      route("GET", "/v1/stats", "stats:read", {
        tags: ["Stats"],
        summary: "Clicks, sales and commission by period",
        description:
          "Your counted clicks, sales and commission (net of refunds) today, over the last 7 or 30 UTC days with a row per day, or over all time; and where your commission stands now (pending, held, payable, paid). The same figures as the dashboard.",
      }),
    )
    .input(ZApiStatsInput)
    .output(ZApiStatsOutput)
    .query(async ({ ctx, input }) => {
      const s = await getPromoterStats({ promoterId: ctx.promoter.id }, ctx.db);
      const days = PERIOD_DAYS[input.period];
      const daily = days ? s.daily.slice(-days) : [];
      const sum = (k: "clicks" | "sales" | "commissionCents") =>
        daily.reduce((t, d) => t + d[k], 0);
      const clicks = days ? sum("clicks") : s.clickCount;
      const sales = days ? sum("sales") : s.salesCount;
      return {
        period: input.period,
        from: days ? `${daily[0]!.day}T00:00:00.000Z` : null,
        to: new Date().toISOString(),
        clicks,
        sales,
        commissionCents: days ? sum("commissionCents") : s.earningsCents,
        currency: CURRENCY,
        conversionBps: days
          ? clicks > 0
            ? Math.round((sales * 10_000) / clicks)
            : 0
          : s.conversionBps,
        daily: daily.map((d) => ({
          date: d.day,
          clicks: d.clicks,
          sales: d.sales,
          commissionCents: d.commissionCents,
        })),
        balances: {
          pendingCents: s.pendingCents,
          heldCents: s.heldCents,
          payableCents: s.payableCents,
          paidCents: s.paidCents,
          currency: CURRENCY,
        },
        clicksLagSeconds: s.clicksLagSeconds,
      };
    }),

  links: apiPromoterProcedure
    .meta(
      route("GET", "/v1/links", "links:read", {
        tags: ["Links"],
        summary: "Your links",
        description:
          "Every link you have, newest first, with its counted clicks, sales, conversion and commission. One page holds them all (`nextCursor` is null).",
      }),
    )
    .input(ZApiLinksInput)
    .output(ZApiLinksOutput)
    .query(async ({ ctx }) => {
      const links = await listPromoterLinks({ promoterId: ctx.promoter.id }, ctx.db);
      return {
        data: links.map((l) => ({
          id: l.id,
          code: l.code,
          url: l.url,
          active: l.active,
          disabled: l.disabled,
          disabledReason: l.disabledReason,
          clicks: l.clickCount,
          sales: l.salesCount,
          commissionCents: l.commissionCents,
          currency: CURRENCY,
          conversionBps: l.conversionBps,
          createdAt: iso(l.createdAt),
          track: {
            id: l.track.id,
            slug: l.track.slug,
            title: l.track.title,
            artistName: l.track.artistName,
            priceCents: l.track.priceCents,
            commissionBps: l.track.commissionBps,
          },
        })),
        nextCursor: null,
      };
    }),

  // Unlike the app's getOrCreateLink, no sighting is recorded: the caller is a server, and its
  // address says nothing about where the promoter browses (self-referral signals).
  createLink: apiPromoterProcedure
    .meta(
      route("POST", "/v1/links", "links:write", {
        tags: ["Links"],
        summary: "Get or create your link for a track",
        description:
          "Your link for the track, created on the first call; later calls return the same link. Send an `Idempotency-Key` to make retries safe.",
      }),
    )
    .input(ZApiCreateLinkInput)
    .output(ZApiCreatedLink)
    .mutation(async ({ ctx, input }) => {
      const l = await getOrCreateAffiliateLink(
        { promoterId: ctx.promoter.id, userId: ctx.user.id, trackId: input.trackId },
        ctx.db,
      );
      return {
        id: l.id,
        code: l.code,
        url: l.url,
        disabled: l.disabled,
        clicks: l.clickCount,
        sales: l.salesCount,
        commissionCents: l.commissionCents,
        currency: CURRENCY,
        createdAt: iso(l.createdAt),
        track: {
          id: l.track.id,
          slug: l.track.slug,
          title: l.track.title,
          commissionBps: l.track.commissionBps,
        },
      };
    }),

  linkClicks: apiPromoterProcedure
    .meta(
      route("GET", "/v1/links/{id}/clicks", "links:read", {
        tags: ["Links"],
        summary: "Clicks of a link",
        description:
          "The link's clicks, newest first: whether each counted, its `?src=` tag and UTM fields, the referring site. Filter by time (`from`, `to`) and source tag (`source`).",
      }),
    )
    .input(ZApiLinkActivityInput)
    .output(ZApiClicksOutput)
    .query(async ({ ctx, input }) => {
      const page = await listLinkClicks(
        {
          promoterId: ctx.promoter.id,
          linkId: input.id,
          source: input.source,
          ...rangeAndPage(input),
        },
        ctx.db,
      );
      return {
        data: page.items.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
        nextCursor: page.nextCursor,
      };
    }),

  linkSales: apiPromoterProcedure
    .meta(
      route("GET", "/v1/links/{id}/sales", "links:read", {
        tags: ["Links"],
        summary: "Sales through a link",
        description:
          "Completed (and later refunded) sales through the link, newest first, with your commission as recorded and what refunds took back. No buyer data. Filter by time (`from`, `to`) and the source tag of the sale's click (`source`).",
      }),
    )
    .input(ZApiLinkActivityInput)
    .output(ZApiLinkSalesOutput)
    .query(async ({ ctx, input }) => {
      const page = await listLinkSales(
        {
          promoterId: ctx.promoter.id,
          linkId: input.id,
          source: input.source,
          ...rangeAndPage(input),
        },
        ctx.db,
      );
      return {
        data: page.items.map((s) => ({
          ...s,
          createdAt: iso(s.createdAt),
          completedAt: isoOrNull(s.completedAt),
        })),
        nextCursor: page.nextCursor,
      };
    }),

  commissions: apiPromoterProcedure
    .meta(
      route("GET", "/v1/commissions", "commissions:read", {
        tags: ["Commissions"],
        summary: "Your commissions",
        description:
          "Your commissions, newest first: amount at the sale and what refunds and disputes took back, status (PENDING inside the holding period, PAYABLE, PAID, CANCELLED, REJECTED), end of the holding period. Filter by `status` and time (`from`, `to`).",
      }),
    )
    .input(ZApiCommissionsInput)
    .output(ZApiCommissionsOutput)
    .query(async ({ ctx, input }) => {
      const page = await listCommissions(
        {
          promoterId: ctx.promoter.id,
          status: input.status,
          ...rangeAndPage(input),
        },
        ctx.db,
      );
      return {
        data: page.items.map((c) => ({
          ...c,
          createdAt: iso(c.createdAt),
          holdUntil: iso(c.holdUntil),
          paidAt: isoOrNull(c.paidAt),
        })),
        nextCursor: page.nextCursor,
      };
    }),

  payouts: apiProcedure
    .meta(
      route("GET", "/v1/payouts", "payouts:read", {
        tags: ["Payouts"],
        summary: "Your payouts",
        description:
          "Your payouts, newest first: of your promoter earnings (`payee=promoter`, the default) or of your artist sales (`payee=artist`).",
      }),
    )
    .input(ZApiPayoutsInput)
    .output(ZApiPayoutsOutput)
    .query(async ({ ctx, input }) => {
      let payee: { type: "ARTIST" | "PROMOTER"; id: string };
      if (input.payee === "artist") {
        if (!ctx.user.artist) throw artistOnly("GET /v1/payouts?payee=artist");
        payee = { type: "ARTIST", id: ctx.user.artist.id };
      } else {
        const promoter =
          ctx.user.promoter ??
          (await getOrCreatePromoterProfile(
            { userId: ctx.user.id, displayName: ctx.user.name },
            ctx.db,
          ));
        payee = { type: "PROMOTER", id: promoter.id };
      }
      const page = await listPayouts(
        { payee, page: { limit: input.limit, cursor: input.cursor } },
        ctx.db,
      );
      return {
        data: page.items.map((p) => ({
          ...p,
          currency: CURRENCY,
          requestedAt: iso(p.requestedAt),
          paidAt: isoOrNull(p.paidAt),
        })),
        nextCursor: page.nextCursor,
      };
    }),

  sales: apiProcedure
    .meta(
      route("GET", "/v1/sales", "sales:read", {
        tags: ["Sales"],
        summary: "Sales of your tracks (artists)",
        description:
          "Your tracks' sales, newest first, with each share and what refunds and disputes took back, and the promoter who drove it. The buyer's name and email only when the buyer agreed at checkout to share them; otherwise a stable pseudonymous `buyer.id`.",
      }),
    )
    .input(ZApiSalesInput)
    .output(ZApiSalesOutput)
    .query(async ({ ctx, input }) => {
      const artist = ctx.user.artist;
      if (!artist) throw artistOnly("GET /v1/sales");
      const page = await listArtistSales(
        { artistId: artist.id, page: { limit: input.limit, cursor: input.cursor } },
        ctx.db,
      );
      return {
        data: page.items.map((s) => ({
          id: s.id,
          createdAt: iso(s.createdAt),
          completedAt: isoOrNull(s.completedAt),
          status: s.status as "COMPLETED" | "REFUNDED",
          amountCents: s.amountCents,
          platformFeeCents: s.platformFeeCents,
          artistCents: s.artistCents,
          commissionCents: s.commissionCents,
          refundedCents: s.refundedCents,
          disputedCents: s.disputedCents,
          reversedCents: s.reversedCents,
          netArtistCents: s.netArtistCents,
          netCommissionCents: s.netCommissionCents,
          currency: s.currency,
          productKind: s.track.kind,
          track: { id: s.track.id, slug: s.track.slug, title: s.track.title },
          promoter: s.promoter,
          buyer: s.buyer,
        })),
        nextCursor: page.nextCursor,
      };
    }),

  webhooks: apiProcedure
    .meta(
      route("GET", "/v1/webhooks", "webhooks:write", {
        tags: ["Webhooks"],
        summary: "Your webhook endpoints",
        description:
          "Your webhook and postback endpoints, oldest first, with their events, state and newest delivery; never their secrets. One page holds them all (`nextCursor` is null). The same list as Settings → Webhooks.",
      }),
    )
    .input(ZApiWebhooksInput)
    .output(ZApiWebhooksOutput)
    .query(async ({ ctx }) => {
      const endpoints = await listWebhookEndpoints({ userId: ctx.user.id }, ctx.db);
      return { data: endpoints.map(webhookJson), nextCursor: null };
    }),

  // The app's `webhook.create` rules through the same service (URL and address checks, the cap,
  // promoter.joined for artists and admins) and the same per-user budget of webhook changes.
  createWebhook: apiProcedure
    .meta(
      route("POST", "/v1/webhooks", "webhooks:write", {
        tags: ["Webhooks"],
        summary: "Add a webhook endpoint",
        description:
          "Subscribes a URL (https, a public address) to events; at most 10 endpoints. The answer carries the endpoint's signing secret (`whsec_…`), shown by the API this once: verify each delivery's `webhook-signature` with it (Standard Webhooks). Send an `Idempotency-Key` to make retries safe (a replay answers the same endpoint and secret).",
      }),
    )
    .input(ZApiCreateWebhookInput)
    .output(ZApiCreatedWebhook)
    .mutation(async ({ ctx, input }) => {
      await consumeRateLimit("webhookActionsPerUser", ctx.user.id, { db: ctx.db });
      const { secret, ...endpoint } = await createWebhookEndpoint(
        { userId: ctx.user.id, data: input },
        ctx.db,
      );
      return { ...webhookJson(endpoint), secret };
    }),

  deleteWebhook: apiProcedure
    .meta(
      route("DELETE", "/v1/webhooks/{id}", "webhooks:write", {
        tags: ["Webhooks"],
        summary: "Delete a webhook endpoint",
        description:
          "Deletes one of your endpoints with its delivery log; deliveries not yet sent are dropped. Another user's endpoint, or one already deleted, is 404.",
      }),
    )
    .input(ZApiWebhookIdInput)
    .output(ZApiDeletedWebhook)
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint({ userId: ctx.user.id, endpointId: input.id }, ctx.db);
      return { id: input.id, deleted: true as const };
    }),
});
