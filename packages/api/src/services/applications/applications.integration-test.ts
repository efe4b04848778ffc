import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { renderEmail } from "@fanfare/email";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { recordClick } from "../affiliate/clicks";
import { APPLICATION_NEEDED_REASON } from "../affiliate/promoter-profile";
import { forgetProgramSettings, programSettings } from "../settings/program-settings";
import { approveApplication, rejectApplication } from "./decide-application";
import { submitApplication } from "./submit-application";

const APPLICATION = {
  pitch: "I run a weekly synthwave playlist with 4,000 listeners and love new artists.",
  channels: "Spotify playlist Night Drive Weekly, Instagram @nightdrive",
};

/**
 * Program mode "approval required" (issue 11 §1, §2): who starts PENDING, the application, the
 * admins' approval and rejection, and that a change of mode rewrites no one.
 */
describe("promoter applications", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];

  beforeAll(async () => {
    // The mode comes from the saved setting here, never from the machine's environment.
    vi.stubEnv("PROGRAM_MODE", "");
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Application Artist" });
    track = (await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 })).track;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  /** The admin switches the program mode in the console (audited, applies at once here). */
  async function setMode(mode: 0 | 1) {
    if ((await programSettings(h.db)).programMode === mode) return;
    await admin.caller.admin.settings.update({
      values: { programMode: mode },
      reason: mode ? "Curate promoters from now on" : "Open the program again",
    });
    forgetProgramSettings(h.db);
  }

  const profileOf = (userId: string) =>
    h.db.promoterProfile.findUniqueOrThrow({ where: { userId } });

  /** A visit through a link of the promoter, created directly (a PENDING promoter gets none). */
  async function clickThrough(promoterId: string) {
    const link =
      (await h.db.affiliateLink.findUnique({
        where: { promoterId_trackId: { promoterId, trackId: track.id } },
      })) ??
      (await h.db.affiliateLink.create({
        data: { code: `c${Math.random().toString(36).slice(2, 9)}`, promoterId, trackId: track.id },
      }));
    return recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: `198.51.100.${Math.floor(Math.random() * 200)}`,
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) Firefox/${Math.random()}`,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: null,
      },
      h.db,
    );
  }

  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e as TRPCError,
    );

  /** A promoter who signed up while approval was required, with their application sent. */
  async function applicant() {
    await setMode(1);
    const user = await h.makeUser();
    const profile = await profileOf(user.id);
    await user.caller.promoter.submitApplication(APPLICATION);
    return { user, promoterId: profile.id };
  }

  test("in an open program a new promoter starts ACTIVE and gets a link at once, as before", async () => {
    const user = await h.makeUser();
    expect(await profileOf(user.id)).toMatchObject({
      status: "ACTIVE",
      statusReason: null,
      appliedAt: null,
    });
    await expect(
      user.caller.promoter.getOrCreateLink({ trackId: track.id }),
    ).resolves.toMatchObject({ trackId: track.id });
    expect(await user.caller.promoter.application()).toMatchObject({ state: "NOT_NEEDED" });
    // An account made without sign-up (e.g. an email link) gets its profile on first use: ACTIVE.
    const direct = await h.db.user.create({
      data: { email: `direct-open-${Date.now()}@example.com` },
    });
    const me = await (await h.callerFor(direct.id)).promoter.me();
    expect(me.promoter).toMatchObject({ status: "ACTIVE", statusReason: null });
  });

  test("while approval is required a new promoter starts PENDING: no link, clicks not counted, no payout", async () => {
    await setMode(1);
    const user = await h.makeUser();
    const profile = await profileOf(user.id);
    expect(profile).toMatchObject({
      status: "PENDING",
      statusReason: APPLICATION_NEEDED_REASON,
      appliedAt: null,
    });
    const refused = await rejection(user.caller.promoter.getOrCreateLink({ trackId: track.id }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(
      /^New links are paused: your promoter account is awaiting approval\. Reason: The program requires approval/,
    );
    expect(await clickThrough(profile.id)).toEqual({
      recorded: false,
      reason: "promoter_inactive",
    });
    expect(await user.caller.promoter.payoutEligibility()).toMatchObject({
      reason: expect.stringMatching(
        /Payouts are paused: your promoter account is awaiting approval/,
      ),
    });
    expect(await user.caller.promoter.application()).toMatchObject({
      state: "NOT_APPLIED",
      status: "PENDING",
      pitch: null,
      reason: APPLICATION_NEEDED_REASON,
    });
    // The first-use path (an account made without sign-up) starts PENDING too.
    const direct = await h.db.user.create({ data: { email: `direct-${Date.now()}@example.com` } });
    const me = await (await h.callerFor(direct.id)).promoter.me();
    expect(me.promoter).toMatchObject({
      status: "PENDING",
      statusReason: APPLICATION_NEEDED_REASON,
    });
  });

  test("a change of mode rewrites no one: active promoters stay active, pending ones stay pending", async () => {
    await setMode(0);
    const early = await h.makeUser();
    await setMode(1);
    const late = await h.makeUser();
    expect((await profileOf(early.id)).status).toBe("ACTIVE");
    await expect(
      early.caller.promoter.getOrCreateLink({ trackId: track.id }),
    ).resolves.toBeTruthy();
    const earlyProfile = await profileOf(early.id);
    expect(await clickThrough(earlyProfile.id)).toMatchObject({ recorded: true, counted: true });

    await setMode(0);
    expect(await profileOf(late.id)).toMatchObject({
      status: "PENDING",
      statusReason: APPLICATION_NEEDED_REASON,
    });
    expect((await profileOf(early.id)).status).toBe("ACTIVE");
    // Opening the program does not approve anyone: the pending promoter still gets no link.
    expect(
      (await rejection(late.caller.promoter.getOrCreateLink({ trackId: track.id }))).code,
    ).toBe("FORBIDDEN");
  });

  test("applying records the text and appliedAt; applying again while pending replaces both", async () => {
    await setMode(1);
    const user = await h.makeUser();
    const profile = await profileOf(user.id);
    const t1 = new Date("2026-12-01T10:00:00Z");
    const sent = await submitApplication(
      {
        promoterId: profile.id,
        application: { pitch: `  ${APPLICATION.pitch}\n`, channels: APPLICATION.channels },
      },
      h.db,
      t1,
    );
    expect(sent).toEqual({
      state: "APPLIED",
      status: "PENDING",
      pitch: APPLICATION.pitch,
      channels: APPLICATION.channels,
      appliedAt: t1,
      reason: APPLICATION_NEEDED_REASON,
    });
    const t2 = new Date("2026-12-02T10:00:00Z");
    await submitApplication(
      { promoterId: profile.id, application: { ...APPLICATION, channels: "TikTok @nightdrive" } },
      h.db,
      t2,
    );
    expect(await profileOf(user.id)).toMatchObject({
      status: "PENDING",
      applicationPitch: APPLICATION.pitch,
      applicationChannels: "TikTok @nightdrive",
      appliedAt: t2,
    });
    // The applicant's own action: no audit row, no email.
    expect(await h.db.auditLog.count({ where: { subjectId: profile.id } })).toBe(0);
    expect(
      await h.db.emailOutbox.count({ where: { to: user.email, template: { not: "welcome" } } }),
    ).toBe(0);
  });

  test("an application is refused with readable messages when too short, too long or holding a NUL, and changes nothing", async () => {
    await setMode(1);
    const user = await h.makeUser();
    for (const [input, message] of [
      [
        { ...APPLICATION, pitch: "Because." },
        /Tell us why you want to promote in at least 20 characters/,
      ],
      [
        { ...APPLICATION, pitch: "p".repeat(1001) },
        /Keep why you want to promote under 1,000 characters/,
      ],
      [{ ...APPLICATION, channels: "ig" }, /Say where you will promote .* at least 3 characters/],
      [
        { ...APPLICATION, channels: "c".repeat(501) },
        /Keep where you will promote under 500 characters/,
      ],
      [
        { ...APPLICATION, pitch: `${APPLICATION.pitch}\u0000` },
        /Why you want to promote contains a NUL character/,
      ],
    ] as const) {
      const e = await rejection(user.caller.promoter.submitApplication(input));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(message);
    }
    expect(await profileOf(user.id)).toMatchObject({
      applicationPitch: null,
      applicationChannels: null,
      appliedAt: null,
    });
  });

  test("only a promoter awaiting approval applies: an active one is refused", async () => {
    await setMode(0);
    const user = await h.makeUser();
    const e = await rejection(user.caller.promoter.submitApplication(APPLICATION));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is active: only a promoter awaiting approval sends an application/);
    expect((await profileOf(user.id)).applicationPitch).toBeNull();
  });

  test("approval makes the applicant ACTIVE with the admin's note, audited and emailed as an approval; links and counted clicks follow", async () => {
    const { user, promoterId } = await applicant();
    const change = await admin.caller.admin.promoters.approve({
      promoterId,
      reason: "Welcome aboard: your playlist fits our artists.",
    });
    expect(change).toMatchObject({ from: "PENDING", to: "ACTIVE" });
    expect(await profileOf(user.id)).toMatchObject({
      status: "ACTIVE",
      statusReason: "Welcome aboard: your playlist fits our artists.",
      statusChangedById: admin.id,
      applicationPitch: APPLICATION.pitch,
    });
    expect(
      await h.db.auditLog.findFirst({
        where: { action: "promoter.setStatus", subjectId: promoterId },
      }),
    ).toMatchObject({
      actorId: admin.id,
      before: { status: "PENDING" },
      after: { status: "ACTIVE" },
    });
    const email = await h.db.emailOutbox.findFirstOrThrow({
      where: { to: user.email, template: "promoter-status" },
    });
    expect(email.subject).toBe("Your promoter application is approved");
    expect((await renderEmail(email.template, email.props)).text).toContain(
      "Welcome aboard: your playlist fits our artists.",
    );
    await expect(
      user.caller.promoter.getOrCreateLink({ trackId: track.id }),
    ).resolves.toMatchObject({ trackId: track.id });
    expect(await clickThrough(promoterId)).toMatchObject({ recorded: true, counted: true });
    expect(await (await h.callerFor(user.id)).promoter.application()).toMatchObject({
      state: "NOT_NEEDED",
    });
    // Approving again is refused: approval never reinstates a suspended promoter either.
    const again = await rejection(
      admin.caller.admin.promoters.approve({ promoterId, reason: "Once more" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/they are active, not awaiting approval/);
  });

  test("rejection keeps the applicant PENDING with the reason, clears appliedAt, emails the reason and lets them apply again", async () => {
    const { user, promoterId } = await applicant();
    const sentAt = (await profileOf(user.id)).appliedAt!;
    const reason = "Tell us which accounts are yours, with links.";
    expect(await admin.caller.admin.promoters.reject({ promoterId, reason })).toEqual({
      promoterId,
      reason,
      appliedAt: sentAt,
    });
    expect(await profileOf(user.id)).toMatchObject({
      status: "PENDING",
      statusReason: reason,
      statusChangedById: admin.id,
      appliedAt: null,
      applicationPitch: APPLICATION.pitch,
      applicationChannels: APPLICATION.channels,
    });
    const audit = await h.db.auditLog.findFirstOrThrow({
      where: { action: "promoter.rejectApplication", subjectId: promoterId },
    });
    expect(audit).toMatchObject({
      actorId: admin.id,
      before: { status: "PENDING", appliedAt: sentAt.toISOString() },
      after: { status: "PENDING", reason, appliedAt: null },
    });
    // The applicant reads the reason by email...
    const email = await h.db.emailOutbox.findFirstOrThrow({
      where: { to: user.email, template: "application-rejected" },
    });
    expect(email.subject).toBe("Your promoter application was not approved");
    const rendered = await renderEmail(email.template, email.props);
    expect(rendered.text).toContain(reason);
    expect(rendered.text).toContain("/dashboard/promoter");
    // ...and on the dashboard, with the text to edit; still no links.
    const caller = await h.callerFor(user.id);
    expect(await caller.promoter.application()).toMatchObject({
      state: "REJECTED",
      reason,
      pitch: APPLICATION.pitch,
      appliedAt: null,
    });
    expect((await rejection(caller.promoter.getOrCreateLink({ trackId: track.id }))).code).toBe(
      "FORBIDDEN",
    );
    // Not in the queue until they apply again; nothing left to reject meanwhile.
    const queue = await admin.caller.admin.promoters.list({ applications: true, limit: 50 });
    expect(queue.items.map((i) => i.id)).not.toContain(promoterId);
    const twice = await rejection(admin.caller.admin.promoters.reject({ promoterId, reason }));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toMatch(/has no application waiting for a decision/);

    await caller.promoter.submitApplication({
      ...APPLICATION,
      channels: "Instagram @nightdrive (mine)",
    });
    expect(await caller.promoter.application()).toMatchObject({ state: "APPLIED" });
    const back = await admin.caller.admin.promoters.list({ applications: true, limit: 50 });
    expect(back.items.map((i) => i.id)).toContain(promoterId);
  });

  test("an applicant shut out for good (terminated) cannot apply again, and their application cannot be decided", async () => {
    const { user, promoterId } = await applicant();
    await admin.caller.admin.promoters.setStatus({
      promoterId,
      status: "TERMINATED",
      reason: "Spam applications.",
    });
    const e = await rejection(user.caller.promoter.submitApplication(APPLICATION));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is terminated: only a promoter awaiting approval/);
    for (const decide of [approveApplication, rejectApplication]) {
      await expect(
        decide({ promoterId, reason: "Decide" }, { userId: admin.id }, h.db),
      ).rejects.toThrow(/they are terminated, not awaiting approval/);
    }
  });

  test("the console lists the waiting applications oldest first, with what was sent and when, and counts them", async () => {
    await setMode(1);
    const before = await admin.caller.admin.promoters.applicationCount();
    const first = await h.makeUser();
    const second = await h.makeUser();
    const idle = await h.makeUser();
    const [p1, p2, p3] = await Promise.all([first, second, idle].map((u) => profileOf(u.id)));
    await submitApplication(
      { promoterId: p2!.id, application: APPLICATION },
      h.db,
      new Date("2020-01-02T00:00:00Z"),
    );
    await submitApplication(
      { promoterId: p1!.id, application: { ...APPLICATION, channels: "YouTube" } },
      h.db,
      new Date("2020-01-01T00:00:00Z"),
    );
    expect(await admin.caller.admin.promoters.applicationCount()).toBe(before + 2);
    const page = await admin.caller.admin.promoters.list({ applications: true, limit: 50 });
    const ids = page.items.map((i) => i.id);
    expect(ids.slice(0, 2)).toEqual([p1!.id, p2!.id]);
    expect(ids).not.toContain(p3!.id);
    expect(page.items[0]).toMatchObject({
      status: "PENDING",
      applicationPitch: APPLICATION.pitch,
      applicationChannels: "YouTube",
      appliedAt: new Date("2020-01-01T00:00:00Z"),
    });
    // The PENDING filter still shows everyone awaiting approval, applied or not.
    const pending = await admin.caller.admin.promoters.list({ status: "PENDING", limit: 50 });
    expect(pending.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([p1!.id, p2!.id, p3!.id]),
    );
  });
});
