import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { closeDb, getDb } from "@fanfare/db";

import type { AuthHooks } from "./config";
import { createAuth } from "./index";
import { claimOnEmailSignIn } from "./config";
import { buildMagicLink } from "./magic-link";

/**
 * A link made by `buildMagicLink` (outside Auth.js: share & earn, issue 14 §7) must sign in
 * through Auth.js's own callback exactly like one its email sign-in made, and only once.
 */
describe("buildMagicLink makes links Auth.js's callback accepts", () => {
  const APP = "http://localhost:3998";
  const saved = { ...process.env };
  const dataDir = mkdtempSync(path.join(tmpdir(), "fanfare-magic-link-"));
  const hooks: AuthHooks = {
    authorizeCredentials: async () => null,
    sendMagicLink: async () => undefined,
    currentSessionVersion: async () => 0,
  };
  let auth: ReturnType<typeof createAuth>;

  beforeAll(() => {
    delete process.env.DATABASE_URL;
    delete process.env.AUTH_URL;
    delete process.env.NEXTAUTH_URL;
    delete process.env.AUTH_SECRET;
    process.env.FANFARE_DATA_DIR = dataDir;
    process.env.APP_URL = APP;
    auth = createAuth(hooks);
  });
  afterAll(async () => {
    await closeDb();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (pathAndQuery: string) =>
    auth.handlers.GET(
      new NextRequest(`${APP}${pathAndQuery}`, { headers: { host: "0.0.0.0:3000" } }),
    );

  test("opening the link signs the account in and lands on the callback path; a second use is refused", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: "share.buyer@example.com", name: "Bea" } });
    const link = buildMagicLink({
      email: " Share.Buyer@Example.com ",
      callbackPath: "/dashboard/promoter/start?track=night-drive",
    });
    expect(link.identifier).toBe("share.buyer@example.com");
    await db.verificationToken.create({ data: link.verificationToken });

    const res = await get(link.signInPath);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${APP}/dashboard/promoter/start?track=night-drive`);
    const cookies = res.headers.getSetCookie().join("\n");
    expect(cookies).toMatch(/authjs\.session-token=/);
    // Auth.js marks the address verified on the user the email names: no second account.
    expect(await db.user.count({ where: { email: "share.buyer@example.com" } })).toBe(1);
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified,
    ).not.toBeNull();

    const again = await get(link.signInPath);
    expect(again.headers.get("location") ?? "").toMatch(/error=Verification/);
  });

  test("the first email-link sign-in to an unverified account with a password takes it over: the password is removed and older sessions are signed out", async () => {
    const db = await getDb();
    // Someone signed up with the owner's address and a password they know, and waits.
    const planted = await db.user.create({
      data: {
        email: "owner@example.com",
        passwordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA",
      },
    });
    // ...with an app token, an API key and a webhook endpoint of their own.
    await db.session.create({
      data: {
        sessionToken: "planted-token",
        userId: planted.id,
        expires: new Date(Date.now() + 86_400_000),
      },
    });
    await db.apiKey.create({
      data: {
        userId: planted.id,
        name: "Planted",
        prefix: "abcdefghijkl",
        secretHash: "0".repeat(64),
        scopes: ["stats:read"],
      },
    });
    await db.webhookEndpoint.create({
      data: {
        userId: planted.id,
        url: "https://planted.example/in",
        events: ["sale.completed"],
        secret: "whsec_cGxhbnRlZA==",
      },
    });
    // Asking for a link proves nothing: Auth.js runs the signIn callback then too.
    await claimOnEmailSignIn(db)({
      user: { id: planted.id },
      account: { type: "email" },
      email: { verificationRequest: true },
    });
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: planted.id } })).passwordHash,
    ).not.toBeNull();
    expect(await db.apiKey.count({ where: { userId: planted.id, revokedAt: null } })).toBe(1);
    const link = buildMagicLink({ email: "owner@example.com", callbackPath: "/dashboard" });
    await db.verificationToken.create({ data: link.verificationToken });
    const res = await get(link.signInPath);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${APP}/dashboard`);
    const after = await db.user.findUniqueOrThrow({ where: { id: planted.id } });
    expect(after.passwordHash).toBeNull();
    expect(after.sessionVersion).toBe(planted.sessionVersion + 1);
    expect(after.emailVerified).not.toBeNull();
    // What the planter made is cut off (the link's own session is a JWT cookie, not a row).
    expect(await db.session.count({ where: { userId: planted.id } })).toBe(0);
    expect(
      (await db.apiKey.findFirstOrThrow({ where: { userId: planted.id } })).revokedAt,
    ).not.toBeNull();
    expect(
      await db.webhookEndpoint.findFirstOrThrow({ where: { userId: planted.id } }),
    ).toMatchObject({ disabledReason: expect.stringMatching(/first confirmed/) });

    // A verified account keeps its password on a later email-link sign-in.
    await db.user.update({ where: { id: planted.id }, data: { passwordHash: "$argon2id$kept" } });
    const again = buildMagicLink({ email: "owner@example.com", callbackPath: "/" });
    await db.verificationToken.create({ data: again.verificationToken });
    await get(again.signInPath);
    expect(await db.user.findUniqueOrThrow({ where: { id: planted.id } })).toMatchObject({
      passwordHash: "$argon2id$kept",
      sessionVersion: planted.sessionVersion + 1,
    });
  });

  test("a callback path that is not on the app is refused before any token exists", () => {
    expect(() =>
      buildMagicLink({ email: "a@example.com", callbackPath: "//evil.example/x" }),
    ).toThrow(/path on the app/);
    expect(() => buildMagicLink({ email: '"a"@example.com', callbackPath: "/" })).toThrow(
      /Invalid email/,
    );
  });
});
