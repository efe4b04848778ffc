/**
 * The closed lists of the money tables' text columns, one source for the schema (the CHECK
 * constraints of migration 20261206000000_money_kinds_checked list the same values, and
 * `kinds.integration-test.ts` compares them), the services (typed with these unions) and the
 * web's labels (a `Record` over each union, so a new value is a type error until it is named).
 * No import: safe in client bundles.
 */

/**
 * What a ledger transaction records (LedgerEntry.kind):
 * - SALE: a completed sale's shares, into pending accounts.
 * - RELEASE: a holding period ended: pending → payable (also a partial refund or dispute won
 *   back settling a sale again).
 * - REFUND / DISPUTE: a refund or an open or lost dispute taking each share back in proportion.
 * - DISPUTE_WON: a won dispute giving the held shares back.
 * - CLAWBACK: a refund after the commission was paid out: taken from the payable balance.
 * - PAYOUT / PAYOUT_PAID / PAYOUT_FAILED / PAYOUT_REVERSED: a payout sent, confirmed, refused
 *   (money back), or a transfer reversed by Stripe (money back).
 * - ADJUSTMENT: an admin's correction, with its reason as the description.
 * - COMMISSION_REJECTED: an admin rejected a commission: its share moves from the promoter to
 *   the artist (a clawback from the promoter's balance when it was paid out).
 * - WRITE_OFF: a terminated promoter's negative balance, absorbed by PLATFORM_WRITE_OFFS after
 *   the termination notice period.
 * - MILESTONE_BONUS / CONTEST_PRIZE: a promoter reached a milestone or won a contest (issue 13):
 *   PLATFORM_PROMOTIONS → the promoter's payable balance, once per award row.
 * - RECRUITER_FORFEITED: a terminated recruiter's held second-tier share (issue 14 §6) goes back
 *   to the platform, which funded it, after the termination notice period.
 */
