/**
 * The mobile app's web build in headless Chromium (Debian's, through playwright-core) against a
 * running Fanfare API: signs in as the demo promoter, visits Earnings, Links and Payouts at a
 * phone's viewport (390x844) and saves docs/screenshots/mobile-{earnings,links,payouts}.png.
 *
 *   API_URL   the API (default http://localhost:3000), with the demo data of `pnpm db:seed`
 *   WEB_PORT  where the web build is served (default 8081: an origin the API allows by default
 *             in development; otherwise add it to the API's CORS_ORIGINS)
 *
 * The API URL is compiled into the bundle (app.config.ts), so the script runs
 * `expo export -p web` with EXPO_PUBLIC_API_URL=API_URL first (about a minute on two cores);
 * REUSE_DIST=1 skips that when dist/ already targets API_URL.
 * Run: `pnpm --filter @fanfare/mobile e2e`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import type { Page } from "playwright-core";
import { chromium } from "playwright-core";

const API_URL = (process.env.API_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const WEB_PORT = Number(process.env.WEB_PORT ?? 8081);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EMAIL = process.env.PROMOTER_EMAIL ?? "promoter@fanfare.local";
const PASSWORD = process.env.PROMOTER_PASSWORD ?? "fanfare-demo";
const REUSE_DIST = process.env.REUSE_DIST === "1";

const APP_DIR = path.resolve(__dirname, "..");
const DIST = path.join(APP_DIR, "dist");
const SHOTS = path.resolve(APP_DIR, "../../docs/screenshots");

/** Whether dist/ holds a web export whose bundle points at API_URL. */
function distTargets(apiUrl: string): boolean {
  const jsDir = path.join(DIST, "_expo/static/js/web");
  if (!fs.existsSync(path.join(DIST, "index.html")) || !fs.existsSync(jsDir)) return false;
  // The app config (extra.apiUrl) is embedded as a JSON string inside the bundle.
  const needles = [`"apiUrl":"${apiUrl}"`, `apiUrl\\":\\"${apiUrl}\\"`];
  return fs
    .readdirSync(jsDir)
    .some(
      (f) =>
        f.endsWith(".js") &&
        needles.some((n) => fs.readFileSync(path.join(jsDir, f), "utf8").includes(n)),
    );
}

function exportWeb() {
  console.log(`expo export -p web for ${API_URL}`);
  // --clear: Metro's cache can keep the app config (and so the API URL) of a previous export.
  const r = spawnSync(
    "pnpm",
    ["exec", "expo", "export", "-p", "web", "--clear", "--max-workers", "2"],
    {
      cwd: APP_DIR,
      stdio: "inherit",
      env: { ...process.env, EXPO_PUBLIC_API_URL: API_URL, EXPO_OFFLINE: "1", CI: "1" },
    },
  );
  assert.equal(r.status, 0, "expo export -p web failed");
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".css": "text/css",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
};

/** Serves dist/; unknown paths get index.html (the app routes on the client: output "single"). */
function serveDist(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.normalize(path.join(DIST, urlPath));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory())
      file = path.join(DIST, "index.html");
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Let the tab's entrance and the chart's layout settle.
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  console.log(`  screenshot docs/screenshots/${name}.png`);
}

async function openTab(page: Page, title: string) {
  await page.getByRole("tab", { name: title }).click();
}

async function main() {
  const health = await fetch(`${API_URL}/api/health`).catch(() => null);
  assert.ok(
    health?.ok,
    `No Fanfare API at ${API_URL} (GET /api/health). Start it, e.g. PORT=3300 APP_URL=http://localhost:3300 pnpm --filter @fanfare/web dev`,
  );
  if (!REUSE_DIST || !distTargets(API_URL)) exportWeb();
  assert.ok(distTargets(API_URL), `dist/ does not point at ${API_URL}`);

  const server = await serveDist(WEB_PORT);
  const appUrl = `http://localhost:${WEB_PORT}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      // The live earnings stream (SSE) is aborted by design when its screen unmounts.
      if (
        r.url().includes("/api/trpc/live.events") &&
        r.failure()?.errorText === "net::ERR_ABORTED"
      )
        return;
      problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`);
    });

    console.log(`sign in as ${EMAIL} on ${appUrl} (API ${API_URL})`);
    await page.goto(appUrl);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    console.log("earnings");
    await page.getByText("Pending (on hold)", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByTestId("earnings-chart").waitFor();
    assert.equal(
      await page.getByText("Could not load").count(),
      0,
      "the earnings screen shows an error",
    );
    await shot(page, "mobile-earnings");

    console.log("links");
    await openTab(page, "Links");
    await page.getByRole("heading", { name: "Your links" }).waitFor();
    const firstLink = page.getByTestId("affiliate-url").first();
    await firstLink.waitFor({ timeout: 30_000 });
    const url = (await firstLink.textContent()) ?? "";
    // A track's link, or a release's (issue 16 §1: Pat's newest link is the album's).
    assert.match(url, /\/[tr]\/[a-z0-9-]+\?ref=[a-z0-9]+$/, `unexpected link ${url}`);
    await shot(page, "mobile-links");

    console.log("payouts");
    await openTab(page, "Payouts");
    await page.getByText("Payable now", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: "History" }).waitFor();
    await page
      .getByText(/No payouts yet|Requested /)
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, "mobile-payouts");

    console.log("leaderboard and profile");
    await openTab(page, "Leaderboard");
    await page.getByRole("tab", { name: "All time" }).click();
    await page.getByText(/^#1$/).waitFor({ timeout: 30_000 });
    if (process.env.REVIEW_SHOTS)
      await page.screenshot({ path: path.join(process.env.REVIEW_SHOTS, "leaderboard.png") });
    await openTab(page, "Profile");
    await page.getByText(EMAIL, { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByTestId("connect-status").waitFor({ timeout: 30_000 });
    if (process.env.REVIEW_SHOTS)
      await page.screenshot({ path: path.join(process.env.REVIEW_SHOTS, "profile.png") });

    console.log("sign out");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();

    assert.deepEqual(problems, [], "the browser reported problems");
    console.log("mobile web e2e: ok");
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
