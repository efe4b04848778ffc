import { z } from "zod";

import { zId, zText } from "./text";

/**
 * Outgoing webhooks and network postbacks (issue 15 §3): the events, the words the settings page
 * shows, the postback template rules and the inputs of the `webhook` router, shared by the API
 * and the forms. The event list is the database's `WEBHOOK_EVENT_TYPES` (packages/db/src/kinds.ts,
 * CHECKed); packages/api asserts at compile time that the two lists agree.
 */
export const WEBHOOK_EVENTS = {
  "sale.completed": {
    label: "Sale completed",
    description: "A sale through your link, or of your track, was paid.",
    postback: true,
    highVolume: false,
    artistsOnly: false,
  },
  "sale.refunded": {
    label: "Sale refunded",
    description: "A sale was refunded, in part or in full.",
    postback: true,
    highVolume: false,
    artistsOnly: false,
  },
  "commission.created": {
    label: "Commission created",
    description: "You earned a commission (held until the sale's holding period ends).",
    postback: false,
    highVolume: false,
    artistsOnly: false,
  },
  "commission.payable": {
    label: "Commission payable",
    description: "A commission's holding period ended: it can be paid out.",
    postback: false,
    highVolume: false,
    artistsOnly: false,
  },
  "commission.reversed": {
    label: "Commission reversed",
    description: "A commission was cancelled, reduced or rejected (refund, dispute, review).",
    postback: false,
    highVolume: false,
    artistsOnly: false,
  },
  "payout.paid": {
    label: "Payout paid",
    description: "A payout reached your Stripe account.",
    postback: false,
    highVolume: false,
    artistsOnly: false,
  },
  "payout.failed": {
    label: "Payout failed",
    description: "Stripe refused a payout; the money is back in your balance.",
    postback: false,
    highVolume: false,
    artistsOnly: false,
  },
  "click.counted": {
    label: "Clicks counted",
    description: "Counted clicks on your links, in batches every few seconds, per link.",
    postback: false,
    highVolume: true,
    artistsOnly: false,
  },
  "promoter.joined": {
    label: "Promoter joined",
    description: "A promoter joined the program or started promoting your tracks.",
    postback: false,
    highVolume: false,
    artistsOnly: true,
  },
} as const satisfies Record<
  string,
  {
    label: string;
    description: string;
    /** A postback endpoint may subscribe to it. */
    postback: boolean;
    /** Many events a day: the form marks it "high volume". */
    highVolume: boolean;
    /** Only artists and admins may subscribe. */
    artistsOnly: boolean;
  }
>;

export type WebhookEventName = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as [
  WebhookEventName,
  ...WebhookEventName[],
];
export const ZWebhookEventName = z.enum(WEBHOOK_EVENT_NAMES, {
  message: `Unknown event: use one of ${WEBHOOK_EVENT_NAMES.join(", ")}.`,
});

/** The events a postback can fire on: the sale and its refund (issue 15 §3, seed E20). */
export const POSTBACK_EVENT_NAMES = WEBHOOK_EVENT_NAMES.filter((e) => WEBHOOK_EVENTS[e].postback);

export const WEBHOOK_KINDS = ["webhook", "postback"] as const;
export type WebhookKindName = (typeof WEBHOOK_KINDS)[number];

/** Endpoints one user may have (webhooks and postbacks together). */
export const WEBHOOK_ENDPOINTS_MAX = 10;
/** The longest URL or postback template (WebhookEndpoint.url, CHECKed). */
export const WEBHOOK_URL_MAX_CHARS = 2000;

/**
 * The placeholders of a postback URL template and what each is filled with (URL-encoded; an
 * absent value becomes the empty string):
 * - `{click_id}` the partner network's click id the visitor arrived with (`?click_id=`);
 * - `{sale_id}` Fanfare's sale id;
 * - `{amount}` the sale amount in decimal major units ("12.34" for 1,234 cents; no thousands
 *   separator; as many decimals as the currency has: "1234" for JPY);
 * - `{commission}` the promoter's commission, the same way;
 * - `{currency}` the ISO 4217 code in upper case ("USD");
 * - `{sub_id}` the promoter's source tag (`?src=` on the link);
 * - `{event}` the event type (`sale.completed` or `sale.refunded`), so one URL can serve both.
 */