export const LEDGER_ENTRY_KINDS = [
  "SALE",
  "RELEASE",
  "REFUND",
  "DISPUTE",
  "DISPUTE_WON",
  "CLAWBACK",
  "PAYOUT",
  "PAYOUT_PAID",
  "PAYOUT_FAILED",
  "PAYOUT_REVERSED",
  "ADJUSTMENT",
  "COMMISSION_REJECTED",
  "WRITE_OFF",
  "MILESTONE_BONUS",
  "CONTEST_PRIZE",
  "RECRUITER_FORFEITED",
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** What the processor told us (PaymentFact.kind): a payment's refund total, or one dispute. */
export const PAYMENT_FACT_KINDS = ["REFUND_TOTAL", "DISPUTE"] as const;
export type PaymentFactKind = (typeof PAYMENT_FACT_KINDS)[number];

/**
 * A dispute's state (PaymentFact.status of a DISPUTE), Stripe's statuses reduced to what money
 * follows: `open` (any needs_response / under_review), `won`, `lost`. A REFUND_TOTAL's status is
 * always `recorded`.
 */
export const DISPUTE_STATES = ["open", "won", "lost"] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/**
 * What a slice of a sale is (SaleShare.kind): the platform fee, the artist's share (the
 * residual: it takes a reversal's rounding remainder), the promoter's commission (with any
 * platform boost and tier bonus in it), the recruiter's second-tier share (issue 14 §6: paid to the
 * promoter who recruited the attributed one, from the fee). A later slice (label share, discount
 * funding) is added here, to the CHECK
 * constraint `SaleShare_kind_known` in a migration, and to `sharesOfSale`'s list.
 */
export const SALE_SHARE_KINDS = [
  "PLATFORM_FEE",
  "ARTIST",
  "COMMISSION",
  "RECRUITER",
  "LABEL",
] as const;
export type SaleShareKind = (typeof SALE_SHARE_KINDS)[number];

/**
 * Who a share pays (SaleShare.payee): the platform's revenue, an artist (ARTIST_* accounts of
 * `ownerId`), a promoter (PROMOTER_* accounts of `ownerId`) or a label (LABEL_* accounts of
 * `ownerId`, issue 16 §5).
 */
export const SHARE_PAYEES = ["platform", "artist", "promoter", "label"] as const;
export type SharePayee = (typeof SHARE_PAYEES)[number];

/**
 * What an API key may do (ApiKey.scopes, issue 15 §1), CHECKed by `ApiKey_rules_check`. Each
 * `/api/v1/` route names the one scope it needs; `sales:read` is an artist's (their tracks'
 * sales), the others any user's own data.
 */
export const API_KEY_SCOPES = [
  "stats:read",
  "links:read",
  "links:write",
  "commissions:read",
  "payouts:read",
  "sales:read",
  "webhooks:write",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The events a webhook endpoint can subscribe to (WebhookEvent.type, issue 15 §3), CHECKed by
 * `WebhookEvent_type_check`. `click.counted` is opt-in (high volume, emitted in batches by the
 * click roll-up); `promoter.joined` is for artists and admins.
 */
export const WEBHOOK_EVENT_TYPES = [
  "sale.completed",
  "sale.refunded",
  "commission.created",
  "commission.payable",
  "commission.reversed",
  "payout.paid",
  "payout.failed",
  "click.counted",
  "promoter.joined",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An endpoint's kind (WebhookEndpoint.kind): a signed Standard Webhooks POST, or a network's GET postback. */
export const WEBHOOK_ENDPOINT_KINDS = ["webhook", "postback"] as const;
export type WebhookEndpointKind = (typeof WEBHOOK_ENDPOINT_KINDS)[number];

/** A delivery's state (WebhookDelivery.status). */
export const WEBHOOK_DELIVERY_STATUSES = ["PENDING", "SUCCEEDED", "FAILED"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * What a sale sold (Sale.productKind, issue 16 §1), CHECKed with the product ids by
 * `Sale_product_check` (migration releases_general_product): a `track` (Sale.trackId) or a
 * `release` (Sale.releaseId). Catalog subscription invoices join with the subscriptions.
 */
export const PRODUCT_KINDS = ["track", "release"] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/**
 * What a sale may sell (Sale.productKind, `Sale_product_check`): a catalog product, or a catalog
 * subscription's paid invoice (issue 16 §3: Sale.subscriptionId and Sale.stripeInvoiceId).
 */
export const SALE_PRODUCT_KINDS = [...PRODUCT_KINDS, "subscription_invoice"] as const;
export type SaleProductKind = (typeof SALE_PRODUCT_KINDS)[number];

/** A catalog subscription's billing interval (CatalogSubscription.interval, CHECKed). */
export const SUBSCRIPTION_INTERVALS = ["month", "year"] as const;
export type SubscriptionInterval = (typeof SUBSCRIPTION_INTERVALS)[number];

/**
 * A catalog subscription's state (CatalogSubscription.status, CHECKed): `incomplete` from
 * checkout start until the processor reports it, then Stripe's `active`, `past_due` (a renewal
 * failed; the retry is pending) and `canceled`.
 */
export const SUBSCRIPTION_STATES = ["incomplete", "active", "past_due", "canceled"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/** A release's kind (Release.kind, CHECKed by `Release_kind_check`). */
export const RELEASE_KINDS = ["album", "ep", "single"] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/** The licence tiers an artist may sell beside a track (LicenseTier.kind, CHECKed, issue 16 §4). */
export const LICENSE_TIER_KINDS = ["commercial", "sync"] as const;
export type LicenseTierKind = (typeof LICENSE_TIER_KINDS)[number];

/**
 * A licence's kind (License.kind, CHECKed): `personal` comes with every purchase; the others
 * were bought as a tier.
 */
export const LICENSE_KINDS = ["personal", ...LICENSE_TIER_KINDS] as const;
export type LicenseKind = (typeof LICENSE_KINDS)[number];

/** Download formats a track's master is transcoded into (TrackTranscode.format, issue 16 §2). */
export const TRANSCODE_FORMATS = ["mp3_320", "aac_256", "flac"] as const;
export type TranscodeFormat = (typeof TRANSCODE_FORMATS)[number];

/** A transcode's state (TrackTranscode.status): storageKey is set exactly when `ready`. */
export const TRANSCODE_STATES = ["pending", "ready", "failed"] as const;
export type TranscodeState = (typeof TRANSCODE_STATES)[number];

/**
 * A label contract's state (LabelContract.status, issue 16 §5): `invited` by the label, then
 * `active` (accepted by the artist) or `declined`; an active contract becomes `ended` when either
 * side ends it.
 */
export const LABEL_CONTRACT_STATES = ["invited", "active", "declined", "ended"] as const;
export type LabelContractState = (typeof LABEL_CONTRACT_STATES)[number];
