import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { createApiKey } from "./api-keys";
import {
  beginIdempotentRequest,
  canonicalJson,
  completeIdempotentRequest,
  IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS,
  IDEMPOTENCY_TTL_HOURS,
  pruneIdempotencyKeys,
  readIdempotencyKey,
  releaseIdempotentRequest,
  requestBodyHash,
} from "./idempotency";

const HOUR = 3_600_000;

describe("idempotency keys: canonical request hash", () => {
  test("key order and white space do not change the hash; a value does", () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: "x" })).toBe(
      '{"a":"x","b":[1,{"c":3,"d":2}]}',
    );
    expect(requestBodyHash('{"trackId":"t1","note":null}')).toBe(
      requestBodyHash('{ "note": null,\n  "trackId": "t1" }'),
    );
    expect(requestBodyHash('{"trackId":"t1"}')).not.toBe(requestBodyHash('{"trackId":"t2"}'));
    // Not JSON: hashed as sent, so it still binds the key.
    expect(requestBodyHash("not json")).toBe(requestBodyHash("not json"));
    expect(requestBodyHash("not json")).not.toBe(requestBodyHash("not json "));
  });

  test.each([
    [null, null],
    ["3f2b6c1e-8d7a-4b7e-9a55-0c1d2e3f4a5b", { key: "3f2b6c1e-8d7a-4b7e-9a55-0c1d2e3f4a5b" }],
    ["  padded  ", { key: "padded" }],
  ])("the header %j reads as %j", (header, expected) => {
    expect(readIdempotencyKey(header)).toEqual(expected);
  });
  test.each(["", "has space", "x".repeat(256), "tab\there", "é"])(
    "the header %j is refused with a readable message",
    (header) => {
      expect(readIdempotencyKey(header)).toEqual({
        error: expect.stringMatching(/Idempotency-Key must be 1–255 printable characters/),
      });
    },
  );
});

/**
 * The first response is stored and replayed for 24 hours; another body with the same key is a
 * mismatch (422), a retry while the first runs is in flight (409); expired and abandoned claims
 * are replaced; old rows are pruned.
 */
describe("idempotency keys: claims, replays and pruning", () => {
  let h: Harness;
  let apiKeyId: string;
  let otherApiKeyId: string;
  beforeAll(async () => {
    h = await setupHarness();
    const u = await h.makeUser();
    apiKeyId = (
      await createApiKey({ userId: u.id, key: { name: "I", scopes: ["links:write"] } }, h.db)
    ).apiKey.id;
    otherApiKeyId = (
      await createApiKey({ userId: u.id, key: { name: "J", scopes: ["links:write"] } }, h.db)
    ).apiKey.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const claim = (key: string, body: string, now?: Date, id = apiKeyId, route = "POST /v1/links") =>
    beginIdempotentRequest(
      { apiKeyId: id, key, route, requestHash: requestBodyHash(body), now },
      h.db,
    );

  test("first claim proceeds; a retry while it runs is in flight; once complete the response replays", async () => {
    const first = await claim("k-1", '{"trackId":"t1"}');
    expect(first.kind).toBe("proceed");
    expect(await claim("k-1", '{"trackId":"t1"}')).toMatchObject({
      kind: "in-flight",
      message: expect.stringMatching(/still being processed/),
    });
    if (first.kind !== "proceed") return;
    await completeIdempotentRequest(first.recordId, { status: 200, body: { id: "link-1" } }, h.db);
    expect(await claim("k-1", '{ "trackId": "t1" }')).toEqual({
      kind: "replay",
      status: 200,
      body: { id: "link-1" },
    });
  });

  test("the same key with another body or route is a mismatch; another API key has its own keys", async () => {
    const first = await claim("k-2", '{"trackId":"t1"}');
    if (first.kind !== "proceed") throw new Error("expected to proceed");
    await completeIdempotentRequest(first.recordId, { status: 200, body: { ok: true } }, h.db);
    expect(await claim("k-2", '{"trackId":"t2"}')).toMatchObject({
      kind: "mismatch",
      message: expect.stringMatching(/different request body/),
    });
    expect(
      await claim("k-2", '{"trackId":"t1"}', undefined, apiKeyId, "POST /v1/other"),
    ).toMatchObject({
      kind: "mismatch",
      message: expect.stringMatching(/was used for POST \/v1\/links/),
    });
    expect((await claim("k-2", '{"trackId":"t2"}', undefined, otherApiKeyId)).kind).toBe("proceed");
  });

  test(`a response is replayed for ${IDEMPOTENCY_TTL_HOURS} hours, then the key runs again`, async () => {
    const t0 = new Date();
    const first = await claim("k-3", "{}", t0);
    if (first.kind !== "proceed") throw new Error("expected to proceed");
    await completeIdempotentRequest(first.recordId, { status: 200, body: { n: 1 } }, h.db);
    const nearly = new Date(t0.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR - 1000);
    expect((await claim("k-3", "{}", nearly)).kind).toBe("replay");
    const after = new Date(t0.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR + 1000);
    expect((await claim("k-3", '{"another":"body"}', after)).kind).toBe("proceed");
  });

  test("a claim abandoned by a crashed request is taken over after the in-flight timeout; a released one at once", async () => {
    const t0 = new Date();
    expect((await claim("k-4", "{}", t0)).kind).toBe("proceed");
    expect((await claim("k-4", "{}", new Date(t0.getTime() + 1000))).kind).toBe("in-flight");
    const late = new Date(t0.getTime() + IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS * 1000 + 1000);
    expect((await claim("k-4", "{}", late)).kind).toBe("proceed");

    const failed = await claim("k-5", "{}");
    if (failed.kind !== "proceed") throw new Error("expected to proceed");
    await releaseIdempotentRequest(failed.recordId, h.db);
    expect((await claim("k-5", "{}")).kind).toBe("proceed");
  });

  test(`the daily prune deletes keys older than ${IDEMPOTENCY_TTL_HOURS} hours and keeps the rest`, async () => {
    const now = new Date();
    await claim("old-1", "{}", new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * HOUR - 60_000));
    await claim("young-1", "{}", new Date(now.getTime() - HOUR));
    const before = await h.db.apiIdempotencyKey.count();
    const { deleted } = await pruneIdempotencyKeys({ now }, h.db);
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await h.db.apiIdempotencyKey.count()).toBe(before - deleted);
    expect(await h.db.apiIdempotencyKey.findFirst({ where: { key: "old-1" } })).toBeNull();
    expect(await h.db.apiIdempotencyKey.findFirst({ where: { key: "young-1" } })).not.toBeNull();
  });
});
