/**
 * Releases, formats and labels in the browser (issue 16 §1, §2, §5), against a running,
 * demo-seeded Fanfare:
 * 1. Pat opens the seeded album `/r/harbour-lights` and gets a release link from its page.
 * 2. A fan opens the link, sees the album's tracks and its price below the tracks' sum, buys it in
 *    the sandbox checkout and downloads every track from the receipt, one file each.
 * 2b. Formats (issue 16 §2): on the receipt the fan picks FLAC; every track's link and the zip
 *    follow it (`?format=flac`). While a FLAC file is missing (the seed, run without a job
 *    runner, queues none) the zip answers 202 "preparing" with Retry-After, spends nothing and
 *    queues them; the web process's workers make them and the page, re-checking every 5 s, says
 *    when they are ready. Then one track downloads as a FLAC file (`fLaC`, `.flac`) and
 *    "Download all (zip)" as a zip listing every track (`unzip -l`). The picker at desktop and
 *    390 px.
 * 3. Pat's dashboard lists the link with the sale.
 *    The receipt's personal licence verifies at /license/<key>, with a PDF certificate.
 * 4. The EP on pre-order says so, and the artist's release list and editor render (desktop and
 *    390 px, axe-core clean).
 * 5. Labels (issue 16 §5): Harbour Records' dashboard lists both demo artists with their shares
 *    (Nova Lights 30 %, The Quiet Coast 25 % with a last day) and a label share above $0.00
 *    (desktop and 390 px, axe-core clean); its earnings page renders; "Manage catalog" for Nova
 *    Lights opens the artist dashboard under the acting banner, the releases page opens while
 *    acting, and Stop returns to the label dashboard. Nova Lights' Label card shows the contract.
 * 6. Catalog subscriptions: the offer on The Quiet Coast's page, the artist's plan, the demo
 *    subscriber's /subscriptions and the sandbox portal; the admin's "Renew now" on
 *    /admin/sandbox pays the next invoice and Robin's ledger shows its commission.
 * Usage: BASE_URL=http://localhost:3000 pnpm --filter @fanfare/web e2e:catalog
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Page } from "playwright-core";

import {
  axeViolations,
  BASE_URL,
  DESKTOP,
  launchBrowser,
  PERSON_USER_AGENT,
  PHONE,
  SHOTS,
  shot,
  signInAs,
} from "./browser";

const ALBUM = "harbour-lights";
const EP = "tide-tables";

/** The shown value of the `<Stat>` labelled `label` inside `testId`, once it has loaded. */
async function statValue(page: Page, testId: string, label: string): Promise<string> {
  const value = page
    .getByTestId(testId)
    .locator("dt", { hasText: label })
    .locator("xpath=following-sibling::dd[1]")
    .filter({ hasText: /\d/ });
  await value.waitFor({ timeout: 60_000 });
  return ((await value.textContent()) ?? "").trim();
}

