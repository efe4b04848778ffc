/**
 * The open platform in a real browser (Debian's Chromium through playwright-core), against a
 * running, demo-seeded Fanfare at BASE_URL (issue 15):
 *   1. Pat creates an API key in /settings/api-keys (stats, links and commissions), copies the
 *      secret shown once, and calls the REST API with it as curl would: `/api/v1/stats` answers
 *      with the RateLimit headers, `/api/v1/links` lists the links, `/api/v1/payouts` answers 403
 *      in the one error shape (no payouts:read scope); the keys page then shows the call under
 *      "Last used";
 *   2. Pat subscribes a local receiver (a node:http server in this process) to sale.completed and
 *      commission.created in /settings/webhooks; a fan buys through one of Pat's links in the
 *      sandbox; the receiver gets both events, signed with the Standard Webhooks scheme (checked
 *      here with the endpoint's secret), and the delivery log shows them delivered (HTTP 200);
 *   3. the API reference `/docs/api` renders the OpenAPI document with Fanfare's own copy of the
 *      Scalar script (nothing from a CDN), at desktop and phone width.
 * The server must allow a localhost receiver: start it with WEBHOOK_ALLOW_LOCALHOST=on (.ci/run
 * does). Screenshots go to docs/screenshots/platform-*.png. Run: `pnpm --filter @fanfare/web
 * e2e:platform`.
 */
import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

import {
  BASE_URL,
  DESKTOP,
  launchBrowser,
  PERSON_USER_AGENT,
  PHONE,
  shot,
  signInAs,
} from "./browser";

const run = Date.now().toString(36);
const PROMOTER = "promoter@fanfare.local";

/**
 * The Standard Webhooks check (standardwebhooks.com): `webhook-signature` holds `v1,<base64>`
 * entries, each an HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` under the secret's
 * bytes (base64 after `whsec_`). Written out here because the web app does not depend on the
 * `standardwebhooks` package (the API's own tests verify with it).
 */
function signatureValid(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers["webhook-signature"] ?? "")
    .split(" ")
    .map((s) => s.split(",", 2))
    .some(
      ([version, sig]) =>
        version === "v1" &&
        sig != null &&
        Buffer.from(sig, "base64").length === expected.length &&
        timingSafeEqual(Buffer.from(sig, "base64"), expected),
    );
}

