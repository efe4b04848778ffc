import http from "node:http";
import type { AddressInfo } from "node:net";

import type { PrismaClient } from "@fanfare/db";
import { getPayments, PaymentsError, WebhookSignatureError } from "@fanfare/payments";

import { handleProviderEvent } from "./handle-stripe-event";

/**
 * What `POST /api/webhooks/stripe` does, framework-free: verify Stripe's signature over the raw
 * body (300-second tolerance), apply the event once, and answer. 400 for a bad signature or
 * payload (Stripe does not retry those), 200 when applied or already known, 500 on a processing
 * error so Stripe retries (https://docs.stripe.com/webhooks#retries).
 */
export async function handleWebhookRequest(
  db: PrismaClient,
  rawBody: string,
  signature: string | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let event;
  try {
    event = await getPayments(db).constructWebhookEvent(rawBody, signature);
  } catch (e) {
    if (
      e instanceof WebhookSignatureError ||
      (e instanceof PaymentsError && e.code === "WEBHOOK_PAYLOAD_INVALID")
    )
      return { status: 400, body: { error: e.message } };
    throw e;
  }
  try {
    const result = await handleProviderEvent(event, db);
    return { status: 200, body: { received: true, ...result } };
  } catch (e) {
    console.error(`Webhook ${event.id} (${event.type}) failed:`, e);
    return {
      status: 500,
      body: { error: `Processing event ${event.id} failed; it will be retried.` },
    };
  }
}

/**
 * A local HTTP endpoint running `handleWebhookRequest`, for processes without the web app (the
 * demo seed, tests). Listens on 127.0.0.1 on a free port.
 */
export async function startLocalWebhookEndpoint(
  db: PrismaClient,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handleWebhookRequest(
        db,
        Buffer.concat(chunks).toString("utf8"),
        (req.headers["stripe-signature"] as string | undefined) ?? null,
      )
        .then((r) =>
          res
            .writeHead(r.status, { "content-type": "application/json" })
            .end(JSON.stringify(r.body)),
        )
        .catch((e: unknown) => res.writeHead(500).end(String((e as Error).message)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
