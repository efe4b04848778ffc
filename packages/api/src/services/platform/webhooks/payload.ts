import type { WebhookEventType } from "@fanfare/db";
import type { WebhookEventName } from "@fanfare/validators";

/**
 * The payload contract of Fanfare's webhooks (issue 15 §3). Every delivery's body is the JSON
 *
 *     { "type": "sale.completed", "timestamp": "2026-12-07T10:15:00.000Z", "data": { … } }
 *
 * (the shape Standard Webhooks recommends): `type` one of WEBHOOK_EVENT_TYPES, `timestamp` when
 * the event happened (ISO 8601, UTC), `data` the event's object below. Conventions of `data`:
 * money in integer cents (JSON numbers) with its `currency` (ISO 4217, lower case, as stored:
 * "usd"); times as ISO 8601 UTC strings; ids are Fanfare's ids; absent values are `null`, never
 * missing. Test events ("Send test event") carry `"test": true` in `data` and made-up ids. Fields
 * are only ever added, so receivers should ignore fields they do not know.
 */
export type WebhookBody = {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
};

/**
 * `sale.completed` and `sale.refunded`: one event per recipient, to the attributed promoter
 * (subjectKey `sale:<saleId>:<userId>`; for each refund `refund:<saleId>:<refundedCents>:<userId>`)
 * and to the artist. A postback fills its template from these fields.
 */
export type SaleEventData = {
  saleId: string;
  /**
   * What was sold (issue 16 §1, §3): a track (`trackId`), a release (`releaseId`), or a catalog
   * subscription's invoice (`subscription`: both null, `trackTitle` "Catalog subscription").
   */
  productKind: "track" | "release" | "subscription";
  trackId: string | null;
  releaseId: string | null;
  /** The title of what was sold: the track's, or the release's. */
  trackTitle: string;
  /** What the buyer paid, cents. */
  amountCents: number;
  currency: string;
  /** The promoter's commission on the sale, cents (0 without one). */
  commissionCents: number;
  /** Refunded so far, cents (the running total: on `sale.refunded`, including this refund). */
  refundedCents: number;
  /** The `src` tag of the promoter's link the buyer came through (postback `{sub_id}`), or null. */
  sourceTag: string | null;
  /** A partner network's click id the visitor arrived with (`?click_id=`, postback `{click_id}`), or null. */
  clickId: string | null;
  /** The promoter's link, or null for a sale without a promoter. */
  linkId: string | null;
  /** When the sale was paid (or refunded), ISO UTC. */
  occurredAt: string;
  /**
   * For the artist's event only: the artist's share (cents) and the buyer: `{ name, email }` when
   * the buyer opted in at checkout, otherwise `{ id }`, a stable pseudonymous id. Absent (null)
   * in the promoter's event.
   */
  artistCents?: number | null;
  buyer?: { name: string | null; email: string } | { id: string } | null;
};

/** `commission.created`, `commission.payable`, `commission.reversed`: to the promoter. */
export type CommissionEventData = {
  commissionId: string;
  saleId: string;
  /** As in SaleEventData: the product sold, by kind and id, and its title. */
  productKind: "track" | "release" | "subscription";
  trackId: string | null;
  releaseId: string | null;
  trackTitle: string;
  linkId: string;
  /** The commission, cents (after reversals: `amountCents - reversedCents` is what remains). */
  amountCents: number;
  reversedCents: number;
  currency: string;
  /** PENDING | PAYABLE | PAID | CANCELLED | REJECTED after the change. */
  status: string;
  /** End of the holding period, ISO UTC. */
  holdUntil: string;
  sourceTag: string | null;
  clickId: string | null;
  /** Why, for `commission.reversed` ("refund", "dispute", "rejected: <reason>"); else null. */
  reason: string | null;
  occurredAt: string;
};

/** `payout.paid`, `payout.failed`: to the payee (promoter or artist). */
export type PayoutEventData = {
  payoutId: string;
  /** Cents (a JSON number; the database's BigInt converted, always a safe integer). */
  amountCents: number;
  currency: string;
  status: string;
  /** Stripe's reason, for `payout.failed`; else null. */
  failureReason: string | null;
  occurredAt: string;
};

