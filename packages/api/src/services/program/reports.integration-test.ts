import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { renderEmail } from "@fanfare/email";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { listReviewQueue, holdPromoterForReview } from "../admin/commission-review";
import { setLinkDisabled } from "../admin/moderation";
import { getPerson } from "../admin/people";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { apiEnv } from "../env";
import { listReports, reporterHash, resolveReport, submitPromoterReport } from "./reports";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";

/**
 * "Report this promoter" (issue 11 §2): public reports through a link code or a promoter id,
 * one open report per reporter and promoter, a per-IP rate limit, and the admin queue where a
 * report is resolved or dismissed once, audited.
 */
describe("promoter reports", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let ipCounter = 0;
  /** A fresh client address per reporter, so tests neither dedupe nor rate-limit each other. */
  const nextIp = () => `198.51.100.${++ipCounter}`;
  /** An anonymous visitor's caller from `ip`, optionally with an `ff_sid` browser session. */
  const visitor = (ip = nextIp(), sessionId?: string) =>
    h.callerFor(null, {
      "x-fanfare-peer-ip": ip,
      "user-agent": UA,
      ...(sessionId ? { cookie: `ff_sid=${sessionId}` } : {}),
    });

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter with a link on a new track. */
  async function promoterWithLink() {
    const artist = await h.makeUser({
      artistName: `Report Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artist, { title: "Reported Track" });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    return { artist, track, promoter, link, promoterId: profile.id };
  }

  const reportsOf = (promoterId: string) =>
    h.db.promoterReport.findMany({ where: { promoterId }, orderBy: { createdAt: "asc" } });

  test("a visitor reports through the link code: the promoter, link and track are recorded with a keyed hash of the reporter, never their IP", async () => {
    const p = await promoterWithLink();
    const ip = nextIp();
    const caller = await visitor(ip);
    expect(
      await caller.report.submit({
        code: p.link.code,
        reason: "MISLEADING",
        details: "  Said the track was free.  ",
        contactEmail: " Fan@Example.com ",
      }),
    ).toEqual({ received: true });
    const [row, ...more] = await reportsOf(p.promoterId);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      promoterId: p.promoterId,
      linkId: p.link.id,
      trackId: p.track.id,
      reason: "MISLEADING",
      details: "Said the track was free.",
      contactEmail: "fan@example.com",
      source: "page",
      status: "OPEN",
      resolution: null,
      resolvedAt: null,
    });
    expect(row!.reporterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.reporterHash).toBe(reporterHash({ ip, userAgent: UA, sessionId: null }));
    expect(JSON.stringify(row)).not.toContain(ip);
  });

  test("blank details and contact email are stored as none", async () => {
    const p = await promoterWithLink();
    await (
      await visitor()
    ).report.submit({ code: p.link.code, reason: "SPAM", details: "   ", contactEmail: "" });
    expect(await reportsOf(p.promoterId)).toMatchObject([{ details: null, contactEmail: null }]);
  });

  test("the same reporter reporting the same promoter again while their report is open gets success and no second row; another reporter adds one; once closed, the first may report again", async () => {
    const p = await promoterWithLink();
    const first = await visitor(nextIp(), "sessAAAAAAAAAAAAAAAA");
    const input = { code: p.link.code, reason: "SPAM" as const };
    expect(await first.report.submit(input)).toEqual({ received: true });
    expect(await first.report.submit({ ...input, reason: "FRAUD" })).toEqual({ received: true });
    // Same browser session from another network: still the same reporter.
    const sameBrowser = await visitor(nextIp(), "sessAAAAAAAAAAAAAAAA");
    expect(await sameBrowser.report.submit(input)).toEqual({ received: true });
    expect(await reportsOf(p.promoterId)).toHaveLength(1);

    await (await visitor(nextIp(), "sessBBBBBBBBBBBBBBBB")).report.submit(input);
    const rows = await reportsOf(p.promoterId);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.reason).toBe("SPAM");

    await resolveReport(
      { reportId: rows[0]!.id, outcome: "DISMISSED", note: "Nothing against the terms." },
      { userId: admin.id },
      h.db,
    );
    await first.report.submit({ ...input, reason: "FRAUD" });
    expect((await reportsOf(p.promoterId)).map((r) => [r.reason, r.status])).toEqual([
      ["SPAM", "DISMISSED"],
      ["SPAM", "OPEN"],
      ["FRAUD", "OPEN"],
    ]);
  });

  test("concurrent submits of one reporter store one report", async () => {
    const p = await promoterWithLink();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        submitPromoterReport(
          {
            data: { code: p.link.code, reason: "OFFENSIVE" },
            reporter: { ip: "192.0.2.200", userAgent: UA, sessionId: null },
          },
          h.db,
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.reportId)).size).toBe(1);
    expect(await reportsOf(p.promoterId)).toHaveLength(1);
  });

  test("an unknown link code answers NOT_FOUND naming the code, on the code field, and stores nothing", async () => {
    const before = await h.db.promoterReport.count();
    const error = await (
      await visitor()
    ).report
      .submit({ code: "nosuchcode", reason: "SPAM" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({
      code: "NOT_FOUND",
      message: 'No promoter link has the code "nosuchcode": check the address you came from.',
    });
    expect(await h.db.promoterReport.count()).toBe(before);
  });

  test("from an email, the promoter can be named by id: no link or track is recorded; an unknown id is NOT_FOUND", async () => {
    const p = await promoterWithLink();
    await (
      await visitor()
    ).report.submit({ promoterId: p.promoterId, reason: "IMPERSONATION", source: "email" });
    expect(await reportsOf(p.promoterId)).toMatchObject([
      { linkId: null, trackId: null, source: "email", reason: "IMPERSONATION" },
    ]);
    await expect(
      (await visitor()).report.submit({ promoterId: "no-such-promoter", reason: "SPAM" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Promoter no-such-promoter does not exist.",
    });
  });

  test("a suspended or terminated promoter, and a disabled link, can still be reported", async () => {
    const suspended = await promoterWithLink();
    await setPromoterStatus(
      { promoterId: suspended.promoterId, status: "SUSPENDED", reason: "Under review" },
      { userId: admin.id },
      h.db,
    );
    const terminated = await promoterWithLink();
    await setPromoterStatus(
      { promoterId: terminated.promoterId, status: "TERMINATED", reason: "Paid ads" },
      { userId: admin.id },
      h.db,
    );
    await setLinkDisabled(
      { linkId: terminated.link.id, disabled: true, reason: "Spam ring" },
      { userId: admin.id },
      h.db,
    );
    for (const p of [suspended, terminated]) {
      await (await visitor()).report.submit({ code: p.link.code, reason: "FRAUD" });
      expect(await reportsOf(p.promoterId)).toMatchObject([
        { linkId: p.link.id, status: "OPEN", reason: "FRAUD" },
      ]);
    }
  });

  test("an IP gets 10 reports an hour (RATE_LIMIT_REPORT_PER_IP_HOUR), then TOO_MANY_REQUESTS with nothing stored; another IP is not affected", async () => {
    const p = await promoterWithLink();
    const ip = nextIp();
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      // A new browser session each time: each would be a new report, were it not limited.
      const caller = await visitor(ip, `rate${String(i).padStart(12, "0")}`);
      const e = await caller.report
        .submit({ code: p.link.code, reason: "SPAM" })
        .catch((err: unknown) => err);
      codes.push(e instanceof TRPCError ? e.code : "ok");
    }
    expect(codes).toEqual([
      ...Array<string>(10).fill("ok"),
      "TOO_MANY_REQUESTS",
      "TOO_MANY_REQUESTS",
    ]);
    expect(await reportsOf(p.promoterId)).toHaveLength(10);
    const refused = await (
      await visitor(ip, "rateXXXXXXXXXXXX")
    ).report
      .submit({ code: p.link.code, reason: "SPAM" })
      .catch((err: unknown) => err as TRPCError);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((refused as TRPCError).message).toMatch(
      /^Too many reports from your network: try again in/,
    );
    await expect(
      (await visitor()).report.submit({ code: p.link.code, reason: "SPAM" }),
    ).resolves.toEqual({ received: true });
  });

  test("resolving a report records the note, who and when, and writes its audit row; closing it again is a CONFLICT that changes nothing", async () => {
    const p = await promoterWithLink();
    await (await visitor()).report.submit({ code: p.link.code, reason: "SPAM" });
    const [report] = await reportsOf(p.promoterId);
    const at = new Date("2026-12-06T10:00:00Z");
    const closed = await resolveReport(
      { reportId: report!.id, outcome: "RESOLVED", note: "Link disabled for spam." },
      { userId: admin.id },
      h.db,
      at,
    );
    expect(closed).toEqual({
      id: report!.id,
      status: "RESOLVED",
      resolution: "Link disabled for spam.",
      resolvedAt: at,
    });
    expect(
      await h.db.promoterReport.findUniqueOrThrow({ where: { id: report!.id } }),
    ).toMatchObject({ status: "RESOLVED", resolvedById: admin.id, resolvedAt: at });
    const audit = await h.db.auditLog.findMany({ where: { subjectId: report!.id } });
    expect(audit).toMatchObject([
      {
        actorId: admin.id,
        action: "report.resolve",
        subjectType: "report",
        before: { status: "OPEN" },
        after: { status: "RESOLVED", note: "Link disabled for spam.", promoterId: p.promoterId },
      },
    ]);

    for (const outcome of ["RESOLVED", "DISMISSED"] as const)
      await expect(
        resolveReport(
          { reportId: report!.id, outcome, note: "Again, later." },
          { userId: admin.id },
          h.db,
        ),
      ).rejects.toThrow(
        `Report ${report!.id} is already resolved: a closed report cannot be closed again.`,
      );
    // Through the admin procedure: the same refusal as a 409.
    await expect(
      admin.caller.admin.reports.resolve({
        reportId: report!.id,
        outcome: "DISMISSED",
        note: "Again, later.",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(
      await h.db.promoterReport.findUniqueOrThrow({ where: { id: report!.id } }),
    ).toMatchObject({ status: "RESOLVED", resolution: "Link disabled for spam." });
    expect(await h.db.auditLog.count({ where: { subjectId: report!.id } })).toBe(1);
  });

  test("two admins closing one report at the same moment: exactly one succeeds and one audit row is written", async () => {
    const p = await promoterWithLink();
    await (await visitor()).report.submit({ code: p.link.code, reason: "OTHER" });
    const [report] = await reportsOf(p.promoterId);
    const outcomes = await Promise.allSettled(
      (["RESOLVED", "DISMISSED"] as const).map((outcome) =>
        resolveReport(
          { reportId: report!.id, outcome, note: `Closed as ${outcome}.` },
          { userId: admin.id },
          h.db,
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({
      reason: { code: "CONFLICT" },
    });
    expect(await h.db.auditLog.count({ where: { subjectId: report!.id } })).toBe(1);
  });

  test("resolving an unknown report is NOT_FOUND", async () => {
    await expect(
      resolveReport(
        { reportId: "no-such-report", outcome: "DISMISSED", note: "Nothing here." },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Report no-such-report does not exist.",
    });
  });

  test("the admin queue: by status, newest first, in cursor pages, with the promoter, link code, track and the promoter's open reports; the person page and the fraud queue count them too", async () => {
    const p = await promoterWithLink();
    const times = [1, 2, 3].map((m) => new Date(Date.UTC(2030, 0, 1, 0, m)));
    const ids: string[] = [];
    for (const [i, at] of times.entries())
      ids.push(
        (
          await submitPromoterReport(
            {
              data: { code: p.link.code, reason: "SPAM", details: `Report ${i}` },
              reporter: { ip: nextIp(), userAgent: UA, sessionId: null },
            },
            h.db,
            at,
          )
        ).reportId,
      );
    await resolveReport(
      { reportId: ids[0]!, outcome: "DISMISSED", note: "Not a spam post." },
      { userId: admin.id },
      h.db,
    );

    const open = await admin.caller.admin.reports.list({ status: "OPEN", limit: 1 });
    expect(open.items).toHaveLength(1);
    const promoterUser = await h.db.user.findUniqueOrThrow({ where: { id: p.promoter.id } });
    expect(open.items[0]).toMatchObject({
      id: ids[2],
      reason: "SPAM",
      details: "Report 2",
      status: "OPEN",
      source: "page",
      promoter: {
        id: p.promoterId,
        userId: p.promoter.id,
        email: promoterUser.email,
        label: promoterUser.name,
        status: "ACTIVE",
        openReports: 2,
      },
      link: { id: p.link.id, code: p.link.code, disabled: false },
      track: { id: p.track.id, title: "Reported Track", slug: p.track.slug },
      resolvedBy: null,
    });
    expect(open.nextCursor).toBe(ids[2]);
    const next = await admin.caller.admin.reports.list({
      status: "OPEN",
      limit: 1,
      cursor: open.nextCursor,
    });
    expect(next.items.map((r) => r.id)).toEqual([ids[1]]);

    const dismissed = await listReports({ status: "DISMISSED", limit: 50 }, h.db);
    expect(dismissed.items.find((r) => r.id === ids[0])).toMatchObject({
      status: "DISMISSED",
      resolution: "Not a spam post.",
      resolvedBy: { id: admin.id, email: admin.email },
      promoter: { openReports: 2 },
    });
    expect(dismissed.items.every((r) => r.status === "DISMISSED")).toBe(true);
    const all = await listReports({ limit: 50 }, h.db);
    const mine = all.items.filter((r) => r.promoter.id === p.promoterId).map((r) => r.id);
    expect(mine).toEqual([ids[2], ids[1], ids[0]]);

    expect((await getPerson({ userId: p.promoter.id }, h.db)).promoter?.openReports).toBe(2);
    expect((await getPerson({ userId: admin.id }, h.db)).promoter?.openReports).toBe(0);

    // Hold a sale of this promoter for review: the fraud queue shows the open reports beside it.
    await h.sellThroughLink(p.link, p.track);
    await holdPromoterForReview(
      { promoterId: p.promoterId, reason: "Reported twice." },
      { userId: admin.id },
      h.db,
    );
    const queue = await listReviewQueue({ page: { limit: 50 } }, h.db);
    expect(queue.items.find((c) => c.promoter.id === p.promoterId)?.promoter.openReports).toBe(2);
  });

  test("the buyer's receipt for a sale through a link carries the link to report that promoter", async () => {
    const p = await promoterWithLink();
    const saleId = await h.sellThroughLink(p.link, p.track);
    const row = await h.db.emailOutbox.findFirstOrThrow({
      where: { template: "receipt", idempotencyKey: `receipt:${saleId}:1` },
    });
    const email = await renderEmail(row.template, row.props);
    const appUrl = apiEnv().APP_URL.replace(/\/$/, "");
    expect(email.text).toContain(`report this promoter: ${appUrl}/report?ref=${p.link.code}`);
  });

  test.each([
    {
      label: "the same browser session from two networks is one reporter",
      a: { sessionId: "s".repeat(16), ip: "192.0.2.1" },
      b: { sessionId: "s".repeat(16), ip: "2001:db8::1" },
      same: true,
    },
    {
      label: "one IPv6 /64 with one user agent, no session, is one reporter",
      a: { sessionId: null, ip: "2001:db8:0:1::1" },
      b: { sessionId: null, ip: "2001:db8:0:1::ffff" },
      same: true,
    },
    {
      label: "two networks without a session are two reporters",
      a: { sessionId: null, ip: "192.0.2.1" },
      b: { sessionId: null, ip: "192.0.2.2" },
      same: false,
    },
    {
      label: "two browser sessions on one network are two reporters",
      a: { sessionId: "a".repeat(16), ip: "192.0.2.1" },
      b: { sessionId: "b".repeat(16), ip: "192.0.2.1" },
      same: false,
    },
  ])("reporterHash: $label", ({ a, b, same }) => {
    const hash = (r: { sessionId: string | null; ip: string }) =>
      reporterHash({ ...r, userAgent: UA }, "k".repeat(32));
    expect(hash(a) === hash(b)).toBe(same);
    expect(hash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("reporterHash is null when the request shows neither a session nor an IP, and depends on the key", () => {
    expect(reporterHash({ ip: "unknown", userAgent: UA, sessionId: null }, "k".repeat(32))).toBe(
      null,
    );
    const r = { ip: "192.0.2.1", userAgent: UA, sessionId: null };
    expect(reporterHash(r, "k".repeat(32))).not.toBe(reporterHash(r, "j".repeat(32)));
  });
});
