/**
 * Account trust in a real browser (Debian's Chromium through playwright-core), against a running
 * Fanfare at BASE_URL (default http://localhost:3000) whose workers run in the web process:
 *   a user signs up; on another device "Forgot password?" sends a reset link, which the outbox
 *   delivers with no request involved (the mailbox shows it SENT); the link sets a new password,
 *   signs the first device out, is refused a second time, and the new password signs in while
 *   the old one does not. Also: a hostile `next` after sign-in stays on this site, and pages carry
 *   the security headers. Screenshots go to docs/screenshots/.
 * Run: `pnpm --filter @fanfare/web e2e:account`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import type { Browser, BrowserContext, Page } from "playwright-core";

import { launchBrowser } from "./browser";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const SHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");
const ADMIN = "admin@fanfare.local";
const DEMO_PASSWORD = "fanfare-demo";
const run = Date.now().toString(36);
const userAgent =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.log(`  screenshot docs/screenshots/${name}.png`);
}

async function signIn(page: Page, email: string, password: string, next?: string) {
  await page.goto(`${BASE_URL}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Polls the mailbox (as an admin) until the newest password-reset mail to `to` is SENT. */
async function deliveredResetLink(admin: Page, to: string): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    await admin.goto(`${BASE_URL}/dev/mailbox?to=${encodeURIComponent(to)}`);
    const mail = admin.locator('[data-testid="mail"][data-template="password-reset"]').first();
    if ((await mail.count()) > 0 && (await mail.getAttribute("data-status")) === "SENT") {
      const href = await mail
        .getByTestId("mail-link")
        .filter({ hasText: "/reset-password/" })
        .first()
        .getAttribute("href");
      assert.ok(href, "the reset email carries its link");
      return href;
    }
    if (Date.now() > deadline)
      throw new Error(
        `No delivered password-reset email to ${to} within 90 s (is the outbox worker running?)`,
      );
    await admin.waitForTimeout(2000);
  }
}

