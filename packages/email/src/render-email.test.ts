import { describe, expect, test } from "vitest";

import type { EmailProps, EmailTemplateName } from "./index";
import { EMAIL_TEMPLATE_NAMES, emailSubject, renderEmail } from "./index";
import { formatMoney } from "./format";

const appUrl = "https://fanfare.example";
const at = "2026-12-12T15:04:00.000Z";

/** One valid message per template, with the links and facts each must show. */
const cases: {
  [T in EmailTemplateName]: {
    props: EmailProps<T>;
    links: string[];
    facts: string[];
    subject: string;
  };
} = {
  receipt: {
    props: {
      appUrl,
      saleId: "sale_1",
      buyerName: "Bea",
      trackTitle: "Night Drive",
      artistName: "Luna",
      amountCents: 1299,
      currency: "usd",
      downloadPath: "/purchase/tok_abc",
      downloadLimit: 5,
      expiresAt: at,
    },
    links: [`${appUrl}/purchase/tok_abc`],
    facts: ["Night Drive", "Luna", "$12.99", "5 downloads", "December 12, 2026", "sale_1"],
    subject: "Your download: Night Drive by Luna",
  },
  "refund-notice": {
    props: {
      appUrl,
      saleId: "sale_1",
      trackTitle: "Night Drive",
      artistName: "Luna",
      refundedCents: 500,
      totalRefundedCents: 500,
      amountCents: 1299,
      currency: "usd",
      trackPath: "/t/night-drive",
    },
    links: [`${appUrl}/t/night-drive`],
    facts: ["$5.00", "$12.99", "keeps working"],
    subject: 'Refund of $5.00 for "Night Drive"',
  },
  "commission-review": {
    props: {
      appUrl,
      saleId: "sale_1",
      promoterName: "Pat",
      trackTitle: "Night Drive",
      commissionCents: 250,
      currency: "usd",
      decision: "rejected",
      reason: "Bought with a card from the promoter's household.",
      clawback: true,
    },
    links: [`${appUrl}/dashboard/earnings`],
    facts: ["Night Drive", "$2.50", "household", "netted from your next payout", "sale_1"],
    subject: "Your commission of $2.50 was rejected",
  },
  "promoter-status": {
    props: { appUrl, name: "Pat", status: "SUSPENDED", reason: "Clicks from one network." },
    links: [`${appUrl}/dashboard`],
    facts: ["Pat", "Clicks from one network.", "payouts are paused"],
    subject: "Your promoter account is suspended",
  },
  "application-rejected": {
    props: { appUrl, name: "Penny", reason: "Tell us which accounts are yours." },
    links: [`${appUrl}/dashboard/promoter`],
    facts: ["Penny", "Tell us which accounts are yours.", "send it again"],
    subject: "Your promoter application was not approved",
  },
  "campaign-started": {
    props: {
      appUrl,
      promoterName: "Pat",
      campaignName: "Weekend boost",
      artistName: "Luna",
      discountBps: null,
      endsAt: at,
      tracks: [
        { title: "Night Drive", path: "/t/night-drive", commissionBps: 2500, boostedBps: 4000 },
      ],
      moreTracks: 2,
    },
    links: [`${appUrl}/t/night-drive`, `${appUrl}/dashboard/promoter`],
    facts: ["Luna started", "Night Drive", "25% → 40% commission", "2 more", "December 12, 2026"],
    subject: "Weekend boost: up to 40% commission until December 12, 2026 at 3:04 PM UTC",
  },
  "milestone-reached": {
    props: {
      appUrl,
      name: "Pat",
      milestoneName: "First ten",
      bonusCents: 500,
      reached: "10 released sales",
      next: { name: "Fifty club", gap: "40 more sales" },
    },
    links: [`${appUrl}/dashboard/promoter`],
    facts: [
      "Pat",
      "First ten",
      "10 released sales",
      "$5.00, payable now",
      "Fifty club: 40 more sales",
    ],
    subject: "Milestone reached: First ten (+$5.00)",
  },
  "onboarding-step": {
    props: {
      appUrl,
      step: 1,
      subject: "Welcome to Fanfare, Pat: get your first link",
      body: "Hi Pat,\n\nopen [Discover](https://fanfare.example/discover) and press **Get my link**.\n\n- one\n- two",
      cta: { path: "/discover", label: "Get your first link" },
      unsubscribe: {
        pagePath: "/unsubscribe?token=abc.def",
        oneClickPath: "/api/unsubscribe?token=abc.def",
      },
    },
    links: [`${appUrl}/discover`, `${appUrl}/unsubscribe?token=abc.def`],
    facts: [
      "Hi Pat,",
      "Get my link",
      "one",
      "two",
      "Unsubscribe",
      "receipts, payouts and security",
    ],
    subject: "Welcome to Fanfare, Pat: get your first link",
  },
  "contest-result": {
    props: {
      appUrl,
      name: "Pat",
      contestName: "December sprint",
      place: 2,
      entrants: 14,
      won: true,
      value: "12 sales",
      prizeCents: 2500,
      prizeDescription: "Cash prizes for the top three",
      resultsPath: "/contests/ct_1",
    },
    links: [`${appUrl}/contests/ct_1`],
    facts: ["Pat", "December sprint", "2nd of 14", "12 sales", "$25.00, payable now"],
    subject: "You won 2nd place in December sprint",
  },
  "tier-changed": {
    props: {
      appUrl,
      name: "Pat",
      tierName: "Gold",
      previousTierName: "Silver",
      direction: "up",
      bonusBps: 500,
      payoutMinimumCents: 200,
      perks: ["Early access to releases"],
    },
    links: [`${appUrl}/dashboard/promoter`],
    facts: [
      "Pat",
      "up to Gold from Silver",
      "+5% on every sale",
      "$2.00",
      "Early access to releases",
    ],
    subject: "You moved up to Gold",
  },
  "artist-sale": {
    props: {
      appUrl,
      saleId: "sale_1",
      artistName: "Luna",
      trackTitle: "Night Drive",
      amountCents: 1299,
      artistCents: 844,
      currency: "usd",
      promoted: true,
      availableOn: at,
    },
    links: [`${appUrl}/dashboard/artist/earnings`],
    facts: ["$8.44", "$12.99", "through a promoter's link", "December 12, 2026"],
    subject: 'You made a sale: "Night Drive" ($8.44 for you)',
  },
  "commission-earned": {
    props: {
      appUrl,
      saleId: "sale_1",
      promoterName: "Pat",
      trackTitle: "Night Drive",
      artistName: "Luna",
      commissionCents: 325,
      currency: "usd",
      availableOn: new Date(at),
    },
    links: [`${appUrl}/dashboard/promoter/earnings`],
    facts: ["$3.25", "available on December 12, 2026", "Night Drive"],
    subject: 'You earned $3.25 promoting "Night Drive"',
  },
  "commission-reversed": {
    props: {
      appUrl,
      saleId: "sale_1",
      promoterName: "Pat",
      trackTitle: "Night Drive",
      commissionCents: 325,
      reversedCents: 125,
      totalReversedCents: 125,
      currency: "usd",
      reason: "refund",
      clawback: true,
    },
    links: [`${appUrl}/dashboard/promoter/earnings`],
    facts: ["$1.25", "$3.25", "clawed back", "next payout"],
    subject: 'Clawback: $1.25 of paid commission on "Night Drive"',
  },
  "payout-sent": {
    props: { appUrl, payoutId: "po_1", name: "Pat", amountCents: 2500, currency: "usd" },
    links: [`${appUrl}/dashboard/earnings`],
    facts: ["$25.00", "po_1"],
    subject: "Your Fanfare payout of $25.00 is on its way",
  },
  "payout-failed": {
    props: {
      appUrl,
      payoutId: "po_1",
      name: "Pat",
      amountCents: 2500,
      currency: "usd",
      reason: "The destination account cannot receive transfers.",
    },
    links: [`${appUrl}/dashboard/earnings`],
    facts: ["$25.00", "po_1", "cannot receive transfers", "back in your payable balance"],
    subject: "Your Fanfare payout of $25.00 failed",
  },
  "webhook-disabled": {
    props: {
      appUrl,
      name: "Pat",
      endpointId: "we_1",
      endpointLabel: "hooks.example.com/fanfare",
      kind: "webhook",
      failingSince: "2026-12-09T15:04:00.000Z",
      disabledAt: at,
      lastError: "HTTP 503",
    },
    links: [`${appUrl}/settings/webhooks`],
    facts: [
      "Hi Pat",
      "hooks.example.com/fanfare",
      "HTTP 503",
      "retried for three days",
      "replayed",
    ],
    subject: "Your Fanfare webhook hooks.example.com/fanfare was disabled",
  },
  welcome: {
    props: { appUrl, name: "Luna", artistName: "Luna Waves" },
    links: [`${appUrl}/dashboard`],
    facts: ["Welcome to Fanfare, Luna", "Luna Waves"],
    subject: "Welcome to Fanfare",
  },
  "password-reset": {
    props: { appUrl, name: "Bea", resetPath: "/reset-password/rst_abc", expiresInMinutes: 60 },
    links: [`${appUrl}/reset-password/rst_abc`],
    facts: ["1 hour", "signs you out on every device"],
    subject: "Reset your Fanfare password",
  },
  "magic-link": {
    props: {
      appUrl,
      signInPath: "/api/auth/callback/nodemailer?token=abc&email=bea%40example.com",
      expiresAt: at,
    },
    links: [`${appUrl}/api/auth/callback/nodemailer?token=abc&email=bea%40example.com`],
    facts: ["December 12, 2026", "works once"],
    subject: "Your Fanfare sign-in link",
  },
};

