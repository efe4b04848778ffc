import { describe, expect, test, vi } from "vitest";

import * as argon2 from "@node-rs/argon2";

import {
  checkPassword,
  dummyPasswordHash,
  HashQueue,
  hashPassword,
  legacyScryptHashForTests,
  PasswordHashBusyError,
  verifyPassword,
} from "./password";

vi.mock("@node-rs/argon2", { spy: true });

describe("password hashing", () => {
  test("hashes with argon2id at OWASP's minimum (m=19456 KiB, t=2, p=1) and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword("correct horse battery staple", stored)).toEqual({
      valid: true,
      needsRehash: false,
    });
    expect(await checkPassword("correct horse battery stapl", stored)).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  test("salts every hash, so equal passwords give different hashes", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  test("still verifies a legacy scrypt hash and asks for a rehash when it matches", async () => {
    const legacy = await legacyScryptHashForTests("old password");
    expect(await checkPassword("old password", legacy)).toEqual({ valid: true, needsRehash: true });
    expect(await checkPassword("old passwort", legacy)).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  test("asks for a rehash of an argon2id hash made with weaker parameters", async () => {
    const weak = await argon2.hash("pw", {
      algorithm: 2 as argon2.Algorithm,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    expect(await checkPassword("pw", weak)).toEqual({ valid: true, needsRehash: true });
  });

  test("never matches a missing or unknown-format hash", async () => {
    expect(await verifyPassword("x", null)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
    expect(await verifyPassword("x", "$argon2id$garbage")).toBe(false);
  });

  test("an unknown account (no stored hash) costs the same argon2id verify as a wrong password, against the dummy hash", async () => {
    const dummy = await dummyPasswordHash();
    const verify = vi.mocked(argon2.verify);
    verify.mockClear();
    expect(await checkPassword("guess", undefined)).toEqual({ valid: false, needsRehash: false });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).toBe(dummy);
    expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("HashQueue", () => {
  test("runs at most `concurrency` hashes at once and fails fast past `queueLimit` waiting", async () => {
    const queue = new HashQueue({ concurrency: 1, queueLimit: 2 });
    const gates: (() => void)[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = () =>
      queue.run(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        return "done";
      });
    const accepted = [job(), job(), job()];
    await Promise.resolve();
    expect(queue.stats()).toEqual({ active: 1, waiting: 2 });
    const refused = await job().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PasswordHashBusyError);
    expect((refused as PasswordHashBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    while (gates.length || queue.stats().active) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all(accepted)).toEqual(["done", "done", "done"]);
    expect(maxRunning).toBe(1);
    expect(queue.stats()).toEqual({ active: 0, waiting: 0 });
  });

  test("frees the slot when the hash throws", async () => {
    const queue = new HashQueue({ concurrency: 1, queueLimit: 0 });
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run(() => Promise.resolve(1))).toBe(1);
  });
});
