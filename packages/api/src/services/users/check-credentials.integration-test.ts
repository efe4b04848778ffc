import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import * as password from "@fanfare/auth/password";
import { hashPassword, legacyScryptHashForTests } from "@fanfare/auth/password";
import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";

import { RateLimitedError } from "../rate-limit";
import type { RateLimitStore } from "../rate-limit";
import { checkCredentials } from "./check-credentials";

vi.mock("@fanfare/auth/password", { spy: true });

describe("checkCredentials", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let store: RateLimitStore;

  beforeAll(async () => {
    ({ db, close } = await createTestDb());
    // The PostgreSQL store (the rate_limit table) on the test database: PGlite or PostgreSQL.
    store = { kind: "postgres", db };
    await db.user.create({
      data: {
        email: "victim@example.com",
        name: "Victim",
        passwordHash: await hashPassword("right password"),
      },
    });
  });
  afterAll(async () => {
    await close();
  });

  test("50 wrong passwords from one IP: the first 10 are answered as wrong, the rest get RATE_LIMITED with a Retry-After; the right password from another IP still works", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await checkCredentials(
        { email: "victim@example.com", password: `guess ${i}`, ip: "203.0.113.66" },
        db,
        { store },
      ).then(
        (user) => (user ? "signed in" : "wrong"),
        (e: unknown) =>
          e instanceof RateLimitedError
            ? `limited ${e.retryAfterSeconds > 800 ? "~15 min" : e.retryAfterSeconds}`
            : String(e),
      );
      answers.push(r);
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill("wrong"));
    expect(answers.slice(10)).toEqual(Array(40).fill("limited ~15 min"));
    // Even the right password is refused from the attacking IP until the window ends...
    await expect(
      checkCredentials(
        { email: "victim@example.com", password: "right password", ip: "203.0.113.66" },
        db,
        { store },
      ),
    ).rejects.toBeInstanceOf(RateLimitedError);
    // ...but the owner, elsewhere, is not locked out.
    expect(
      await checkCredentials(
        { email: "victim@example.com", password: "right password", ip: "198.51.100.20" },
        db,
        { store },
      ),
    ).toMatchObject({ email: "victim@example.com" });
  });

  test("counts per IP across accounts (credential stuffing): 60 tries from one IP, then RATE_LIMITED", async () => {
    let limitedAt = -1;
    for (let i = 0; i < 61; i++) {
      const e = await checkCredentials(
        { email: `nobody${i}@example.com`, password: "x", ip: "192.0.2.99" },
        db,
        { store },
      ).catch((err: unknown) => err);
      if (e instanceof RateLimitedError) {
        limitedAt = i;
        expect(e.rule).toBe("signInPerIp");
        break;
      }
    }
    expect(limitedAt).toBe(60);
  });

  test("an unknown email still runs one argon2id verify, against the dummy hash", async () => {
    const check = vi.mocked(password.checkPassword);
    check.mockClear();
    expect(
      await checkCredentials(
        { email: "nobody@example.com", password: "whatever", ip: "198.51.100.30" },
        db,
        { store },
      ),
    ).toBeNull();
    expect(check).toHaveBeenCalledTimes(1);
    expect(check.mock.calls[0]?.[1]).toBeUndefined(); // no stored hash: checkPassword verifies the dummy hash
  });

  test("a legacy scrypt hash signs in and is rewritten as argon2id", async () => {
    await db.user.create({
      data: {
        email: "old@example.com",
        passwordHash: await legacyScryptHashForTests("old secret"),
      },
    });
    expect(
      await checkCredentials(
        { email: "old@example.com", password: "old secret", ip: "198.51.100.40" },
        db,
        { store },
      ),
    ).toMatchObject({ email: "old@example.com" });
    const after = await db.user.findUniqueOrThrow({ where: { email: "old@example.com" } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(
      await checkCredentials(
        { email: "old@example.com", password: "old secret", ip: "198.51.100.40" },
        db,
        { store },
      ),
    ).not.toBeNull();
  });
});
