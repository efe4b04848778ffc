import { z } from "zod";

import { zId, zText } from "./text";
import {
  WEBHOOK_DELIVERY_STATUS_NAMES,
  WEBHOOK_EVENT_NAMES,
  ZCreateWebhookEndpointInput,
  ZWebhookEndpointOutput,
} from "./webhooks";

/**
 * The REST API's contract (issue 15 §2, `/api/v1/*`): every route's input and output, as the
 * OpenAPI document publishes them. Plain JSON: times are ISO 8601 strings in UTC, money is integer
 * cents (JSON numbers) beside its `currency`, lists page with `{ data, nextCursor }`.
 *
 * The inputs are their own schemas, never the app's: trpc-to-openapi coerces the number fields of
 * a GET route's input in place (query strings are text), which must not change what the app's
 * procedures accept.
 */

/** A time as the API sends it: ISO 8601, UTC, e.g. "2026-12-07T14:03:00.000Z". */
const isoTime = z.iso.datetime().meta({ example: "2026-12-07T14:03:00.000Z" });
/** Integer cents; `label` says of what. */
const cents = (description: string) => z.number().int().meta({ description, example: 1200 });
/** The ISO 4217 currency of the amounts beside it, lower case. */
const currency = z.string().meta({ description: "ISO 4217 currency, lower case.", example: "usd" });
const count = (description: string) => z.number().int().nonnegative().meta({ description });

/** The page a list route asks for: `limit` items (1–50, default 20, as the app's lists) after `cursor`. */
const pageFields = {
  cursor: zId("cursor", 64)
    .optional()
    .meta({ description: "The `nextCursor` of the previous page; absent for the first page." }),
  limit: z
    .number({ error: "limit must be a number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(50, "limit must be at most 50.")
    .default(20)
    .meta({ description: "Items per page, 1–50." }),
};

/**
 * A time bound: a date (YYYY-MM-DD, 00:00 UTC that day) or an ISO 8601 date-time with its
 * offset. @returns the instant, or null when `value` is neither.
 */

/** What a sale sold, as the REST API names it (issue 16 §1, §3). */
const ZApiProductKind = z.enum(["track", "release", "subscription"]).meta({
  description:
    "What was sold: a track, a release (an album, EP or single), or a month or year of the artist's catalog subscription.",
});
const PRODUCT_DESCRIPTION =
  'The track sold; the release when `productKind` is release; for a subscription, the subscription (its id and the title "Catalog subscription").';

export function parseApiTime(value: string): Date | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(v))
    return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const timeBound = (name: "from" | "to", description: string) =>
  zText(name)
    .max(40, `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time.`)
    .refine(
      (v) => parseApiTime(v) !== null,
      `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time, e.g. 2026-12-01 or 2026-12-01T00:00:00Z.`,
    )
    .optional()
    .meta({ description, example: "2026-12-01" });

const rangeFields = {
  from: timeBound("from", "Only items at or after this time (a date is 00:00 UTC that day)."),
  to: timeBound("to", "Only items before this time (a date is 00:00 UTC that day: not included)."),
};

/** `{ data, nextCursor }`: one page of `item`s, and the cursor of the next page (null on the last). */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });

// ---------------------------------------------------------------------------------------------
// GET /v1/stats

/** The periods of GET /v1/stats, in UTC days ending today (UTC), or all time. */
export const API_STATS_PERIODS = ["today", "7d", "30d", "all"] as const;
export type ApiStatsPeriod = (typeof API_STATS_PERIODS)[number];

export const ZApiStatsInput = z.object({
  period: z
    .enum(API_STATS_PERIODS, {
      error: `period must be one of ${API_STATS_PERIODS.join(", ")}.`,
    })
    .default("30d")
    .meta({
      description:
        "`today` (UTC), the last `7d` or `30d` UTC days including today, or `all` time. Default `30d`.",
    }),
});

const ZApiDay = z.object({
  date: z.string().meta({ description: "The UTC day, YYYY-MM-DD.", example: "2026-12-07" }),
  clicks: count("Counted clicks that day."),
  sales: count("Sales completed that day, net of refunds."),
  commissionCents: cents("Commission earned that day, net of refunds."),
});

