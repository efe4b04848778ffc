import { handleWebhookRequest } from "@fanfare/api/services/checkout/webhook-endpoint";
import { getDb } from "@fanfare/db";

export const dynamic = "force-dynamic";

/**
 * POST /api/webhooks/stripe: Stripe (or the offline sandbox) delivers signed events here.
 * The signature is checked over the raw body (300 s tolerance); 400 when it fails, 200 once the
 * event is applied or known, 500 on a processing error so the provider retries.
 */
export async function POST(req: Request) {
  const { status, body } = await handleWebhookRequest(
    await getDb(),
    await req.text(),
    req.headers.get("stripe-signature"),
  );
  return Response.json(body, { status });
}
