/**
 * Promoter reach in a real browser (Debian's Chromium through playwright-core), against a
 * running, demo-seeded Fanfare at BASE_URL (issue 14):
 *   1. the demo artist's public page `/a/nova-lights` (bio, links, tracks, top fans);
 *   2. Pat's landing page `/p/pat-picks`: a fan opens it, follows a track's button (Pat's link
 *      with `src=landing`; the address bar loses `src` after capture), pays in the sandbox, and
 *      Pat's "Performance by source" shows the sale under "landing";
 *   3. Pat edits the page's headline in the editor, sees it in the live preview, saves, and the
 *      public page shows it on the next load (its cache tag expired);
 *   4. the embeddable player inside a plain HTML page of another site (127.0.0.1 instead of
 *      localhost) with third-party cookies blocked: a play counts one view, Buy opens the track
 *      page top-level with Pat's code and `src=embed`, where the attribution cookie is set;
 *   5. oEmbed answers the player's iframe; the share cards answer image/png at 1200x630;
 *   5b. Pat builds an artist-page link with `src=newsletter`; a reader opens it and buys another
 *      track of that artist; Pat's report shows the sale under "newsletter" (issue 14 §1);
 *   6. a visitor opens Pat's recruit link `/join?ref=`, signs up, and is counted under Pat's
 *      "Your recruits";
 * share & earn on the receipt page (the buyer's magic link lands on their new link after the
 * terms), and the resource center, the link builder and the share kit (promo posts, embed code).
 * Screenshots go to docs/screenshots/reach-*.png. Run: `pnpm --filter @fanfare/web e2e:reach`.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import type { Browser, Page } from "playwright-core";

import {
  BASE_URL,
  DESKTOP,
  launchBrowser,
  PERSON_USER_AGENT,
  PHONE,
  SHOTS,
  shot,
  signInAs,
} from "./browser";

const run = Date.now().toString(36);
const PROMOTER = "promoter@fanfare.local";
const ADMIN = "admin@fanfare.local";
const ARTIST_SLUG = "nova-lights";
const LANDING = "pat-picks";

/**
 * Polls the dev mailbox (as the signed-in admin on `page`) until the newest `template` mail to
 * `to` is SENT by the outbox worker. @returns its first link containing `linkPart`.
 */
async function deliveredLink(
  page: Page,
  to: string,
  template: string,
  linkPart: string,
): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.goto(`${BASE_URL}/dev/mailbox?to=${encodeURIComponent(to)}`);
    const mail = page.locator(`[data-testid="mail"][data-template="${template}"]`).first();
    if ((await mail.count()) > 0 && (await mail.getAttribute("data-status")) === "SENT") {
      const href = await mail
        .getByTestId("mail-link")
        .filter({ hasText: linkPart })
        .first()
        .getAttribute("href");
      assert.ok(href, `the ${template} email carries its link`);
      return href;
    }
    if (Date.now() > deadline)
      throw new Error(`No delivered ${template} email to ${to} within 90 s (is the worker on?)`);
    await page.waitForTimeout(2000);
  }
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", "a PNG signature");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The sales Pat's source report shows for source tag `tag` (0 when no row). */
async function salesUnder(page: Page, tag: string): Promise<number> {
  await page.goto(`${BASE_URL}/dashboard/promoter`);
  const card = page.getByTestId("promoter-sources");
  await card.waitFor({ timeout: 60_000 });
  const table = card.getByTestId("promoter-sources-table");
  // The report has loaded when its table or its empty state shows.
  await table.or(card.getByText("No clicks or sales in this period")).waitFor({ timeout: 60_000 });
  if (!(await table.isVisible())) return 0;
  const row = table.locator(`tr[data-key="${tag}"]`);
  if ((await row.count()) === 0) return 0;
  // Columns: source, clicks, sales, conversion, earned.
  return Number((await row.locator("td").nth(2).textContent())?.trim());
}

