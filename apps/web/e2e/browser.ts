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
