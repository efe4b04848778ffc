import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { closeDb } from "@fanfare/db";

import type { AuthHooks } from "./config";
import { createAuth } from "./index";

/**
 * The raw Auth.js endpoints, called as Next calls them, with the Host a server bound to 0.0.0.0
 * sees: every URL they produce (redirects, the magic link) must be on APP_URL's origin.
 */
describe("Auth.js endpoints build their URLs on APP_URL, whatever the Host", () => {
  const APP = "http://localhost:3999";
  const saved = { ...process.env };
  const dataDir = mkdtempSync(path.join(tmpdir(), "fanfare-auth-urls-"));
  const magicLinks: string[] = [];
  const hooks: AuthHooks = {
    authorizeCredentials: async () => null,
    sendMagicLink: async ({ url }) => {
      magicLinks.push(url);
    },
    currentSessionVersion: async () => 0,
  };
  let auth: ReturnType<typeof createAuth>;

  beforeAll(() => {
    // An embedded database of its own (the adapter stores the magic link's token there).
    delete process.env.DATABASE_URL;
    delete process.env.AUTH_URL;
    delete process.env.NEXTAUTH_URL;
    process.env.FANFARE_DATA_DIR = dataDir;
    process.env.APP_URL = APP;
    auth = createAuth(hooks);
  });
  afterAll(async () => {
    await closeDb();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const request = (url: string, init: { method?: string; body?: string; cookie?: string } = {}) =>
    new NextRequest(url, {
      method: init.method ?? "GET",
      body: init.body,
      headers: {
        host: "0.0.0.0:3000",
        ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
    });

  test("GET /api/auth/signin sends the browser to APP_URL's sign-in page, and an unsafe callbackUrl to the home page", async () => {
    const res = await auth.handlers.GET(
      request("http://0.0.0.0:3000/api/auth/signin?callbackUrl=%2F%5Cevil.example%2Fx"),
    );
    expect(res.status).toBe(302);
    // The sign-in page (a path: the browser stays on the origin it is on), asked to return to
    // APP_URL's home page, since "/\evil.example/x" is not a path on this site.
    const location = new URL(res.headers.get("location") ?? "", APP);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe(`${APP}/`);
    expect(res.headers.get("location")).not.toContain("0.0.0.0");
  });

  test("the magic link is built on APP_URL and sign-in afterwards lands on the safe path asked for", async () => {
    const csrf = await auth.handlers.GET(request("http://0.0.0.0:3000/api/auth/csrf"));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const res = await auth.handlers.POST(
      request("http://0.0.0.0:3000/api/auth/signin/nodemailer", {
        method: "POST",
        cookie,
        body: new URLSearchParams({
          csrfToken,
          email: "magic@example.com",
          callbackUrl: "/dashboard/earnings",
        }).toString(),
      }),
    );
    // Auth.js's own "check your email" hop, on APP_URL (it then shows pages.verifyRequest).
    expect(res.headers.get("location")).toBe(
      `${APP}/api/auth/verify-request?provider=nodemailer&type=email`,
    );
    expect(magicLinks).toHaveLength(1);
    const link = new URL(magicLinks[0]!);
    expect(link.origin).toBe(APP);
    expect(link.pathname).toBe("/api/auth/callback/nodemailer");
    expect(link.searchParams.get("callbackUrl")).toBe(`${APP}/dashboard/earnings`);
  });
});