async function main() {
  const browser: Browser = await launchBrowser();
  const context = (): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent });
  try {
    // Security headers on a public page.
    const res = await fetch(`${BASE_URL}/sign-in`);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `CSP: ${csp}`);
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.ok(res.headers.get("referrer-policy"), "Referrer-Policy is set");

    // An unknown track and an unknown path answer 404 with Fanfare's own page, not Next's default.
    for (const missing of [`/t/no-such-track-${run}`, `/no-such-page-${run}`]) {
      const nf = await fetch(`${BASE_URL}${missing}`);
      assert.equal(nf.status, 404, `${missing} answers 404`);
      assert.match(await nf.text(), /This page does not exist/, `${missing}: our 404 page`);
    }

    // 1. Someone on a track page is asked to sign in for their link, has no account yet, and
    //    signs up on their laptop: "Create an account" keeps ?next=, so they land back on the track.
    const email = `rhea-${run}@example.com`;
    console.log("user: sign in to get a link -> create an account -> back on the track");
    const laptop = await (await context()).newPage();
    await laptop.goto(`${BASE_URL}/`);
    const trackPath = await laptop.locator('a[href^="/t/"]').first().getAttribute("href");
    assert.ok(trackPath, "discover lists a track");
    await laptop.goto(`${BASE_URL}/sign-in?next=${encodeURIComponent(trackPath)}`);
    await laptop.getByRole("link", { name: "Create an account" }).click();
    await laptop.waitForURL(/\/sign-up/);
    assert.equal(new URL(laptop.url()).searchParams.get("next"), trackPath, "sign-up keeps next");
    await laptop.getByLabel("Your name").fill("Rhea Reset");
    await laptop.getByLabel("Email").fill(email);
    await laptop.getByLabel("Password").fill("first-password-1");
    await laptop.getByRole("button", { name: "Create account" }).click();
    await laptop.waitForURL((u) => u.pathname === trackPath, { timeout: 60_000 });

    // 2. On their phone they forgot it.
    console.log("user: forgot password on another device");
    const phone = await (await context()).newPage();
    await phone.goto(`${BASE_URL}/sign-in`);
    await phone.getByRole("link", { name: "Forgot password?" }).click();
    await phone.waitForURL(/\/forgot-password/);
    await phone.getByLabel("Email").fill(email);
    await phone.getByRole("button", { name: "Email me a reset link" }).click();
    await phone.getByRole("status").waitFor();
    await shot(phone, "forgot-password-sent");

    // 3. The outbox worker delivers the link; the admin's mailbox shows it sent.
    console.log("admin: the reset email is delivered by the worker");
    const admin = await (await context()).newPage();
    await signIn(admin, ADMIN, DEMO_PASSWORD);
    await admin.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 60_000 });
    const link = await deliveredResetLink(admin, email);
    assert.ok(
      link.startsWith(`${new URL(BASE_URL).origin}/reset-password/`),
      `reset link on the app's origin: ${link}`,
    );
    await shot(admin, "mailbox-reset-email");
    // The jobs page lists every queue, and the outbox counts include the sent reset email.
    await admin.goto(`${BASE_URL}/admin/jobs`);
    await admin.getByTestId("admin-queue-row").first().waitFor();
    const queues = await admin.getByTestId("admin-queue-row").allTextContents();
    for (const q of ["email.deliver", "sales.release-due", "payouts.batch", "payouts.reconcile"])
      assert.ok(
        queues.some((row) => row.includes(q)),
        `queue ${q} on /admin/jobs: ${queues.join(" | ")}`,
      );
    await shot(admin, "admin-jobs");

    // 4. The link sets a new password.
    console.log("user: reset, then sign in with the new password");
    await phone.goto(link);
    await phone.getByLabel("New password", { exact: true }).fill("second-password-2");
    // Checked in the browser first (the validators' ZResetPasswordForm): a mismatch is said on
    // the second field and the link is not spent.
    await phone.getByLabel("New password again").fill("second-password-3");
    await phone.getByRole("button", { name: "Set new password" }).click();
    await phone.getByRole("alert").filter({ hasText: "The two passwords differ." }).waitFor();
    await phone.getByLabel("New password again").fill("second-password-2");
    await shot(phone, "reset-password-form");
    await phone.getByRole("button", { name: "Set new password" }).click();
    await phone.waitForURL(/\/sign-in\?reset=1/, { timeout: 60_000 });
    await signIn(phone, email, "second-password-2");
    await phone.waitForURL(/\/dashboard/, { timeout: 60_000 });

    // 5. The laptop's session is gone (signed out everywhere).
    await laptop.goto(`${BASE_URL}/dashboard`);
    await laptop.waitForURL(/\/sign-in/, { timeout: 30_000 });

    // 6. The link works once; the old password no longer signs in.
    const again = await (await context()).newPage();
    await again.goto(link);
    await again
      .getByText(/already used|expired|not valid/i)
      .first()
      .waitFor();
    await signIn(again, email, "first-password-1");
    await again.getByRole("alert").waitFor();
    assert.ok(again.url().includes("/sign-in"), "the old password is refused");

    // 7. A hostile `next` after sign-in stays on this site.
    console.log("user: sign in with a hostile next");
    const hostile = await (await context()).newPage();
    await signIn(hostile, email, "second-password-2", "/\\evil.example/x");
    await hostile.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 60_000 });
    assert.equal(
      new URL(hostile.url()).origin,
      new URL(BASE_URL).origin,
      `stayed on the site: ${hostile.url()}`,
    );

    // 8. Settings (issue 10, defect 12): a new name shows in the header; leaderboard opt-in; a
    //    password change needs the current one and signs this browser out too.
    console.log("user: settings — name, leaderboard, password");
    await hostile.goto(`${BASE_URL}/settings`);
    await hostile.getByRole("heading", { name: "Settings" }).waitFor();
    await hostile.getByLabel("Name", { exact: true }).fill("Rhea Renamed");
    await hostile.getByRole("button", { name: "Save" }).first().click();
    await hostile.getByRole("status").filter({ hasText: "Saved." }).first().waitFor();
    await hostile.getByTestId("signed-in-as").filter({ hasText: "Rhea Renamed" }).waitFor();
    await hostile.getByTestId("show-on-leaderboard").check();
    await hostile.getByRole("button", { name: "Save" }).nth(1).click();
    await hostile.getByText("Saved: leaderboards show it").waitFor();
    await shot(hostile, "settings");
    await hostile.getByLabel("Current password").fill("not-my-password");
    await hostile.getByLabel("New password").fill("third-password-3");
    await hostile.getByRole("button", { name: "Change password" }).click();
    await hostile.getByText("Your current password is not correct.").waitFor();
    await hostile.getByLabel("Current password").fill("second-password-2");
    await hostile.getByRole("button", { name: "Change password" }).click();
    await hostile.waitForURL(/\/sign-in\?.*reset=1/, { timeout: 60_000 });
    await signIn(hostile, email, "third-password-3", "/settings");
    await hostile.waitForURL(/\/settings/, { timeout: 60_000 });
    await hostile.getByRole("heading", { name: "Settings" }).waitFor();

    // 9. The account menu in the header (kit DropdownMenu): keyboard-open, then Sign out.
    await hostile.getByTestId("signed-in-as").focus();
    await hostile.keyboard.press("Enter");
    await hostile.getByRole("menuitem", { name: "Settings" }).waitFor();
    await hostile.getByRole("menuitem", { name: "Sign out" }).click();
    await hostile
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Sign in" })
      .waitFor();

    console.log("account-e2e: 1 passed, 0 failed");
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  console.log("account-e2e: 0 passed, 1 failed");
  process.exit(1);
});
