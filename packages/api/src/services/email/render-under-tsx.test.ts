import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { expect, test } from "vitest";

import { EMAIL_TEMPLATE_NAMES } from "@fanfare/email";

const run = promisify(execFile);

/**
 * `pnpm worker` and the scripts run under tsx, which compiles @fanfare/email's .tsx files with
 * the caller's tsconfig rather than the email package's own (as Vitest and Next do). A template
 * that compiled to the classic JSX runtime would fail there with "React is not defined" and every
 * such message would go DEAD; this renders one of each in a tsx process started like the worker.
 */
test("every template renders under tsx, as the worker runs it", async () => {
  const script = `
    const { renderEmail } = await import("@fanfare/email");
    const appUrl = "http://localhost:3000";
    const at = new Date("2026-12-12T15:04:00Z");
    const props = {
      receipt: { appUrl, saleId: "s1", trackTitle: "T", artistName: "A", amountCents: 100, currency: "usd", downloadPath: "/purchase/x", downloadLimit: 5, expiresAt: at },
      "refund-notice": { appUrl, saleId: "s1", trackTitle: "T", artistName: "A", refundedCents: 50, totalRefundedCents: 50, amountCents: 100, currency: "usd", trackPath: "/t/t" },
      "artist-sale": { appUrl, saleId: "s1", artistName: "A", trackTitle: "T", amountCents: 100, artistCents: 65, currency: "usd", availableOn: at },
      "commission-earned": { appUrl, saleId: "s1", trackTitle: "T", artistName: "A", commissionCents: 25, currency: "usd", availableOn: at },
      "commission-reversed": { appUrl, saleId: "s1", trackTitle: "T", commissionCents: 25, reversedCents: 5, totalReversedCents: 5, currency: "usd", reason: "refund", clawback: false },
      "payout-sent": { appUrl, payoutId: "p1", amountCents: 500, currency: "usd" },
      "payout-failed": { appUrl, payoutId: "p1", amountCents: 500, currency: "usd", reason: "no account" },
      "promoter-status": { appUrl, name: "N", status: "SUSPENDED", reason: "Under review" },
      "application-rejected": { appUrl, name: "N", reason: "Tell us more" },
      "commission-review": { appUrl, saleId: "s1", trackTitle: "T", commissionCents: 25, currency: "usd", decision: "held", reason: "Review" },
      welcome: { appUrl, name: "N" },
      "campaign-started": { appUrl, promoterName: "P", campaignName: "C", artistName: "A", discountBps: null, endsAt: at, tracks: [{ title: "T", path: "/t/t", commissionBps: 2500, boostedBps: 4000 }], moreTracks: 0 },
      "tier-changed": { appUrl, name: "N", tierName: "Gold", previousTierName: "Silver", direction: "up", bonusBps: 500, payoutMinimumCents: 200, perks: ["Early access"] },
      "milestone-reached": { appUrl, name: "N", milestoneName: "Ten sales", bonusCents: 500, reached: "10 released sales", next: null },
      "contest-result": { appUrl, name: "N", contestName: "Sprint", place: 1, entrants: 3, won: true, value: "4 sales", prizeCents: 500, prizeDescription: "", resultsPath: "/contests/c1" },
      "password-reset": { appUrl, resetPath: "/reset-password/x", expiresInMinutes: 60 },
      "magic-link": { appUrl, signInPath: "/api/auth/callback/nodemailer?token=x", expiresAt: at },
      "onboarding-step": { appUrl, step: 1, subject: "Hi", body: "**Hi**", cta: { path: "/discover", label: "Go" }, unsubscribe: { pagePath: "/unsubscribe?token=a.b", oneClickPath: "/api/unsubscribe?token=a.b" } },
      "webhook-disabled": { appUrl, name: "N", endpointId: "we1", endpointLabel: "hooks.example.com/in", kind: "webhook", failingSince: at, disabledAt: at, lastError: "HTTP 500" },
    };
    const out = {};
    for (const [name, p] of Object.entries(props)) out[name] = (await renderEmail(name, p)).text.includes(appUrl);
    console.log(JSON.stringify(out));
  `;
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    {
      cwd: path.resolve(import.meta.dirname, "../../.."),
    },
  );
  const rendered = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, boolean>;
  expect(Object.keys(rendered).sort()).toEqual([...EMAIL_TEMPLATE_NAMES].sort());
  expect(Object.values(rendered).every(Boolean)).toBe(true);
});
