import { scalarScriptUrl } from "~/lib/scalar-asset";

export const dynamic = "force-dynamic";

/**
 * Scalar's options (https://github.com/scalar/scalar, "Configuration"): the document from this
 * site, and nothing fetched from anywhere else: no web fonts from Scalar's CDN, no telemetry, no
 * hosted AI agent; the key scheme preselected. Each route shows its own curl and TypeScript
 * samples (`x-codeSamples`). Sent through the page's inline script, which the
 * site's CSP allows ('unsafe-inline', src/lib/security-headers.ts); the bundle itself comes from
 * this origin (`/docs/api/scalar.js`).
 */
const SCALAR_CONFIG = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: "never",
  hideDarkModeToggle: false,
  authentication: { preferredSecurityScheme: "ApiKey" },
  metaData: { title: "Fanfare API reference" },
};

/** `<` in JSON inside a <script> could close it: escape it as JSON allows. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/**
 * The REST API's reference (`/docs/api`, issue 15 §2): the OpenAPI document rendered by Scalar,
 * with the site's name and a way back to the API keys page above it. A page of its own (not under
 * the site's layout): Scalar lays out the whole window, sidebar included, at every width.
 */
export function GET(): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fanfare API reference</title>
<meta name="description" content="The Fanfare REST API: stats, links, commissions, payouts and sales, with examples in curl and TypeScript.">
<style>
  body { margin: 0; }
  .ff-bar { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; padding: 0.5rem 1rem;
    font: 14px/1.4 system-ui, sans-serif; border-bottom: 1px solid #e4e4e7; background: #fff; color: #18181b; }
  .ff-bar a { color: inherit; }
  .ff-bar strong a { text-decoration: none; }
</style>
</head>
<body>
<nav class="ff-bar" aria-label="Fanfare">
  <strong><a href="/">Fanfare</a></strong>
  <span>API reference</span>
  <a href="/settings/api-keys">Your API keys</a>
  <a href="/api/v1/openapi.json">openapi.json</a>
</nav>
<noscript><p style="padding:1rem;font-family:system-ui,sans-serif">The reference needs JavaScript. The API is described in <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="api-reference-app"></div>
<script src="${scalarScriptUrl()}"></script>
<script>Scalar.createApiReference("#api-reference-app", ${scriptJson(SCALAR_CONFIG)});</script>
</body>
</html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "public, max-age=300",
    },
  });
}
