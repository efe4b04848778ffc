import { createHash } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { MAX_ACTIVE_API_KEYS } from "@fanfare/validators";

import { appRouter } from "../../root";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { createTRPCContext } from "../../trpc";
import { AppError } from "../app-error";
import { forgetProgramSettings } from "../settings/program-settings";
import { parseApiKey } from "./api-key-format";
import {
  authenticateApiKey,
  createApiKey,
  LAST_USED_WRITE_INTERVAL_MS,
  listApiKeys,
  resolveApiRateLimit,
  revokeApiKey,
  setApiKeyRateLimit,
} from "./api-keys";

/**
 * API keys (issue 15 §1): shown once and stored as a hash, found by prefix, refused when revoked,
 * expired or paused, scoped, capped per user, limited per hour by program, tier and key, and
 * never accepted by the app's own tRPC endpoint.
 */
describe("API keys", () => {
  let h: Harness;
  let user: Awaited<ReturnType<Harness["makeUser"]>>;
  let other: Awaited<ReturnType<Harness["makeUser"]>>;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;

  beforeAll(async () => {
    h = await setupHarness();
    user = await h.makeUser();
    other = await h.makeUser();
    admin = await h.makeAdmin();
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = (key: string, now?: Date, ip = "203.0.113.7") =>
    authenticateApiKey(`Bearer ${key}`, ip, h.db, now);

  test("the key is shown once as ff_live_<prefix>_<secret>; only its SHA-256 and prefix are stored", async () => {
    const { key, apiKey } = await user.caller.apiKey.create({
      name: "Spreadsheet",
      scopes: ["stats:read", "links:read"],
    });
    expect(key).toMatch(/^ff_live_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.prefix).toBe(parseApiKey(key)!.prefix);
    expect(row.secretHash).not.toBe(key);
    expect(row.secretHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key.slice(21));
    // The list never carries the secret or its hash.
    const listed = await user.caller.apiKey.list();
    const text = JSON.stringify(listed);
    expect(text).not.toContain(key.slice(21));
    expect(text).not.toContain(row.secretHash);
    expect(listed[0]).toMatchObject({
      id: apiKey.id,
      name: "Spreadsheet",
      display: `ff_live_${row.prefix}…`,
      scopes: ["stats:read", "links:read"],
      status: "active",
      lastUsedAt: null,
      rateLimit: { perHour: 100, source: "program" },
    });
  });

  test("a request is authenticated by looking the key up by prefix; a wrong secret with a real prefix is refused", async () => {
    const { key, apiKey } = await createApiKey(
      { userId: user.id, key: { name: "Lookup", scopes: ["stats:read"] } },
      h.db,
    );
    const ok = await auth(key);
    expect(ok).toEqual({
      ok: true,
      key: {
        keyId: apiKey.id,
        userId: user.id,
        prefix: apiKey.prefix,
        scopes: ["stats:read"],
        limitPerHour: 100,
      },
    });
    const last = key.at(-1) === "A" ? "B" : "A";
    const forged = `${key.slice(0, -1)}${last}`;
    expect(await auth(forged)).toMatchObject({
      ok: false,
      refusal: { status: 401, reason: "unknown" },
    });
  });

  test.each([
    ["no header", null, "missing", /Authorization: Bearer ff_live_/],
    ["a session token", "Bearer ffs_abc", "malformed", /not a Fanfare API key/],
    ["a truncated key", "Bearer ff_live_abcdefghijkl_short", "malformed", /not a Fanfare API key/],
    ["an unknown key", `Bearer ff_live_abcdefghijkl_${"A".repeat(43)}`, "unknown", /not valid/],
  ])("%s is refused with 401 (%s)", async (_, header, reason, message) => {
    const r = await authenticateApiKey(header, "203.0.113.7", h.db);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.status).toBe(401);
    expect(r.refusal.reason).toBe(reason);
    expect(r.refusal.message).toMatch(message);
  });

  test("last used at and from which IP shows at once on the first use, then is written at most once a minute", async () => {
    const { key, apiKey } = await createApiKey(
      { userId: user.id, key: { name: "Busy", scopes: ["stats:read"] } },
      h.db,
    );
    const t0 = new Date();
    await auth(key, t0, "198.51.100.1");
    const first = await h.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(first.lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(first.lastUsedIp).toBe("198.51.100.1");
    await auth(key, new Date(t0.getTime() + 30_000), "198.51.100.2");
    const second = await h.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(second.lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(second.lastUsedIp).toBe("198.51.100.1");
    const later = new Date(t0.getTime() + LAST_USED_WRITE_INTERVAL_MS);
    await auth(key, later, "198.51.100.3");
    const third = await h.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(third.lastUsedAt?.getTime()).toBe(later.getTime());
    expect(third.lastUsedIp).toBe("198.51.100.3");
    const view = (await listApiKeys({ userId: user.id }, h.db)).find((k) => k.id === apiKey.id);
    expect(view).toMatchObject({ lastUsedIp: "198.51.100.3", lastUsedAt: later });
  });

  test("a revoked key is refused at once; revoking another user's key is NOT_FOUND and leaves it working", async () => {
    const { key, apiKey } = await createApiKey(
      { userId: user.id, key: { name: "To revoke", scopes: ["stats:read"] } },
      h.db,
    );
    const otherKey = await createApiKey(
      { userId: other.id, key: { name: "Theirs", scopes: ["stats:read"] } },
      h.db,
    );
    const refused = await user.caller.apiKey
      .revoke({ keyId: otherKey.apiKey.id })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("NOT_FOUND");
    expect((refused as TRPCError).message).toBe(
      `API key ${otherKey.apiKey.id} was not found among your keys.`,
    );
    expect((await auth(otherKey.key)).ok).toBe(true);

    const revoked = await user.caller.apiKey.revoke({ keyId: apiKey.id });
    expect(revoked.status).toBe("revoked");
    const r = await auth(key);
    expect(r).toMatchObject({ ok: false, refusal: { status: 401, reason: "revoked" } });
    if (!r.ok) expect(r.refusal.message).toMatch(/revoked on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // Revoking again changes nothing.
    const again = await revokeApiKey({ userId: user.id, keyId: apiKey.id }, h.db);
    expect(again.revokedAt).toEqual(revoked.revokedAt);
  });

  test("an expired key is refused with 401 and listed as expired", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { key, apiKey } = await createApiKey(
      { userId: user.id, key: { name: "Short-lived", scopes: ["stats:read"], expiresAt } },
      h.db,
    );
    expect((await auth(key, new Date(expiresAt.getTime() - 1000))).ok).toBe(true);
    const after = new Date(expiresAt.getTime() + 1000);
    expect(await auth(key, after)).toMatchObject({
      ok: false,
      refusal: { status: 401, reason: "expired" },
    });
    const view = (await listApiKeys({ userId: user.id, now: after }, h.db)).find(
      (k) => k.id === apiKey.id,
    );
    expect(view?.status).toBe("expired");
  });

  test("keys of a suspended or terminated promoter are paused (403), and none can be created meanwhile", async () => {
    const paused = await h.makeUser();
    const { key } = await createApiKey(
      { userId: paused.id, key: { name: "Soon paused", scopes: ["stats:read"] } },
      h.db,
    );
    await paused.caller.promoter.me();
    for (const status of ["SUSPENDED", "TERMINATED"] as const) {
      await h.db.promoterProfile.update({
        where: { userId: paused.id },
        data: { status, statusReason: "Clicks from one network." },
      });
      const r = await auth(key);
      expect(r).toMatchObject({ ok: false, refusal: { status: 403, reason: "paused" } });
      if (!r.ok)
        expect(r.refusal.message).toMatch(
          /^Keys and webhooks of suspended or terminated users are paused: your promoter account is (suspended|closed)\. Reason: Clicks from one network\.$/,
        );
      expect((await listApiKeys({ userId: paused.id }, h.db))[0]?.status).toBe("paused");
      const refused = await createApiKey(
        { userId: paused.id, key: { name: "Another", scopes: ["stats:read"] } },
        h.db,
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe("FORBIDDEN");
    }
    await h.db.promoterProfile.update({
      where: { userId: paused.id },
      data: { status: "ACTIVE", statusReason: null },
    });
    expect((await auth(key)).ok).toBe(true);
  });

  test("sales:read is for artists only: refused to a user without an artist profile, granted to an artist", async () => {
    const refused = await user.caller.apiKey
      .create({ name: "Sales", scopes: ["sales:read"] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect((refused as TRPCError).message).toMatch(/"sales:read" scope is for artists/);
    const artist = await h.makeUser({ artistName: "Key Artist" });
    const { apiKey } = await artist.caller.apiKey.create({
      name: "Sales",
      scopes: ["sales:read", "stats:read"],
    });
    expect(apiKey.scopes).toEqual(["sales:read", "stats:read"]);
  });

  test.each([
    ["an empty name", { name: "  ", scopes: ["stats:read"] }, /Name is required/],
    ["a name over 60 characters", { name: "n".repeat(61), scopes: ["stats:read"] }, /at most 60/],
    ["no scope", { name: "Key", scopes: [] }, /Choose at least one scope/],
    ["an unknown scope", { name: "Key", scopes: ["admin:all"] }, /Choose scopes among/],
    [
      "a scope twice",
      { name: "Key", scopes: ["stats:read", "stats:read"] },
      /List each scope once/,
    ],
    [
      "an expiry in the past",
      { name: "Key", scopes: ["stats:read"], expiresAt: new Date(Date.now() - 60_000) },
      /Expiry must be in the future/,
    ],
    [
      "an expiry beyond two years",
      { name: "Key", scopes: ["stats:read"], expiresAt: new Date(Date.now() + 800 * 86_400_000) },
      /within two years/,
    ],
  ])("apiKey.create refuses %s with a readable 400", async (_, input, message) => {
    const before = await h.db.apiKey.count();
    const e = await user.caller.apiKey.create(input as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("BAD_REQUEST");
    expect((e as TRPCError).message).toMatch(message);
    expect(await h.db.apiKey.count()).toBe(before);
  });

  test(`a user holds at most ${MAX_ACTIVE_API_KEYS} active keys; revoked and expired ones do not count`, async () => {
    const capped = await h.makeUser();
    const made = [];
    for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++)
      made.push(
        await createApiKey(
          { userId: capped.id, key: { name: `K${i}`, scopes: ["stats:read"] } },
          h.db,
        ),
      );
    expect(made).toHaveLength(MAX_ACTIVE_API_KEYS);
    const over = await createApiKey(
      { userId: capped.id, key: { name: "One too many", scopes: ["stats:read"] } },
      h.db,
    ).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(AppError);
    expect((over as AppError).code).toBe("CONFLICT");
    expect((over as AppError).message).toMatch(
      new RegExp(`already have ${MAX_ACTIVE_API_KEYS} active API keys`),
    );
    await revokeApiKey({ userId: capped.id, keyId: made[0]!.apiKey.id }, h.db);
    await expect(
      createApiKey(
        { userId: capped.id, key: { name: "Replacement", scopes: ["stats:read"] } },
        h.db,
      ),
    ).resolves.toMatchObject({ apiKey: { name: "Replacement" } });
  });

  test.each([
    [
      { keyLimit: null, tierLimit: null, programLimit: 100 },
      { perHour: 100, source: "program" },
    ],
    [
      { keyLimit: null, tierLimit: 500, programLimit: 100 },
      { perHour: 500, source: "tier" },
    ],
    [
      { keyLimit: 3, tierLimit: 500, programLimit: 100 },
      { perHour: 3, source: "key" },
    ],
    [
      { keyLimit: 5000, tierLimit: undefined, programLimit: 100 },
      { perHour: 5000, source: "key" },
    ],
  ] as const)("the rate limit in force: %j → %j", (input, expected) => {
    expect(resolveApiRateLimit(input)).toEqual(expected);
  });

  test("the limit comes from the program setting, then the owner's tier, then the key (an admin's audited raise)", async () => {
    const owner = await h.makeUser();
    const { key, apiKey } = await createApiKey(
      { userId: owner.id, key: { name: "Limits", scopes: ["stats:read"] } },
      h.db,
    );
    await h.db.programSetting.create({
      data: { key: "apiRequestsPerHour", value: 250, updatedById: admin.id },
    });
    forgetProgramSettings(h.db);
    try {
      expect(await auth(key)).toMatchObject({ ok: true, key: { limitPerHour: 250 } });
      const tier = await h.db.promoterTier.create({
        data: { name: "API Gold", rank: 90, threshold: 0, apiRequestsPerHour: 2000 },
      });
      await owner.caller.promoter.me();
      await h.db.promoterProfile.update({ where: { userId: owner.id }, data: { tierId: tier.id } });
      expect(await auth(key)).toMatchObject({ ok: true, key: { limitPerHour: 2000 } });

      const view = await admin.caller.apiKey.setRateLimit({
        keyId: apiKey.id,
        perHour: 10_000,
        reason: "Partner integration",
      });
      expect(view.rateLimit).toEqual({ perHour: 10_000, source: "key" });
      expect(await auth(key)).toMatchObject({ ok: true, key: { limitPerHour: 10_000 } });
      const audit = await h.db.auditLog.findFirstOrThrow({
        where: { subjectType: "apiKey", subjectId: apiKey.id },
      });
      expect(audit).toMatchObject({
        actorId: admin.id,
        action: "apiKey.setRateLimit",
        before: { rateLimitPerHour: null },
        after: { rateLimitPerHour: 10_000, reason: "Partner integration" },
      });
      // Cleared: the tier's applies again.
      await setApiKeyRateLimit(
        { keyId: apiKey.id, perHour: null, reason: "Back to tier" },
        { userId: admin.id },
        h.db,
      );
      expect(await auth(key)).toMatchObject({ ok: true, key: { limitPerHour: 2000 } });
    } finally {
      await h.db.programSetting.delete({ where: { key: "apiRequestsPerHour" } });
      forgetProgramSettings(h.db);
    }
  });

  test("only admins set a key's limit", async () => {
    const { apiKey } = await createApiKey(
      { userId: user.id, key: { name: "Not mine to raise", scopes: ["stats:read"] } },
      h.db,
    );
    const e = await user.caller.apiKey
      .setRateLimit({ keyId: apiKey.id, perHour: 5000, reason: "Please" })
      .catch((x: unknown) => x);
    expect((e as TRPCError).code).toBe("FORBIDDEN");
    expect(
      (await h.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).rateLimitPerHour,
    ).toBe(null);
  });

  describe("the app's own endpoint (/api/trpc) never accepts an API key", () => {
    const overTrpc = async (path: string, headers: Record<string, string>, userId?: string) => {
      const req = new Request(`http://localhost/api/trpc/${path}`, { headers });
      const res = await fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req,
        createContext: () =>
          createTRPCContext({
            headers: req.headers,
            session: userId ? { user: { id: userId } } : null,
            db: h.db,
          }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { error?: { json: { message: string } } },
      };
    };

    test("an ff_live_ bearer token is not a session: 401 saying where keys work", async () => {
      const { key } = await createApiKey(
        { userId: user.id, key: { name: "Wrong door", scopes: ["stats:read"] } },
        h.db,
      );
      const r = await overTrpc("promoter.me", { authorization: `Bearer ${key}` });
      expect(r.status).toBe(401);
      expect(r.body.error?.json.message).toBe(
        "API keys work only with the REST API (/api/v1/, see /docs/api), not as a session token.",
      );
    });

    test("the REST procedures answer 401 to a signed-in session (they need an API key)", async () => {
      const r = await overTrpc("v1.stats", {}, user.id);
      expect(r.status).toBe(401);
      expect(r.body.error?.json.message).toMatch(/belongs to the REST API/);
    });
  });

  test("creating and revoking keys is rate limited per user (apiKeyActionsPerUser)", async () => {
    vi.stubEnv("RATE_LIMITS", "on");
    vi.stubEnv("RATE_LIMIT_API_KEY_ACTIONS_PER_USER_HOUR", "2");
    try {
      const user = await h.makeUser();
      const { apiKey } = await user.caller.apiKey.create({ name: "One", scopes: ["stats:read"] });
      await user.caller.apiKey.revoke({ keyId: apiKey.id });
      const refused = await user.caller.apiKey
        .create({ name: "Three", scopes: ["stats:read"] })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(TRPCError);
      expect((refused as TRPCError).code).toBe("TOO_MANY_REQUESTS");
      expect((refused as TRPCError).message).toMatch(/Too many API keys created or revoked/);
      expect(await h.db.apiKey.count({ where: { userId: user.id } })).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
