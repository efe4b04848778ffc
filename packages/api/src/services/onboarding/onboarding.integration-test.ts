import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { renderEmail } from "@fanfare/email";
import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { deliverDueEmails } from "../email/deliver";
import type { MailTransport, OutgoingMessage } from "../email/mail-transport";
import { oneClickUnsubscribe, unsubscribeByToken } from "./marketing-consent";
import { sendDueOnboardingEmails } from "./send-due";
import { signUnsubscribeToken } from "./unsubscribe-token";

const DAY_MS = 86_400_000;
const at = (start: Date, days: number, hours = 0) =>
  new Date(start.getTime() + days * DAY_MS + hours * 3_600_000);

/** A mail transport that keeps what it was given. */
function captureTransport() {
  const sent: OutgoingMessage[] = [];
  const transport: MailTransport = { kind: "smtp", send: async (m) => void sent.push(m) };
  return { sent, transport };
}

/**
 * The onboarding email sequence (issue 14 §8) against PostgreSQL, on a fake clock. Each test's
 * promoters start on their own date, weeks apart, so one test's clock never makes another test's
 * steps due (a sequence is looked at for at most 14 + 7 days).
 */
describe("onboarding email sequence", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  const savedEnv = process.env.RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE;

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
  });
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE;
    else process.env.RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE = savedEnv;
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter whose sequence started at `start` (the profile sign-up made, moved to the fake clock). */
  const promoterStartingAt = async (start: Date, displayName?: string) => {
    const user = await h.makeUser();
    const profile = await h.db.promoterProfile.update({
      where: { userId: user.id },
      data: { onboardingStartedAt: start, ...(displayName ? { displayName } : {}) },
    });
    return { ...user, promoterId: profile.id };
  };

  const onboardingMail = (promoterId: string) =>
    h.db.emailOutbox.findMany({
      where: { idempotencyKey: { startsWith: `onboarding:${promoterId}:` } },
      orderBy: { idempotencyKey: "asc" },
    });
  const sends = (promoterId: string) =>
    h.db.onboardingEmailSend.findMany({ where: { promoterId }, orderBy: { step: "asc" } });

  test("a fake clock walking days 0–15 sends each step once, on its day; day 7 carries the promoter's own first-week stats", async () => {
    const start = new Date("2027-01-04T09:00:00Z");
    const p = await promoterStartingAt(start, "Pat");
    // Their own first week: 42 clicks, 3 sales, 450 cents. A day before the start and another
    // promoter's days do not count.
    const day = (d: number) => new Date(Date.UTC(2027, 0, 4 + d));
    await h.db.promoterDailyStats.createMany({
      data: [
        { promoterId: p.promoterId, day: day(-3), clicks: 999, sales: 9, commissionCents: 9999 },
        { promoterId: p.promoterId, day: day(1), clicks: 30, sales: 2, commissionCents: 300 },
        { promoterId: p.promoterId, day: day(4), clicks: 12, sales: 1, commissionCents: 150 },
      ],
    });
    const other = await promoterStartingAt(start);
    await h.db.promoterDailyStats.create({
      data: {
        promoterId: other.promoterId,
        day: day(2),
        clicks: 500,
        sales: 50,
        commissionCents: 5000,
      },
    });

    for (let hours = 0; hours <= 15 * 24; hours += 6)
      await sendDueOnboardingEmails({ now: at(start, 0, hours) }, h.db);

    const rows = await sends(p.promoterId);
    expect(
      rows.map((r) => [r.step, r.sent, (r.sentAt.getTime() - start.getTime()) / DAY_MS]),
    ).toEqual([
      [1, true, 0],
      [2, true, 1],
      [3, true, 2],
      [4, true, 3],
      [5, true, 5],
      [6, true, 7],
      [7, true, 14],
    ]);
    const mail = await onboardingMail(p.promoterId);
    expect(mail.map((m) => m.idempotencyKey)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((s) => `onboarding:${p.promoterId}:${s}`),
    );
    expect(mail.every((m) => m.to === p.email && m.template === "onboarding-step")).toBe(true);

    const week = mail[5]!;
    expect(week.subject).toBe("Your first week: 42 clicks, 3 sales");
    const body = (week.props as { body: string }).body;
    expect(body).toContain("**Clicks:** 42");
    expect(body).toContain("**Sales:** 3");
    // Values are escaped as literal Markdown ("$4\\.50"); the rendered email reads "$4.50".
    const weekText = (await renderEmail("onboarding-step", week.props)).text;
    expect(weekText).toContain("Commission earned: $4.50");
    expect(weekText).toContain("Clicks: 42");

    // What goes out: the rendered Markdown with the name, and RFC 8058 headers.
    const welcome = await renderEmail("onboarding-step", mail[0]!.props);
    expect(welcome.subject).toBe("Welcome to Fanfare, Pat: get your first link");
    expect(welcome.text).toContain("Hi Pat,");
    expect(welcome.html).toMatch(/href="[^"]*\/unsubscribe\?token=/);
    const { sent, transport } = captureTransport();
    await deliverDueEmails({ db: h.db, transport }, { now: at(start, 16), limit: 1000 });
    const delivered = sent.filter(
      (m) => m.to === p.email && m.subject.startsWith("Welcome to Fanfare, Pat"),
    );
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.headers).toEqual({
      "List-Unsubscribe": expect.stringMatching(
        /^<https?:\/\/[^>]+\/api\/unsubscribe\?token=[\w.-]+>$/,
      ),
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  test("overlapping runs send each step once, and a run reads promoters in keyset batches", async () => {
    const start = new Date("2027-02-08T12:00:00Z");
    const ps = await Promise.all([1, 2, 3, 4, 5].map(() => promoterStartingAt(start)));

    const day0 = await Promise.all(
      [1, 2, 3].map(() => sendDueOnboardingEmails({ now: start, batchSize: 2 }, h.db)),
    );
    expect(day0.reduce((n, r) => n + r.sent, 0)).toBe(5);
    for (const p of ps) expect((await onboardingMail(p.promoterId)).length).toBe(1);

    const day3 = await Promise.all(
      [1, 2, 3].map(() => sendDueOnboardingEmails({ now: at(start, 3), batchSize: 2 }, h.db)),
    );
    expect(day3.reduce((n, r) => n + r.sent, 0)).toBe(5);
    for (const p of ps) {
      expect(
        (await onboardingMail(p.promoterId)).map((m) => m.idempotencyKey.split(":")[2]),
      ).toEqual(["1", "4"]);
      expect((await sends(p.promoterId)).map((r) => [r.step, r.sent])).toEqual([
        [1, true],
        [2, false],
        [3, false],
        [4, true],
      ]);
    }
    // Nothing is left to do at the same time.
    expect(await sendDueOnboardingEmails({ now: at(start, 3) }, h.db)).toMatchObject({ sent: 0 });
  });

  test("a late first run sends only the latest due step and passes over the earlier ones; an inactive promoter gets nothing", async () => {
    const start = new Date("2027-03-15T08:00:00Z");
    const late = await promoterStartingAt(start);
    const suspended = await promoterStartingAt(start);
    await h.db.promoterProfile.update({
      where: { id: suspended.promoterId },
      data: { status: "SUSPENDED" },
    });

    await sendDueOnboardingEmails({ now: at(start, 6) }, h.db);
    expect((await sends(late.promoterId)).map((r) => [r.step, r.sent])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect((await onboardingMail(late.promoterId)).map((m) => m.idempotencyKey)).toEqual([
      `onboarding:${late.promoterId}:5`,
    ]);
    await sendDueOnboardingEmails({ now: at(start, 7) }, h.db);
    expect((await onboardingMail(late.promoterId)).length).toBe(2);

    expect(await onboardingMail(suspended.promoterId)).toEqual([]);
    expect((await sends(suspended.promoterId)).every((r) => !r.sent)).toBe(true);
    expect((await sends(suspended.promoterId)).length).toBe(6);
  });

  test("unsubscribing through the token stops the later steps, while a receipt still goes out", async () => {
    const start = new Date("2027-04-19T10:00:00Z");
    const p = await promoterStartingAt(start);
    await sendDueOnboardingEmails({ now: start }, h.db);
    const [welcome] = await onboardingMail(p.promoterId);
    const oneClickPath = (welcome!.props as { unsubscribe: { oneClickPath: string } }).unsubscribe
      .oneClickPath;
    const token = new URL(oneClickPath, "https://x.example").searchParams.get("token")!;

    // A bad token is refused with its reason and changes nothing.
    const forged = `${token.split(".")[0]}.${"A".repeat(43)}`;
    await expect(unsubscribeByToken({ token: forged }, h.db)).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: expect.stringMatching(/not valid/),
    });
    await expect(unsubscribeByToken({ token: "" }, h.db)).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: expect.stringMatching(/no token/),
    });
    expect(
      (await h.db.user.findUniqueOrThrow({ where: { id: p.id } })).marketingOptOutAt,
    ).toBeNull();

    // The one-click POST's service: unsubscribes, and a second click keeps the first time.
    const at1 = at(start, 0, 2);
    expect(await oneClickUnsubscribe({ token, ip: "203.0.113.7", now: at1 }, h.db)).toEqual({
      alreadyUnsubscribed: false,
    });
    expect(await oneClickUnsubscribe({ token, ip: "203.0.113.7" }, h.db)).toEqual({
      alreadyUnsubscribed: true,
    });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: p.id } })).marketingOptOutAt).toEqual(
      at1,
    );

    for (let d = 1; d <= 15; d++) await sendDueOnboardingEmails({ now: at(start, d) }, h.db);
    expect((await onboardingMail(p.promoterId)).length).toBe(1);
    expect((await sends(p.promoterId)).map((r) => [r.step, r.sent])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
      [6, false],
      [7, false],
    ]);

    // The unsubscribed promoter buys a track: the receipt is queued and delivered, with no
    // unsubscribe header (it is not marketing mail).
    const artist = await h.makeUser({ artistName: "Receipt Artist" });
    const { track } = await h.makeTrack(artist, { title: "Still Arrives" });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail: p.email });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    const receipt = await h.db.emailOutbox.findFirst({
      where: { to: p.email, template: "receipt" },
    });
    expect(receipt).not.toBeNull();
    const { sent, transport } = captureTransport();
    await deliverDueEmails({ db: h.db, transport }, { limit: 1000 });
    const delivered = sent.find((m) => m.to === p.email && m.subject === receipt!.subject);
    expect(delivered).toBeDefined();
    expect(delivered!.headers).toBeUndefined();
  });

  test("the one-click unsubscribe is rate limited per IP", async () => {
    process.env.RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE = "2";
    const user = await h.makeUser();
    const token = signUnsubscribeToken(user.id);
    const ip = "198.51.100.77";
    await oneClickUnsubscribe({ token, ip }, h.db);
    await oneClickUnsubscribe({ token, ip }, h.db);
    await expect(oneClickUnsubscribe({ token, ip }, h.db)).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  test("admin edits change the next email, disabled steps are passed over, unknown variables are refused; all audited", async () => {
    const start = new Date("2027-05-24T07:00:00Z");
    const p = await promoterStartingAt(start, "Vic");
    await sendDueOnboardingEmails({ now: start }, h.db);

    await admin.caller.admin.onboarding.saveStep({
      step: 2,
      dayOffset: 1,
      subject: "Day one, {{name}}!",
      body: "Custom **text** for {{name}}: {{dashboardUrl}}",
      enabled: true,
    });
    await admin.caller.admin.onboarding.saveStep({
      step: 3,
      dayOffset: 2,
      subject: "Off",
      body: "Off",
      enabled: false,
    });
    await expect(
      admin.caller.admin.onboarding.saveStep({
        step: 4,
        dayOffset: 3,
        subject: "Hi {{promoter}}",
        body: "x",
        enabled: true,
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Unknown variable \{\{promoter\}\}/),
    });
    await expect(
      admin.caller.admin.onboarding.saveStep({
        step: 4,
        dayOffset: 3,
        subject: "Hi",
        body: "{{name",
        enabled: true,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      p.caller.admin.onboarding.saveStep({
        step: 2,
        dayOffset: 1,
        subject: "x",
        body: "x",
        enabled: true,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    await sendDueOnboardingEmails({ now: at(start, 1) }, h.db);
    await sendDueOnboardingEmails({ now: at(start, 2) }, h.db);
    const mail = await onboardingMail(p.promoterId);
    expect(mail.map((m) => m.subject)).toEqual([
      "Welcome to Fanfare, Vic: get your first link",
      "Day one, Vic!",
    ]);
    expect((mail[1]!.props as { body: string }).body).toMatch(
      /^Custom \*\*text\*\* for Vic: https?:\/\/[^ ]+\/dashboard\/promoter$/,
    );
    expect((await sends(p.promoterId)).map((r) => [r.step, r.sent])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);

    const steps = await admin.caller.admin.onboarding.steps();
    expect(steps.map((s) => s.isDefault)).toEqual([true, false, false, true, true, true, true]);
    expect(steps[1]).toMatchObject({
      subject: "Day one, {{name}}!",
      sentCount: expect.any(Number),
    });
    expect(steps[1]!.sentCount).toBeGreaterThanOrEqual(1);
    expect(steps[2]!.passedOverCount).toBeGreaterThanOrEqual(1);

    const reset = await admin.caller.admin.onboarding.resetStep({ step: 2 });
    expect(reset[1]).toMatchObject({ isDefault: true, subject: "Pick tracks you love" });
    await admin.caller.admin.onboarding.resetStep({ step: 3 });
    const audits = await h.db.auditLog.findMany({
      where: { subjectType: "onboarding_step" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => [a.action, a.subjectId])).toEqual([
      ["onboarding.saveStep", "2"],
      ["onboarding.saveStep", "3"],
      ["onboarding.resetStep", "2"],
      ["onboarding.resetStep", "3"],
    ]);
    expect(audits[0]).toMatchObject({
      actorId: admin.id,
      before: { builtin: true, subject: "Pick tracks you love" },
      after: { builtin: false, subject: "Day one, {{name}}!" },
    });
  });

  test("an account made from a receipt gets no onboarding mail until its email is confirmed", async () => {
    const start = new Date("2027-03-01T09:00:00Z");
    const p = await promoterStartingAt(start);
    await h.db.promoterProfile.update({
      where: { id: p.promoterId },
      data: { joinedVia: "receipt" },
    });
    await h.db.user.update({ where: { id: p.id }, data: { emailVerified: null } });
    await sendDueOnboardingEmails({ now: at(start, 0, 1) }, h.db);
    expect(await onboardingMail(p.promoterId)).toHaveLength(0);
    // The magic link was used: Auth.js marks the email verified; the sequence starts.
    await h.db.user.update({ where: { id: p.id }, data: { emailVerified: at(start, 0, 2) } });
    await sendDueOnboardingEmails({ now: at(start, 0, 3) }, h.db);
    expect(await onboardingMail(p.promoterId)).toHaveLength(1);
  });

  test("a signed-in user turns marketing mail off and on in settings", async () => {
    const user = await h.makeUser();
    expect(await user.caller.account.settings()).toMatchObject({ marketingEmails: true });
    await user.caller.account.setMarketingEmails({ subscribed: false });
    expect(await user.caller.account.settings()).toMatchObject({ marketingEmails: false });
    await user.caller.account.setMarketingEmails({ subscribed: true });
    expect(await user.caller.account.settings()).toMatchObject({ marketingEmails: true });
    const anonymous = await h.callerFor(null);
    await expect(anonymous.account.setMarketingEmails({ subscribed: false })).rejects.toMatchObject(
      {
        code: "UNAUTHORIZED",
      },
    );
  });
});
