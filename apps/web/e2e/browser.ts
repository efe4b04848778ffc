import fs from "node:fs";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

/** Debian's Chromium (`CHROMIUM_PATH` to use another). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless Chromium for the browser tests: no sandbox (CI runs as root), and nothing in the
 * background that would reach the network or compete for the two cores; `extraArgs` adds
 * command-line switches (e.g. third-party cookies blocked).
 */
export function launchBrowser(opts: { extraArgs?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      ...(opts.extraArgs ?? []),
    ],
  });
}

/** axe-core's violations on the page (WCAG 2.1 A and AA rules), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join("; ")}`,
  );
}

/** The app under test (a running, demo-seeded Fanfare). */
export const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
/** A person's browser: headless Chromium's own user agent is treated as a bot. */
export const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
/** The demo accounts' password (packages/api/src/scripts/seed.ts). */
export const DEMO_PASSWORD = "fanfare-demo";
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** Where the browser tests write their screenshots. */
export const SHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");

/**
 * A screenshot to docs/screenshots/<name>.png (Next's dev overlay hidden): the full page, or only
 * the viewport with `{ fullPage: false }` (a very long page, such as the API reference).
 */
export async function shot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" });
  await page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    fullPage: opts.fullPage ?? true,
  });
  console.log(`  screenshot docs/screenshots/${name}.png`);
}

/** Signs a demo account in through the form and waits for `next` (a path). */
export async function signInAs(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`${BASE_URL}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === next, { timeout: 60_000 });
}
