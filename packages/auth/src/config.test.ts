import { describe, expect, test } from "vitest";

import { resolveAuthRedirect, sessionVersionJwtCallback } from "./config";

describe("sessionVersionJwtCallback: a JWT older than the user's session version is refused", () => {
  const versions = new Map<string, number>([["u1", 3]]);
  const jwt = sessionVersionJwtCallback({
    currentSessionVersion: async (id) => versions.get(id) ?? null,
  });

  test("a sign-in stamps the token with the session version the credentials check returned", async () => {
    const token = await jwt({ token: {}, user: { id: "u1", sessionVersion: 3 } });
    expect(token).toMatchObject({ sub: "u1", sv: 3 });
  });

  test("a sign-in without a version (the magic link) reads the current one", async () => {
    const token = await jwt({ token: {}, user: { id: "u1" } });
    expect(token).toMatchObject({ sub: "u1", sv: 3 });
  });

  test("a token of the current version keeps working", async () => {
    expect(await jwt({ token: { sub: "u1", sv: 3 } })).toMatchObject({ sub: "u1", sv: 3 });
  });

  test("a token issued before the version was raised (password reset) is refused", async () => {
    expect(await jwt({ token: { sub: "u1", sv: 2 } })).toBeNull();
    expect(await jwt({ token: { sub: "u1" } })).toBeNull();
  });

  test("a token of a deleted account is refused", async () => {
    expect(await jwt({ token: { sub: "gone", sv: 0 } })).toBeNull();
  });

  test("an anonymous token passes through", async () => {
    expect(await jwt({ token: { name: "x" } })).toEqual({ name: "x" });
  });
});

describe("resolveAuthRedirect: Auth.js redirects stay on APP_URL's origin", () => {
  const app = "https://fanfare.example";
  test.each([
    ["/dashboard", `${app}/dashboard`],
    ["/t/night-drive?ref=abc", `${app}/t/night-drive?ref=abc`],
    [`${app}/dashboard/earnings`, `${app}/dashboard/earnings`],
    ["http://0.0.0.0:3000/dashboard", `${app}/`],
    ["https://evil.example/x", `${app}/`],
    ["//evil.example/x", `${app}/`],
    ["/\\evil.example/x", `${app}/`],
    ["/%2F%2Fevil.example", `${app}/`],
    ["javascript:alert(1)", `${app}/`],
    ["not a url", `${app}/`],
  ])("%s -> %s", (url, expected) => {
    expect(resolveAuthRedirect(url, app)).toBe(expected);
  });
});

describe("pinAuthUrl", () => {
  test("pins AUTH_URL to APP_URL's origin when unset, and leaves an explicit AUTH_URL alone", async () => {
    const { pinAuthUrl } = await import("./env");
    const saved = { APP_URL: process.env.APP_URL, AUTH_URL: process.env.AUTH_URL };
    try {
      process.env.APP_URL = "https://fanfare.example/some/path";
      delete process.env.AUTH_URL;
      expect(pinAuthUrl()).toBe("https://fanfare.example");
      expect(process.env.AUTH_URL).toBe("https://fanfare.example");
      process.env.AUTH_URL = "https://auth.fanfare.example";
      expect(pinAuthUrl()).toBe("https://auth.fanfare.example");
      expect(process.env.AUTH_URL).toBe("https://auth.fanfare.example");
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