export const ZApiStatsOutput = z.object({
  period: z.enum(API_STATS_PERIODS),
  from: isoTime.nullable().meta({ description: "Start of the period (null for all time)." }),
  to: isoTime.meta({ description: "When the figures were read." }),
  clicks: count("Counted clicks in the period (bots and repeats excluded)."),
  sales: count("Sales in the period, net of refunds."),
  commissionCents: cents("Commission earned in the period, net of refunds and disputes."),
  currency,
  conversionBps: count("Sales per counted click in the period, in basis points."),
  daily: z
    .array(ZApiDay)
    .meta({ description: "One row per UTC day of the period, oldest first (empty for `all`)." }),
  balances: z
    .object({
      pendingCents: cents("Commission inside its holding period."),
      heldCents: cents("Of the pending cents, those held past their release date (review)."),
      payableCents: cents("Commission that can be paid out."),
      paidCents: cents("Commission paid out."),
      currency,
    })
    .meta({ description: "Where your commission stands now, whatever the period." }),
  clicksLagSeconds: count("Click figures trail the clicks by up to about this many seconds."),
});
export type ApiStatsOutput = z.infer<typeof ZApiStatsOutput>;

// ---------------------------------------------------------------------------------------------
// Links

const linkTrack = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  commissionBps: count("The track's commission rate, basis points of the price."),
});

export const ZApiLink = z
  .object({
    id: z.string(),
    code: z.string().meta({ description: "The `ref` code of the link.", example: "k3m9x2pq" }),
    url: z.string().meta({ description: "The link to share." }),
    active: z.boolean().meta({ description: "Counting clicks and earning now." }),
    disabled: z.boolean().meta({ description: "Disabled by Fanfare (see `disabledReason`)." }),
    disabledReason: z.string().nullable(),
    clicks: count("Counted clicks (rolled up every few seconds)."),
    sales: count("Sales through the link, net of refunds."),
    commissionCents: cents("Commission earned through the link, net of refunds."),
    currency,
    conversionBps: count("Sales per counted click, basis points."),
    createdAt: isoTime,
    track: linkTrack.extend({
      artistName: z.string(),
      priceCents: cents("The track's price (a pay-what-you-want track's suggested price)."),
    }),
  })
  .meta({ id: "Link" });

export const ZApiLinksInput = z.object({});
export const ZApiLinksOutput = pageOf(ZApiLink);

export const ZApiCreateLinkInput = z.object({
  trackId: zId("trackId").meta({ description: "The track to promote." }),
});
export const ZApiCreatedLink = z
  .object({
    id: z.string(),
    code: z.string(),
    url: z.string(),
    disabled: z.boolean(),
    clicks: count("Counted clicks so far."),
    sales: count("Sales so far, net of refunds."),
    commissionCents: cents("Commission earned so far."),
    currency,
    createdAt: isoTime,
    track: linkTrack,
  })
  .meta({ id: "CreatedLink" });

export const ZApiLinkActivityInput = z.object({
  id: zId("id").meta({ description: "The link's id." }),
  source: zText("source")
    .trim()
    .max(40, "source must be at most 40 characters.")
    .optional()
    .meta({ description: "Only clicks (sales: whose click) carrying this `?src=` tag." }),
  ...rangeFields,
  ...pageFields,
});

export const ZApiClick = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    counted: z.boolean().meta({
      description: "Counted: not a bot, not a repeat of the visitor within the dedupe window.",
    }),
    bot: z.boolean(),
    source: z.string().nullable().meta({ description: "The `?src=` tag." }),
    utmSource: z.string().nullable(),
    utmMedium: z.string().nullable(),
    utmCampaign: z.string().nullable(),
    utmTerm: z.string().nullable(),
    utmContent: z.string().nullable(),
    refererHost: z.string().nullable().meta({ description: "The referring site's host name." }),
    networkClickId: z
      .string()
      .nullable()
      .meta({ description: "A partner network's `click_id`, when the visit carried one." }),
  })
  .meta({ id: "Click" });
export const ZApiClicksOutput = pageOf(ZApiClick);

export const ZApiLinkSale = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    completedAt: isoTime.nullable(),
    status: z.enum(["COMPLETED", "REFUNDED"]),
    amountCents: cents("What the buyer paid."),
    refundedCents: cents("Refunded to the buyer so far."),
    currency,
    source: z.string().nullable().meta({ description: "The `?src=` tag of the sale's click." }),
    productKind: ZApiProductKind,
    track: z
      .object({ id: z.string(), title: z.string() })
      .meta({ description: PRODUCT_DESCRIPTION }),
    commission: z
      .object({
        id: z.string(),
        status: z.enum(["PENDING", "PAYABLE", "PAID", "CANCELLED", "REJECTED"]),
        amountCents: cents("Your commission at the sale."),
        reversedCents: cents("Taken back by refunds and disputes."),
      })
      .nullable(),
  })
  .meta({ id: "LinkSale" });