async function main() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fanfare`;

  const browser = await launchBrowser();
  try {
    const patCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const pat = await patCtx.newPage();
    await signInAs(pat, PROMOTER, "/settings/api-keys");

    // 1. An API key, shown once.
    console.log("api keys: create a key and call the REST API with it");
    const form = pat.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(`E2E ${run}`);
    for (const scope of ["stats:read", "links:read", "commissions:read"])
      await form.locator(`input[type="checkbox"][value="${scope}"]`).check();
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = pat.getByTestId("new-api-key-secret");
    await secret.waitFor({ timeout: 60_000 });
    const key = (await secret.textContent())?.trim() ?? "";
    assert.match(key, /^ff_live_[a-z2-7]{12}_[A-Za-z0-9_-]{20,}$/, "the key's format");
    await shot(pat, "platform-api-keys-created");

    const api = (p: string) =>
      fetch(`${BASE_URL}/api/v1${p}`, { headers: { authorization: `Bearer ${key}` } });
    const stats = await api("/stats?period=30d");
    assert.equal(stats.status, 200, await stats.clone().text());
    assert.ok(stats.headers.get("ratelimit-limit"), "RateLimit-Limit is sent");
    assert.ok(stats.headers.get("ratelimit-remaining"), "RateLimit-Remaining is sent");
    const figures = (await stats.json()) as { period: string; sales: number; clicks: number };
    assert.equal(figures.period, "30d");
    assert.ok(figures.sales >= 1, "Pat's demo sales are counted");
    const links = (await (await api("/links")).json()) as {
      data: { url: string; active: boolean; track: { title: string; priceCents: number } }[];
    };
    const link = links.data.find((l) => l.active && l.track.priceCents > 0);
    assert.ok(link, "Pat has an active link to a paid track");
    const refused = await api("/payouts");
    assert.equal(refused.status, 403);
    const problem = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(problem.error.code, "FORBIDDEN");
    assert.match(problem.error.message, /payouts:read/);

    // "Last used" shows the call.
    await pat.getByRole("button", { name: "I saved it" }).click();
    await pat.reload();
    const row = pat.getByRole("row").filter({ hasText: `E2E ${run}` });
    await row.waitFor({ timeout: 60_000 });
    const lastUsed = (await row.getByTestId("api-key-last-used").textContent()) ?? "";
    assert.doesNotMatch(lastUsed, /Never/, "the call shows under Last used");
    await shot(pat, "platform-api-keys");
    await pat.setViewportSize(PHONE);
    await shot(pat, "platform-api-keys-390");
    await pat.setViewportSize(DESKTOP);

    // 2. A webhook endpoint at the local receiver; a sale through Pat's link reaches it signed.
    console.log("webhooks: subscribe a local receiver and sell through Pat's link");
    await pat.goto(`${BASE_URL}/settings/webhooks`);
    const add = pat.getByRole("form", { name: "Add an endpoint" });
    await add.getByLabel("Endpoint URL").fill(receiverUrl);
    await add.getByTestId("webhook-event-sale.completed").check();
    await add.getByTestId("webhook-event-commission.created").check();
    await add.getByLabel("Description (optional)").fill(`E2E receiver ${run}`);
    await add.getByRole("button", { name: "Add endpoint" }).click();
    const created = pat.getByTestId("webhook-created");
    await created.waitFor({ timeout: 60_000 });
    const whsec = ((await created.locator("code").textContent()) ?? "").trim();
    assert.match(whsec, /^whsec_[A-Za-z0-9+/=]+$/, "the endpoint's signing secret");

    const fanCtx = await browser.newContext({ viewport: PHONE, userAgent: PERSON_USER_AGENT });
    const fan = await fanCtx.newPage();
    await fan.goto(link.url);
    await fan.getByLabel("Email for your download link").fill(`api-fan-${run}@example.com`);
    await fan.getByRole("button", { name: "Buy and download" }).click();
    await fan.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
    await fan.getByRole("button", { name: /^Pay / }).click();
    await fan.waitForURL(/\/purchase\//, { timeout: 60_000 });
    await fanCtx.close();

    // The worker delivers within seconds (webhooks.deliver ticks every 5 s).
    const deadline = Date.now() + 90_000;
    const typesOf = () => received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    while (
      !(typesOf().includes("sale.completed") && typesOf().includes("commission.created")) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(typesOf(), ["commission.created", "sale.completed"], "both events arrived");
    for (const r of received) {
      assert.ok(signatureValid(whsec, r.headers, r.body), "the delivery is signed");
      assert.match(String(r.headers["webhook-id"]), /^msg_/);
    }
    const sale = JSON.parse(received.find((r) => r.body.includes("sale.completed"))!.body) as {
      data: { amountCents: number; commissionCents: number; currency: string; buyer: unknown };
    };
    assert.ok(sale.data.amountCents > 0 && sale.data.commissionCents > 0);
    assert.equal(sale.data.currency, "usd");
    assert.equal(sale.data.buyer, null, "the promoter's event names no buyer");

    // The delivery log shows both, delivered.
    await pat.reload();
    const endpoint = pat
      .getByTestId("webhook-endpoint")
      .filter({ hasText: receiverUrl.replace("http://", "") });
    await endpoint.getByTestId("webhook-show-log").click();
    const log = endpoint.getByRole("region", { name: `Deliveries to ${receiverUrl}` });
    await log.getByText("sale.completed").first().waitFor({ timeout: 60_000 });
    await log.getByText("commission.created").first().waitFor({ timeout: 60_000 });
    await shot(pat, "platform-webhooks");
    await pat.setViewportSize(PHONE);
    await shot(pat, "platform-webhooks-390");
    await patCtx.close();

    // 3. The API reference renders from Fanfare's own script.
    console.log("docs: /docs/api renders the OpenAPI document offline");
    const docsCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const docs = await docsCtx.newPage();
    const outside: string[] = [];
    docs.on("request", (r) => {
      if (!r.url().startsWith(BASE_URL) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    await docs.goto(`${BASE_URL}/docs/api`);
    await docs.getByText("Clicks, sales and commission by period").first().waitFor({
      timeout: 60_000,
    });
    assert.deepEqual(outside, [], "the reference loads nothing from outside Fanfare");
    await shot(docs, "platform-docs-api", { fullPage: false });
    await docs.setViewportSize(PHONE);
    await shot(docs, "platform-docs-api-390", { fullPage: false });
    await docsCtx.close();

    console.log("platform e2e: passed");
  } finally {
    await browser.close();
    receiver.close();
  }
}

await main();
