/**
 * Cached public pages in a real browser (Debian's Chromium through playwright-core), against a
 * production build at BASE_URL (default http://localhost:3000) with the demo seed:
 *   - the track page, discover and the leaderboard are served from Next's page cache: the HTML
 *     an anonymous visitor and two different signed-in users (the track's artist and a promoter)
 *     get is byte-identical, holds neither user's email or name and no "Sign out", and a repeat
 *     request is a cache HIT; in the browser each still sees their own state (nav, "Get your
 *     link", "This is your track");
 *   - an affiliate visit (`?ref=`) served from cache still sets the attribution cookie; the page
 *     through a link is cached per `ref` only (another `src` or `utm_*` is the same HIT), its
 *     share tags point at the card naming the promoter, and the card is a 1200×630 PNG;
 *   - a draft's page, as served to anyone (its owner's cookie included), says "not available" and
 *     holds none of the draft (title, description, price), while the owner sees the draft in the
 *     browser; once published, and again once edited, the very next load shows the change;
 *   - with SECOND_URL (a second web process on the same database, as behind a load balancer):
 *     the edit made through the first process also reaches the page the second had cached, in
 *     about the time a PostgreSQL notification takes (the tag channel,
 *     packages/api/src/services/cache/tag-channel.ts), not after the page's revalidate hour.
 * Screenshots (docs/screenshots/): the track page signed out and signed in at 1366 and 390 px,
 * the owner's draft. Run: `pnpm --filter @fanfare/web e2e:cache`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { APIResponse, Browser, BrowserContext, Page } from "playwright-core";

import { synthesizeTone } from "@fanfare/api/services/media";

import { launchBrowser } from "./browser";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
/** A second web process of the same deployment (same database), when the run has one. */
const SECOND_URL = process.env.SECOND_URL;
const SHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");
const DEMO_PASSWORD = "fanfare-demo";
/** The demo seed's artist (owner of night-drive) and a promoter; see packages/api/src/scripts/seed.ts. */
const ARTIST = { email: "artist@fanfare.local" };
const PROMOTER = { email: "promoter@fanfare.local" };
const TRACK = "night-drive";
const run = Date.now().toString(36);
const userAgent =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.log(`  screenshot docs/screenshots/${name}.png`);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${BASE_URL}/sign-in?next=/dashboard`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/, { timeout: 60_000 });
}

/** The server's HTML for `url` with the context's cookies (no JavaScript runs). */
async function serverHtml(
  ctx: BrowserContext,
  url: string,
  base: string = BASE_URL,
): Promise<{ html: string; res: APIResponse }> {
  // A GET is idempotent: retried once if the reused keep-alive socket was reset under it, as
  // browsers do (Playwright's request client does not).
  const get = () => ctx.request.get(`${base}${url}`, { maxRedirects: 0 });
  const res = await get().catch((e: unknown) => {
    if (String(e).includes("ECONNRESET")) return get();
    throw e;
  });
  assert.equal(res.status(), 200, `GET ${url}: ${res.status()}`);
  return { html: await res.text(), res };
}

/** The HTML fetched as a signed-in user never names a signed-in user. */
function assertNothingPersonal(html: string, url: string, who: string[]) {
  for (const w of who) assert.ok(!html.includes(w), `${url}: the cached HTML contains ${w}`);
  assert.ok(!html.includes("Sign out"), `${url}: the cached HTML contains "Sign out"`);
  assert.ok(!html.includes('data-testid="signed-in-as"'), `${url}: the cached HTML shows a user`);
}

/**
 * Answered from the page cache: HIT, or STALE (past its revalidate period: served from cache
 * while it is re-rendered in the background; the leaderboard's period is a minute).
 */
const FROM_CACHE = /^(HIT|STALE)$/;

/** The three visitors get the same bytes for `url`, and the repeat is answered from cache. */
async function assertSharedCachedPage(
  visitors: { name: string; ctx: BrowserContext }[],
  url: string,
  personal: string[],
) {
  // Fill the cache if it is empty, and wait out a re-render in the background (STALE: past
  // the revalidate period): the reference is a fresh HIT.
  let first = await serverHtml(visitors[0]!.ctx, url);
  for (let i = 0; i < 20 && first.res.headers()["x-nextjs-cache"] !== "HIT"; i++) {
    await new Promise((r) => setTimeout(r, 250));
    first = await serverHtml(visitors[0]!.ctx, url);
  }
  assert.equal(
    first.res.headers()["x-nextjs-cache"],
    "HIT",
    `${url}: a repeat request is a cache HIT`,
  );
  for (const v of visitors) {
    const { html, res } = await serverHtml(v.ctx, url);
    assert.match(
      res.headers()["x-nextjs-cache"] ?? "",
      FROM_CACHE,
      `${url} as ${v.name}: from cache`,
    );
    assertNothingPersonal(html, `${url} as ${v.name}`, personal);
    assert.equal(html, first.html, `${url}: ${v.name} gets byte-identical HTML`);
  }
  console.log(`  ${url}: byte-identical for ${visitors.map((v) => v.name).join(", ")}; HIT`);
}

async function main() {
  const browser: Browser = await launchBrowser();
  const newContext = (width = 1366, height = 900) =>
    browser.newContext({ viewport: { width, height }, userAgent });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-cache-e2e-"));
  try {
    const anonCtx = await newContext();
    const artistCtx = await newContext();
    const promoterCtx = await newContext();
    const anon = await anonCtx.newPage();
    const artist = await artistCtx.newPage();
    const promoter = await promoterCtx.newPage();
    await signIn(artist, ARTIST.email);
    await signIn(promoter, PROMOTER.email);
    const visitors = [
      { name: "anonymous", ctx: anonCtx },
      { name: ARTIST.email, ctx: artistCtx },
      { name: PROMOTER.email, ctx: promoterCtx },
    ];
    const personal = [ARTIST.email, PROMOTER.email];

    // 1. One cached copy of each public page for everybody.
    console.log("cached pages: the same HTML for everyone, nothing personal");
    for (const url of [`/t/${TRACK}`, "/", "/leaderboard", "/leaderboard?period=all"])
      await assertSharedCachedPage(visitors, url, personal);

    // 2. In the browser, each visitor sees their own state on that same page.
    console.log("client islands: each visitor's own state");
    await anon.goto(`${BASE_URL}/t/${TRACK}`);
    await anon.getByRole("link", { name: "Sign in to get your link" }).waitFor();
    assert.equal(await anon.getByTestId("signed-in-as").count(), 0);
    await shot(anon, "track-page-signed-out-1366");
    await promoter.goto(`${BASE_URL}/t/${TRACK}`);
    await promoter.locator(`[data-testid="signed-in-as"][title="${PROMOTER.email}"]`).waitFor();
    await promoter.getByRole("button", { name: "Get your link" }).waitFor();
    await shot(promoter, "track-page-signed-in-1366");
    await artist.goto(`${BASE_URL}/t/${TRACK}`);
    await artist.locator(`[data-testid="signed-in-as"][title="${ARTIST.email}"]`).waitFor();
    await artist.getByTestId("own-track").waitFor();
    assert.equal(await artist.getByRole("button", { name: "Get your link" }).count(), 0);
    for (const [ctxPage, name, island] of [
      [anon, "track-page-signed-out-390", "Sign in to get your link"],
      [promoter, "track-page-signed-in-390", "Get your link"],
    ] as const) {
      await ctxPage.setViewportSize({ width: 390, height: 844 });
      await ctxPage.reload();
      await ctxPage.getByText(island, { exact: true }).waitFor();
      await shot(ctxPage, name);
      await ctxPage.setViewportSize({ width: 1366, height: 900 });
    }

    // 3. An affiliate visit answered from cache still gets its attribution cookie.
    console.log("click capture before a cached page");
    await promoter.goto(`${BASE_URL}/t/${TRACK}`);
    const getLink = promoter.getByRole("button", { name: "Get your link" });
    await getLink.click();
    const field = promoter.getByTestId("affiliate-url");
    // On a loaded box the island may still be hydrating when the button shows: a click that
    // started nothing (the button still there, not pending) is made again, once.
    await field.waitFor({ timeout: 10_000 }).catch(async () => {
      if ((await getLink.count()) > 0 && (await getLink.isEnabled())) await getLink.click();
    });
    await field.waitFor({ timeout: 90_000 }).catch(async (e: unknown) => {
      const island = await promoter
        .getByText(/Promote this (track|release)/)
        .locator("..")
        .textContent();
      throw new Error(`No link after "Get your link"; the card says: ${island}`, { cause: e });
    });
    const affiliateUrl = await field.inputValue();
    // The page through a link is cached per `ref` (issue 14 §4: its share tags name the
    // promoter): another visitor's visit fills it, with other `src`/`utm_*` values, which never
    // vary the cached page.
    const linkPath = affiliateUrl.replace(/^https?:\/\/[^/]+/, "");
    const ref = new URL(affiliateUrl).searchParams.get("ref")!;
    let warm = await serverHtml(anonCtx, `${linkPath}&src=warm-up&utm_source=other`);
    for (let i = 0; i < 20 && warm.res.headers()["x-nextjs-cache"] !== "HIT"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      warm = await serverHtml(anonCtx, `${linkPath}&src=warm-up&utm_source=other`);
    }
    assert.ok(
      warm.html.includes(`/api/og/track/${TRACK}?ref=${ref}`),
      "the page through a link points og:image at the card that names the promoter",
    );
    assert.match(warm.html, /<meta property="og:description" content="Recommended by /);
    assertNothingPersonal(warm.html, linkPath, personal);
    const visitorCtx = await newContext();
    const visit = await visitorCtx.request.get(`${BASE_URL}${linkPath}&src=newsletter`, {
      maxRedirects: 0,
    });
    assert.equal(visit.status(), 200);
    assert.equal(
      visit.headers()["x-nextjs-cache"],
      "HIT",
      "the affiliate visit is served from cache (another src: the same cached page)",
    );
    // The card itself: a PNG of 1200×630.
    const card = await visitorCtx.request.get(`${BASE_URL}/api/og/track/${TRACK}?ref=${ref}`);
    assert.equal(card.headers()["content-type"], "image/png");
    const png = await card.body();
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
    const cookies = visit.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
    assert.ok(
      cookies.some((c) => c.value.startsWith("ff_ref_")),
      `the attribution cookie is set on the cached response (got ${cookies.map((c) => c.value.split("=")[0]).join(", ")})`,
    );
    assert.match(
      visit.headers()["cache-control"] ?? "",
      /private|no-store/,
      "a response that sets cookies is not for shared caches",
    );
    await visitorCtx.close();

    // 4. A draft: its page, whoever asks, is neutral; the owner sees the draft in the browser.
    console.log("draft: neutral cached page, the owner's view in the browser");
    const masterPath = path.join(tmp, "secret-draft.wav");
    fs.writeFileSync(
      masterPath,
      await synthesizeTone({ seconds: 31, frequencyHz: 440, format: "wav" }),
    );
    const title = `Secret Draft ${run}`;
    const marker = `draft-marker-${run}`;
    await artist.goto(`${BASE_URL}/dashboard/artist/tracks/new`);
    await artist.getByLabel("Master audio").setInputFiles(masterPath);
    await artist.getByText(/Uploaded secret-draft\.wav/).waitFor({ timeout: 60_000 });
    await artist.getByLabel("Title").fill(title);
    await artist.getByLabel("Description").fill(`Not for anyone else's eyes: ${marker}.`);
    await artist.getByLabel("Price (USD)").fill("7.77");
    await artist.getByLabel("Publish now").uncheck();
    await artist.getByRole("button", { name: "Create draft" }).click();
    await artist.waitForURL(/\/dashboard\/artist$/);
    const draftLink = artist.getByRole("link", { name: title });
    await draftLink.waitFor();
    const draftUrl = (await draftLink.getAttribute("href")) ?? "";
    assert.match(draftUrl, /^\/t\/[a-z0-9-]+$/);
    const secrets = [title, marker, "$7.77", "Draft — only you"];
    for (const v of visitors) {
      const { html } = await serverHtml(v.ctx, draftUrl);
      for (const s of secrets)
        assert.ok(!html.includes(s), `${draftUrl} as ${v.name}: the HTML contains ${s}`);
      assert.ok(
        html.includes("This track is not available"),
        `${draftUrl} as ${v.name}: the neutral page`,
      );
      assert.match(html, /<meta name="robots" content="noindex, nofollow"/);
    }
    const again = await serverHtml(anonCtx, draftUrl);
    assert.equal(
      again.res.headers()["x-nextjs-cache"],
      "HIT",
      "the draft's neutral page is cached",
    );
    await artist.goto(`${BASE_URL}${draftUrl}`);
    await artist.getByText("Draft — only you can see this page").waitFor();
    await artist.getByRole("heading", { name: title }).waitFor();
    await shot(artist, "track-page-owner-draft");
    await promoter.goto(`${BASE_URL}${draftUrl}`);
    await promoter.getByTestId("track-unavailable").waitFor();
    // Let the islands settle (the viewer query, then no draft query for a non-artist).
    await promoter.getByTestId("signed-in-as").waitFor({ state: "attached" });
    assert.equal(await promoter.getByText(title).count(), 0, "the promoter never sees the draft");

    // 5. Publishing, then editing, shows on the very next load (tags expire at once).
    console.log("publish and edit: the next load shows the change");
    await artist.goto(`${BASE_URL}/dashboard/artist`);
    const row = artist.getByTestId(`track-row-${draftUrl.slice(3)}`);
    // The publish mutation has answered: from then on, the next load must show the track.
    const [publishRes] = await Promise.all([
      artist.waitForResponse((r) => r.url().includes("artist.publishTrack")),
      row.getByRole("button", { name: "Publish" }).click(),
    ]);
    assert.equal(publishRes.status(), 200);
    // Exact: the row's buttons read "UnpublishEditDelete", which contains "published" too.
    await row.getByText("Published", { exact: true }).waitFor();
    // The dashboard says what happened, with the page's link (issue 10, defect 13).
    await artist.getByTestId("track-notice").getByText("is published").waitFor();
    const published = await serverHtml(anonCtx, draftUrl);
    assert.ok(published.html.includes(title), "published: the next load shows the track");
    assert.ok(!published.html.includes("Draft — only you"));
    if (SECOND_URL) {
      // The second process caches the published page (a HIT there, under the first title).
      let there = await serverHtml(anonCtx, draftUrl, SECOND_URL);
      for (let i = 0; i < 20 && there.res.headers()["x-nextjs-cache"] !== "HIT"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        there = await serverHtml(anonCtx, draftUrl, SECOND_URL);
      }
      assert.equal(there.res.headers()["x-nextjs-cache"], "HIT", "the second process caches it");
      assert.ok(there.html.includes(title), "the second process shows the first title");
    }
    await row.getByRole("link", { name: "Edit" }).click();
    await artist.waitForURL(/\/dashboard\/artist\/tracks\//);
    const renamed = `Renamed ${run}`;
    await artist.getByLabel("Title").fill(renamed);
    await artist.getByRole("button", { name: "Save changes" }).click();
    await artist.waitForURL(/\/dashboard\/artist$/);
    const edited = await serverHtml(anonCtx, draftUrl);
    assert.ok(edited.html.includes(renamed), "edited: the next load shows the new title");
    const discover = await serverHtml(anonCtx, "/");
    assert.ok(discover.html.includes(renamed), "discover lists the track under its new title");
    if (SECOND_URL) {
      // The edit went through the first process; the second hears the tags and drops its copy.
      const started = Date.now();
      let there = await serverHtml(anonCtx, draftUrl, SECOND_URL);
      while (!there.html.includes(renamed) && Date.now() - started < 30_000) {
        await new Promise((r) => setTimeout(r, 100));
        there = await serverHtml(anonCtx, draftUrl, SECOND_URL);
      }
      assert.ok(there.html.includes(renamed), "the second process shows the edit");
      const discoverThere = await serverHtml(anonCtx, "/", SECOND_URL);
      assert.ok(discoverThere.html.includes(renamed), "the second process's discover too");
      console.log(`  the second process showed the edit after ${Date.now() - started} ms`);
    }
    // Leave the seed as it was for other tests: the track goes back out of the store.
    await artist.goto(`${BASE_URL}/dashboard/artist`);
    await artist
      .getByTestId(`track-row-${draftUrl.slice(3)}`)
      .getByRole("button", { name: "Unpublish" })
      .click();
    await artist
      .getByTestId(`track-row-${draftUrl.slice(3)}`)
      .getByText("Draft", { exact: true })
      .waitFor();
    const unpublished = await serverHtml(anonCtx, draftUrl);
    assert.ok(!unpublished.html.includes(renamed), "unpublished: the next load no longer shows it");
    // Deleting asks first in a dialog (not the browser's confirm()); Cancel keeps the track.
    const draftRow = artist.getByTestId(`track-row-${draftUrl.slice(3)}`);
    await draftRow.getByRole("button", { name: "Delete" }).click();
    const ask = artist.getByRole("alertdialog", { name: `Delete “${renamed}”?` });
    await ask.waitFor();
    await shot(artist, "artist-delete-dialog");
    await ask.getByRole("button", { name: "Cancel" }).click();
    await ask.waitFor({ state: "detached" });
    assert.equal(await draftRow.count(), 1, "Cancel keeps the track");
    await draftRow.getByRole("button", { name: "Delete" }).click();
    await artist.getByRole("alertdialog").getByRole("button", { name: "Delete track" }).click();
    await artist.getByTestId("track-notice").getByText(`“${renamed}” is deleted.`).waitFor();
    await draftRow.waitFor({ state: "detached" });
    console.log("e2e:cache: 1 passed, 0 failed");
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  console.log("e2e:cache: 0 passed, 1 failed");
  process.exit(1);
});