export const ZApiLinkSalesOutput = pageOf(ZApiLinkSale);

// ---------------------------------------------------------------------------------------------
// Commissions

export const API_COMMISSION_STATUSES = [
  "PENDING",
  "PAYABLE",
  "PAID",
  "CANCELLED",
  "REJECTED",
] as const;

export const ZApiCommissionsInput = z.object({
  status: z
    .enum(API_COMMISSION_STATUSES, {
      error: `status must be one of ${API_COMMISSION_STATUSES.join(", ")}.`,
    })
    .optional()
    .meta({ description: "Only commissions in this status." }),
  ...rangeFields,
  ...pageFields,
});

export const ZApiCommission = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    status: z.enum(API_COMMISSION_STATUSES),
    amountCents: cents("The commission at the sale."),
    reversedCents: cents("Taken back by refunds and disputes."),
    currency,
    rateBps: count("The rate it was earned at, basis points of the price."),
    holdUntil: isoTime.meta({ description: "End of the holding period." }),
    held: z.boolean().meta({ description: "Held for review past its release date." }),
    paidAt: isoTime.nullable(),
    payoutId: z.string().nullable(),
    saleId: z.string(),
    linkId: z.string(),
    productKind: ZApiProductKind,
    track: z
      .object({ id: z.string(), title: z.string() })
      .meta({ description: PRODUCT_DESCRIPTION }),
  })
  .meta({ id: "Commission" });
export const ZApiCommissionsOutput = pageOf(ZApiCommission);

// ---------------------------------------------------------------------------------------------
// Payouts

export const ZApiPayoutsInput = z.object({
  payee: z
    .enum(["promoter", "artist"], { error: "payee must be promoter or artist." })
    .default("promoter")
    .meta({ description: "Whose payouts: your promoter earnings (default) or your artist sales." }),
  ...pageFields,
});
export const ZApiPayout = z
  .object({
    id: z.string(),
    amountCents: cents("The amount paid out."),
    currency,
    status: z.enum(["REQUESTED", "PROCESSING", "PAID", "FAILED"]),
    failureReason: z.string().nullable(),
    requestedAt: isoTime,
    paidAt: isoTime.nullable(),
  })
  .meta({ id: "Payout" });
export const ZApiPayoutsOutput = pageOf(ZApiPayout);

// ---------------------------------------------------------------------------------------------
// Artist sales

export const ZApiSalesInput = z.object({ ...pageFields });
export const ZApiSale = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    completedAt: isoTime.nullable(),
    status: z.enum(["COMPLETED", "REFUNDED"]),
    amountCents: cents("What the buyer paid."),
    platformFeeCents: cents("Fanfare's fee at the sale."),
    artistCents: cents("Your share at the sale."),
    commissionCents: cents("The promoter's commission at the sale."),
    refundedCents: cents("Refunded so far."),
    disputedCents: cents("Under an open or lost dispute."),
    reversedCents: cents("Taken back from the shares by refunds and disputes."),
    netArtistCents: cents("Your share after refunds and disputes."),
    netCommissionCents: cents("The commission after refunds and disputes."),
    currency,
    productKind: ZApiProductKind,
    track: z
      .object({ id: z.string(), slug: z.string(), title: z.string() })
      .meta({ description: PRODUCT_DESCRIPTION }),
    promoter: z
      .object({ id: z.string(), label: z.string(), linkCode: z.string().nullable() })
      .nullable(),
    buyer: z
      .object({
        id: z.string().meta({
          description:
            "A stable pseudonymous id of the buyer (the same buyer has the same id across your sales).",
          example: "buyer_3k9v0c1q8t6h2m4r5w7y",
        }),
        contactShared: z
          .boolean()
          .meta({ description: "The buyer agreed at checkout to share name and email with you." }),
        name: z.string().nullable().meta({ description: "Only when `contactShared`." }),
        email: z.string().nullable().meta({ description: "Only when `contactShared`." }),
      })
      .meta({ id: "Buyer" }),
  })
  .meta({ id: "Sale" });