describe("renderEmail", () => {
  test("every template has a case here", () => {
    expect(Object.keys(cases).sort()).toEqual([...EMAIL_TEMPLATE_NAMES].sort());
  });

  test.each(EMAIL_TEMPLATE_NAMES)(
    "%s renders html and text with its absolute links and key facts",
    async (name) => {
      const c = cases[name];
      const email = await renderEmail(name, c.props);
      expect(email.subject).toBe(c.subject);
      expect(emailSubject(name, c.props)).toBe(c.subject);
      expect(email.html).toMatch(/^<!DOCTYPE html/);
      for (const link of c.links) {
        // In HTML attributes "&" is written "&amp;".
        expect(email.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
        expect(email.text).toContain(link);
      }
      for (const fact of c.facts) expect(email.text).toContain(fact);
      // Plain text really is plain.
      expect(email.text).not.toMatch(/<\/?[a-z]+[ >]/i);
    },
  );

  test("renders props that went through JSON (dates as ISO strings), as the outbox stores them", async () => {
    const stored = JSON.parse(JSON.stringify(cases["commission-earned"].props)) as unknown;
    const email = await renderEmail("commission-earned", stored);
    expect(email.text).toContain("available on December 12, 2026");
  });

  test("a receipt for a sale through a promoter's link carries the link to report the promoter; a direct sale's does not", async () => {
    const promoted = await renderEmail("receipt", {
      ...cases.receipt.props,
      reportPath: "/report?ref=abcd2345",
    });
    expect(promoted.html).toContain(`href="${appUrl}/report?ref=abcd2345"`);
    expect(promoted.text).toContain(`report this promoter: ${appUrl}/report?ref=abcd2345`);
    const direct = await renderEmail("receipt", cases.receipt.props);
    expect(direct.text).not.toMatch(/report/i);
  });

  test("a receipt carries the licence's key, kind and certificate link when given one (issue 16 §4)", async () => {
    const key = "FF-7K2M-Q9TZ-0B4D-XR8H";
    const email = await renderEmail("receipt", {
      ...cases.receipt.props,
      license: {
        key,
        kind: "commercial",
        certificatePath: `/api/licenses/${key}/certificate.pdf`,
        verifyPath: `/license/${key}`,
      },
    });
    expect(email.text).toContain(`Your licence: Commercial, key ${key}`);
    expect(email.html).toContain(`href="${appUrl}/api/licenses/${key}/certificate.pdf"`);
    expect(email.text).toContain(`${appUrl}/license/${key}`);
    const without = await renderEmail("receipt", cases.receipt.props);
    expect(without.text).not.toMatch(/licence/i);
    await expect(
      renderEmail("receipt", {
        ...cases.receipt.props,
        license: { key: "FF-IIII", kind: "personal", certificatePath: "/x", verifyPath: "/y" },
      }),
    ).rejects.toThrow(/key/);
  });

  test("share & earn's magic link says what it is for (the track and the rate), not 'Sign in'", async () => {
    const email = await renderEmail("magic-link", {
      ...cases["magic-link"].props,
      shareEarn: { trackTitle: "Night Drive", commissionBps: 2500 },
    });
    expect(email.subject).toBe('Confirm your email to share "Night Drive"');
    expect(email.text).toContain('You asked to share "Night Drive" and earn 25% of every sale');
    expect(email.text).toContain(
      `Confirm and get my link ${appUrl}/api/auth/callback/nodemailer?token=abc&email=bea%40example.com`,
    );
    expect(email.text).not.toContain("Sign in to Fanfare");
  });

  test("a receipt offers 'Share this track and earn N%' with a button to the purchase page's offer only when given the offer", async () => {
    const offered = await renderEmail("receipt", {
      ...cases.receipt.props,
      shareOffer: { commissionBps: 2500, offerPath: "/purchase/tok_abc#share-and-earn" },
    });
    expect(offered.text).toContain("Share this track and earn 25%");
    expect(offered.html).toContain(`href="${appUrl}/purchase/tok_abc#share-and-earn"`);
    expect(offered.text).toContain(`Share & earn 25% ${appUrl}/purchase/tok_abc#share-and-earn`);
    const halfPercent = await renderEmail("receipt", {
      ...cases.receipt.props,
      shareOffer: { commissionBps: 1250, offerPath: "/purchase/tok_abc#share-and-earn" },
    });
    expect(halfPercent.text).toContain("earn 12.5%");
    for (const shareOffer of [undefined, null]) {
      const plain = await renderEmail("receipt", { ...cases.receipt.props, shareOffer });
      expect(plain.text).not.toMatch(/share|earn/i);
    }
  });

  test.each([
    [{ commissionBps: 0, offerPath: "/purchase/tok_abc#share-and-earn" }, /commissionBps/],
    [{ commissionBps: 2500, offerPath: "https://evil.example/x" }, /offerPath/],
  ])(
    "a receipt refuses a share offer that is not a rate above 0 on a path of the app",
    async (shareOffer, field) => {
      await expect(renderEmail("receipt", { ...cases.receipt.props, shareOffer })).rejects.toThrow(
        field,
      );
    },
  );

  test("promoter-status says an approval from PENDING is an approved application, not a reinstatement", async () => {
    const approved = await renderEmail("promoter-status", {
      appUrl,
      name: "Penny",
      status: "ACTIVE",
      from: "PENDING",
      reason: "Welcome aboard.",
    });
    expect(approved.subject).toBe("Your promoter application is approved");
    expect(approved.text).toContain("approved your application to the promoter program");
    expect(approved.text).not.toMatch(/again/);
    const reinstated = await renderEmail("promoter-status", {
      appUrl,
      status: "ACTIVE",
      from: "SUSPENDED",
      reason: "Review done.",
    });
    expect(reinstated.subject).toBe("You are active in the Fanfare program");
    expect(reinstated.text).toContain("earn commission again");
  });

  test("tier-changed says a move down plainly and leaves out a payout minimum the tier does not set", async () => {
    const down = await renderEmail("tier-changed", {
      appUrl,
      name: null,
      tierName: "Silver",
      previousTierName: "Gold",
      direction: "down",
      bonusBps: 200,
      payoutMinimumCents: null,
      perks: [],
    });
    expect(down.subject).toBe("Your tier is now Silver");
    expect(down.text).toContain("from Gold to Silver");
    expect(down.text).toContain("+2% on every sale");
    expect(down.text).not.toMatch(/payout minimum/i);
  });

  test("throws a clear error for an unknown template", async () => {
    await expect(renderEmail("no-such-template", {})).rejects.toThrow(
      /Unknown email template "no-such-template"/,
    );
    expect(() => emailSubject("no-such-template", {})).toThrow(/Unknown email template/);
  });

  test.each([
    ["receipt", { ...cases.receipt.props, downloadPath: undefined }, /downloadPath/],
    ["receipt", { ...cases.receipt.props, amountCents: 12.5 }, /amountCents/],
    ["receipt", { ...cases.receipt.props, expiresAt: "next week" }, /expiresAt/],
    [
      "password-reset",
      { ...cases["password-reset"].props, resetPath: "//evil.example/x" },
      /resetPath/,
    ],
    [
      "password-reset",
      { ...cases["password-reset"].props, resetPath: "https://evil.example/x" },
      /resetPath/,
    ],
    ["magic-link", { ...cases["magic-link"].props, signInPath: "/\\evil.example" }, /signInPath/],
    ["receipt", { ...cases.receipt.props, reportPath: "//evil.example/report" }, /reportPath/],
    ["payout-sent", { ...cases["payout-sent"].props, appUrl: "javascript:alert(1)" }, /appUrl/],
    [
      "refund-notice",
      { ...cases["refund-notice"].props, totalRefundedCents: 5000 },
      /totalRefundedCents/,
    ],
    ["welcome", null, /Invalid props for email template "welcome"/],
  ] as const)("throws naming the field for bad props of %s (%#)", async (name, props, message) => {
    await expect(renderEmail(name, props)).rejects.toThrow(message);
    expect(() => emailSubject(name, props)).toThrow(message);
  });
});

describe("formatMoney", () => {
  test.each([
    [1299, "usd", "$12.99"],
    [0, "usd", "$0.00"],
    [5, "eur", "€0.05"],
    [500, "jpy", "¥500"],
    [123456, "usd", "$1,234.56"],
  ])("%i cents of %s is %s", (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  test("refuses a fraction of a cent", () => {
    expect(() => formatMoney(12.5, "usd")).toThrow(RangeError);
  });
});
