/**
 * A webhook endpoint for tests: a tiny node:http server on 127.0.0.1 that records every raw body
 * and `stripe-signature` header it receives and answers `status`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { body: string; signature: string | null };

export async function startWebhookReceiver(status = 200) {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const sig = req.headers["stripe-signature"];
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: typeof sig === "string" ? sig : null,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
