import { handleProviderEvent } from "@fanfare/api/services/checkout/handle-stripe-event";
import { getDb } from "@fanfare/db";
import { getPayments, PaymentsError, WebhookSignatureError } from "@fanfare/payments";

import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * POST /api/webhooks/stripe: Stripe (or the offline sandbox) delivers signed events here.
 * The signature is checked over the raw body (300 s tolerance); 400 when it fails, 200 once the
 * event is applied or known, 500 on a processing error so the provider retries.
 */
export async function POST(req: Request) {
  const raw = await req.text();
  const db = await getDb();
  let event;
  try {
    event = await getPayments(db).constructWebhookEvent(raw, req.headers.get("stripe-signature"));
  } catch (e) {
    if (e instanceof WebhookSignatureError) return jsonError(400, e.message);
    if (e instanceof PaymentsError && e.code === "WEBHOOK_PAYLOAD_INVALID") return jsonError(400, e.message);
    throw e;
  }
  try {
    const result = await handleProviderEvent(event, db);
    return Response.json({ received: true, ...result });
  } catch (e) {
    console.error(`Webhook ${event.id} (${event.type}) failed:`, e);
    return jsonError(500, `Processing event ${event.id} failed; it will be retried.`);
  }
}