/** "$1,234.50" as a number of dollars (NaN when it is not an amount). */
const dollars = (text: string) => Number(text.replace(/[$,]/g, ""));

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
    // The artwork loads lazily: without this the screenshot may show an empty square.
    await buyer.waitForFunction(() =>
      Array.from(document.querySelectorAll("main img")).every(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
    // Share & earn offers the album itself (issue 16 §1 with issue 14 §7), at its rate.
    const share = buyer.getByTestId("share-earn-offer");
    await share.waitFor({ timeout: 60_000 });
    assert.match(
      (await share.getByRole("heading").textContent()) ?? "",
      /^Share this album and earn \d+(\.\d+)?%$/,
    );
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

    // 2b. Formats (issue 16 §2): FLAC for every link, prepared in the background.
    console.log("buyer: choose FLAC, wait for the files, download a track and the zip");
    const zipLink = buyer.getByTestId("download-zip");
    assert.equal((await zipLink.textContent())?.trim(), "Download all (zip, originals)");
    await buyer.getByTestId("format-flac").check();
    await buyer.waitForFunction(() => location.search.includes("format=flac"));
    const zipHref = (await zipLink.getAttribute("href")) ?? "";
    assert.equal(new URL(zipHref, BASE_URL).searchParams.get("format"), "flac", zipHref);
    assert.equal(new URL(zipHref, BASE_URL).searchParams.get("zip"), "1", zipHref);
    assert.match((await zipLink.textContent()) ?? "", /Download all \(zip, FLAC\)/);
    for (const href of await items
      .getByTestId("download-link")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) {
      const q = new URL(href, BASE_URL).searchParams;
      assert.ok(q.get("track") && q.get("format") === "flac", `a FLAC track link: ${href}`);
    }
    const note = buyer.getByTestId("format-note");
    if (/Being prepared/.test((await note.textContent()) ?? "")) {
      // What a click on the zip gives while its files are missing: 202 with Retry-After, nothing
      // spent, and the missing transcodes queued.
      await shot(buyer, "catalog-formats-preparing");
      const preparing = await buyer.request.get(`${BASE_URL}${zipHref}`);
      assert.equal(preparing.status(), 202, "the zip is being prepared");
      const body = (await preparing.json()) as { status: string; retryAfterSeconds: number };
      assert.equal(body.status, "preparing");
      assert.equal(preparing.headers()["retry-after"], String(body.retryAfterSeconds));
    } else console.log("  the FLAC files were ready already");
    // The transcodes run in the web process's workers; the page re-checks every 5 s.
    await buyer.waitForFunction(
      () =>
        /Tagged with/.test(
          document.querySelector('[data-testid="format-note"]')?.textContent ?? "",
        ),
      undefined,
      { timeout: 300_000, polling: 500 },
    );
    assert.deepEqual(await axeViolations(buyer), [], "axe-core on the receipt with FLAC chosen");
    await shot(buyer, "catalog-formats-picker");
    await buyer.setViewportSize(PHONE);
    const receiptWidth = await buyer.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(receiptWidth <= PHONE.width, `the receipt is ${receiptWidth} px wide at 390 px`);
    await shot(buyer, "catalog-formats-picker-390");
    await buyer.setViewportSize(DESKTOP);
    const [flacDownload] = await Promise.all([
      buyer.waitForEvent("download"),
      // Glass Harbour: its master is a WAV, so a FLAC file can only be the transcode.
      items.getByTestId("download-link").nth(1).click(),
    ]);
    const flacFile = path.join(tmp, "track.flac");
    await flacDownload.saveAs(flacFile);
    assert.equal(flacDownload.suggestedFilename(), "Nova Lights - Glass Harbour.flac");
    assert.equal(fs.readFileSync(flacFile).subarray(0, 4).toString("latin1"), "fLaC");
    const [zipDownload] = await Promise.all([buyer.waitForEvent("download"), zipLink.click()]);
    const zipFile = path.join(tmp, "release.zip");
    await zipDownload.saveAs(zipFile);
    assert.match(zipDownload.suggestedFilename(), /\.zip$/);
    assert.equal(fs.readFileSync(zipFile).subarray(0, 4).toString("latin1"), "PK\x03\x04");
    const listing = execFileSync("unzip", ["-l", zipFile], { encoding: "utf8" });
    for (const [i, title] of ["Night Drive", "Glass Harbour", "Paper Suns"].entries())
      assert.ok(
        listing.includes(`0${i + 1} - ${title}.flac`),
        `the zip lists "0${i + 1} - ${title}.flac":\n${listing}`,
      );
    console.log(
      `  downloaded ${flacDownload.suggestedFilename()} and ${zipDownload.suggestedFilename()}`,
    );

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
    certificateShot(await pdf.body(), "catalog-license-certificate");
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

    // 5. Labels: Harbour Records' roster, sales and money, acting for Nova Lights, and the
    // artist's side of the contract.
    console.log("label: dashboard, earnings, Manage catalog for Nova Lights, Stop");
    const labelCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const label = await labelCtx.newPage();
    await signInAs(label, "label@fanfare.local", "/dashboard/label");
    const roster = label.getByTestId("label-roster");
    await roster.waitFor({ timeout: 60_000 });
    const novaRow = roster.getByRole("row").filter({ hasText: "Nova Lights" });
    const coastRow = roster.getByRole("row").filter({ hasText: "The Quiet Coast" });
    assert.match((await novaRow.textContent()) ?? "", /active.*30%.*→ open/);
    assert.match(
      (await coastRow.textContent()) ?? "",
      /active.*25%.*→ \d{4}-12-31/,
      "The Quiet Coast at 25 % until a last day",
    );
    const labelShare = await statValue(label, "label-stats", "Label share");
    assert.ok(dollars(labelShare) > 0, `the label's share of the demo sales: ${labelShare}`);
    const byArtist = label.getByRole("region", { name: "Sales by artist" });
    await byArtist.getByRole("row").filter({ hasText: "Nova Lights" }).waitFor();
    assert.deepEqual(await axeViolations(label), [], "axe-core on the label dashboard");
    await shot(label, "catalog-label-dashboard");
    await label.setViewportSize(PHONE);
    const labelWidth = await label.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(labelWidth <= PHONE.width, `the label dashboard is ${labelWidth} px wide at 390 px`);
    await shot(label, "catalog-label-dashboard-390");
    await label.setViewportSize(DESKTOP);
    console.log(`  roster: Nova Lights 30 %, The Quiet Coast 25 %; label share ${labelShare}`);

    await label.getByTestId("label-earnings-link").click();
    await label.waitForURL((u) => u.pathname === "/dashboard/label/earnings");
    await label.getByTestId("connect-card").waitFor();
    await label.getByTestId("earnings-pending").waitFor({ timeout: 60_000 });
    await label.getByTestId("earnings-payable").waitFor();
    assert.match((await label.locator("main").textContent()) ?? "", /your roster's music/);
    assert.deepEqual(await axeViolations(label), [], "axe-core on the label's earnings");
    await shot(label, "catalog-label-earnings");

    await label.goto(`${BASE_URL}/dashboard/label`);
    await novaRow.getByRole("button", { name: "Manage catalog" }).click();
    await label.waitForURL((u) => u.pathname === "/dashboard/artist", { timeout: 60_000 });
    const banner = label.getByTestId("acting-banner");
    assert.match(
      (await banner.textContent()) ?? "",
      /Acting for Nova Lights as Harbour Records/,
      "the banner says who acts for whom",
    );
    assert.match(
      (await label.locator("main").textContent()) ?? "",
      /Nova Lights.*Artist dashboard, managed by Harbour Records/,
    );
    assert.deepEqual(await axeViolations(label), [], "axe-core on the artist dashboard, acting");
    await shot(label, "catalog-label-acting");
    await label.setViewportSize(PHONE);
    const actingWidth = await label.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(actingWidth <= PHONE.width, `the acting dashboard is ${actingWidth} px at 390 px`);
    await shot(label, "catalog-label-acting-390");
    await label.setViewportSize(DESKTOP);
    await label.goto(`${BASE_URL}/dashboard/artist/releases`);
    await label.getByText("Harbour Lights").first().waitFor();
    await banner.waitFor();
    await banner.getByRole("button", { name: "Stop" }).click();
    await label.waitForURL((u) => u.pathname === "/dashboard/label", { timeout: 60_000 });
    await roster.waitFor();
    assert.equal(await banner.count(), 0, "no banner after Stop");

    console.log("artist: the Label card shows Harbour Records' contract");
    await artist.setViewportSize(DESKTOP);
    await artist.goto(`${BASE_URL}/dashboard/artist`);
    const contract =
      /Signed to Harbour Records: 30% of your share of each sale, \d{4}-\d{2}-\d{2} → open ended/;
    const card = artist.getByTestId("artist-label");
    await card.waitFor({ timeout: 60_000 });
    assert.match((await card.textContent()) ?? "", contract);
    await artist.goto(`${BASE_URL}/dashboard/artist/label`);
    await card.waitFor();
    assert.match((await card.textContent()) ?? "", contract);
    assert.deepEqual(await axeViolations(artist), [], "axe-core on the artist's label page");
    await shot(artist, "catalog-artist-label");

    // 6. Catalog subscriptions (issue 16 §3): The Quiet Coast's offer on its page, its plan in the
    //    artist's editor, the demo subscriber's active subscription with the catalog to download,
    //    and the sandbox's customer portal.
    console.log("subscriptions: offer, plan, the subscriber's page, the portal");
    const visitorCtx = await browser.newContext({
      viewport: DESKTOP,
      userAgent: PERSON_USER_AGENT,
    });
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${BASE_URL}/a/the-quiet-coast`);
    const offer = visitor.getByTestId("subscribe-offer");
    await offer.waitFor({ timeout: 60_000 });
    assert.match((await offer.textContent()) ?? "", /\$5\.00/, "the monthly price on the offer");
    await shot(visitor, "catalog-subscribe-offer");
    await visitorCtx.close();

    // A new subscriber: Riley subscribes monthly with The Quiet Coast's code COAST3 (20 % off the
    // first 3 months), pays on the sandbox's Checkout page ($4.00, the coupon applied) and lands
    // on /subscriptions with the subscription active (the webhook ran before the redirect).
    console.log("subscriptions: Riley subscribes with COAST3 through the sandbox's Checkout");
    const fanCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const fan = await fanCtx.newPage();
    await signInAs(fan, "riley@fanfare.local", "/a/the-quiet-coast");
    const fanOffer = fan.getByTestId("subscribe-offer");
    await fanOffer.waitFor({ timeout: 60_000 });
    await fan.getByLabel("Discount or promoter code (optional)").fill("COAST3");
    await fanOffer.getByRole("button", { name: /a month/ }).click();
    await fan.waitForURL(/\/sandbox\/checkout\//, { timeout: 60_000 });
    assert.equal(
      await fan.getByTestId("sandbox-amount").textContent(),
      "$4.00",
      "the first month with COAST3's 20 % off",
    );
    await shot(fan, "catalog-subscription-checkout");
    await fan.getByRole("button", { name: /^Pay / }).click();
    await fan.waitForURL(/\/subscriptions/, { timeout: 60_000 });
    const fanState = fan.getByTestId("subscription-state").first();
    await fanState.filter({ hasText: /^Renews on / }).waitFor({ timeout: 60_000 });
    await shot(fan, "catalog-subscription-started");
    await fanCtx.close();

    const coastCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const coast = await coastCtx.newPage();
    await signInAs(coast, "coast@fanfare.local", "/dashboard/artist");
    await coast.goto(`${BASE_URL}/dashboard/artist/subscription`);
    const plan = coast.getByTestId("current-plan");
    await plan.waitFor({ timeout: 60_000 });
    assert.match((await plan.textContent()) ?? "", /\$5\.00/, "the plan's monthly price");
    assert.deepEqual(await axeViolations(coast), [], "axe-core on the plan editor");
    await shot(coast, "catalog-subscription-plan");
    await coastCtx.close();

    const subscriberCtx = await browser.newContext({
      viewport: DESKTOP,
      userAgent: PERSON_USER_AGENT,
    });
    const subscriber = await subscriberCtx.newPage();
    await signInAs(subscriber, "subscriber@fanfare.local", "/subscriptions");
    const state = subscriber.getByTestId("subscription-state").first();
    await state.waitFor({ timeout: 60_000 });
    assert.match((await state.textContent()) ?? "", /Renews on \d{4}-\d{2}-\d{2}/);
    await subscriber.getByRole("link", { name: "The Quiet Coast" }).first().waitFor();
    assert.deepEqual(await axeViolations(subscriber), [], "axe-core on /subscriptions");
    await shot(subscriber, "catalog-subscriptions");
    await subscriber.setViewportSize(PHONE);
    await shot(subscriber, "catalog-subscriptions-390");
    await subscriber.setViewportSize(DESKTOP);
    await subscriber.getByRole("button", { name: "Manage payment" }).first().click();
    await subscriber.waitForURL(/\/sandbox\/portal\//, { timeout: 60_000 });
    await subscriber.getByText("$5.00 a month").first().waitFor({ timeout: 60_000 });
    await shot(subscriber, "catalog-subscription-portal");
    await subscriberCtx.close();

    // 6b. The sandbox's test clock (issue 16 §3, "renew now" like Stripe's test clocks): the admin
    //     renews Sky's subscription from /admin/sandbox; the third invoice is paid through the
    //     webhook, and Robin, who brought Sky, earns its recurring commission (the plan pays 3
    //     months; the seed paid two invoices, so this one is the last that earns).
    console.log("subscriptions: the admin renews Sky's subscription now; Robin's commission");
    const adminCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const admin = await adminCtx.newPage();
    await signInAs(admin, "admin@fanfare.local", "/admin/sandbox");
    const skyRow = admin
      .getByTestId("sandbox-subscriptions")
      .locator('tr[data-subscriber="subscriber@fanfare.local"]')
      .filter({ hasText: "The Quiet Coast" });
    await skyRow.waitFor({ timeout: 60_000 });
    const invoices = skyRow.getByTestId("sandbox-subscription-invoices");
    const paidBefore = Number(await invoices.textContent());
    assert.equal(
      paidBefore,
      2,
      "the seed's subscription has two paid invoices (run against a freshly seeded database: the third invoice is the last of Robin's 3 commission months)",
    );
    // The ledger shows minutes (UTC): the renewal's entry is at or after this one.
    const renewedFrom = new Date().toISOString().slice(0, 16).replace("T", " ");
    await skyRow.getByRole("button", { name: "Renew now" }).click();
    const renewed = skyRow.getByTestId("renew-result");
    await renewed.waitFor({ timeout: 60_000 });
    assert.match(
      (await renewed.textContent()) ?? "",
      /^Invoice paid, delivered 200/,
      "the renewal's invoice is paid and its events reach the webhook",
    );
    await invoices.filter({ hasText: /^3$/ }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await axeViolations(admin), [], "axe-core on /admin/sandbox");
    await shot(admin, "catalog-subscription-renew");
    await admin.setViewportSize(PHONE);
    const sandboxWidth = await admin.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sandboxWidth <= PHONE.width, `/admin/sandbox is ${sandboxWidth} px wide at 390 px`);
    await adminCtx.close();

    const robinCtx = await browser.newContext({ viewport: DESKTOP, userAgent: PERSON_USER_AGENT });
    const robin = await robinCtx.newPage();
    await signInAs(robin, "robin@fanfare.local", "/dashboard/promoter/earnings");
    // The renewal's commission is posted to Robin's pending account, or straight to payable
    // when there is no holding period (the browser tests run with none): either tab shows it.
    const renewalEntry = async () => {
      for (const tab of ["Payable", "Pending"]) {
        await robin.getByRole("tab", { name: tab }).click();
        const rows = robin
          .getByTestId("ledger")
          .locator("tbody tr")
          .filter({ hasText: 'Sale of "Catalog subscription"' });
        for (let i = 0; i < Math.min(await rows.count(), 5); i++) {
          const row = rows.nth(i);
          const at = ((await row.locator("td").first().textContent()) ?? "").trim();
          if (at >= renewedFrom) return row;
        }
      }
      return null;
    };
    let entry = await renewalEntry();
    for (let tries = 0; !entry && tries < 30; tries++) {
      await robin.waitForTimeout(2_000);
      await robin.reload();
      entry = await renewalEntry();
    }
    assert.ok(entry, `Robin's ledger has no "Catalog subscription" sale since ${renewedFrom}`);
    assert.equal(
      await entry.getByTestId("ledger-amount").textContent(),
      "+$1.00",
      "20 % of the renewed $5.00 invoice",
    );
    await shot(robin, "catalog-subscription-renewal-ledger");
    await robinCtx.close();

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

/**
 * The first page of a PDF as docs/screenshots/<name>.png, through poppler's `pdftoppm` when the
 * machine has it (Debian's poppler-utils; CI does not install it, and then this only says so):
 * a browser shows a PDF in its viewer, which headless Chromium does not render.
 */
function certificateShot(pdf: Buffer, name: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-pdf-"));
  try {
    const file = path.join(dir, "certificate.pdf");
    fs.writeFileSync(file, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "110", "-singlefile", file, path.join(dir, "page")]);
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.copyFileSync(path.join(dir, "page.png"), path.join(SHOTS, `${name}.png`));
    console.log(`  screenshot docs/screenshots/${name}.png`);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    if (!missing) throw e;
    console.log(`  no pdftoppm here: docs/screenshots/${name}.png not refreshed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
