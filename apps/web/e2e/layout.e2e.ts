/**
 * Every page of the main journeys fits a phone (issue 10, defect 1), in a real browser (Debian's
 * Chromium through playwright-core) against a running, demo-seeded Fanfare at BASE_URL:
 *   at 390x844, signed out and as the demo promoter, artist, label and admin, no page scrolls
 *   sideways (the document is no wider than the viewport; the elements that stick out are named
 *   when one does), and every nav item is reachable: the Menu button opens a sheet that lists it,
 *   and a link followed from it closes the sheet. At 1366x900 the same items sit in the header.
 *   axe-core (WCAG 2.1 A and AA rules) finds no violation on any of those pages (at 390 px,
 *   where the layout is tightest); the pages only a purchase reaches (sandbox checkout, receipt)
 *   are checked the same way by the core-loop test.
 *   Screenshots of each page at 390 px (and of each role's open menu) go to
 *   docs/screenshots/web-390-*.png.
 * Run: `pnpm --filter @fanfare/web e2e:layout`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import type { Browser, Page } from "playwright-core";

import { axeViolations, launchBrowser } from "./browser";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const SHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");
const PASSWORD = "fanfare-demo";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

type Role = { name: string; email: string | null; pages: string[]; nav: string[] };

const PUBLIC_NAV = ["Discover", "Leaderboard"];
const SIGNED_IN_NAV = [...PUBLIC_NAV, "Promoter", "Artist", "Earnings"];

/** The CSS pixels by which the page is wider than the viewport, and what sticks out. */
async function overflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const excess = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (excess > 0) {
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0) {
          // Only the outermost element that sticks out, not each of its children, and not
          // content that scrolls inside a container that itself fits (a wide table in its box).
          const parent = el.parentElement?.getBoundingClientRect();
          if (parent && parent.right > width + 1) continue;
          let clipped = false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== "visible") {
              clipped = a.getBoundingClientRect().right <= width + 1;
              break;
            }
          // An absolutely positioned element (an sr-only label) escapes a scroll box that is not
          // its containing block, and widens the page although it looks clipped.
          if (clipped && getComputedStyle(el).position !== "absolute") continue;
          const id = el.getAttribute("data-testid");
          culprits.push(
            `<${el.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ""} class="${el.className}"> right edge ${Math.round(r.right)} px`,
          );
        }
      }
    }
    return { excess, culprits: culprits.slice(0, 5) };
  });
}

/**
 * Waits for the page and its client islands: loaded, the nav knows who is signed in, and no
 * "Loading…" placeholder is left in the main content. (Not "networkidle": dashboards poll and
 * Next prefetches the links in view, so the network is rarely idle for long.)
 */
async function settle(page: Page) {
  await page.waitForLoadState("load");
  await page
    .waitForFunction(
      () =>
        !document.querySelector('[data-testid="nav-account-loading"]') &&
        !/Loading/.test(document.querySelector("main")?.textContent ?? ""),
      undefined,
      { timeout: 30_000, polling: 100 },
    )
    .catch(() => undefined);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 60_000 });
}

/** Opens the menu, checks each nav item is listed, follows the first to check the sheet closes. */
async function checkMenu(page: Page, items: string[], where: string, shotName: string) {
  const button = page.getByRole("button", { name: "Menu", exact: true });
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  const sheet = page.getByRole("dialog", { name: "Menu" });
  await sheet.waitFor();
  await page.screenshot({ path: path.join(SHOTS, `web-390-${shotName}-menu.png`) });
  for (const item of items)
    assert.ok(
      await sheet.getByRole("link", { name: item, exact: true }).isVisible(),
      `${where}: the menu lists "${item}"`,
    );
  await sheet.getByRole("link", { name: items.at(-1)!, exact: true }).click();
  await sheet.waitFor({ state: "detached", timeout: 30_000 });
}

