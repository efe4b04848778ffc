/**
 * The sandbox's Stripe Billing rows (docs.stripe.com/billing): what each `SandboxObject` row
 * holds, and their readers. Written by sandbox-billing.ts (products, prices, subscription
 * checkout, customers, portal sessions), sandbox-invoices.ts and sandbox-clock.ts (invoices,
 * renewals, cancellations).
 *
 * | kind             | id                          | data                                           |
 * | ---------------- | --------------------------- | ---------------------------------------------- |
 * | "product"        | `fanfare_artist_<artistId>` | `{ product }`                                  |
 * | "price"          | `price_sandbox_...`         | `{ price }`                                    |
 * | "customer"       | `cus_sandbox_...`           | `{ customer, paymentFails }`                   |
 * | "subscription"   | `sub_sandbox_...`           | the subscription, its clock, cycle, discount   |
 * | "invoice"        | `in_sandbox_...`            | `{ invoice, payment }`                         |
 * | "portal_session" | `bps_sandbox_...`           | `{ session }`                                  |
 */
import type { PrismaClient } from "@fanfare/db";

import type {
  SandboxCoupon,
  SandboxCustomer,
  SandboxDiscount,
  SandboxInvoice,
  SandboxInvoicePayment,
  SandboxPortalSession,
  SandboxPrice,
  SandboxProduct,
  SandboxSubscription,
} from "./sandbox-objects";
import type { Tx } from "./sandbox-store";
import { fromJson } from "./sandbox-store";

export type ProductRecord = { product: SandboxProduct };
export type PriceRecord = { price: SandboxPrice };

export type CustomerRecord = {
  customer: SandboxCustomer;
  /** Set by `setSandboxPaymentFails`: every payment attempt of this customer's card fails. */
  paymentFails: boolean;
};

export type SubscriptionRecord = {
  subscription: SandboxSubscription;
  /**
   * The subscription's own test clock (Unix seconds): how far its time has been advanced by
   * `advanceSandboxClock`. Starts at creation; renewals happen when it passes a period's end.
   * Per subscription, as Stripe's test clocks are per customer, so tests do not disturb each other.
   */
  clock: number;
  /** Billing periods begun: 1 after checkout; period `n` ends `n` intervals after the anchor. */
  cycle: number;
  /** Invoices made, for their numbers. */
  invoiceCount: number;
  /** The coupon applied at checkout (a copy), and its discount; null when none or expired. */
  coupon: SandboxCoupon | null;
  discount: SandboxDiscount | null;
  /** The unpaid invoice awaiting its retry while `past_due`; null otherwise. */
  openInvoiceId: string | null;
};

export type InvoiceRecord = {
  invoice: SandboxInvoice;
  /** What paid it, as `expand[]=payments` lists it; null while unpaid or when it was 0 cents. */
  payment: SandboxInvoicePayment | null;
};

export type PortalSessionRecord = { session: SandboxPortalSession };

async function readRecord<T>(db: PrismaClient | Tx, id: string, kind: string) {
  const row = await db.sandboxObject.findUnique({ where: { id } });
  return row?.kind === kind ? fromJson<T>(row.data) : null;
}

export const readPrice = (db: PrismaClient | Tx, id: string) =>
  readRecord<PriceRecord>(db, id, "price");
export const readCustomer = (db: PrismaClient | Tx, id: string) =>
  readRecord<CustomerRecord>(db, id, "customer");
export const readSubscription = (db: PrismaClient | Tx, id: string) =>
  readRecord<SubscriptionRecord>(db, id, "subscription");
export const readInvoice = (db: PrismaClient | Tx, id: string) =>
  readRecord<InvoiceRecord>(db, id, "invoice");
export const readPortalSession = (db: PrismaClient | Tx, id: string) =>
  readRecord<PortalSessionRecord>(db, id, "portal_session");
export const readCoupon = async (db: PrismaClient | Tx, id: string) =>
  (await readRecord<{ coupon: SandboxCoupon }>(db, id, "coupon"))?.coupon ?? null;
