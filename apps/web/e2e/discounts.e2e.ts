/**
 * Promoter codes and campaigns in a real browser (Debian's Chromium through playwright-core),
 * against a running, demo-seeded Fanfare at BASE_URL (issue 12 "Tests: browser (a buyer applies a
 * promoter's code and the promoter sees the sale without any click)"):
 *   the demo promoter Robin claims a personal code on their dashboard ("My code"); a fan in a
 *   fresh browser, who never opened any promoter's link, types the code on a track page, sees the
 *   discount and the new total, pays in the sandbox and downloads; Robin's dashboard then shows
 *   the code's use and one more sale on the track's link, with its clicks unchanged. The seed's
 *   running campaign shows on its track page (banner, countdown, struck price) and on discover.
 * Screenshots go to docs/screenshots/discounts-*.png. Run: `pnpm --filter @fanfare/web e2e:discounts`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import type { Browser, Page } from "playwright-core";

import { launchBrowser } from "./browser";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const SHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");
const run = Date.now().toString(36).toUpperCase();
// A person's browser: headless Chromium's own user agent is treated as a bot.
const userAgent =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = "fanfare-demo";
const PROMOTER = "robin@fanfare.local";
const DASHBOARD = "/dashboard/promoter";
// The demo catalogue (packages/api/src/scripts/seed.ts): Low Tide Letters sells at $2.00 with a
// 15 % commission and no campaign; Paper Suns has the seed's running campaign (15 % off).
const TRACK = { slug: "low-tide-letters", title: "Low Tide Letters" };
const CAMPAIGN_TRACK = { slug: "paper-suns", campaign: "Paper Suns weekend" };

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.log(`  screenshot docs/screenshots/${name}.png`);
}

/** The track's row in the promoter's links table: its sales and clicks. */
async function linkFigures(page: Page): Promise<{ sales: number; clicks: number }> {
  await page.goto(`${BASE_URL}${DASHBOARD}`);
  const row = page.getByTestId("promoter-links").locator("tr", { hasText: TRACK.title });
  await row.waitFor({ timeout: 60_000 });
  return {
    sales: Number(await row.getByTestId("link-sales").textContent()),
    clicks: Number(await row.getByTestId("link-clicks").textContent()),
  };
}

async function main() {
  const browser: Browser = await launchBrowser();
  try {
    // 1. Robin claims a personal code on the dashboard.
    console.log("promoter: claims a personal code");
    const ctx = await browser.newContext({ viewport: DESKTOP, userAgent });
    const promoter = await ctx.newPage();
    await promoter.goto(`${BASE_URL}/sign-in?next=${encodeURIComponent(DASHBOARD)}`);
    await promoter.getByLabel("Email", { exact: true }).fill(PROMOTER);
    await promoter.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await promoter.getByRole("button", { name: "Sign in" }).click();
    await promoter.waitForURL((u) => u.pathname === DASHBOARD, { timeout: 60_000 });
    const before = await linkFigures(promoter);
    const card = promoter.getByTestId("my-code");
    await card.waitFor({ timeout: 60_000 });
    const code = `ROBIN-${run}`;
    // The seed leaves Robin without a code (a rerun needs a freshly seeded database).
    await card.getByLabel("Your code", { exact: true }).fill(code);
    await card.getByLabel(/^Discount \(up to/).fill("10");
    await card.getByRole("button", { name: "Claim code" }).click();
    await card.getByText(code, { exact: true }).waitFor({ timeout: 30_000 });
    await card.getByText(/10% off for your buyers · used 0 times/).waitFor();
    await shot(promoter, "discounts-my-code");

    // 2. A fan who never opened a promoter's link types the code and pays.
    console.log("buyer: types the code on a track page and pays");
    const buyerCtx = await browser.newContext({ viewport: PHONE, userAgent });
    const buyer = await buyerCtx.newPage();
    await buyer.goto(`${BASE_URL}/t/${TRACK.slug}`);
    await buyer.getByTestId("preview-player").waitFor();
    await buyer.getByLabel("Email for your download link").fill(`code-fan-${run}@example.com`);
    await buyer.getByRole("button", { name: "Have a code?" }).click();
    await buyer.getByLabel("Discount code").fill(code.toLowerCase());
    const result = buyer.getByTestId("discount-result");
    await result.getByText(/\$0\.20 off/).waitFor({ timeout: 30_000 });
    assert.match((await result.textContent()) ?? "", /you pay \$1\.80/);
    await shot(buyer, "discounts-buy-form-390");
    await buyer.getByRole("button", { name: "Buy and download" }).click();
    await buyer.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
    await buyer.getByText("$1.80").first().waitFor();
    await buyer.getByRole("button", { name: /^Pay / }).click();
    await buyer.waitForURL(/\/purchase\//, { timeout: 60_000 });
    await buyer.getByTestId("download-link").waitFor({ timeout: 60_000 });
    await buyerCtx.close();

    // 3. Robin sees the sale, with no click: the code's use and one more sale on the link.
    console.log("promoter: the sale without a click");
    const after = await linkFigures(promoter);
    assert.equal(after.sales, before.sales + 1, "the code's sale is on Robin's link");
    assert.equal(after.clicks, before.clicks, "no click was made");
    await card.getByText(/used 1 time · \$0\.20 given/).waitFor({ timeout: 30_000 });
    await ctx.close();

    // 4. The seed's running campaign: the banner and the struck price on its track page, and the
    //    campaign on discover (desktop and phone).
    console.log("campaign: track page and discover");
    for (const [viewport, suffix] of [
      [DESKTOP, ""],
      [PHONE, "-390"],
    ] as const) {
      const c = await browser.newContext({ viewport, userAgent });
      const page = await c.newPage();
      await page.goto(`${BASE_URL}/t/${CAMPAIGN_TRACK.slug}`);
      const banner = page.getByTestId("campaign-banner");
      await banner.getByText(CAMPAIGN_TRACK.campaign).waitFor({ timeout: 30_000 });
      await banner.getByText(/^Ends in /).waitFor({ timeout: 30_000 });
      await page.getByTestId("campaign-price").waitFor();
      await shot(page, `discounts-campaign-track${suffix}`);
      await page.goto(`${BASE_URL}/`);
      await page
        .getByTestId("live-campaigns")
        .getByText(CAMPAIGN_TRACK.campaign)
        .waitFor({ timeout: 30_000 });
      if (!suffix) await shot(page, "discounts-campaign-discover");
      await c.close();
    }
    console.log("discounts e2e: passed");
  } finally {
    await browser.close();
  }
}

await main();