async function main() {
  const browser: Browser = await launchBrowser({
    // Third-party cookies blocked, as Chrome does for everyone from 2025 on.
    extraArgs: ["--test-third-party-cookie-phaseout"],
  });
  try {
    // 1. The artist's page, at desktop and phone width.
    console.log("artist page: bio, links, tracks, top fans");
    for (const [viewport, suffix] of [
      [DESKTOP, ""],
      [PHONE, "-390"],
    ] as const) {
      const ctx = await browser.newContext({ viewport, userAgent: PERSON_USER_AGENT });
      const page = await ctx.newPage();
      const res = await page.goto(`${BASE_URL}/a/${ARTIST_SLUG}`);
      assert.equal(res?.status(), 200);
      await page.getByTestId("artist-page").waitFor();
      await page.getByRole("heading", { name: "Nova Lights", level: 1 }).waitFor();
      assert.match(
        (await page.getByTestId("artist-bio").textContent()) ?? "",
        /late-night electronic/,
      );
      assert.ok((await page.getByRole("link", { name: /Night Drive/ }).count()) > 0);
      await shot(page, `reach-artist-page${suffix}`);
      await ctx.close();
    }

    // 1b. The resource center: the list, then one guide rendered from Markdown.
    console.log("resource center");
    {
      const ctx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
      const page = await ctx.newPage();
      assert.equal((await page.goto(`${BASE_URL}/resources`))?.status(), 200);
      await page.getByRole("heading", { name: "Resource center", level: 1 }).waitFor();
      await shot(page, "reach-resources");
      assert.equal((await page.goto(`${BASE_URL}/resources/how-do-i-get-paid`))?.status(), 200);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await ctx.close();
    }

    // 2. A fan buys from Pat's landing page; Pat sees the sale under "landing".
    console.log("landing page: a fan buys through it");
    const patCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const pat = await patCtx.newPage();
    await signInAs(pat, PROMOTER, "/dashboard/promoter");
    const before = await salesUnder(pat, "landing");

    const fanCtx = await browser.newContext({ viewport: PHONE, userAgent: PERSON_USER_AGENT });
    const fan = await fanCtx.newPage();
    const landing = await fan.goto(`${BASE_URL}/p/${LANDING}`);
    assert.equal(landing?.status(), 200);
    await fan.getByTestId("landing-page").waitFor();
    assert.ok((await fan.getByTestId("landing-track").count()) >= 3, "three tracks listed");
    await fan.getByRole("list", { name: "Badges" }).waitFor();
    await shot(fan, "reach-landing-page-390");
    const cta = fan
      .getByTestId("landing-track")
      .first()
      .getByRole("link", { name: /Listen and buy/ });
    const href = (await cta.getAttribute("href")) ?? "";
    assert.match(href, /^\/t\/[a-z0-9-]+\?ref=[a-z0-9]+&src=landing$/);
    await cta.click();
    await fan.waitForURL((u) => u.pathname.startsWith("/t/"), { timeout: 60_000 });
    // The click was captured; then the address bar keeps the ref and loses the source tag.
    await fan.waitForFunction(() => !window.location.search.includes("src="), null, {
      timeout: 30_000,
    });
    assert.match(fan.url(), /\?ref=[a-z0-9]+$/);
    const cookies = await fanCtx.cookies(BASE_URL);
    assert.ok(
      cookies.some((c) => c.name.startsWith("ff_ref_")),
      "the attribution cookie is set",
    );
    await fan.getByLabel("Email for your download link").fill(`landing-fan-${run}@example.com`);
    await fan.getByRole("button", { name: "Buy and download" }).click();
    await fan.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
    await fan.getByRole("button", { name: /^Pay / }).click();
    await fan.waitForURL(/\/purchase\//, { timeout: 60_000 });
    await fan.getByTestId("download-link").waitFor({ timeout: 60_000 });

    // 2a. Share & earn (issue 14 §7): the receipt page offers the fan the track's commission;
    //     one click mails a sign-in link, which lands them on their new link after the terms.
    console.log("share & earn: the buyer becomes a promoter from the receipt page");
    const buyerEmail = `landing-fan-${run}@example.com`;
    const offer = fan.getByTestId("share-earn-offer");
    await offer.waitFor({ timeout: 60_000 });
    await offer.scrollIntoViewIfNeeded();
    await shot(fan, "reach-share-earn-390");
    await offer.getByRole("button", { name: /Share & earn/ }).click();
    await fan.getByTestId("share-earn-sent").waitFor({ timeout: 60_000 });
    const adminCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const admin = await adminCtx.newPage();
    await signInAs(admin, ADMIN, "/dashboard");
    const magicLink = await deliveredLink(admin, buyerEmail, "magic-link", "/api/auth/callback/");
    await adminCtx.close();
    await fan.goto(magicLink);
    await fan.waitForURL((u) => u.pathname === "/dashboard/promoter/start", { timeout: 60_000 });
    await fan.getByTestId("start-terms").getByRole("button", { name: "Accept the terms" }).click();
    await fan.getByTestId("start-link").waitFor({ timeout: 60_000 });
    await shot(fan, "reach-share-earn-start-390");
    await fanCtx.close();
    let after = before;
    for (let i = 0; i < 20 && after === before; i++) {
      after = await salesUnder(pat, "landing");
      if (after === before) await pat.waitForTimeout(1000);
    }
    assert.equal(after, before + 1, "the sale shows under the landing source tag");
    await pat.getByTestId("promoter-sources").scrollIntoViewIfNeeded();
    await shot(pat, "reach-source-report");

    // 2b. The link builder (a source tag, UTM filled in) and the share kit on a track page.
    console.log("link builder and share kit");
    await pat.goto(`${BASE_URL}/dashboard/promoter`);
    const builder = pat.getByTestId("link-builder");
    await builder.getByTestId("link-builder-src").fill("newsletter");
    await builder.getByTestId("link-builder-utm-toggle").click();
    await builder.getByTestId("link-builder-utm_content").waitFor();
    assert.equal(await builder.getByTestId("link-builder-utm_content").inputValue(), "newsletter");
    const built = builder.getByTestId("link-builder-result");
    // The link chosen is Pat's newest (a track's or, since issue 16, the album's): its address
    // carries the tag whatever page it goes to.
    const builtUrl = built.getByTestId("affiliate-url");
    await builtUrl.waitFor({ timeout: 30_000 });
    for (let i = 0; !(await builtUrl.inputValue()).includes("src=newsletter"); i++) {
      if (i >= 30) throw new Error("the built link never carried src=newsletter");
      await pat.waitForTimeout(500);
    }
    await builder.scrollIntoViewIfNeeded();
    await builder.screenshot({ path: path.join(SHOTS, "reach-link-builder.png") });
    console.log("  screenshot docs/screenshots/reach-link-builder.png");
    await pat.goto(`${BASE_URL}${new URL(href, BASE_URL).pathname}`);
    await pat.getByRole("button", { name: "Get your link" }).click();
    const posts = pat.getByTestId("promo-posts");
    await posts.getByTestId("post-text-x").waitFor({ timeout: 60_000 });
    assert.match(await posts.getByTestId("post-text-x").inputValue(), /\/t\/[a-z0-9-]+\?ref=/);
    await pat.getByTestId("share-embed").locator("summary").click();
    await pat.getByTestId("embed-code").waitFor();
    await shot(pat, "reach-share-kit");

    // 3. Pat edits the headline: the live preview follows; the public page shows it after saving.
    console.log("landing editor: live preview, save, the public page updated");
    await pat.goto(`${BASE_URL}/dashboard/promoter/landing`);
    const headline = `Tracks for long drives ${run}`;
    await pat.getByLabel("Headline").fill(headline);
    await pat
      .getByRole("region", { name: "Live preview" })
      .getByText(headline)
      .waitFor({ timeout: 10_000 });
    await pat.getByRole("button", { name: "Save page" }).click();
    await pat.getByText("Your page is saved and public.").waitFor({ timeout: 30_000 });
    await shot(pat, "reach-landing-editor");
    const visitor = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const v = await visitor.newPage();
    await v.goto(`${BASE_URL}/p/${LANDING}`);
    await v.getByRole("heading", { name: headline }).waitFor({ timeout: 30_000 });
    await shot(v, "reach-landing-page");
    await visitor.close();
    await pat.setViewportSize(PHONE);
    await pat.reload();
    await pat.getByLabel("Headline").waitFor();
    await shot(pat, "reach-landing-editor-390");

    // The code of Pat's link to the first listed track, for the embed below.
    const ref = new URL(href, BASE_URL).searchParams.get("ref")!;
    const slug = new URL(href, BASE_URL).pathname.split("/").pop()!;
    await patCtx.close();

    // 4. The embed on another site (127.0.0.1 is another site than localhost).
    console.log("embed: a plain HTML page of another site, third-party cookies blocked");
    const embedUrl = `${BASE_URL}/embed/t/${slug}?ref=${ref}`;
    const host = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html><head><title>A music blog</title></head><body style="font-family:sans-serif;max-width:640px;margin:2rem auto">` +
          `<h1>Five tracks for the weekend</h1><p>Number one is this:</p>` +
          `<iframe src="${embedUrl}" width="100%" height="180" style="border:0" title="Fanfare player" allow="autoplay"></iframe>` +
          `<p>More soon.</p></body></html>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    try {
      const blogCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
      const blog = await blogCtx.newPage();
      await blog.goto(hostUrl);
      const frame = blog.frameLocator('iframe[title="Fanfare player"]');
      await frame.getByTestId("embed-player").waitFor({ timeout: 30_000 });
      const viewed = blog.waitForResponse(
        (r) => r.url().endsWith("/api/views") && r.request().method() === "POST",
        { timeout: 30_000 },
      );
      await frame.getByRole("button", { name: /^Play preview of / }).click();
      assert.equal((await viewed).status(), 204, "the play is counted as an embed view");
      await shot(blog, "reach-embed-in-page");
      assert.equal(
        (await blogCtx.cookies(BASE_URL)).length,
        0,
        "nothing is set inside another site's frame",
      );
      const [top] = await Promise.all([
        blogCtx.waitForEvent("page"),
        frame.getByTestId("embed-buy").click(),
      ]);
      await top.waitForURL((u) => u.pathname === `/t/${slug}`, { timeout: 60_000 });
      await top.getByLabel("Email for your download link").waitFor();
      const topCookies = await blogCtx.cookies(BASE_URL);
      assert.ok(
        topCookies.some((c) => c.name.startsWith("ff_ref_")),
        "the click is counted top-level, where the attribution cookie is first-party",
      );
      await blogCtx.close();
    } finally {
      host.close();
    }

    // 5. oEmbed and the share cards.
    console.log("oEmbed and share cards");
    const api = await browser.newContext({ userAgent: PERSON_USER_AGENT });
    const oembed = await api.request.get(
      `${BASE_URL}/api/oembed?url=${encodeURIComponent(`${BASE_URL}/t/${slug}?ref=${ref}`)}&format=json`,
    );
    assert.equal(oembed.status(), 200);
    const o = (await oembed.json()) as { version: string; type: string; html: string };
    assert.equal(o.version, "1.0");
    assert.equal(o.type, "rich");
    assert.ok(o.html.includes(`/embed/t/${slug}?ref=${ref}`), "the iframe carries the code");
    for (const card of [
      `/api/og/track/${slug}`,
      `/api/og/track/${slug}?ref=${ref}`,
      `/api/og/artist/${ARTIST_SLUG}`,
      `/api/og/landing/${LANDING}`,
    ]) {
      const res = await api.request.get(`${BASE_URL}${card}`);
      assert.equal(res.status(), 200, `${card}: ${res.status()}`);
      assert.equal(res.headers()["content-type"], "image/png", card);
      assert.deepEqual(pngSize(await res.body()), { width: 1200, height: 630 }, card);
    }
    await api.close();
    // 5b. A page link (issue 14 §1, the issue's named test): Pat builds a link to the artist's
    //     page with src=newsletter; a reader opens it and buys a track of that artist Pat never
    //     linked them to; Pat sees the sale under "newsletter".
    console.log("artist page link: a reader buys another track of the artist");
    {
      const ctx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
      const page = await ctx.newPage();
      await signInAs(page, PROMOTER, "/dashboard/promoter");
      const before = await salesUnder(page, "newsletter");
      const builder = page.getByTestId("link-builder");
      await builder.getByTestId("link-builder-mode-page").check();
      await builder.getByTestId("link-builder-page").selectOption(ARTIST_SLUG);
      await builder.getByTestId("link-builder-src").fill("newsletter");
      const result = builder.getByTestId("link-builder-result");
      // The final URL is in the share kit's read-only field.
      const wanted = /\/a\/nova-lights\?ref=[a-z0-9]+&src=newsletter/;
      let pageLink = "";
      for (let i = 0; i < 60 && !wanted.test(pageLink); i++) {
        pageLink = await result
          .locator("input")
          .first()
          .inputValue()
          .catch(() => "");
        if (!wanted.test(pageLink)) await page.waitForTimeout(500);
      }
      assert.match(pageLink, wanted, "the builder shows the artist page link");
      await builder.scrollIntoViewIfNeeded();
      await builder.screenshot({ path: path.join(SHOTS, "reach-link-builder-artist-page.png") });

      const readerCtx = await browser.newContext({ viewport: PHONE, userAgent: PERSON_USER_AGENT });
      const reader = await readerCtx.newPage();
      await reader.goto(pageLink.replace(/^https?:\/\/[^/]+/, BASE_URL));
      await reader.getByTestId("artist-page").waitFor();
      // Captured on the server; then the address bar keeps the ref and loses the source tag.
      await reader.waitForFunction(() => !window.location.search.includes("src="), null, {
        timeout: 30_000,
      });
      const cookies = await readerCtx.cookies();
      assert.ok(
        cookies.some((c) => c.name.startsWith("ff_pa_")),
        "the artist page's attribution cookie is set",
      );
      // The artist's second track: not the one any link of Pat's was opened for here.
      const trackLinks = reader.locator('main a[href^="/t/"]');
      const hrefs = [
        ...new Set(await trackLinks.evaluateAll((as) => as.map((a) => a.getAttribute("href")))),
      ];
      assert.ok(hrefs.length >= 2, `the artist has two tracks: ${hrefs.join(", ")}`);
      await reader.goto(`${BASE_URL}${hrefs[1]}`);
      await reader
        .getByLabel("Email for your download link")
        .fill(`newsletter-reader-${run}@example.com`);
      await reader.getByRole("button", { name: "Buy and download" }).click();
      await reader.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
      await reader.getByRole("button", { name: /^Pay / }).click();
      await reader.waitForURL(/\/purchase\//, { timeout: 60_000 });
      await reader.getByTestId("download-link").waitFor({ timeout: 60_000 });
      await readerCtx.close();
      let after = before;
      for (let i = 0; i < 20 && after === before; i++) {
        after = await salesUnder(page, "newsletter");
        if (after === before) await page.waitForTimeout(1000);
      }
      assert.equal(after, before + 1, "the sale shows under newsletter");
      await ctx.close();
    }

    // 6. Referrals (issue 14 §6): Pat's recruit link brings a new promoter, who appears under
    //    "Your recruits" (Riley, from the demo seed, is there already).
    console.log("recruit link: a visitor joins through Pat's link");
    const recruiterCtx = await browser.newContext({
      viewport: DESKTOP,
      userAgent: PERSON_USER_AGENT,
    });
    const recruiter = await recruiterCtx.newPage();
    await signInAs(recruiter, PROMOTER, "/dashboard/promoter");
    const recruitsCard = recruiter.getByTestId("recruits");
    await recruiter.goto(`${BASE_URL}/dashboard/promoter`);
    await recruitsCard.waitFor({ timeout: 60_000 });
    const recruitsBefore = Number(await recruitsCard.getByTestId("recruits-count").textContent());
    assert.ok(recruitsBefore >= 1, "the demo recruit is listed");
    // The recruit link is in the share kit's read-only field.
    const joinUrl = await recruitsCard.locator("input").first().inputValue();
    assert.match(joinUrl, /\/join\?ref=[a-z0-9]+$/, "the recruit link is shown");
    const newcomerCtx = await browser.newContext({ viewport: PHONE, userAgent: PERSON_USER_AGENT });
    const newcomer = await newcomerCtx.newPage();
    await newcomer.goto(joinUrl.replace(/^https?:\/\/[^/]+/, BASE_URL));
    assert.match(
      (await newcomer.getByTestId("join-recruiter").textContent()) ?? "",
      /Pat P\. invited you/,
    );
    await shot(newcomer, "reach-join-390");
    await newcomer.getByTestId("join-sign-up").click();
    await newcomer.waitForURL(/\/sign-up\?/);
    await newcomer.getByTestId("sign-up-recruiter").waitFor();
    await newcomer.getByLabel("Your name").fill("Nico Newcomer");
    await newcomer.getByLabel("Email").fill(`nico-${run}@example.com`);
    await newcomer.getByLabel("Password").fill("nico-password-1");
    await newcomer.getByRole("button", { name: "Create account" }).click();
    await newcomer.waitForURL((u) => u.pathname === "/dashboard/promoter", { timeout: 60_000 });
    await newcomerCtx.close();
    await recruiter.goto(`${BASE_URL}/dashboard/promoter`);
    await recruitsCard.waitFor({ timeout: 60_000 });
    assert.equal(
      Number(await recruitsCard.getByTestId("recruits-count").textContent()),
      recruitsBefore + 1,
      "the new recruit is counted",
    );
    await recruitsCard.getByText("Nico Newcomer").waitFor();
    await recruitsCard.scrollIntoViewIfNeeded();
    await recruitsCard.screenshot({ path: path.join(SHOTS, "reach-recruits.png") });
    console.log("  screenshot docs/screenshots/reach-recruits.png");
    await recruiterCtx.close();

    console.log("reach e2e: passed");
  } finally {
    await browser.close();
  }
}

await main();
