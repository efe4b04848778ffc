import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { ApiKeyScope } from "@fanfare/db";
import { API_KEY_SCOPES } from "@fanfare/db";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import type { RateLimitStore } from "../rate-limit/store";
import { resetRateLimit } from "../rate-limit/rate-limit";
import { createApiKey, revokeApiKey, setApiKeyRateLimit } from "./api-keys";
import { buyerPseudonym } from "./buyer-identity";
import { beginIdempotentRequest, requestBodyHash } from "./idempotency";
import { routeScopes } from "./openapi";
import { handleRestRequest, MAX_BODY_BYTES } from "./rest-handler";
import { createWebhookEndpoint } from "./webhooks/endpoints";

const APP_URL = "http://localhost:3000";

type Json = Record<string, unknown>;
type Answer = { status: number; headers: Headers; body: Json };
type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { securitySchemes: Record<string, Json>; schemas: Record<string, Json> };
};

/**
 * The REST API end to end (issue 15 §2), through the same handler the web route calls: the
 * OpenAPI document validates and every route in it answers; each route refuses a key without its
 * scope; RateLimit headers and 429; idempotent POSTs; one error shape; buyer data only with the
 * buyer's consent.
 */
describe("REST API /api/v1", () => {
  let h: Harness;
  let store: RateLimitStore;
  /** An artist (track `theirs`) who also promotes another artist's track (`linked`). */
  let me: Awaited<ReturnType<Harness["makeUser"]>>;
  let artistA: Awaited<ReturnType<Harness["makeUser"]>>;
  let linked: { id: string; slug: string };
  let unlinked: { id: string; slug: string };
  let link: { id: string };
  let otherLink: { id: string };
  let fullKey: string;
  let doc: Doc;

  const call = async (
    method: string,
    path: string,
    opts: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {
      "x-fanfare-peer-ip": "198.51.100.9",
      ...opts.headers,
    };
    if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? fullKey}`;
    if (opts.body !== undefined) headers["content-type"] ??= "application/json";
    const res = await handleRestRequest(
      new Request(`${APP_URL}/api${path}`, {
        method,
        headers,
        body:
          opts.body === undefined
            ? undefined
            : typeof opts.body === "string"
              ? opts.body
              : JSON.stringify(opts.body),
      }),
      { db: h.db, appUrl: APP_URL, rateLimitStore: store },
    );
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  };
  const errorOf = (a: Answer) =>
    (a.body as { error: { code: string; message: string; field?: string } }).error;

  let keyCount = 0;
  /** A new key of `userId` (me by default): the key string and its row id. */
  const newKey = async (scopes: ApiKeyScope[], userId = me.id) => {
    const made = await createApiKey({ userId, key: { name: `Key ${++keyCount}`, scopes } }, h.db);
    return { key: made.key, id: made.apiKey.id };
  };
  const keyWith = async (scopes: ApiKeyScope[], userId = me.id) =>
    (await newKey(scopes, userId)).key;

  beforeAll(async () => {
    h = await setupHarness();
    store = { kind: "postgres", db: h.db };
    artistA = await h.makeUser({ artistName: "Artist A" });
    me = await h.makeUser({ artistName: "Artist Me" });
    const promoter = await h.makeUser();
    linked = (await h.makeTrack(artistA, { title: "Linked" })).track;
    unlinked = (await h.makeTrack(artistA, { title: "Unlinked" })).track;
    const theirs = (await h.makeTrack(me, { title: "Mine" })).track;
    // My sales as a promoter: two through my link to artist A's track, one of them from YouTube.
    link = await me.caller.promoter.getOrCreateLink({ trackId: linked.id });
    const s1 = await h.sellThroughLink(link, linked);
    await h.sellThroughLink(link, linked);
    const s1Click = (await h.db.sale.findUniqueOrThrow({ where: { id: s1 } })).clickId!;
    await h.db.clickEvent.update({ where: { id: s1Click }, data: { sourceTag: "youtube" } });
    // Sales of my own track through someone else's link: one fan twice (opted in once), another.
    otherLink = await promoter.caller.promoter.getOrCreateLink({ trackId: theirs.id });
    const optedIn = await h.sellThroughLink(otherLink, theirs, "fan@example.com");
    await h.db.sale.update({
      where: { id: optedIn },
      data: { buyerContactOptIn: true, buyerName: "Fan Name" },
    });
    await h.sellThroughLink(otherLink, theirs, "fan@example.com");
    await h.sellThroughLink(otherLink, theirs, "someone@example.com");
    fullKey = await keyWith([...API_KEY_SCOPES]);
    doc = (await call("GET", "/v1/openapi.json", { key: null })).body as unknown as Doc;
  });
  afterAll(async () => {
    await h.close();
  });

  /** Every (method, path) of the document. */
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        scope: op["x-fanfare-scope"] as ApiKeyScope,
        op,
      })),
    );
  const concrete = (path: string) => path.replace("{id}", link.id);
  /** A webhook endpoint of `userId` (me by default), made through the service. */
  const newEndpoint = async (userId = me.id) =>
    (
      await createWebhookEndpoint(
        { userId, data: { url: "http://127.0.0.1:9/hook", events: ["sale.completed"] } },
        h.db,
      )
    ).id;
  /**
   * A call of each documented route that would succeed: its path with an id of mine (a link; for
   * DELETE /v1/webhooks/{id} an endpoint made for it) and, for a POST, a valid body.
   */
  const requestOf = async (method: string, path: string, trackId: string) => {
    if (path === "/v1/webhooks/{id}") return { path: path.replace("{id}", await newEndpoint()) };
    if (method !== "POST") return { path: concrete(path) };
    return {
      path,
      body:
        path === "/v1/webhooks"
          ? { url: "http://127.0.0.1:9/hook", events: ["sale.completed"] }
          : { trackId },
    };
  };

  test("GET /api/v1/openapi.json is a valid OpenAPI 3.1 document of every REST procedure, with the key scheme, errors and samples", async () => {
    const res = await call("GET", "/v1/openapi.json", { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const result = await new Validator().validate(structuredClone(res.body));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: `${APP_URL}/api` }]);
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(doc.components.schemas.Error).toBeDefined();
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual([...routeScopes().keys()].sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        "GET /v1/stats",
        "GET /v1/links",
        "POST /v1/links",
        "GET /v1/links/{id}/clicks",
        "GET /v1/links/{id}/sales",
        "GET /v1/commissions",
        "GET /v1/payouts",
        "GET /v1/sales",
        "GET /v1/webhooks",
        "POST /v1/webhooks",
        "DELETE /v1/webhooks/{id}",
      ]),
    );
    for (const { op, scope } of operations()) {
      expect(API_KEY_SCOPES).toContain(scope);
      const samples = op["x-codeSamples"] as { label: string; source: string }[];
      expect(samples.map((s) => s.label)).toEqual(["curl", "TypeScript"]);
      expect(samples[0]!.source).toContain("Authorization: Bearer $FANFARE_API_KEY");
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "401", "403", "429"]));
      expect(responses["200"]!.headers).toHaveProperty("RateLimit-Remaining");
    }
  });

  test("every route in the document answers 200 to a key holding every scope", async () => {
    const answered: string[] = [];
    for (const { method, path } of operations()) {
      const request = await requestOf(method, path, linked.id);
      const res = await call(method, request.path, { body: request.body });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("100");
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      answered.push(`${method} ${path}`);
    }
    expect(answered).toHaveLength(11);
    await h.db.webhookEndpoint.deleteMany({ where: { userId: me.id } });
  });

  test("each route refuses a key without its scope: 403 naming the scope, and nothing runs", async () => {
    for (const { method, path, scope } of operations()) {
      const key = await keyWith(API_KEY_SCOPES.filter((s) => s !== scope));
      const request = await requestOf(method, path, unlinked.id);
      const links = await h.db.affiliateLink.count();
      const endpoints = await h.db.webhookEndpoint.count();
      const res = await call(method, request.path, { key, body: request.body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(errorOf(res)).toEqual({
        code: "FORBIDDEN",
        message: `This API key lacks the scope "${scope}" that ${method} ${path} needs: create a key with it in Settings → API keys.`,
      });
      expect(await h.db.affiliateLink.count()).toBe(links);
      expect(await h.db.webhookEndpoint.count()).toBe(endpoints);
    }
    await h.db.webhookEndpoint.deleteMany({ where: { userId: me.id } });
  });

  test("no key, a malformed, unknown or revoked key: 401 in the error shape; a paused owner's key: 403", async () => {
    const none = await call("GET", "/v1/stats", { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="Fanfare API"');
    expect(errorOf(none)).toEqual({
      code: "UNAUTHORIZED",
      message: "Send your API key in the Authorization header: Authorization: Bearer ff_live_…",
    });
    expect((await call("GET", "/v1/stats", { key: "ff_live_nope" })).status).toBe(401);
    const { key, id } = await newKey(["stats:read"]);
    await revokeApiKey({ userId: me.id, keyId: id }, h.db);
    const revoked = await call("GET", "/v1/stats", { key });
    expect(revoked.status).toBe(401);
    expect(errorOf(revoked).message).toMatch(/^This API key was revoked on /);

    const paused = await h.makeUser();
    const pausedKey = await keyWith(["stats:read"], paused.id);
    await paused.caller.promoter.me();
    await h.db.promoterProfile.update({
      where: { userId: paused.id },
      data: { status: "SUSPENDED", statusReason: "Under review." },
    });
    const refused = await call("GET", "/v1/stats", { key: pausedKey });
    expect(refused.status).toBe(403);
    expect(errorOf(refused)).toEqual({
      code: "FORBIDDEN",
      message:
        "Keys and webhooks of suspended or terminated users are paused: your promoter account is suspended. Reason: Under review.",
    });
  });

  test("RateLimit headers on every answer; over the key's limit (3 an hour) 429 with Retry-After; a raise applies at once", async () => {
    const { key, id } = await newKey(["stats:read"]);
    const row = { id };
    await setApiKeyRateLimit(
      { keyId: row.id, perHour: 3, reason: "Test limit" },
      { userId: me.id },
      h.db,
    );
    for (const remaining of [2, 1, 0]) {
      const res = await call("GET", "/v1/stats?period=today", { key });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(remaining));
      expect(res.headers.get("ratelimit-policy")).toBe("3;w=3600");
      const reset = Number(res.headers.get("ratelimit-reset"));
      expect(reset).toBeGreaterThan(3500);
      expect(reset).toBeLessThanOrEqual(3600);
      expect(res.headers.get("retry-after")).toBeNull();
    }
    const over = await call("GET", "/v1/stats?period=today", { key });
    expect(over.status).toBe(429);
    expect(over.headers.get("ratelimit-remaining")).toBe("0");
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(errorOf(over)).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(
        /^This API key is over its limit of 3 requests per hour: try again in \d+ minutes\.$/,
      ),
    });
    // Errors count and carry the headers too; an admin's raise applies to the running hour.
    await setApiKeyRateLimit(
      { keyId: row.id, perHour: 10, reason: "Raise" },
      { userId: me.id },
      h.db,
    );
    const raised = await call("GET", "/v1/stats?period=today", { key });
    expect(raised.status).toBe(200);
    expect(raised.headers.get("ratelimit-limit")).toBe("10");
    expect(raised.headers.get("ratelimit-remaining")).toBe("5");
    const bad = await call("GET", "/v1/stats?period=year", { key });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("ratelimit-remaining")).toBe("4");
  });

  test("POST /v1/links with an Idempotency-Key: replayed with Idempotent-Replayed, 422 for another body, 409 while the first runs", async () => {
    const track = (await h.makeTrack(artistA, { title: "Idempotent" })).track;
    const { key, id: keyId } = await newKey(["links:write"]);
    const headers = { "idempotency-key": "7d1c2b9e-4f2a-4c1e-9b0d-1a2b3c4d5e6f" };
    const before = await h.db.affiliateLink.count();
    const first = await call("POST", "/v1/links", { key, headers, body: { trackId: track.id } });
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(first.body).toMatchObject({ track: { id: track.id }, currency: "usd", clicks: 0 });
    expect(await h.db.affiliateLink.count()).toBe(before + 1);

    const replay = await call("POST", "/v1/links", {
      key,
      headers,
      body: `{ "trackId" : "${track.id}" }`,
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("ratelimit-limit")).toBe("100");
    expect(replay.body).toEqual(first.body);
    expect(await h.db.affiliateLink.count()).toBe(before + 1);

    const other = await call("POST", "/v1/links", { key, headers, body: { trackId: linked.id } });
    expect(other.status).toBe(422);
    expect(errorOf(other)).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      field: "Idempotency-Key",
      message: expect.stringMatching(/different request body/),
    });

    // A first request still running: its claim exists, its answer does not yet.
    await beginIdempotentRequest(
      {
        apiKeyId: keyId,
        key: "still-running",
        route: "POST /v1/links",
        requestHash: requestBodyHash(JSON.stringify({ trackId: track.id })),
      },
      h.db,
    );
    const running = await call("POST", "/v1/links", {
      key,
      headers: { "idempotency-key": "still-running" },
      body: { trackId: track.id },
    });
    expect(running.status).toBe(409);
    expect(errorOf(running)).toMatchObject({ code: "CONFLICT", field: "Idempotency-Key" });

    const malformed = await call("POST", "/v1/links", {
      key,
      headers: { "idempotency-key": "has spaces" },
      body: { trackId: track.id },
    });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).field).toBe("Idempotency-Key");

    // A refused request is replayed too (it decided something); a server error would not be.
    const refusedKey = { "idempotency-key": "refused-once" };
    const refused = await call("POST", "/v1/links", {
      key,
      headers: refusedKey,
      body: { trackId: "no-such-track" },
    });
    expect(refused.status).toBe(404);
    const refusedAgain = await call("POST", "/v1/links", {
      key,
      headers: refusedKey,
      body: { trackId: "no-such-track" },
    });
    expect(refusedAgain.status).toBe(404);
    expect(refusedAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(refusedAgain.body).toEqual(refused.body);
  });

  test.each([
    [
      "a missing trackId",
      "POST",
      "/v1/links",
      {},
      400,
      "BAD_REQUEST",
      "trackId",
      /trackId is required/,
    ],
    [
      "a track not on sale",
      "POST",
      "/v1/links",
      { trackId: "no-such-track" },
      404,
      "NOT_FOUND",
      undefined,
      /Track no-such-track is not on sale/,
    ],
    [
      "a limit of 0",
      "GET",
      "/v1/commissions?limit=0",
      undefined,
      400,
      "BAD_REQUEST",
      "limit",
      /limit must be at least 1/,
    ],
    [
      "a limit that is not a number",
      "GET",
      "/v1/commissions?limit=ten",
      undefined,
      400,
      "BAD_REQUEST",
      "limit",
      /limit must be a number/,
    ],
    [
      "an unknown status",
      "GET",
      "/v1/commissions?status=LOST",
      undefined,
      400,
      "BAD_REQUEST",
      "status",
      /status must be one of PENDING/,
    ],
    [
      "an unknown period",
      "GET",
      "/v1/stats?period=year",
      undefined,
      400,
      "BAD_REQUEST",
      "period",
      /period must be one of today, 7d, 30d, all/,
    ],
    [
      "a from that is not a date",
      "GET",
      "/v1/links/{id}/clicks?from=yesterday",
      undefined,
      400,
      "BAD_REQUEST",
      "from",
      /from must be a date \(YYYY-MM-DD\)/,
    ],
    [
      "another promoter's link",
      "GET",
      "/v1/links/{other}/clicks",
      undefined,
      404,
      "NOT_FOUND",
      "id",
      /Link .* was not found among your links/,
    ],
    [
      "an unknown route",
      "GET",
      "/v1/nope",
      undefined,
      404,
      "NOT_FOUND",
      undefined,
      /^No route GET \/v1\/nope: the routes are listed at \/docs\/api\.$/,
    ],
    [
      "a body that is not JSON",
      "POST",
      "/v1/links",
      "{not json",
      400,
      "PARSE_ERROR",
      undefined,
      /not valid JSON/,
    ],
  ] as const)(
    "%s (%s %s) answers %i in the one error shape",
    async (_, method, path, body, status, code, field, message) => {
      const res = await call(
        method,
        path.replace("{id}", link.id).replace("{other}", otherLink.id),
        {
          body,
        },
      );
      expect(res.status).toBe(status);
      expect(Object.keys(res.body)).toEqual(["error"]);
      const error = errorOf(res);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.field).toBe(field);
    },
  );

  test("a body that is not JSON by its Content-Type is refused with 415", async () => {
    const res = await call("POST", "/v1/links", {
      body: "trackId=x",
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  test("a body over 64 KiB is refused with 413 in the error shape: by its Content-Length before reading, else once the read passes 64 KiB", async () => {
    expect(MAX_BODY_BYTES).toBe(65_536);
    const key = await keyWith(["links:write"]);
    const tooLarge = {
      code: "PAYLOAD_TOO_LARGE",
      message: "The request body is over 64 KiB.",
    };
    // Exactly 64 KiB (JSON padded with spaces) is accepted; one byte more is not.
    const json = JSON.stringify({ trackId: linked.id });
    const padded = (bytes: number) => json + " ".repeat(bytes - json.length);
    const atCap = await call("POST", "/v1/links", { key, body: padded(MAX_BODY_BYTES) });
    expect(atCap.status).toBe(200);
    expect(atCap.body).toMatchObject({ id: link.id });
    const over = await call("POST", "/v1/links", { key, body: padded(MAX_BODY_BYTES + 1) });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ error: tooLarge });
    expect(over.headers.get("ratelimit-limit")).not.toBeNull();

    // A declared length over the cap is refused without reading: this body is only "{}".
    const declared = await call("POST", "/v1/links", {
      key,
      body: "{}",
      headers: { "content-length": String(10 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ error: tooLarge });

    // No Content-Length and an endless stream: reading stops just past the cap.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(" ".repeat(16 * 1024)));
      },
    });
    const streamed = await handleRestRequest(
      new Request(`${APP_URL}/api/v1/links`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          "x-fanfare-peer-ip": "198.51.100.9",
        },
        body: endless,
        duplex: "half",
      } as RequestInit),
      { db: h.db, appUrl: APP_URL, rateLimitStore: store },
    );
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: tooLarge });
    // 64 KiB is four 16 KiB chunks; the fifth passes the cap (a stream may pull one ahead).
    expect(pulled).toBeGreaterThanOrEqual(5);
    expect(pulled).toBeLessThanOrEqual(7);
  });

  test("an artist's sales carry the buyer's name and email only when the buyer opted in; otherwise a stable pseudonymous id", async () => {
    const res = await call("GET", "/v1/sales?limit=50");
    expect(res.status).toBe(200);
    type Sale = {
      buyer: { id: string; contactShared: boolean; name: string | null; email: string | null };
    };
    const sales = res.body.data as Sale[];
    expect(sales).toHaveLength(3);
    const shared = sales.filter((s) => s.buyer.contactShared);
    expect(shared.map((s) => s.buyer)).toEqual([
      {
        id: expect.stringMatching(/^buyer_[a-z2-7]{24}$/),
        contactShared: true,
        name: "Fan Name",
        email: "fan@example.com",
      },
    ]);
    const hidden = sales.filter((s) => !s.buyer.contactShared);
    expect(hidden).toHaveLength(2);
    for (const s of hidden) expect(s.buyer).toMatchObject({ name: null, email: null });
    expect(JSON.stringify(hidden)).not.toContain("@example.com");
    // Stable: the fan's two sales share one id; another buyer has another.
    const ids = sales.map((s) => s.buyer.id);
    expect(new Set(ids).size).toBe(2);
    const artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: me.id } })).id;
    expect(ids).toContain(buyerPseudonym({ email: "fan@example.com", artistId }));
    // Another artist would see the same fan under another id.
    expect(buyerPseudonym({ email: "fan@example.com", artistId: "another-artist" })).not.toBe(
      buyerPseudonym({ email: "fan@example.com", artistId }),
    );
  });

  test("a link's clicks and sales page by cursor and filter by time and source tag", async () => {
    const first = await call("GET", `/v1/links/${link.id}/clicks?limit=1`);
    expect(first.status).toBe(200);
    const page1 = first.body as {
      data: { id: string; source: string | null }[];
      nextCursor: string | null;
    };
    expect(page1.data).toHaveLength(1);
    expect(page1.nextCursor).toBe(page1.data[0]!.id);
    const second = await call(
      "GET",
      `/v1/links/${link.id}/clicks?limit=1&cursor=${page1.nextCursor}`,
    );
    const page2 = second.body as typeof page1;
    expect(page2.data).toHaveLength(1);
    expect(page2.data[0]!.id).not.toBe(page1.data[0]!.id);
    expect(page2.nextCursor).toBeNull();

    const youtube = await call("GET", `/v1/links/${link.id}/clicks?source=youtube`);
    expect((youtube.body.data as { source: string }[]).map((c) => c.source)).toEqual(["youtube"]);
    const future = await call("GET", `/v1/links/${link.id}/clicks?from=2999-01-01`);
    expect(future.body.data).toEqual([]);
    const past = await call("GET", `/v1/links/${link.id}/sales?to=2000-01-01T00:00:00Z`);
    expect(past.body.data).toEqual([]);
    const sales = await call("GET", `/v1/links/${link.id}/sales?source=youtube`);
    const rows = sales.body.data as { source: string; currency: string; commission: Json }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "youtube",
      currency: "usd",
      status: "COMPLETED",
      amountCents: 1000,
      commission: { status: "PENDING", amountCents: 200, reversedCents: 0 },
    });
  });

  test("stats by period and commissions in plain JSON: ISO times in UTC, integer cents with the currency", async () => {
    const all = await call("GET", "/v1/stats?period=all");
    expect(all.body).toMatchObject({
      period: "all",
      from: null,
      sales: 2,
      commissionCents: 400,
      currency: "usd",
      daily: [],
    });
    const week = await call("GET", "/v1/stats?period=7d");
    const daily = week.body.daily as { date: string; sales: number }[];
    expect(daily).toHaveLength(7);
    expect(week.body.from).toBe(`${daily[0]!.date}T00:00:00.000Z`);
    expect(week.body.sales).toBe(2);
    const today = await call("GET", "/v1/stats?period=today");
    expect(today.body.daily).toHaveLength(1);

    const commissions = await call("GET", "/v1/commissions?status=PENDING");
    const data = commissions.body.data as Json[];
    expect(data).toHaveLength(2);
    for (const c of data) {
      expect(c).toMatchObject({
        status: "PENDING",
        amountCents: 200,
        currency: "usd",
        linkId: link.id,
      });
      expect(c.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Number.isInteger(c.amountCents)).toBe(true);
    }
    expect((await call("GET", "/v1/commissions?status=PAID")).body.data).toEqual([]);
  });

  describe("webhook endpoints (webhooks:write)", () => {
    type Endpoint = { id: string; url: string; events: string[]; secret?: string } & Json;

    test("POST creates an endpoint and answers its secret once; GET lists it without the secret; DELETE removes it", async () => {
      const owner = await h.makeUser();
      const key = await keyWith(["webhooks:write"], owner.id);
      expect((await call("GET", "/v1/webhooks", { key })).body).toEqual({
        data: [],
        nextCursor: null,
      });

      const created = await call("POST", "/v1/webhooks", {
        key,
        headers: { "idempotency-key": "create-hook-1" },
        body: {
          url: "http://127.0.0.1:9/hook",
          events: ["sale.completed", "commission.created", "sale.completed"],
          description: "Our CRM",
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const endpoint = created.body as Endpoint;
      const row = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(row.userId).toBe(owner.id);
      expect(endpoint).toEqual({
        id: row.id,
        kind: "webhook",
        url: "http://127.0.0.1:9/hook",
        description: "Our CRM",
        events: ["sale.completed", "commission.created"],
        state: "active",
        disabledAt: null,
        disabledReason: null,
        failingSince: null,
        previousSecretExpiresAt: null,
        createdAt: row.createdAt.toISOString(),
        lastDelivery: null,
        secret: row.secret,
      });
      expect(endpoint.secret).toMatch(/^whsec_/);

      // A retry with the same Idempotency-Key replays the answer: no second endpoint.
      const replay = await call("POST", "/v1/webhooks", {
        key,
        headers: { "idempotency-key": "create-hook-1" },
        body: {
          url: "http://127.0.0.1:9/hook",
          events: ["sale.completed", "commission.created", "sale.completed"],
          description: "Our CRM",
        },
      });
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(created.body);
      expect(await h.db.webhookEndpoint.count({ where: { userId: owner.id } })).toBe(1);

      const listed = await call("GET", "/v1/webhooks", { key });
      expect(listed.status).toBe(200);
      const { secret: _secret, ...withoutSecret } = endpoint;
      expect(listed.body).toEqual({ data: [withoutSecret], nextCursor: null });
      expect(JSON.stringify(listed.body)).not.toContain(row.secret);

      const deleted = await call("DELETE", `/v1/webhooks/${endpoint.id}`, { key });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ id: endpoint.id, deleted: true });
      expect(await h.db.webhookEndpoint.count({ where: { userId: owner.id } })).toBe(0);
      expect((await call("GET", "/v1/webhooks", { key })).body).toEqual({
        data: [],
        nextCursor: null,
      });
      const again = await call("DELETE", `/v1/webhooks/${endpoint.id}`, { key });
      expect(again.status).toBe(404);
    });

    test("another user's endpoint is 404 and stays; their endpoints are not listed", async () => {
      const owner = await h.makeUser();
      const theirs = await newEndpoint(me.id);
      const key = await keyWith(["webhooks:write"], owner.id);
      const res = await call("DELETE", `/v1/webhooks/${theirs}`, { key });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: "NOT_FOUND", message: `Webhook endpoint ${theirs} was not found.` },
      });
      expect(await h.db.webhookEndpoint.count({ where: { id: theirs } })).toBe(1);
      expect((await call("GET", "/v1/webhooks", { key })).body.data).toEqual([]);
      await h.db.webhookEndpoint.delete({ where: { id: theirs } });
    });

    test.each([
      [
        "a private address",
        { url: "https://10.0.0.1/in", events: ["sale.completed"] },
        400,
        "BAD_REQUEST",
        "url",
        /10\.0\.0\.1 is a private address/,
      ],
      [
        "an http URL to a public host",
        { url: "http://hooks.example.com/in", events: ["sale.completed"] },
        400,
        "BAD_REQUEST",
        "url",
        /Webhook URLs must use https/,
      ],
      [
        "a missing URL",
        { events: ["sale.completed"] },
        400,
        "BAD_REQUEST",
        "url",
        /URL is required/,
      ],
      [
        "an unknown event",
        { url: "http://127.0.0.1:9/hook", events: ["sale.created"] },
        400,
        "BAD_REQUEST",
        "events.0",
        /Unknown event/,
      ],
      [
        "a postback on payout.paid",
        { kind: "postback", url: "https://n.example/pb?c={click_id}", events: ["payout.paid"] },
        400,
        "BAD_REQUEST",
        "events",
        /Postbacks fire on sale\.completed and sale\.refunded only/,
      ],
      [
        "promoter.joined by someone neither artist nor admin",
        { url: "http://127.0.0.1:9/hook", events: ["promoter.joined"] },
        403,
        "FORBIDDEN",
        "events",
        /Only artists and admins can subscribe to promoter\.joined/,
      ],
    ] as const)(
      "POST /v1/webhooks with %s answers %i in the one error shape and creates nothing",
      async (_, body, status, code, field, message) => {
        const owner = await h.makeUser();
        const key = await keyWith(["webhooks:write"], owner.id);
        const res = await call("POST", "/v1/webhooks", { key, body });
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(Object.keys(res.body)).toEqual(["error"]);
        expect(errorOf(res)).toEqual({ code, field, message: expect.stringMatching(message) });
        expect(await h.db.webhookEndpoint.count({ where: { userId: owner.id } })).toBe(0);
      },
    );

    test("POST /v1/webhooks spends the per-user budget of webhook changes: 429 with Retry-After, and the Idempotency-Key is given back", async () => {
      const owner = await h.makeUser();
      const key = await keyWith(["webhooks:write"], owner.id);
      const body = { url: "http://127.0.0.1:9/hook", events: ["sale.completed"] };
      vi.stubEnv("RATE_LIMIT_WEBHOOK_ACTIONS_PER_USER_HOUR", "1");
      try {
        expect((await call("POST", "/v1/webhooks", { key, body })).status).toBe(200);
        const headers = { "idempotency-key": "over-budget" };
        const over = await call("POST", "/v1/webhooks", { key, body, headers });
        expect(over.status).toBe(429);
        expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(3500);
        expect(over.headers.get("ratelimit-limit")).toBe("100");
        expect(errorOf(over)).toEqual({
          code: "TOO_MANY_REQUESTS",
          message: expect.stringMatching(
            /^Too many webhook changes, tests and replays: try again in/,
          ),
        });
        // Nothing was decided: once the budget is back, the same key runs (not a replay).
        await resetRateLimit("webhookActionsPerUser", owner.id, { db: h.db });
        const retried = await call("POST", "/v1/webhooks", { key, body, headers });
        expect(retried.status).toBe(200);
        expect(retried.headers.get("idempotent-replayed")).toBeNull();
        expect(await h.db.webhookEndpoint.count({ where: { userId: owner.id } })).toBe(2);
      } finally {
        vi.unstubAllEnvs();
      }
    });
  });

  test("failed authentications count per IP: over the limit the address's failures get 429 with Retry-After and are not counted again; a key that authenticates is still served from it; other addresses are not affected", async () => {
    vi.stubEnv("RATE_LIMIT_API_AUTH_FAILURES_PER_IP", "3");
    try {
      const from = (ip: string) => ({ "x-fanfare-peer-ip": ip });
      const failures = async (ip: string) =>
        (await h.db.rateLimit.findUnique({ where: { key: `rl:apiAuthFailuresPerIp:${ip}` } }))
          ?.points ?? 0;
      const { key: revoked, id: revokedId } = await newKey(["stats:read"]);
      await revokeApiKey({ userId: me.id, keyId: revokedId }, h.db);
      const unknown = `ff_live_abcdefghijkl_${"A".repeat(43)}`;
      // Missing, malformed, revoked: three failures, each still a 401.
      for (const key of [null, "ff_live_nope", revoked]) {
        const res = await call("GET", "/v1/stats", { key, headers: from("192.0.2.10") });
        expect(res.status).toBe(401);
      }
      expect(await failures("192.0.2.10")).toBe(3);
      // From then on every failure from that address is a 429, and is not counted again.
      for (const key of [unknown, null, revoked]) {
        const blocked = await call("GET", "/v1/stats", { key, headers: from("192.0.2.10") });
        expect(blocked.status).toBe(429);
        expect(Object.keys(blocked.body)).toEqual(["error"]);
        expect(errorOf(blocked)).toEqual({
          code: "TOO_MANY_REQUESTS",
          message: expect.stringMatching(
            /^Too many requests with a missing or invalid API key from your network: try again in \d+ minutes\.$/,
          ),
        });
        const retryAfter = Number(blocked.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(800);
        expect(retryAfter).toBeLessThanOrEqual(900);
        expect(blocked.headers.get("ratelimit-limit")).toBeNull();
      }
      expect(await failures("192.0.2.10")).toBe(3);

      // A valid key behind the same (shared) address is served as usual: the block is for guesses.
      const { key: valid, id: validId } = await newKey(["stats:read"]);
      const served = await call("GET", "/v1/stats", { key: valid, headers: from("192.0.2.10") });
      expect(served.status).toBe(200);
      expect(served.headers.get("ratelimit-limit")).not.toBeNull();
      const used = await h.db.apiKey.findUniqueOrThrow({ where: { id: validId } });
      expect(used.lastUsedIp).toBe("192.0.2.10");
      // ...and its success does not lift the block for the failures.
      expect(
        (await call("GET", "/v1/stats", { key: unknown, headers: from("192.0.2.10") })).status,
      ).toBe(429);

      // Another address is not affected.
      expect(
        (await call("GET", "/v1/stats", { key: valid, headers: from("192.0.2.11") })).status,
      ).toBe(200);
      // Successful requests do not count: five of them, then a failure is still a 401.
      for (let i = 0; i < 5; i++)
        expect(
          (await call("GET", "/v1/stats", { key: valid, headers: from("192.0.2.12") })).status,
        ).toBe(200);
      expect(await failures("192.0.2.12")).toBe(0);
      expect(
        (await call("GET", "/v1/stats", { key: unknown, headers: from("192.0.2.12") })).status,
      ).toBe(401);
      expect(await failures("192.0.2.12")).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test("a call shows in the key's last use (time and IP) at once", async () => {
    const { key, id } = await newKey(["stats:read"]);
    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(key).toContain(row.prefix);
    expect(row.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await call("GET", "/v1/stats", { key })).status).toBe(200);
    const listed = (await me.caller.apiKey.list()).find((k) => k.id === row.id)!;
    expect(listed.lastUsedIp).toBe("198.51.100.9");
    expect(listed.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});
