/**
 * Releases in the browser (issue 16 §1), against a running, demo-seeded Fanfare:
 * 1. Pat opens the seeded album `/r/harbour-lights` and gets a release link from its page.
 * 2. A fan opens the link, sees the album's tracks and its price below the tracks' sum, buys it in
 *    the sandbox checkout and downloads every track from the receipt, one file each.
 * 3. Pat's dashboard lists the link with the sale.
 *    The receipt's personal licence verifies at /license/<key>, with a PDF certificate.
 * 4. The EP on pre-order says so, and the artist's release list and editor render (desktop and
 *    390 px, axe-core clean).
 * Usage: BASE_URL=http://localhost:3000 pnpm --filter @fanfare/web e2e:catalog
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  axeViolations,
  BASE_URL,
  DESKTOP,
  launchBrowser,
  PERSON_USER_AGENT,
  PHONE,
  shot,
  signInAs,
} from "./browser";

const ALBUM = "harbour-lights";
const EP = "tide-tables";

async function main() {
  const browser = await launchBrowser();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-catalog-"));
  try {
    // 1. Pat gets a link to the album from its page.
    console.log(`promoter: /r/${ALBUM}, Get your link`);
    const promoterCtx = await browser.newContext({
      viewport: DESKTOP,
      userAgent: PERSON_USER_AGENT,
    });
    const promoter = await promoterCtx.newPage();
    await signInAs(promoter, "promoter@fanfare.local", "/dashboard/promoter");
    await promoter.goto(`${BASE_URL}/r/${ALBUM}`);
    await promoter.getByTestId("release-page").waitFor();
    await promoter.getByRole("button", { name: "Get your link" }).click();
    const accept = promoter.getByRole("button", { name: "Accept and get my link" });
    const url = promoter.getByTestId("affiliate-url");
    await Promise.race([accept.waitFor(), url.waitFor()]);
    if (await accept.isVisible()) await accept.click();
    await url.waitFor();
    const affiliateUrl = await url.inputValue();
    assert.match(affiliateUrl, new RegExp(`/r/${ALBUM}\\?ref=[a-z0-9]+$`), "a release link");
    await shot(promoter, "catalog-release-promoter-link");

    // 2. A fan opens the link, buys the album and downloads every track.
    console.log(`buyer: open ${affiliateUrl}, buy the album, download each track`);
    const buyerCtx = await browser.newContext({
      viewport: DESKTOP,
      acceptDownloads: true,
      userAgent: PERSON_USER_AGENT,
    });
    const buyer = await buyerCtx.newPage();
    await buyer.goto(affiliateUrl.replace(/^https?:\/\/[^/]+/, BASE_URL));
    await buyer.getByTestId("release-page").waitFor();
    const tracks = buyer.getByTestId("release-tracks").getByRole("listitem");
    assert.equal(await tracks.count(), 3, "the album lists its three tracks");
    assert.equal(await buyer.getByTestId("price").textContent(), "$8.00");
    assert.match(
      (await buyer.getByTestId("release-total").textContent()) ?? "",
      /3 tracks/,
      "the album says how many tracks it has",
    );
    assert.deepEqual(await axeViolations(buyer), [], "axe-core on the release page");
    await shot(buyer, "catalog-release-page");
    await buyer.setViewportSize(PHONE);
    const width = await buyer.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `the release page is ${width} px wide at 390 px`);
    await shot(buyer, "catalog-release-page-390");
    await buyer.setViewportSize(DESKTOP);
    await buyer.getByLabel("Email for your download link").fill("album-fan@example.com");
    await buyer.getByRole("button", { name: "Buy and download" }).click();
    await buyer.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
    assert.equal(await buyer.getByTestId("sandbox-amount").textContent(), "$8.00");
    await buyer.getByRole("button", { name: /^Pay / }).click();
    await buyer.waitForURL(/\/purchase\//, { timeout: 60_000 });
    const items = buyer.getByTestId("purchase-items");
    await items.getByTestId("download-link").first().waitFor({ timeout: 60_000 });
    assert.equal(await items.getByTestId("download-link").count(), 3, "a download per track");
    await shot(buyer, "catalog-release-receipt");
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [download] = await Promise.all([
        buyer.waitForEvent("download"),
        items.getByTestId("download-link").nth(i).click(),
      ]);
      const file = path.join(tmp, `track-${i}`);
      await download.saveAs(file);
      assert.ok(fs.statSync(file).size > 1000, "a whole audio file");
      names.push(download.suggestedFilename());
    }
    assert.deepEqual(
      names.map((n) => n.replace(/\.\w+$/, "")),
      ["Night Drive", "Glass Harbour", "Paper Suns"].map((t) => `Nova Lights - ${t}`),
      "each file is the track's master, named after it, in the album's order",
    );
    console.log(`  downloaded ${names.join(", ")}`);

    // The purchase carries a personal licence (issue 16 §4): its key verifies publicly, and its
    // certificate is a PDF.
    const key = (
      (await buyer.getByTestId("license").getByTestId("license-key").textContent()) ?? ""
    ).trim();
    assert.match(key, /^FF(-[0-9A-Z]{4}){4}$/, "a licence key on the receipt");
    const pdf = await buyer.request.get(`${BASE_URL}/api/licenses/${key}/certificate.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
    await buyer.getByRole("link", { name: "Verification page" }).click();
    await buyer.waitForURL(new RegExp(`/license/${key}$`));
    await buyer.getByTestId("license-valid").waitFor();
    assert.match((await buyer.locator("main").textContent()) ?? "", /Harbour Lights/);
    assert.deepEqual(await axeViolations(buyer), [], "axe-core on the licence page");
    await shot(buyer, "catalog-license-verify");

    // 3. Pat's dashboard lists the release link with the sale.
    console.log("promoter dashboard: the release link's sale");
    await promoter.goto(`${BASE_URL}/dashboard/promoter`);
    const row = promoter.locator("[data-testid^=link-row-]").filter({ hasText: "Harbour Lights" });
    await row.waitFor();
    assert.ok(Number(await row.getByTestId("link-sales").textContent()) >= 1, "the sale counts");

    // 4. The pre-order and the artist's side.
    console.log(`pre-order: /r/${EP}; artist: releases list and editor`);
    await buyer.goto(`${BASE_URL}/r/${EP}`);
    await buyer.getByRole("button", { name: "Pre-order now" }).waitFor();
    await shot(buyer, "catalog-preorder-page");
    const artistCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const artist = await artistCtx.newPage();
    await signInAs(artist, "artist@fanfare.local", "/dashboard/artist");
    await artist.goto(`${BASE_URL}/dashboard/artist/releases`);
    await artist.getByText("Harbour Lights").first().waitFor();
    assert.deepEqual(await axeViolations(artist), [], "axe-core on the artist's releases");
    await shot(artist, "catalog-artist-releases");
    await artist.getByText("Harbour Lights").first().click();
    await artist.waitForURL(/\/dashboard\/artist\/releases\/[^/]+$/);
    await artist.getByLabel("Title").waitFor();
    assert.equal(await artist.getByLabel("Title").inputValue(), "Harbour Lights");
    assert.deepEqual(await axeViolations(artist), [], "axe-core on the release editor");
    await shot(artist, "catalog-release-editor");
    await artist.setViewportSize(PHONE);
    const editorWidth = await artist.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(editorWidth <= PHONE.width, `the editor is ${editorWidth} px wide at 390 px`);
    await shot(artist, "catalog-release-editor-390");
    console.log("catalog e2e: ok");
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