export const POSTBACK_PLACEHOLDERS = [
  "click_id",
  "sale_id",
  "amount",
  "commission",
  "currency",
  "sub_id",
  "event",
] as const;
export type PostbackPlaceholder = (typeof POSTBACK_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * What is wrong with a postback URL template, or null when it is fine: every `{…}` must name a
 * known placeholder (POSTBACK_PLACEHOLDERS), braces must pair, placeholders may sit only in the
 * path, query or fragment (never in the scheme or host, which a visitor's click id must not
 * choose), and the template must be an absolute URL once filled.
 */
export function postbackTemplateProblem(template: string): string | null {
  const stray = template.replace(PLACEHOLDER, "");
  if (stray.includes("{") || stray.includes("}"))
    return "The template has an unmatched { or }: write placeholders as {click_id}.";
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? "";
    if (!(POSTBACK_PLACEHOLDERS as readonly string[]).includes(name))
      return `Unknown placeholder {${name}}: use ${POSTBACK_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}.`;
  }
  if (!/^https?:\/\//i.test(template)) return "Enter a full URL starting with https://.";
  // User, host and port end at the first "/", "?" or "#" after "://".
  const rest = template.slice(template.indexOf("//") + 2);
  const authority = rest.slice(0, rest.search(/[/?#]|$/));
  if (authority.includes("{"))
    return "Placeholders may only appear in the path or query of the URL, not in its host.";
  if (!URL.canParse(template.replace(PLACEHOLDER, "x")))
    return "Enter a full URL starting with https://.";
  return null;
}

/** Whether `url` holds any `{` (a template), for forms that switch hints. */
export function isUrlTemplate(url: string): boolean {
  return url.includes("{");
}

const ZUrl = zText("URL")
  .trim()
  .min(1, "URL is required.")
  .max(WEBHOOK_URL_MAX_CHARS, "URL must be at most 2,000 characters.")
  .refine((u) => /^https?:\/\//i.test(u), "Enter a full URL starting with https://.");

const ZDescription = zText("Description")
  .trim()
  .max(200, "Keep the description under 200 characters.");

const ZEvents = z
  .array(ZWebhookEventName, { message: "Events must be a list of event types." })
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENT_NAMES.length, "Too many events.")
  .transform((events) => [...new Set(events)]);

/**
 * What is wrong with an endpoint's URL and events for its kind, each with its field: a
 * postback's template (`postbackTemplateProblem`) and events (sale.completed and sale.refunded
 * only); a webhook URL that holds placeholders or does not parse. Empty when all is well. The
 * forms (through the schemas below) and the service (on update, where the kind is stored) share it.
 */
export function webhookEndpointProblems(v: {
  kind: WebhookKindName;
  url?: string;
  events?: readonly string[];
}): { field: "url" | "events"; message: string }[] {
  const problems: { field: "url" | "events"; message: string }[] = [];
  if (v.url !== undefined) {
    const problem =
      v.kind === "postback"
        ? postbackTemplateProblem(v.url)
        : isUrlTemplate(v.url)
          ? "Placeholders like {click_id} are for postbacks: choose the postback kind, or remove them."
          : URL.canParse(v.url)
            ? null
            : "Enter a full URL starting with https://.";
    if (problem) problems.push({ field: "url", message: problem });
  }
  if (v.kind === "postback" && v.events) {
    const bad = v.events.filter((e) => !(POSTBACK_EVENT_NAMES as readonly string[]).includes(e));
    if (bad.length)
      problems.push({
        field: "events",
        message: `Postbacks fire on ${POSTBACK_EVENT_NAMES.join(" and ")} only, not ${bad.join(", ")}.`,
      });
  }
  return problems;
}

function checkKind(
  v: { kind: WebhookKindName; url?: string; events?: readonly string[] },
  ctx: z.RefinementCtx,
) {
  for (const p of webhookEndpointProblems(v))
    ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
}

/** `webhook.create`'s input: where, which kind, which events. */
export const ZCreateWebhookEndpointInput = z
  .object({
    kind: z
      .enum(WEBHOOK_KINDS, { message: "Kind must be webhook or postback." })
      .default("webhook"),
    url: ZUrl,
    description: ZDescription.default(""),
    events: ZEvents,
  })
  .superRefine(checkKind);
export type CreateWebhookEndpointInput = z.input<typeof ZCreateWebhookEndpointInput>;

/** One of the caller's endpoints. */
export const ZWebhookEndpointIdInput = z.object({ endpointId: zId("Endpoint id") });

/**
 * `webhook.update`'s input: any of url, description, events, enabled (the kind stays). The URL is
 * checked against the endpoint's kind by the service.
 */
export const ZUpdateWebhookEndpointInput = z
  .object({
    endpointId: zId("Endpoint id"),
    url: ZUrl.optional(),
    description: ZDescription.optional(),
    events: ZEvents.optional(),
    enabled: z.boolean({ message: "Enabled must be true or false." }).optional(),
  })
  .refine(
    (v) =>
      v.url !== undefined ||
      v.description !== undefined ||
      v.events !== undefined ||
      v.enabled !== undefined,
    { message: "Nothing to change: give url, description, events or enabled." },
  );
export type UpdateWebhookEndpointInput = z.input<typeof ZUpdateWebhookEndpointInput>;

const ZLimit = (max: number, fallback: number) =>
  z
    .number({ message: "Limit must be a number." })
    .int("Limit must be a whole number.")
    .min(1, "Limit must be at least 1.")
    .max(max, `Limit must be at most ${max}.`)
    .default(fallback);

/** `webhook.deliveries`' input: an endpoint's delivery log, newest first. */
export const ZWebhookDeliveriesInput = z.object({
  endpointId: zId("Endpoint id"),
  cursor: zId("Cursor").optional().nullable(),
  limit: ZLimit(50, 20),
});
export type WebhookDeliveriesInput = z.input<typeof ZWebhookDeliveriesInput>;

/** `webhook.replay`'s input: a delivery of the caller's, sent again as a new delivery. */
export const ZReplayWebhookDeliveryInput = z.object({ deliveryId: zId("Delivery id") });

/** `webhook.sendTest`'s input: a sample event of a type the endpoint subscribes to. */
export const ZSendTestWebhookInput = z.object({
  endpointId: zId("Endpoint id"),
  type: ZWebhookEventName,
});

/** `webhook.adminList`'s input. */
export const ZAdminWebhookListInput = z.object({
  cursor: zId("Cursor").optional().nullable(),
  limit: ZLimit(100, 50),
});

export const WEBHOOK_DELIVERY_STATUS_NAMES = ["PENDING", "SUCCEEDED", "FAILED"] as const;

/** An endpoint as its owner sees it (never the secret: `revealSecret`). */
export const ZWebhookEndpointOutput = z.object({
  id: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  url: z.string(),
  description: z.string(),
  events: z.array(ZWebhookEventName),
  /** active; failing (deliveries failing since `failingSince`); disabled; paused (account suspended). */
  state: z.enum(["active", "failing", "disabled", "paused"]),
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  /** Whether a previous secret still signs deliveries (a rotation's grace period), until when. */
  previousSecretExpiresAt: z.date().nullable(),
  createdAt: z.date(),
  lastDelivery: z
    .object({ status: z.enum(WEBHOOK_DELIVERY_STATUS_NAMES), at: z.date() })
    .nullable(),
});
export type WebhookEndpointOutput = z.output<typeof ZWebhookEndpointOutput>;

/** One attempt of a delivery, as the log shows it. */
export const ZWebhookAttemptOutput = z.object({
  attempt: z.number().int(),
  at: z.date(),
  /** HTTP status; null when no response (refused address, timeout, connection error). */
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  responseHead: z.string(),
  error: z.string().nullable(),
});

/** One delivery in the log, with every attempt. */
export const ZWebhookDeliveryOutput = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: ZWebhookEventName,
  /** A synthetic event from "Send test event". */
  test: z.boolean(),
  /** A replay or a test: delivered once, outside the endpoint's failure count. */
  manual: z.boolean(),
  status: z.enum(WEBHOOK_DELIVERY_STATUS_NAMES),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  log: z.array(ZWebhookAttemptOutput),
});
export type WebhookDeliveryOutput = z.output<typeof ZWebhookDeliveryOutput>;

export const ZWebhookDeliveriesOutput = z.object({
  items: z.array(ZWebhookDeliveryOutput),
  nextCursor: z.string().nullable(),
});

/** An endpoint in the admin's list: its owner and its failure rates (failed attempts ÷ attempts). */
export const ZAdminWebhookEndpointOutput = z.object({
  id: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  url: z.string(),
  events: z.array(ZWebhookEventName),
  owner: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  state: z.enum(["active", "failing", "disabled", "paused"]),
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
  /** Attempts and failed attempts over the last 24 hours and 7 days. */
  day: z.object({ attempts: z.number().int(), failed: z.number().int() }),
  week: z.object({ attempts: z.number().int(), failed: z.number().int() }),
});
export type AdminWebhookEndpointOutput = z.output<typeof ZAdminWebhookEndpointOutput>;

export const ZAdminWebhookListOutput = z.object({
  items: z.array(ZAdminWebhookEndpointOutput),
  nextCursor: z.string().nullable(),
});