/** `click.counted`: to the promoter, one per click roll-up batch (subjectKey `clicks:<userId>:<batchId>`). */
export type ClickCountedEventData = {
  batchId: string;
  /** Counted clicks in this batch, all links. */
  clicks: number;
  /** Per link and UTC day. */
  links: {
    linkId: string;
    /** The link's product: a track or a release, the other null. */
    trackId: string | null;
    releaseId: string | null;
    day: string;
    clicks: number;
  }[];
  occurredAt: string;
};

/** `promoter.joined`: to an artist (a promoter made a link to their tracks) or an admin. */
export type PromoterJoinedEventData = {
  promoterId: string;
  displayName: string | null;
  trackId: string | null;
  /** The release whose link made them the artist's promoter (issue 16 §1), or null. */
  releaseId: string | null;
  occurredAt: string;
};

/**
 * The body of an event as delivered (the Standard Webhooks shape), serialised once: the same
 * bytes are signed and sent.
 */
export function webhookBody(event: { type: string; createdAt: Date; payload: unknown }): string {
  const body = {
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: event.payload ?? {},
  };
  return JSON.stringify(body);
}

/**
 * JSON of an event's `data` for the outbox: BigInt (Prisma's sums, payouts) becomes a number,
 * Dates ISO strings.
 * @throws RangeError when a BigInt is beyond Number.MAX_SAFE_INTEGER (no amount ever is).
 */
export function serialiseEventData(data: Record<string, unknown>): string {
  return JSON.stringify(data, (_key, value: unknown) => {
    if (typeof value !== "bigint") return value;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError(`Webhook data holds ${value}, beyond a safe JSON integer.`);
    return Number(value);
  });
}

const SAMPLE_AT = "2026-12-07T10:15:00.000Z";
const sale: SaleEventData = {
  saleId: "sale_test_123",
  productKind: "track",
  trackId: "track_test_123",
  releaseId: null,
  trackTitle: "Night Drive",
  amountCents: 1299,
  currency: "usd",
  commissionCents: 260,
  refundedCents: 0,
  sourceTag: "newsletter",
  clickId: "net_click_abc",
  linkId: "link_test_123",
  occurredAt: SAMPLE_AT,
};
const commission: CommissionEventData = {
  commissionId: "com_test_123",
  saleId: sale.saleId,
  productKind: sale.productKind,
  trackId: sale.trackId,
  releaseId: sale.releaseId,
  trackTitle: sale.trackTitle,
  linkId: "link_test_123",
  amountCents: 260,
  reversedCents: 0,
  currency: "usd",
  status: "PENDING",
  holdUntil: "2026-12-21T10:15:00.000Z",
  sourceTag: "newsletter",
  clickId: "net_click_abc",
  reason: null,
  occurredAt: SAMPLE_AT,
};
const payout: PayoutEventData = {
  payoutId: "payout_test_123",
  amountCents: 5000,
  currency: "usd",
  status: "PAID",
  failureReason: null,
  occurredAt: SAMPLE_AT,
};

/** The `data` of a test event of each type ("Send test event"): made-up ids, `test: true`. */
export const SAMPLE_EVENT_DATA: Record<WebhookEventType, Record<string, unknown>> = {
  "sale.completed": { ...sale, test: true },
  "sale.refunded": { ...sale, refundedCents: 1299, test: true },
  "commission.created": { ...commission, test: true },
  "commission.payable": { ...commission, status: "PAYABLE", test: true },
  "commission.reversed": {
    ...commission,
    status: "CANCELLED",
    reversedCents: 260,
    reason: "refund",
    test: true,
  },
  "payout.paid": { ...payout, test: true },
  "payout.failed": {
    ...payout,
    status: "FAILED",
    failureReason: "The destination account cannot receive transfers.",
    test: true,
  },
  "click.counted": {
    batchId: "batch_test_123",
    clicks: 3,
    links: [
      {
        linkId: "link_test_123",
        trackId: "track_test_123",
        releaseId: null,
        day: "2026-12-07",
        clicks: 3,
      },
    ],
    occurredAt: SAMPLE_AT,
    test: true,
  } satisfies ClickCountedEventData & { test: true },
  "promoter.joined": {
    promoterId: "promoter_test_123",
    displayName: "Pat Promoter",
    trackId: "track_test_123",
    releaseId: null,
    occurredAt: SAMPLE_AT,
    test: true,
  } satisfies PromoterJoinedEventData & { test: true },
};

// The form's list (validators) and the database's CHECKed list (db kinds) must be the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventListsAgree: Same<WebhookEventType, WebhookEventName> = true;
void eventListsAgree;