export const ZApiSalesOutput = pageOf(ZApiSale);

// ---------------------------------------------------------------------------------------------
// Webhooks (scope webhooks:write)

// The fields and their rules are the app's form's (`ZCreateWebhookEndpointInput`, webhooks.ts):
// the same URL, events and kind rules apply to both, and the service checks the rest (https and
// a public address, the cap, who may subscribe to promoter.joined).
const webhookCreateFields = ZCreateWebhookEndpointInput.shape;
const webhookOutputFields = ZWebhookEndpointOutput.shape;

export const ZApiWebhooksInput = z.object({});

/** POST /v1/webhooks: the app's `webhook.create` input, documented for the reference. */
export const ZApiCreateWebhookInput = z.object({
  url: webhookCreateFields.url.meta({
    description:
      "Where deliveries go: https and a public address. A postback's URL is a template with placeholders such as `{click_id}`, `{sale_id}`, `{amount}`, `{commission}`, `{currency}`, `{sub_id}` in its path or query.",
    example: "https://hooks.example.com/fanfare",
  }),
  events: webhookCreateFields.events.meta({
    description: `The events to deliver, at least one: ${WEBHOOK_EVENT_NAMES.join(", ")}. \`promoter.joined\` is for artists and admins; a postback fires on sale.completed and sale.refunded only.`,
    example: ["sale.completed", "sale.refunded"],
  }),
  kind: webhookCreateFields.kind.meta({
    description:
      "`webhook` (signed JSON events, Standard Webhooks; the default) or `postback` (a partner network's URL template, requested with GET).",
  }),
  description: webhookCreateFields.description.meta({
    description: "A note for you, up to 200 characters.",
    example: "Our CRM",
  }),
});

export const ZApiWebhookIdInput = z.object({
  id: zId("id").meta({ description: "The endpoint's id." }),
});

export const ZApiWebhookEndpoint = z
  .object({
    id: z.string(),
    kind: webhookOutputFields.kind,
    url: z.string().meta({ description: "Where deliveries go (a postback: its URL template)." }),
    description: z.string(),
    events: webhookOutputFields.events,
    state: webhookOutputFields.state.meta({
      description:
        "`active`; `failing` (deliveries failing since `failingSince`: disabled after 3 days of failures); `disabled` (see `disabledReason`); `paused` (your account is suspended).",
    }),
    disabledAt: isoTime.nullable(),
    disabledReason: z.string().nullable(),
    failingSince: isoTime.nullable(),
    previousSecretExpiresAt: isoTime.nullable().meta({
      description:
        "After a secret rotation, the old secret also signs deliveries until this time; null otherwise.",
    }),
    createdAt: isoTime,
    lastDelivery: z
      .object({ status: z.enum(WEBHOOK_DELIVERY_STATUS_NAMES), at: isoTime })
      .nullable()
      .meta({ description: "The newest delivery to the endpoint, if any." }),
  })
  .meta({ id: "WebhookEndpoint" });
export const ZApiWebhooksOutput = pageOf(ZApiWebhookEndpoint);

export const ZApiCreatedWebhook = ZApiWebhookEndpoint.extend({
  secret: z.string().meta({
    description:
      "The signing secret (`whsec_…`) to verify deliveries with (Standard Webhooks). The API shows it in this answer only; Settings → Webhooks can reveal and rotate it.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).meta({ id: "CreatedWebhookEndpoint" });

export const ZApiDeletedWebhook = z
  .object({ id: z.string(), deleted: z.literal(true) })
  .meta({ id: "DeletedWebhookEndpoint" });

// ---------------------------------------------------------------------------------------------
// Errors

/** Every error the REST API answers, whatever the route: `{ error: { code, message, field? } }`. */
export const ZApiError = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          "The tRPC error code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, UNPROCESSABLE_CONTENT, TOO_MANY_REQUESTS, INTERNAL_SERVER_ERROR…",
        example: "FORBIDDEN",
      }),
      message: z.string().meta({
        description: "What went wrong and what to do, for a person to read.",
        example: 'This API key lacks the scope "links:write" that POST /v1/links needs.',
      }),
      field: z.string().optional().meta({ description: "The input field the error is about." }),
    }),
  })
  .meta({ id: "Error" });
export type ApiError = z.infer<typeof ZApiError>;
