import { describe, expect, test } from "vitest";

import { scalarBundle } from "~/lib/scalar-asset";

import { GET as page } from "./route";
import { GET as script } from "./scalar.js/route";

/**
 * The API reference (issue 15 §2) loads nothing from another origin: its script is Scalar's
 * bundle served by Fanfare (so it works offline and under the CSP), its document the site's own.
 */
describe("/docs/api and its script", () => {
  test("the page loads Scalar from this site, versioned, and the site's own OpenAPI document", async () => {
    const res = page();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    const version = scalarBundle()!.version;
    expect(html).toContain(`<script src="/docs/api/scalar.js?v=${version}"></script>`);
    expect(html).toContain('"url":"/api/v1/openapi.json"');
    expect(html).toContain('"withDefaultFonts":false');
    expect(html).toContain('"telemetry":false');
    // No script or stylesheet from elsewhere (Scalar's default is its CDN).
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    expect(html).toContain('href="/settings/api-keys"');
  });

  test("the script is the installed bundle, kept a year, and revalidated by ETag", async () => {
    const res = script(new Request("http://localhost/docs/api/scalar.js?v=1"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = await res.text();
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(body).toContain("createApiReference");
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(body));

    const etag = res.headers.get("etag")!;
    expect(etag).toBe(`"scalar-${scalarBundle()!.version}"`);
    const again = script(
      new Request("http://localhost/docs/api/scalar.js?v=1", {
        headers: { "if-none-match": etag },
      }),
    );
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});
