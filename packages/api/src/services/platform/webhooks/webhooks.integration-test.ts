import http from "node:http";
import type { AddressInfo } from "node:net";

import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import type { Harness } from "../../../test/harness";
import { setupHarness } from "../../../test/harness";
import { rollupClicks } from "../../affiliate/click-rollup";
import { PRODUCTION_POLICY } from "./address-policy";
import { adminListWebhookEndpoints } from "./admin-list";
import { deliverDueWebhooks, fanOutWebhookEvents } from "./deliver";
import { emitWebhookEvents } from "./emit";
import { createWebhookEndpoint } from "./endpoints";
import { PAUSED_OWNER_ERROR, pruneWebhookLog } from "./prune";
import { WEBHOOK_RETRY_DELAYS_SECONDS } from "./retry-schedule";

/** What reached the receiver: one entry per request. */
type Received = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
};

/**
 * A real HTTP receiver on 127.0.0.1: answers per path; `/toggle` answers `toggleStatus`; `/slow`
 * answers 200 after SLOW_MS, counting the most requests it had in flight at once.
 */
let server: http.Server;
let base: string;
let received: Received[];
let toggleStatus = 500;
const SLOW_MS = 50;
let slowInFlight = 0;
let slowMaxInFlight = 0;

const T0 = new Date("2031-03-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("outgoing webhooks and postbacks (real PostgreSQL, a real local receiver)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        received.push({
          method: req.method ?? "",
          path: url.pathname,
          query: url.searchParams,
          headers: Object.fromEntries(
            Object.entries(req.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(",") : (v ?? ""),
            ]),
          ),
          body,
        });
        const status =
          url.pathname === "/fail" ? 500 : url.pathname === "/toggle" ? toggleStatus : 200;
        const answer = () =>
          res.writeHead(status, { "content-type": "text/plain" }).end(`answer ${status}`);
        if (url.pathname !== "/slow") return answer();
        slowMaxInFlight = Math.max(slowMaxInFlight, ++slowInFlight);
        setTimeout(() => {
          slowInFlight--;
          answer();
        }, SLOW_MS);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await h.close();
  });
  beforeEach(async () => {
    received = [];
    toggleStatus = 500;
    slowMaxInFlight = 0;
    // Each test sees only its own deliveries (a run sends every due delivery in the database).
    await h.db.webhookEvent.deleteMany();
    await h.db.webhookEndpoint.deleteMany();
  });

  const sale = (saleId: string) => ({
    saleId,
    trackId: "trk_1",
    trackTitle: "Night Drive",
    amountCents: 1299,
    currency: "usd",
    commissionCents: 260,
    refundedCents: 0,
    sourceTag: "newsletter",
    clickId: "net-42",
    linkId: "lnk_1",
    occurredAt: T0.toISOString(),
  });

  test("emit inserts nothing for users without a subscribed, enabled endpoint, and is idempotent", async () => {
    const withEndpoint = await h.makeUser();
    const without = await h.makeUser();
    const otherType = await h.makeUser();
    const disabled = await h.makeUser();
    await withEndpoint.caller.webhook.create({ url: `${base}/ok`, events: ["sale.completed"] });
    await otherType.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] });
    const d = await disabled.caller.webhook.create({
      url: `${base}/ok`,
      events: ["sale.completed"],
    });
    await disabled.caller.webhook.update({ endpointId: d.id, enabled: false });

    const events = [withEndpoint, without, otherType, disabled].map((u) => ({
      userId: u.id,
      type: "sale.completed" as const,
      subjectKey: `sale:s1:${u.id}`,
      data: sale("s1"),
    }));
    expect(await emitWebhookEvents(h.db, events)).toBe(1);
    // Emitted again (a retried job, a replayed Stripe event): nothing new.
    expect(await emitWebhookEvents(h.db, events)).toBe(0);
    const rows = await h.db.webhookEvent.findMany();
    expect(rows.map((r) => r.userId)).toEqual([withEndpoint.id]);
    expect(rows[0]!.payload).toEqual(sale("s1"));

    // Inside the caller's transaction: rolled back with it.
    await expect(
      h.db.$transaction(async (tx) => {
        await emitWebhookEvents(tx, [{ ...events[0]!, subjectKey: "sale:rolled-back" }]);
        throw new Error("the sale failed");
      }),
    ).rejects.toThrow("the sale failed");
    expect(await h.db.webhookEvent.count()).toBe(1);
  });

  test("a delivery is signed with the Standard Webhooks scheme and verifies with the standardwebhooks verifier; the log records it", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/ok`,
      events: ["sale.completed"],
      description: "My CRM",
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await emitWebhookEvents(h.db, [
      { userId: u.id, type: "sale.completed", subjectKey: `sale:s2:${u.id}`, data: sale("s2") },
    ]);
    const run = await deliverDueWebhooks({ db: h.db });
    expect(run).toMatchObject({ events: 1, deliveries: 1, attempted: 1, succeeded: 1 });

    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.method).toBe("POST");
    expect(r.headers["content-type"]).toBe("application/json");
    const event = await h.db.webhookEvent.findFirstOrThrow();
    expect(r.headers["webhook-id"]).toBe(`msg_${event.id}`);
    const verified = new Webhook(endpoint.secret).verify(r.body, r.headers) as Record<
      string,
      unknown
    >;
    expect(verified).toEqual({
      type: "sale.completed",
      timestamp: event.createdAt.toISOString(),
      data: sale("s2"),
    });
    // Another secret does not verify it.
    const { newWebhookSecret } = await import("./signing");
    expect(() => new Webhook(newWebhookSecret()).verify(r.body, r.headers)).toThrow();
    // A tampered body does not verify either.
    expect(() =>
      new Webhook(endpoint.secret).verify(r.body.replace("1299", "9999"), r.headers),
    ).toThrow();

    const log = await u.caller.webhook.deliveries({ endpointId: endpoint.id });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      eventType: "sale.completed",
      status: "SUCCEEDED",
      attempts: 1,
      lastStatus: 200,
      manual: false,
      test: false,
      nextAttemptAt: null,
    });
    expect(log.items[0]!.log).toEqual([
      expect.objectContaining({ attempt: 1, status: 200, responseHead: "answer 200", error: null }),
    ]);
    const [listed] = await u.caller.webhook.list();
    expect(listed).toMatchObject({ state: "active", lastDelivery: { status: "SUCCEEDED" } });
    expect(listed).not.toHaveProperty("secret");
  });

  test("after a rotation deliveries carry both signatures for 24 hours, then only the new one", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] });
    const rotated = await u.caller.webhook.rotateSecret({ endpointId: endpoint.id });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretExpiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await u.caller.webhook.revealSecret({ endpointId: endpoint.id })).toEqual(rotated);

    await emitWebhookEvents(h.db, [
      { userId: u.id, type: "payout.paid", subjectKey: "payout:p1:paid", data: { payoutId: "p1" } },
    ]);
    await deliverDueWebhooks({ db: h.db });
    const r = received[0]!;
    expect(r.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    // The receiver may verify with either secret while it switches.
    expect(new Webhook(endpoint.secret).verify(r.body, r.headers)).toBeTruthy();
    expect(new Webhook(rotated.secret).verify(r.body, r.headers)).toBeTruthy();

    // A day later (the grace period over), only the new secret signs.
    await emitWebhookEvents(h.db, [
      { userId: u.id, type: "payout.paid", subjectKey: "payout:p2:paid", data: { payoutId: "p2" } },
    ]);
    await deliverDueWebhooks({ db: h.db, now: new Date(Date.now() + 25 * 3600_000) });
    expect(received[1]!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect((await u.caller.webhook.revealSecret({ endpointId: endpoint.id })).secret).toBe(
      rotated.secret,
    );
  });

  test("a failing delivery is retried on the backoff schedule under a fake clock, then fails; after 3 days of failures the endpoint is disabled and its owner emailed", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/fail`,
      events: ["sale.completed"],
    });
    await emitWebhookEvents(
      h.db,
      [{ userId: u.id, type: "sale.completed", subjectKey: `sale:s3:${u.id}`, data: sale("s3") }],
      { now: T0 },
    );
    const delivery = () =>
      h.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });

    let offset = 0;
    const run1 = await deliverDueWebhooks({ db: h.db, now: at(0) });
    expect(run1).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await delivery()).toMatchObject({
      status: "PENDING",
      attempts: 1,
      nextAttemptAt: at(5),
      lastStatus: 500,
    });
    expect(
      (await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince,
    ).toEqual(at(0));

    for (const [i, delay] of WEBHOOK_RETRY_DELAYS_SECONDS.entries()) {
      // One second early: not due, nothing is sent.
      expect((await deliverDueWebhooks({ db: h.db, now: at(offset + delay - 1) })).attempted).toBe(
        0,
      );
      offset += delay;
      const run = await deliverDueWebhooks({ db: h.db, now: at(offset) });
      expect(run.attempted).toBe(1);
      const d = await delivery();
      expect(d.attempts).toBe(i + 2);
      const next = WEBHOOK_RETRY_DELAYS_SECONDS[i + 1];
      if (next !== undefined)
        expect(d).toMatchObject({ status: "PENDING", nextAttemptAt: at(offset + next) });
    }
    expect(offset).toBe(3 * 24 * 3600);
    // The 13th attempt, exactly 3 days after the first: given up, and the endpoint disabled.
    expect(await delivery()).toMatchObject({
      status: "FAILED",
      attempts: 13,
      nextAttemptAt: null,
      lastError: "HTTP 500",
    });
    const disabled = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(disabled.disabledAt).toEqual(at(offset));
    expect(disabled.disabledReason).toBe("Deliveries failed for 3 days (last: HTTP 500).");
    const email = await h.db.emailOutbox.findFirstOrThrow({
      where: { template: "webhook-disabled" },
    });
    expect(email.to).toBe(u.email);
    expect(email.subject).toBe(
      `Your Fanfare webhook 127.0.0.1:${new URL(base).port}/fail was disabled`,
    );
    expect(email.props).toMatchObject({ endpointId: endpoint.id, lastError: "HTTP 500" });

    // 13 requests, every one the same message id (receivers dedupe on it), each logged.
    expect(received).toHaveLength(13);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const log = await u.caller.webhook.deliveries({ endpointId: endpoint.id });
    expect(log.items[0]!.log.map((a) => a.attempt)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    ]);
    expect(
      log.items[0]!.log.every((a) => a.status === 500 && a.responseHead === "answer 500"),
    ).toBe(true);
    const [listed] = await u.caller.webhook.list();
    expect(listed!.state).toBe("disabled");

    // Disabled: new events are not even written, and nothing more is sent.
    expect(
      await emitWebhookEvents(h.db, [
        { userId: u.id, type: "sale.completed", subjectKey: `sale:s4:${u.id}`, data: sale("s4") },
      ]),
    ).toBe(0);
    // Enabled again by its owner: it starts afresh.
    const enabled = await u.caller.webhook.update({ endpointId: endpoint.id, enabled: true });
    expect(enabled).toMatchObject({ state: "active", disabledAt: null, failingSince: null });
  });

  test("a success clears the endpoint's failure run", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/toggle`,
      events: ["sale.completed"],
    });
    await emitWebhookEvents(
      h.db,
      [{ userId: u.id, type: "sale.completed", subjectKey: `sale:s5:${u.id}`, data: sale("s5") }],
      { now: T0 },
    );
    await deliverDueWebhooks({ db: h.db, now: at(0) });
    const failing = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(failing.failingSince).toEqual(at(0));
    expect((await u.caller.webhook.list())[0]!.state).toBe("failing");
    toggleStatus = 204;
    await deliverDueWebhooks({ db: h.db, now: at(5) });
    const ok = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(ok.failingSince).toBeNull();
    const d = await h.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(d).toMatchObject({
      status: "SUCCEEDED",
      attempts: 2,
      lastStatus: 204,
      deliveredAt: at(5),
    });
  });

  test("the deliveries of a suspended promoter wait (paused, not failed) and go out once reinstated", async () => {
    const u = await h.makeUser();
    await u.caller.promoter.me();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/ok`,
      events: ["commission.created"],
    });
    await h.db.promoterProfile.update({ where: { userId: u.id }, data: { status: "SUSPENDED" } });
    await emitWebhookEvents(h.db, [
      {
        userId: u.id,
        type: "commission.created",
        subjectKey: "commission:c1:created",
        data: { commissionId: "c1" },
      },
    ]);
    const run = await deliverDueWebhooks({ db: h.db, now: at(0) });
    expect(run).toMatchObject({ deliveries: 1, attempted: 0 });
    await deliverDueWebhooks({ db: h.db, now: at(7 * 86400) });
    expect(received).toHaveLength(0);
    expect(
      await h.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } }),
    ).toMatchObject({
      status: "PENDING",
      attempts: 0,
    });
    expect((await u.caller.webhook.list())[0]!.state).toBe("paused");
    await expect(
      u.caller.webhook.sendTest({ endpointId: endpoint.id, type: "commission.created" }),
    ).rejects.toThrow("Your account is suspended, so its webhooks are paused");

    await h.db.promoterProfile.update({ where: { userId: u.id }, data: { status: "ACTIVE" } });
    expect(await deliverDueWebhooks({ db: h.db, now: at(7 * 86400 + 1) })).toMatchObject({
      succeeded: 1,
    });
    expect(received).toHaveLength(1);
  });

  test("a terminated promoter's events get no deliveries: the fan-out marks them dispatched (termination is final)", async () => {
    const u = await h.makeUser();
    await u.caller.promoter.me();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/ok`,
      events: ["commission.created"],
    });
    await h.db.promoterProfile.update({ where: { userId: u.id }, data: { status: "TERMINATED" } });
    // Still written (emit does not look at standing), but never fanned out to a delivery.
    expect(
      await emitWebhookEvents(h.db, [
        {
          userId: u.id,
          type: "commission.created",
          subjectKey: "commission:t1:created",
          data: { commissionId: "t1" },
        },
      ]),
    ).toBe(1);
    const run = await deliverDueWebhooks({ db: h.db, now: at(0) });
    expect(run).toMatchObject({ events: 1, deliveries: 0, attempted: 0 });
    expect((await h.db.webhookEvent.findFirstOrThrow()).dispatchedAt).toEqual(at(0));
    expect(await h.db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    // A later run finds nothing left to fan out, and nothing was sent.
    expect(await deliverDueWebhooks({ db: h.db, now: at(60) })).toMatchObject({ events: 0 });
    expect(received).toHaveLength(0);
  });

  test("claims are fair across endpoints: one endpoint's backlog of 30 does not hold back another's delivery, which goes out in the first claim", async () => {
    const busy = await h.makeUser();
    const other = await h.makeUser();
    await busy.caller.webhook.create({ url: `${base}/slow`, events: ["payout.paid"] });
    await other.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] });
    // The busy endpoint's 30 deliveries are all older (due earlier) than the other's one.
    await emitWebhookEvents(
      h.db,
      Array.from({ length: 30 }, (_, i) => ({
        userId: busy.id,
        type: "payout.paid" as const,
        subjectKey: `payout:busy${i}:paid`,
        data: { payoutId: `busy${i}` },
      })),
      { now: T0 },
    );
    expect(await fanOutWebhookEvents(h.db, at(0))).toEqual({ events: 30, deliveries: 30 });
    await emitWebhookEvents(
      h.db,
      [{ userId: other.id, type: "payout.paid", subjectKey: "payout:other:paid", data: {} }],
      { now: at(1) },
    );
    expect(await fanOutWebhookEvents(h.db, at(1))).toEqual({ events: 1, deliveries: 1 });

    const run = await deliverDueWebhooks({ db: h.db, now: at(2) });
    expect(run).toMatchObject({ attempted: 31, succeeded: 31 });
    expect(received).toHaveLength(31);
    // In the first claim, beside the busy endpoint's oldest delivery (nextAttemptAt order alone
    // would have claimed ten of the busy endpoint's first).
    expect(received.findIndex((r) => r.path === "/ok")).toBeLessThan(2);
    // One delivery per endpoint per claim: the slow receiver never had two requests at once.
    expect(slowMaxInFlight).toBe(1);
  });

  test("a postback fires a GET of its template filled from the sale, URL-encoded, amounts in major units", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({
      kind: "postback",
      url: `${base}/pb?cid={click_id}&oid={sale_id}&amt={amount}&com={commission}&cur={currency}&sub={sub_id}&ev={event}`,
      events: ["sale.completed", "sale.refunded"],
    });
    await emitWebhookEvents(h.db, [
      {
        userId: u.id,
        type: "sale.completed",
        subjectKey: `sale:s6:${u.id}`,
        data: { ...sale("s6"), clickId: "a&b c" },
      },
      {
        userId: u.id,
        type: "sale.refunded",
        subjectKey: `refund:s6:1299:${u.id}`,
        data: { ...sale("s6"), refundedCents: 1299, clickId: "a&b c" },
      },
    ]);
    expect(await deliverDueWebhooks({ db: h.db })).toMatchObject({ succeeded: 2 });
    expect(received).toHaveLength(2);
    const byEvent = Object.fromEntries(received.map((r) => [r.query.get("ev"), r]));
    const pb = byEvent["sale.completed"]!;
    expect(pb.method).toBe("GET");
    expect(pb.path).toBe("/pb");
    expect(Object.fromEntries(pb.query)).toEqual({
      cid: "a&b c",
      oid: "s6",
      amt: "12.99",
      com: "2.60",
      cur: "USD",
      sub: "newsletter",
      ev: "sale.completed",
    });
    expect(pb.headers["webhook-signature"]).toBeUndefined();
    expect(byEvent["sale.refunded"]).toBeDefined();
    const log = await u.caller.webhook.deliveries({ endpointId: endpoint.id });
    expect(log.items.map((i) => i.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);

    // Unknown placeholders and non-sale events are refused when the postback is saved.
    await expect(
      u.caller.webhook.create({
        kind: "postback",
        url: `${base}/pb?x={txn}`,
        events: ["sale.completed"],
      }),
    ).rejects.toThrow("url: Unknown placeholder {txn}");
    await expect(
      u.caller.webhook.update({ endpointId: endpoint.id, events: ["payout.paid"] }),
    ).rejects.toThrow("Postbacks fire on sale.completed and sale.refunded only, not payout.paid.");
  });

  test("send test event and replay: delivered at once as manual deliveries, outside the failure count", async () => {
    const u = await h.makeUser();
    const endpoint = await u.caller.webhook.create({
      url: `${base}/ok`,
      events: ["sale.completed", "click.counted"],
    });
    const test1 = await u.caller.webhook.sendTest({
      endpointId: endpoint.id,
      type: "click.counted",
    });
    expect(test1).toMatchObject({
      eventType: "click.counted",
      test: true,
      manual: true,
      status: "SUCCEEDED",
      attempts: 1,
    });
    expect(received).toHaveLength(1);
    const body = new Webhook(endpoint.secret).verify(received[0]!.body, received[0]!.headers) as {
      type: string;
      data: { test: boolean; clicks: number };
    };
    expect(body).toMatchObject({ type: "click.counted", data: { test: true, clicks: 3 } });
    // The test event went to this endpoint only and is not fanned out later.
    expect(await deliverDueWebhooks({ db: h.db })).toMatchObject({ events: 0, attempted: 0 });

    await expect(
      u.caller.webhook.sendTest({ endpointId: endpoint.id, type: "payout.paid" }),
    ).rejects.toThrow(
      "This endpoint does not subscribe to payout.paid: add it to its events first.",
    );

    const replay = await u.caller.webhook.replay({ deliveryId: test1.id });
    expect(replay.id).not.toBe(test1.id);
    expect(replay).toMatchObject({ eventId: test1.eventId, manual: true, status: "SUCCEEDED" });
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);

    // A manual delivery that fails is FAILED at once and leaves the endpoint's state alone.
    await h.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `${base}/fail` },
    });
    const failed = await u.caller.webhook.sendTest({
      endpointId: endpoint.id,
      type: "sale.completed",
    });
    expect(failed).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastStatus: 500,
      nextAttemptAt: null,
    });
    expect(
      (await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince,
    ).toBeNull();

    const log = await u.caller.webhook.deliveries({ endpointId: endpoint.id, limit: 2 });
    expect(log.items.map((i) => i.id)).toEqual([failed.id, replay.id]);
    const next = await u.caller.webhook.deliveries({
      endpointId: endpoint.id,
      limit: 2,
      cursor: log.nextCursor,
    });
    expect(next).toEqual({ items: [expect.objectContaining({ id: test1.id })], nextCursor: null });
  });

  test("two runs at once never send one delivery twice (claims skip locked rows)", async () => {
    const u = await h.makeUser();
    await u.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] });
    await emitWebhookEvents(
      h.db,
      Array.from({ length: 30 }, (_, i) => ({
        userId: u.id,
        type: "payout.paid" as const,
        subjectKey: `payout:race${i}:paid`,
        data: { payoutId: `race${i}` },
      })),
    );
    const runs = await Promise.all([
      deliverDueWebhooks({ db: h.db }),
      deliverDueWebhooks({ db: h.db }),
    ]);
    expect(runs[0].succeeded + runs[1].succeeded).toBe(30);
    expect(received).toHaveLength(30);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(30);
  });

  test("endpoint rules: https and public addresses (production rules), promoter.joined for artists and admins, at most 10, other users' ids are NOT_FOUND", async () => {
    const u = await h.makeUser();
    const other = await h.makeUser();
    const prod = { policy: PRODUCTION_POLICY };
    await expect(
      createWebhookEndpoint(
        { userId: u.id, data: { url: `${base}/ok`, events: ["sale.completed"] } },
        h.db,
        prod,
      ),
    ).rejects.toThrow("Webhook URLs must use https.");
    await expect(
      createWebhookEndpoint(
        {
          userId: u.id,
          data: { url: "https://internal.example/hook", events: ["sale.completed"] },
        },
        h.db,
        { ...prod, resolver: async () => [{ address: "10.2.3.4", family: 4 }] },
      ),
    ).rejects.toThrow(
      "The webhook URL's host internal.example resolves to 10.2.3.4, a private address, which is not allowed.",
    );
    await expect(
      createWebhookEndpoint(
        {
          userId: u.id,
          data: { url: "https://[::ffff:127.0.0.1]/hook", events: ["sale.completed"] },
        },
        h.db,
        prod,
      ),
    ).rejects.toThrow("IPv4-mapped IPv6 address");
    const ok = await createWebhookEndpoint(
      { userId: u.id, data: { url: "https://hooks.example.com/in", events: ["sale.completed"] } },
      h.db,
      { ...prod, resolver: async () => [{ address: "93.184.216.34", family: 4 }] },
    );
    expect(ok.state).toBe("active");
    // Private addresses are refused in development too (only loopback is allowed there).
    await expect(
      u.caller.webhook.create({
        url: "https://169.254.169.254/latest",
        events: ["sale.completed"],
      }),
    ).rejects.toThrow("169.254.169.254 is a link-local address");

    await expect(
      u.caller.webhook.create({ url: `${base}/ok`, events: ["promoter.joined"] }),
    ).rejects.toThrow("Only artists and admins can subscribe to promoter.joined");
    const artist = await h.makeUser({ artistName: "Hook Artist" });
    await expect(
      artist.caller.webhook.create({ url: `${base}/ok`, events: ["promoter.joined"] }),
    ).resolves.toMatchObject({ events: ["promoter.joined"] });

    for (let i = 1; i < 10; i++)
      await u.caller.webhook.create({ url: `${base}/ok?n=${i}`, events: ["payout.paid"] });
    await expect(
      u.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] }),
    ).rejects.toThrow("You already have 10 webhook endpoints, the most allowed: delete one first.");

    const mine = ok.id;
    const notFound = `Webhook endpoint ${mine} was not found.`;
    await expect(
      other.caller.webhook.update({ endpointId: mine, description: "x" }),
    ).rejects.toThrow(notFound);
    await expect(other.caller.webhook.delete({ endpointId: mine })).rejects.toThrow(notFound);
    await expect(other.caller.webhook.revealSecret({ endpointId: mine })).rejects.toThrow(notFound);
    await expect(other.caller.webhook.rotateSecret({ endpointId: mine })).rejects.toThrow(notFound);
    await expect(other.caller.webhook.deliveries({ endpointId: mine })).rejects.toThrow(notFound);
    await expect(
      other.caller.webhook.sendTest({ endpointId: mine, type: "sale.completed" }),
    ).rejects.toThrow(notFound);
    await expect(other.caller.webhook.adminList({})).rejects.toThrow("Admins only.");
    expect(await u.caller.webhook.delete({ endpointId: mine })).toEqual({ deleted: true });
    expect(await u.caller.webhook.list()).toHaveLength(9);
  });

  test("admins see every endpoint with its owner and failure rates, disabled ones first", async () => {
    const admin = await h.makeAdmin();
    const a = await h.makeUser();
    const b = await h.makeUser();
    const good = await a.caller.webhook.create({ url: `${base}/ok`, events: ["payout.paid"] });
    const bad = await b.caller.webhook.create({ url: `${base}/fail`, events: ["payout.paid"] });
    const off = await b.caller.webhook.create({ url: `${base}/ok?off`, events: ["payout.paid"] });
    await b.caller.webhook.update({ endpointId: off.id, enabled: false });
    await emitWebhookEvents(
      h.db,
      [
        { userId: a.id, type: "payout.paid", subjectKey: "payout:a1:paid", data: {} },
        { userId: b.id, type: "payout.paid", subjectKey: "payout:b1:paid", data: {} },
      ],
      { now: T0 },
    );
    await deliverDueWebhooks({ db: h.db, now: at(0) });
    await deliverDueWebhooks({ db: h.db, now: at(5) });

    const page = await admin.caller.webhook.adminList({ limit: 2 });
    expect(page.items.map((i) => i.id)).toEqual([off.id, bad.id]);
    expect(page.items[0]).toMatchObject({
      state: "disabled",
      disabledReason: "Disabled by you.",
      owner: { email: b.email },
    });
    const rest = await admin.caller.webhook.adminList({ limit: 2, cursor: page.nextCursor });
    expect(rest.items.map((i) => i.id)).toEqual([good.id]);
    expect(rest.nextCursor).toBeNull();

    const rates = await adminListWebhookEndpoints({ limit: 10, now: at(60) }, h.db);
    const byId = Object.fromEntries(rates.items.map((i) => [i.id, i]));
    expect(byId[bad.id]).toMatchObject({
      state: "failing",
      day: { attempts: 2, failed: 2 },
      week: { attempts: 2, failed: 2 },
    });
    expect(byId[good.id]).toMatchObject({ state: "active", day: { attempts: 1, failed: 0 } });
    // Two days later the day's window is empty, the week's still counts them.
    const later = await adminListWebhookEndpoints({ limit: 10, now: at(2 * 86400) }, h.db);
    expect(later.items.find((i) => i.id === bad.id)).toMatchObject({
      day: { attempts: 0 },
      week: { attempts: 2 },
    });
  });

  test("click.counted is emitted by the click roll-up, one event per subscribed promoter per batch, and never for others", async () => {
    const artist = await h.makeUser({ artistName: "Click Artist" });
    const { track } = await h.makeTrack(artist, { title: "Clicky" });
    const subscribed = await h.makeUser();
    const quiet = await h.makeUser();
    const links = [];
    for (const p of [subscribed, quiet]) {
      const me = await p.caller.promoter.me();
      const link = await p.caller.promoter.getOrCreateLink({ trackId: track.id });
      links.push({ id: link.id, promoterId: me.promoter.id });
    }
    await subscribed.caller.webhook.create({ url: `${base}/ok`, events: ["click.counted"] });
    await h.db.$executeRaw`
      INSERT INTO "ClickRollupPending" ("linkId", "trackId", "promoterId", "day")
      SELECT l."linkId", ${track.id}, l."promoterId", DATE '2031-03-01' + (g % 2)
      FROM unnest(${links.map((l) => l.id)}::text[], ${links.map((l) => l.promoterId)}::text[]) AS l("linkId", "promoterId"),
        generate_series(1, 5) g`;
    expect(await rollupClicks({}, h.db)).toEqual({ clicks: 10 });
    const events = await h.db.webhookEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]!.userId).toBe(subscribed.id);
    expect(events[0]!.subjectKey).toMatch(new RegExp(`^clicks:${subscribed.id}:`));
    const data = events[0]!.payload as {
      clicks: number;
      links: { linkId: string; day: string; clicks: number }[];
    };
    expect(data.clicks).toBe(5);
    expect(data.links.map((l) => [l.linkId, l.day, l.clicks]).sort()).toEqual([
      [links[0]!.id, "2031-03-01", 2],
      [links[0]!.id, "2031-03-02", 3],
    ]);
    expect(await deliverDueWebhooks({ db: h.db })).toMatchObject({ succeeded: 1 });
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      type: "click.counted",
      data: { clicks: 5 },
    });
  });

  test("the prune keeps 30 days of finished deliveries and never deletes pending ones", async () => {
    const u = await h.makeUser();
    await u.caller.webhook.create({ url: `${base}/fail`, events: ["payout.paid"] });
    await emitWebhookEvents(
      h.db,
      [
        { userId: u.id, type: "payout.paid", subjectKey: "payout:old:paid", data: {} },
        { userId: u.id, type: "payout.paid", subjectKey: "payout:new:paid", data: {} },
      ],
      { now: T0 },
    );
    await deliverDueWebhooks({ db: h.db, now: at(0) });
    // One finished (as if failed long ago), one still pending.
    const [first] = await h.db.webhookDelivery.findMany({ orderBy: { id: "asc" } });
    await h.db.webhookDelivery.update({
      where: { id: first!.id },
      data: { status: "FAILED", nextAttemptAt: null },
    });
    const result = await pruneWebhookLog(h.db, { now: at(31 * 86400) });
    expect(result).toMatchObject({ deliveries: 1, events: 1 });
    const left = await h.db.webhookDelivery.findMany({ include: { log: true } });
    expect(left).toHaveLength(1);
    expect(left[0]!.status).toBe("PENDING");
    expect(left[0]!.log).toHaveLength(1);
    expect(await h.db.webhookAttempt.count({ where: { deliveryId: first!.id } })).toBe(0);
  });

  test("the prune fails a paused owner's pending deliveries once they are 3 days old (the retry window); younger ones and active owners' wait", async () => {
    const suspended = await h.makeUser();
    const terminated = await h.makeUser();
    const active = await h.makeUser();
    for (const u of [suspended, terminated, active]) {
      await u.caller.promoter.me();
      await u.caller.webhook.create({ url: `${base}/fail`, events: ["payout.paid"] });
    }
    for (const u of [suspended, terminated])
      await h.db.promoterProfile.update({ where: { userId: u.id }, data: { status: "SUSPENDED" } });
    const payout = (u: { id: string }, name: string) => ({
      userId: u.id,
      type: "payout.paid" as const,
      subjectKey: `payout:${name}:paid`,
      data: {},
    });
    await emitWebhookEvents(
      h.db,
      [payout(suspended, "s-old"), payout(terminated, "t-old"), payout(active, "a-old")],
      { now: T0 },
    );
    // The active owner's delivery is tried (and fails, so it stays pending); the paused ones wait.
    expect(await deliverDueWebhooks({ db: h.db, now: at(0) })).toMatchObject({
      deliveries: 3,
      attempted: 1,
      retrying: 1,
    });
    await emitWebhookEvents(h.db, [payout(suspended, "s-new")], { now: at(2 * 86400) });
    await fanOutWebhookEvents(h.db, at(2 * 86400));
    // Terminated after its delivery was made: a delivery made before still waits until the prune.
    await h.db.promoterProfile.update({
      where: { userId: terminated.id },
      data: { status: "TERMINATED" },
    });

    const statusOf = async () =>
      Object.fromEntries(
        (
          await h.db.webhookDelivery.findMany({
            include: { event: { select: { subjectKey: true } } },
          })
        ).map((d) => [d.event.subjectKey, { status: d.status, lastError: d.lastError }]),
      );
    // Just under 3 days: nothing changes.
    expect(await pruneWebhookLog(h.db, { now: at(3 * 86400 - 1) })).toMatchObject({
      pausedFailed: 0,
    });
    expect(await pruneWebhookLog(h.db, { now: at(3 * 86400 + 1) })).toMatchObject({
      pausedFailed: 2,
      orphansFailed: 0,
    });
    expect(await statusOf()).toEqual({
      "payout:s-old:paid": { status: "FAILED", lastError: PAUSED_OWNER_ERROR },
      "payout:t-old:paid": { status: "FAILED", lastError: PAUSED_OWNER_ERROR },
      "payout:s-new:paid": { status: "PENDING", lastError: null },
      "payout:a-old:paid": { status: "PENDING", lastError: "HTTP 500" },
    });
    expect(PAUSED_OWNER_ERROR).toBe("The owner's account was paused for more than 3 days.");
    const failed = await h.db.webhookDelivery.findFirstOrThrow({
      where: { event: { subjectKey: "payout:s-old:paid" } },
    });
    expect(failed.nextAttemptAt).toBeNull();
    // The owner sees why in the delivery log.
    const [endpoint] = await suspended.caller.webhook.list();
    const log = await suspended.caller.webhook.deliveries({ endpointId: endpoint!.id });
    expect(log.items.find((i) => i.id === failed.id)).toMatchObject({
      status: "FAILED",
      lastError: PAUSED_OWNER_ERROR,
    });
  });
});
