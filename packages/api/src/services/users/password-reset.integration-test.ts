import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { issueBearerToken, resolveBearerToken } from "@fanfare/auth/server";
import { sessionVersionJwtCallback } from "@fanfare/auth/config";
import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { renderEmail } from "@fanfare/email";

import { AppError } from "../app-error";
import type { RateLimitStore } from "../rate-limit";
import { RateLimitedError } from "../rate-limit";
import { checkCredentials } from "./check-credentials";
import {
  getPasswordResetTokenState,
  PASSWORD_RESET_REQUESTED,
  requestPasswordReset,
  resetPassword,
} from "./password-reset";
import { signUp } from "./sign-up";

describe("password reset", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  // A fresh in-memory store per test file: limits from other files never interfere.
  let store: RateLimitStore;
  let n = 0;

  beforeAll(async () => {
    ({ db, close } = await createTestDb());
    store = { kind: "memory" };
  });
  afterAll(async () => {
    await close();
  });

  /** A new account and a fresh IP per test, so the rate limits of one test do not touch another. */
  const newAccount = async () => {
    n++;
    const email = `reset${n}-${Date.now()}@example.com`;
    const user = await signUp({ name: `Reset ${n}`, email, password: "old password" }, db);
    return { ...user, ip: `198.51.100.${n}` };
  };

  /** The raw token of the newest reset email to `email`, read from the outbox like a mailbox. */
  const tokenFromMailbox = async (email: string) => {
    const mail = await db.emailOutbox.findFirstOrThrow({
      where: { to: email, template: "password-reset" },
      orderBy: { createdAt: "desc" },
    });
    const rendered = await renderEmail(mail.template, mail.props);
    const match = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(rendered.text);
    expect(match, rendered.text).not.toBeNull();
    return { token: match![1]!, mail, rendered };
  };

  const signsIn = (email: string, password: string, ip: string) =>
    checkCredentials({ email, password, ip }, db, { store }).then((u) => u !== null);

  test("a request for an unknown email answers exactly as for an existing one, and queues nothing", async () => {
    const user = await newAccount();
    const before = await db.emailOutbox.count();
    const unknown = await requestPasswordReset(
      { email: "nobody-here@example.com", ip: user.ip },
      db,
      { store },
    );
    expect(await db.emailOutbox.count()).toBe(before);
    expect(
      await db.passwordResetToken.count({ where: { user: { email: "nobody-here@example.com" } } }),
    ).toBe(0);
    const known = await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    expect(unknown).toEqual(known);
    expect(known).toEqual(PASSWORD_RESET_REQUESTED);
    expect(await db.emailOutbox.count()).toBe(before + 1);
  });

  test("the token is stored only as its SHA-256 and the email links to /reset-password/<token> on APP_URL", async () => {
    const user = await newAccount();
    await requestPasswordReset({ email: user.email.toUpperCase(), ip: user.ip }, db, { store });
    const { token, mail, rendered } = await tokenFromMailbox(user.email);
    expect(mail.subject).toBe("Reset your Fanfare password");
    expect(rendered.html).toContain(`/reset-password/${token}`);
    const rows = await db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // PASSWORD_RESET_TTL_MINUTES, default 60.
    const ttlMs = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime();
    expect(Math.round(ttlMs / 60_000)).toBe(60);
  });

  test("the link works once: the new password works, the old one does not, and a second use is refused", async () => {
    const user = await newAccount();
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const { token } = await tokenFromMailbox(user.email);
    expect(await getPasswordResetTokenState({ token }, db)).toBe("valid");

    const result = await resetPassword({ token, newPassword: "new password 1" }, db, { store });
    expect(result).toEqual({ id: user.id, email: user.email });
    expect(await signsIn(user.email, "new password 1", user.ip)).toBe(true);
    expect(await signsIn(user.email, "old password", user.ip)).toBe(false);

    expect(await getPasswordResetTokenState({ token }, db)).toBe("used");
    const again = await resetPassword({ token, newPassword: "new password 2" }, db, {
      store,
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe("GONE");
    expect(await signsIn(user.email, "new password 1", user.ip)).toBe(true);
  });

  test("an expired link is refused and changes nothing", async () => {
    const user = await newAccount();
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const { token } = await tokenFromMailbox(user.email);
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await getPasswordResetTokenState({ token, now: later }, db)).toBe("expired");
    const err = await resetPassword({ token, newPassword: "new password 1" }, db, {
      store,
      now: later,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/expired/);
    expect(await signsIn(user.email, "old password", user.ip)).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(0);
  });

  test("an unknown or malformed link is refused as not valid", async () => {
    for (const token of ["A".repeat(43), "short", "x\u0000".repeat(22)]) {
      const err = await resetPassword({ token, newPassword: "new password 1" }, db, {
        store,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("NOT_FOUND");
    }
  });

  test("a reset signs out everywhere: sessionVersion goes up by one, old JWTs are refused, every bearer token is revoked", async () => {
    const user = await newAccount();
    const phone = await issueBearerToken(db, user.id, "phone");
    const tablet = await issueBearerToken(db, user.id, "tablet");
    expect(await resolveBearerToken(db, phone.token)).toEqual({ ok: true, userId: user.id });
    const jwt = sessionVersionJwtCallback({
      currentSessionVersion: async (id) =>
        (await db.user.findUnique({ where: { id }, select: { sessionVersion: true } }))
          ?.sessionVersion ?? null,
    });
    const cookie = await jwt({ token: {}, user: { id: user.id } });
    expect(cookie).toMatchObject({ sub: user.id, sv: 0 });
    expect(await jwt({ token: { ...cookie! } })).not.toBeNull();

    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const { token } = await tokenFromMailbox(user.email);
    await resetPassword({ token, newPassword: "new password 1" }, db, { store });

    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
    expect(await jwt({ token: { ...cookie! } })).toBeNull();
    expect(await resolveBearerToken(db, phone.token)).toEqual({ ok: false, reason: "unknown" });
    expect(await resolveBearerToken(db, tablet.token)).toEqual({ ok: false, reason: "unknown" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // Signing in again issues a cookie of the new version, which works.
    const fresh = await jwt({ token: {}, user: { id: user.id } });
    expect(await jwt({ token: { ...fresh! } })).toMatchObject({ sv: 1 });
  });

  test("a reset proves the mailbox: the address is verified, and on a first proof the API keys and webhooks made before are cut off (account pre-hijacking)", async () => {
    const user = await newAccount();
    await db.apiKey.create({
      data: {
        userId: user.id,
        name: "Made before",
        prefix: "mnopqrstuvwx",
        secretHash: "1".repeat(64),
        scopes: ["stats:read"],
      },
    });
    await db.webhookEndpoint.create({
      data: {
        userId: user.id,
        url: "https://before.example/in",
        events: ["sale.completed"],
        secret: "whsec_YmVmb3Jl",
      },
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const { token } = await tokenFromMailbox(user.email);
    await resetPassword({ token, newPassword: "new password 1" }, db, { store });
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified,
    ).not.toBeNull();
    expect(await db.apiKey.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.webhookEndpoint.count({ where: { userId: user.id, disabledAt: null } })).toBe(
      0,
    );

    // A later reset (the address already verified) leaves keys made since alone.
    await db.apiKey.create({
      data: {
        userId: user.id,
        name: "Made after",
        prefix: "yzabcdefghij",
        secretHash: "2".repeat(64),
        scopes: ["stats:read"],
      },
    });
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const second = await tokenFromMailbox(user.email);
    await resetPassword({ token: second.token, newPassword: "new password 2" }, db, { store });
    expect(await db.apiKey.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
  });

  test("a reset invalidates the account's other outstanding reset links", async () => {
    const user = await newAccount();
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const first = await tokenFromMailbox(user.email);
    await new Promise((r) => setTimeout(r, 5));
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const second = await tokenFromMailbox(user.email);
    expect(second.token).not.toBe(first.token);
    await resetPassword({ token: second.token, newPassword: "new password 1" }, db, { store });
    expect(await getPasswordResetTokenState({ token: first.token }, db)).toBe("unknown");
    await expect(
      resetPassword({ token: first.token, newPassword: "new password 2" }, db, { store }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await signsIn(user.email, "new password 1", user.ip)).toBe(true);
  });

  test("two concurrent uses of one link: exactly one succeeds", async () => {
    const user = await newAccount();
    await requestPasswordReset({ email: user.email, ip: user.ip }, db, { store });
    const { token } = await tokenFromMailbox(user.email);
    const results = await Promise.allSettled([
      resetPassword({ token, newPassword: "racer one 1" }, db, { store }),
      resetPassword({ token, newPassword: "racer two 2" }, db, { store }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  test("over RATE_LIMIT_RESET_PER_ACCOUNT_HOUR (5) requests for one address are limited, whether or not the account exists", async () => {
    const user = await newAccount();
    const ips = (i: number) => `203.0.113.${100 + i}`;
    for (const email of [user.email, `ghost-${n}@example.com`]) {
      for (let i = 0; i < 5; i++) await requestPasswordReset({ email, ip: ips(i) }, db, { store });
      const err = await requestPasswordReset({ email, ip: ips(9) }, db, { store }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).rule).toBe("passwordResetPerAccount");
    }
    // The account's emails: exactly five reset links.
    expect(
      await db.emailOutbox.count({ where: { to: user.email, template: "password-reset" } }),
    ).toBe(5);
  });
});
