import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { CredentialsSignin } from "@fanfare/auth/errors";
import { hashPassword } from "@fanfare/auth/server";
import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";

import { authHooks, SIGN_IN_RATE_LIMITED_CODE, SignInRateLimited } from "./auth-hooks";

const saved = process.env.RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP;

// The hooks open the process database; here it is a fresh test database (PGlite or PostgreSQL).
const test_ = vi.hoisted(() => ({ db: undefined as PrismaClient | undefined }));
vi.mock("@fanfare/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: () => Promise.resolve(test_.db),
}));

describe("the web sign-in (Auth.js credentials) over the limit", () => {
  let close: () => Promise<void>;

  beforeAll(async () => {
    const { db, close: closeDb } = await createTestDb();
    test_.db = db;
    close = closeDb;
    await db.user.create({
      data: { email: "hooks@example.com", passwordHash: await hashPassword("right password") },
    });
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP;
    else process.env.RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP = saved;
  });
  afterAll(async () => {
    await close();
  });

  const request = (ip: string) =>
    new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: { "x-fanfare-peer-ip": ip },
    });

  test('throws a CredentialsSignin with code "rate_limited" (the sign-in form shows "Too many attempts") once the (account, IP) limit is used up; another IP still signs in', async () => {
    process.env.RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP = "3";
    for (let i = 0; i < 3; i++)
      expect(
        await authHooks.authorizeCredentials(
          { email: "hooks@example.com", password: "nope" },
          request("203.0.113.77"),
        ),
      ).toBeNull();
    const e = await authHooks
      .authorizeCredentials(
        { email: "hooks@example.com", password: "right password" },
        request("203.0.113.77"),
      )
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CredentialsSignin);
    expect(e).toBeInstanceOf(SignInRateLimited);
    expect((e as CredentialsSignin).code).toBe(SIGN_IN_RATE_LIMITED_CODE);
    expect(SIGN_IN_RATE_LIMITED_CODE).toBe("rate_limited");
    expect((e as SignInRateLimited).retryAfterSeconds).toBeGreaterThan(0);
    expect(
      await authHooks.authorizeCredentials(
        { email: "hooks@example.com", password: "right password" },
        request("198.51.100.77"),
      ),
    ).toMatchObject({ email: "hooks@example.com" });
  });
  test("a successful sign-in records where the user was seen (visitor hash and browser session, never the IP) for the self-referral signals", async () => {
    const headers = {
      "x-fanfare-peer-ip": "192.0.2.44",
      "user-agent": "Mozilla/5.0 Test",
      cookie: "ff_sid=abcdefghijklmnop",
    };
    const user = await authHooks.authorizeCredentials(
      { email: "hooks@example.com", password: "right password" },
      new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers }),
    );
    const sightings = await test_.db!.visitorSighting.findMany({ where: { userId: user!.id } });
    expect(new Set(sightings.map((s) => s.kind))).toEqual(new Set(["SESSION", "VISITOR_HASH"]));
    expect(sightings.find((s) => s.kind === "SESSION")?.value).toBe("abcdefghijklmnop");
    expect(JSON.stringify(sightings)).not.toContain("192.0.2.44");
  });
  test("magic sign-in links are limited per address like password resets: the sixth within the hour is refused and queues nothing", async () => {
    const send = () =>
      authHooks.sendMagicLink({
        email: "magic@example.com",
        url: "http://0.0.0.0:3000/api/auth/callback/nodemailer?token=t&email=magic%40example.com",
        expires: new Date(Date.now() + Math.random() * 1e9),
        request: request("198.51.100.200"),
      });
    for (let i = 0; i < 5; i++) await send();
    await expect(send()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await test_.db!.emailOutbox.count({ where: { to: "magic@example.com" } })).toBe(5);
  });
});
