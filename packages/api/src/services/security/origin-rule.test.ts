import { describe, expect, test } from "vitest";

import { checkOriginRule } from "./origin-rule";

const APP = "http://localhost:3000";
const JSON_TYPE = { "content-type": "application/json" };
const COOKIE = { cookie: "authjs.session-token=abc; other=1" };

// prettier-ignore
const CASES: [string, "trpc" | "upload", string, Record<string, string>, number | "ok"][] = [
  ["a same-origin mutation", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, origin: APP }, "ok"],
  ["a mutation from an allowed CORS origin (the mobile web build)", "trpc", "POST", { ...JSON_TYPE, origin: "http://localhost:8081" }, "ok"],
  ["a mutation addressed to the Host it comes from (127.0.0.1 while APP_URL says localhost)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }, "ok"],
  ["a mutation from another port of the same host (same site, other origin)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, origin: "http://localhost:4000", host: "localhost:3000" }, 403],
  ["a mutation from another site", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, origin: "https://evil.example" }, 403],
  ["a mutation with Origin: null (sandboxed iframe, data: URL)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, origin: "null" }, 403],
  ["a multipart form post to tRPC, even same-origin", "trpc", "POST", { "content-type": "multipart/form-data; boundary=x", ...COOKIE, origin: APP }, 415],
  ["a urlencoded form post to tRPC", "trpc", "POST", { "content-type": "application/x-www-form-urlencoded", ...COOKIE }, 415],
  ["a text/plain post to tRPC (no-CORS fetch)", "trpc", "POST", { "content-type": "text/plain;charset=UTF-8", ...COOKIE }, 415],
  ["a tRPC post without Content-Type (no-CORS fetch of a Blob)", "trpc", "POST", { ...COOKIE }, 415],
  ["no Origin, Sec-Fetch-Site cross-site", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, "sec-fetch-site": "cross-site" }, 403],
  ["no Origin, Sec-Fetch-Site same-site (another subdomain or port)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, "sec-fetch-site": "same-site" }, 403],
  ["no Origin, Sec-Fetch-Site same-origin", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, "sec-fetch-site": "same-origin" }, "ok"],
  ["no Origin, Sec-Fetch-Site none (typed by the user)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, "sec-fetch-site": "none" }, "ok"],
  ["neither header (not a browser: curl, a script)", "trpc", "POST", { ...JSON_TYPE, ...COOKIE }, "ok"],
  ["a bearer-token request from any origin, without a session cookie", "trpc", "POST", { ...JSON_TYPE, authorization: "Bearer tok", origin: "https://anywhere.example" }, "ok"],
  ["a bearer-token request that also carries the session cookie, from another site", "trpc", "POST", { ...JSON_TYPE, ...COOKIE, authorization: "Bearer tok", origin: "https://evil.example" }, 403],
  ["a GET (tRPC query) from another site: changes nothing", "trpc", "GET", { ...COOKIE, origin: "https://evil.example" }, "ok"],
  ["a same-origin multipart upload", "upload", "POST", { "content-type": "multipart/form-data; boundary=x", ...COOKIE, origin: APP }, "ok"],
  ["a multipart upload from another site", "upload", "POST", { "content-type": "multipart/form-data; boundary=x", ...COOKIE, origin: "https://evil.example" }, 403],
  ["a multipart upload from another port of the same host", "upload", "POST", { "content-type": "multipart/form-data; boundary=x", ...COOKIE, "sec-fetch-site": "same-site" }, 403],
];

describe("checkOriginRule: cookie-authenticated writes come from the app's own origin", () => {
  test.each(CASES)("%s", (_label, kind, method, headers, expected) => {
    const r = checkOriginRule({
      method,
      headers: new Headers(headers),
      appOrigin: APP,
      allowedOrigins: ["http://localhost:8081"],
      kind,
    });
    if (expected === "ok") expect(r).toEqual({ ok: true });
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe(expected);
        expect(r.reason).toMatch(expected === 415 ? /JSON only/ : /Cross-site request refused/);
      }
    }
  });
});