async function main() {
  const browser: Browser = await launchBrowser();
  const problems: string[] = [];
  try {
    // A track to visit: the first one discover lists.
    const anon = await browser.newPage({ viewport: PHONE });
    await anon.goto(`${BASE_URL}/`);
    const trackHref = await anon.locator('a[href^="/t/"]').first().getAttribute("href");
    assert.ok(trackHref, "discover lists a track");
    await anon.close();

    const roles: Role[] = [
      {
        name: "guest",
        email: null,
        pages: [
          "/",
          "/leaderboard",
          "/contests",
          trackHref,
          "/terms",
          "/sign-in",
          "/sign-up",
          "/forgot-password",
          "/report?ref=nosuchcode",
          "/t/no-such-track",
          "/a/nova-lights",
          "/help/promoters",
          "/p/pat-picks",
          "/resources",
          "/resources/how-do-i-get-paid",
        ],
        nav: PUBLIC_NAV,
      },
      {
        name: "promoter",
        email: "promoter@fanfare.local",
        pages: [
          "/dashboard/promoter",
          "/dashboard/promoter/landing",
          "/dashboard/earnings",
          trackHref,
          "/leaderboard",
          "/contests",
          "/settings",
          "/settings/tax",
        ],
        nav: SIGNED_IN_NAV,
      },
      {
        name: "artist",
        email: "artist@fanfare.local",
        pages: [
          "/dashboard/artist",
          "/dashboard/artist/tracks/new",
          "/dashboard/artist/codes",
          "/dashboard/artist/campaigns",
          "/dashboard/earnings",
        ],
        nav: SIGNED_IN_NAV,
      },
      {
        name: "label",
        email: "label@fanfare.local",
        pages: ["/dashboard/label", "/dashboard/label/earnings"],
        nav: ["Discover", "Leaderboard", "Promoter", "Artist", "Label", "Earnings"],
      },
      {
        name: "admin",
        email: "admin@fanfare.local",
        pages: [
          "/admin/overview",
          "/admin",
          "/admin/people",
          "/admin/tracks",
          "/admin/releases",
          "/admin/landing-pages",
          "/admin/promoters",
          "/admin/tiers",
          "/admin/milestones",
          "/admin/resources",
          "/admin/contests",
          "/admin/fraud",
          "/admin/reports",
          "/admin/tax",
          "/admin/discounts",
          "/admin/campaigns",
          "/admin/payouts",
          "/admin/ledger",
          "/admin/jobs",
          "/admin/sandbox",
          "/admin/settings",
          "/admin/audit",
          "/admin/adjustments",
          "/admin/exports",
          // Not /dev/mailbox: a development tool whose sandboxed email iframes axe cannot enter
          // (its frame check waits for them forever).
        ],
        nav: [...SIGNED_IN_NAV, "Admin"],
      },
    ];

    const only = process.env.LAYOUT_ROLES?.split(",");
    for (const role of roles.filter((r) => !only || only.includes(r.name))) {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      if (role.email) await signIn(page, role.email);
      for (const p of role.pages) {
        await page.goto(`${BASE_URL}${p}`);
        await settle(page);
        const { excess, culprits } = await overflow(page);
        const label =
          p === "/"
            ? "discover"
            : p === trackHref
              ? "track"
              : p.replace(/^\//, "").replace(/[/?=&]/g, "-");
        const name = `web-390-${role.name}-${label}`;
        fs.mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
        for (const v of await axeViolations(page))
          problems.push(`${role.name} ${p} (axe, 390 px): ${v}`);
        if (excess > 0)
          problems.push(
            `${role.name} ${p}: ${excess} px wider than the 390 px viewport: ${culprits.join("; ")}`,
          );
        else console.log(`  ${role.name} ${p}: fits 390 px (docs/screenshots/${name}.png)`);
      }
      await checkMenu(
        page,
        role.email ? [...role.nav, "Settings"] : role.nav,
        `${role.name} at 390 px`,
        role.name,
      );
      console.log(`  ${role.name}: the menu lists ${role.nav.join(", ")}`);

      // On a desktop the same items sit in the header.
      await page.setViewportSize(DESKTOP);
      await page.goto(`${BASE_URL}/leaderboard`);
      const header = page.getByRole("navigation", { name: "Main" });
      for (const item of role.nav)
        await header.getByRole("link", { name: item, exact: true }).waitFor({ timeout: 30_000 });
      assert.equal(
        await page.getByRole("button", { name: "Menu", exact: true }).isVisible(),
        false,
        `${role.name}: no menu button at 1366 px`,
      );
      await context.close();
    }
    assert.deepEqual(
      problems,
      [],
      `pages that scroll sideways at 390 px or fail axe:\n${problems.join("\n")}`,
    );
    console.log(
      "layout: every page fits 390 px, every nav item is reachable, and axe finds no violation",
    );
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
