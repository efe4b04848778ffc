import http from "node:http";
import type { AddressInfo } from "node:net";

import { cents } from "@fanfare/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import type { SmtpSink } from "../../test/smtp-sink";
import { startSmtpSink } from "../../test/smtp-sink";
import { recordClick } from "../affiliate/clicks";
import { messageIdFor } from "../email/deliver";
import { createMailTransport } from "../email/mail-transport";
import { payeeAccounts } from "../payouts/payee";
import { emitWebhookEvents } from "../platform/webhooks/emit";
import { releaseDueSalesJob } from "./handlers";
import { JOB_NAMES } from "./queues";
import type { JobRunner } from "./runner";
import { sendJob, startJobs, stopJobs, syncPayoutSchedule } from "./runner";

const DAY = 86_400_000;
/** Jobs run on pg-boss's own polling (2–10 s per queue) and cron; give them time on a busy machine. */
const WAIT = { timeout: 60_000, interval: 250 };

describe("background jobs on pg-boss, sharing the app's database", () => {
  let h: Harness;
  let sink: SmtpSink;
  let runner: JobRunner;
  let admin: Awaited<ReturnType<Harness["makeUser"]>>;

  beforeAll(async () => {
    h = await setupHarness();
    sink = await startSmtpSink();
    runner = await startJobs({
      db: h.db,
      role: "worker",
      database: h.testDb,
      deps: { transport: createMailTransport({ server: sink.url }) },
    });
    admin = await h.makeUser();
    await h.db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    admin = { ...admin, caller: await h.callerFor(admin.id) };
  });
  afterAll(async () => {
    await stopJobs();
    await sink.close();
    await h.close();
  });

  /** A job's state and output, read from pg-boss's table. */
  const jobRow = async (id: string) =>
    (
      await h.db.$queryRaw<
        { state: string; output: unknown }[]
      >`SELECT "state"::text AS "state", "output" FROM pgboss.job WHERE "id" = ${id}::uuid`
    )[0];

  test("starting the workers again in the same process (also concurrently, also as a client) returns the running runner: each queue and schedule exists once", async () => {
    const again = await Promise.all([
      startJobs({ db: h.db, role: "worker", database: h.testDb }),
      startJobs({ db: h.db, role: "worker", database: h.testDb }),
      startJobs({ db: h.db, role: "client", database: h.testDb }),
    ]);
    for (const r of again) expect(r).toBe(runner);
    const queues = (await runner.boss.getQueues())
      .map((q) => q.name)
      .filter((n) => !n.startsWith("__pgboss"));
    expect(queues.sort()).toEqual([...JOB_NAMES].sort());
    const schedules = await runner.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, s.timezone]).sort()).toEqual([
      ["api.prune-idempotency", "29 4 * * *", "UTC"],
      ["badges.award", "37 3 * * *", "UTC"],
      ["campaigns.tick", "* * * * *", "UTC"],
      ["clicks.prune-windows", "17 * * * *", "UTC"],
      ["contests.tick", "* * * * *", "UTC"],
      ["discount.expire", "7 * * * *", "UTC"],
      ["fraud.score", "* * * * *", "UTC"],
      ["leaderboard.refresh", "* * * * *", "UTC"],
      ["milestones.award", "27 3 * * *", "UTC"],
      ["onboarding.send", "*/15 * * * *", "UTC"],
      ["payouts.reconcile", "*/5 * * * *", "UTC"],
      ["program.forfeitures", "41 * * * *", "UTC"],
      ["sales.release-due", "* * * * *", "UTC"],
      ["tiers.recompute", "17 3 * * *", "UTC"],
      ["webhooks.prune", "53 * * * *", "UTC"],
    ]);
  });

  test("PAYOUT_SCHEDULE sets the payout batch's cron: weekly on Mondays 09:00 UTC, monthly on the 1st 09:00 UTC, and off removes it", async () => {
    try {
      vi.stubEnv("PAYOUT_SCHEDULE", "weekly");
      expect(await syncPayoutSchedule(runner.boss)).toBe("0 9 * * 1");
      const weekly = await runner.boss.getSchedule("payouts.batch");
      expect(weekly).toMatchObject({ cron: "0 9 * * 1", timezone: "UTC" });
      // Wednesday 2026-12-02 10:00 UTC: the next runs are the following Mondays at 09:00.
      expect(
        runner.boss.previewSchedule(weekly!.cron, {
          tz: "UTC",
          from: new Date("2026-12-02T10:00:00Z"),
          count: 2,
        }),
      ).toEqual([new Date("2026-12-07T09:00:00Z"), new Date("2026-12-14T09:00:00Z")]);

      vi.stubEnv("PAYOUT_SCHEDULE", "monthly");
      expect(await syncPayoutSchedule(runner.boss)).toBe("0 9 1 * *");
      const monthly = await runner.boss.getSchedule("payouts.batch");
      expect(
        runner.boss.previewSchedule(monthly!.cron, {
          tz: "UTC",
          from: new Date("2026-12-02T10:00:00Z"),
          count: 2,
        }),
      ).toEqual([new Date("2027-01-01T09:00:00Z"), new Date("2027-02-01T09:00:00Z")]);
      expect((await runner.boss.getSchedules("payouts.batch")).length).toBe(1);

      vi.stubEnv("PAYOUT_SCHEDULE", "off");
      expect(await syncPayoutSchedule(runner.boss)).toBeNull();
      expect(await runner.boss.getSchedule("payouts.batch")).toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test("queued mail leaves through SMTP with no request at all: the email.deliver worker sends it within seconds", async () => {
    const row = await h.db.emailOutbox.create({
      data: {
        idempotencyKey: "jobs-test:welcome",
        to: "worker@example.com",
        subject: "-",
        template: "welcome",
        props: { appUrl: "https://fanfare.example", name: "Worker" },
      },
    });
    await vi.waitFor(
      async () =>
        expect((await h.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
          "SENT",
        ),
      WAIT,
    );
    const mail = sink.messages.find((m) => m.messageId === messageIdFor(row.idempotencyKey));
    expect(mail?.subject).toBe("Welcome to Fanfare");
    expect(mail?.to).toMatchObject({ value: [{ address: "worker@example.com" }] });
  });

  test("a counted click reaches the link's, track's and promoter's click counts and the daily stats with no call at all: the clicks.rollup tick", async () => {
    const artist = await h.makeUser({ artistName: "Rollup Jobs Artist" });
    const { track } = await h.makeTrack(artist, { title: "Rollup Jobs Track" });
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "203.0.113.99",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/127.0",
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: null,
      },
      h.db,
    );
    expect(click).toMatchObject({ counted: true });
    await vi.waitFor(
      async () =>
        expect(
          (await h.db.affiliateLink.findUniqueOrThrow({ where: { id: link.id } })).clickCount,
        ).toBe(1),
      WAIT,
    );
    expect((await h.db.track.findUniqueOrThrow({ where: { id: track.id } })).clickCount).toBe(1);
    expect(
      (await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoterId } })).clickCount,
    ).toBe(1);
    expect(
      (await h.db.promoterDailyStats.findMany({ where: { promoterId } })).map((d) => d.clicks),
    ).toEqual([1]);
    expect(await h.db.clickRollupPending.count()).toBe(0);
  });

  test("an emitted webhook event reaches a local receiver with no call at all: the webhooks.deliver tick", async () => {
    const bodies: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const user = await h.makeUser();
      const port = (receiver.address() as AddressInfo).port;
      await user.caller.webhook.create({
        url: `http://127.0.0.1:${port}/in`,
        events: ["payout.paid"],
      });
      await emitWebhookEvents(h.db, [
        {
          userId: user.id,
          type: "payout.paid",
          subjectKey: "payout:jobs:paid",
          data: { payoutId: "jobs" },
        },
      ]);
      await vi.waitFor(() => expect(bodies).toHaveLength(1), WAIT);
      expect(JSON.parse(bodies[0]!)).toMatchObject({
        type: "payout.paid",
        data: { payoutId: "jobs" },
      });
      await vi.waitFor(
        async () =>
          expect((await h.db.webhookDelivery.findFirstOrThrow()).status).toBe("SUCCEEDED"),
        WAIT,
      );
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  test("a sale whose holding period ended becomes payable with no page opened (sales.release-due through pg-boss), and running the job twice more changes nothing", async () => {
    const artist = await h.makeUser({ artistName: "Jobs Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: "v-jobs",
        landingPath: "/t/x",
        counted: true,
      },
    });
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "jobs-buyer@example.com",
    });
    await completeSandboxCheckout(h.db, {
      sessionId: new URL(checkout.checkoutUrl).pathname.split("/").pop()!,
      webhookUrl: h.webhookUrl,
    });

    const accounts = payeeAccounts({ type: "PROMOTER", id: profile.id });
    const balance = async (id: string) =>
      cents((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0);
    expect(await balance(accounts.pending.id)).toBe(200);
    expect(await balance(accounts.balance.id)).toBe(0);

    // The sale's holding period is over (its own release time, fixed at completion, has passed).
    await h.db.sale.update({
      where: { id: checkout.saleId },
      data: { holdUntil: new Date(Date.now() - 60_000) },
    });
    const id = await sendJob("sales.release-due");
    // A waiting run from the every-minute cron may have taken its place (stately queue): either way it runs.
    await vi.waitFor(async () => expect(await balance(accounts.balance.id)).toBe(200), WAIT);
    expect(await balance(accounts.pending.id)).toBe(0);
    if (id) await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe("completed"), WAIT);
    expect(
      await h.db.commission.findUniqueOrThrow({ where: { saleId: checkout.saleId } }),
    ).toMatchObject({ status: "PAYABLE" });

    const entries = await h.db.ledgerEntry.count();
    expect(await releaseDueSalesJob({ db: h.db, now: new Date(Date.now() + 30 * DAY) })).toEqual({
      released: 0,
    });
    expect(await releaseDueSalesJob({ db: h.db, now: new Date(Date.now() + 30 * DAY) })).toEqual({
      released: 0,
    });
    expect(await h.db.ledgerEntry.count()).toBe(entries);
    expect(await balance(accounts.balance.id)).toBe(200);
  });

  test("payouts.batch and payouts.reconcile run through pg-boss and record their outcome", async () => {
    const [batch, reconcile] = await Promise.all([
      sendJob("payouts.batch"),
      sendJob("payouts.reconcile"),
    ]);
    for (const id of [batch, reconcile]) {
      if (!id) continue; // a scheduled run was already waiting (stately queue)
      await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe("completed"), WAIT);
    }
    if (batch) expect((await jobRow(batch))?.output).toMatchObject({ paid: 0, failed: 0 });
    if (reconcile) expect((await jobRow(reconcile))?.output).toMatchObject({ examined: 0 });
  });

  test("a failed job is listed with its error (jobs.failed), jobs.retry runs it again, and a job that is not failed cannot be retried", async () => {
    let calls = 0;
    await runner.boss.createQueue("test.flaky", { retryLimit: 0 });
    await runner.boss.work("test.flaky", { pollingIntervalSeconds: 0.5 }, async () => {
      calls++;
      if (calls === 1) throw new Error("flaky failure on the first run");
      return { ok: true };
    });
    const id = (await sendJob("test.flaky", { n: 1 }))!;
    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe("failed"), WAIT);

    const failed = await admin.caller.jobs.failed({ queue: "test.flaky", limit: 10 });
    expect(failed.items).toEqual([
      expect.objectContaining({
        id,
        queue: "test.flaky",
        error: "flaky failure on the first run",
        data: { n: 1 },
      }),
    ]);
    expect((await admin.caller.jobs.failed({ limit: 10 })).items.map((j) => j.id)).toContain(id);

    expect(await admin.caller.jobs.retry({ queue: "test.flaky", id })).toEqual({
      queue: "test.flaky",
      id,
      state: "retry",
    });
    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe("completed"), WAIT);
    expect(calls).toBe(2);
    expect((await admin.caller.jobs.failed({ queue: "test.flaky", limit: 10 })).items).toEqual([]);

    const notFailed = await admin.caller.jobs
      .retry({ queue: "test.flaky", id })
      .catch((e: unknown) => e);
    expect(notFailed).toBeInstanceOf(TRPCError);
    expect(notFailed).toMatchObject({
      code: "CONFLICT",
      message: `Job ${id} of queue test.flaky is completed: only failed jobs can be retried.`,
    });
    const otherQueue = await admin.caller.jobs
      .retry({ queue: "email.deliver", id })
      .catch((e: unknown) => e);
    expect(otherQueue).toMatchObject({
      code: "NOT_FOUND",
      message: `Job ${id} was not found in queue email.deliver.`,
    });
    await runner.boss.offWork("test.flaky");
  });

  test("jobs.overview counts each queue's jobs by state and the outbox by status, and lists DEAD emails with their error; jobs.retryEmail sends a dead one again", async () => {
    const dead = await h.db.emailOutbox.create({
      data: {
        idempotencyKey: "jobs-test:dead",
        to: "dead@example.com",
        subject: "Never arrived",
        text: "Body",
        template: "legacy",
        status: "DEAD",
        attempts: 8,
        error: "Attempt 8 of 8 failed: SMTP 550: mailbox unavailable",
      },
    });
    const overview = await admin.caller.jobs.overview();
    expect(overview.installed).toBe(true);
    expect(overview.queues.map((q) => q.name)).toEqual(expect.arrayContaining([...JOB_NAMES]));
    const deliver = overview.queues.find((q) => q.name === "email.deliver")!;
    expect(deliver.description).toMatch(/outbox/);
    expect(deliver.counts.completed).toBeGreaterThanOrEqual(1);
    expect(Object.keys(deliver.counts).sort()).toEqual([
      "active",
      "cancelled",
      "completed",
      "created",
      "failed",
      "retry",
    ]);
    expect(overview.emails.counts.DEAD).toBe(1);
    expect(overview.emails.counts.SENT).toBeGreaterThanOrEqual(1);
    expect(overview.emails.dead).toEqual([
      expect.objectContaining({
        id: dead.id,
        to: "dead@example.com",
        error: "Attempt 8 of 8 failed: SMTP 550: mailbox unavailable",
        attempts: 8,
      }),
    ]);

    expect(await admin.caller.jobs.retryEmail({ id: dead.id })).toEqual({
      id: dead.id,
      status: "QUEUED",
    });
    await vi.waitFor(
      async () =>
        expect((await h.db.emailOutbox.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe(
          "SENT",
        ),
      WAIT,
    );
    expect(
      sink.messages.filter((m) => m.messageId === messageIdFor("jobs-test:dead")),
    ).toHaveLength(1);
    expect((await admin.caller.jobs.overview()).emails.dead).toEqual([]);
    await expect(admin.caller.jobs.retryEmail({ id: dead.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Email ${dead.id} is SENT, not DEAD: only dead emails can be retried.`,
    });
  });

  test("stopJobs stops the runner; a client started after it is replaced by a worker when one is asked for, and stopping twice is harmless", async () => {
    await stopJobs();
    await stopJobs();
    const client = await startJobs({ db: h.db, role: "client", database: h.testDb });
    expect(client.role).toBe("client");
    expect(client).not.toBe(runner);
    runner = await startJobs({
      db: h.db,
      role: "worker",
      database: h.testDb,
      deps: { transport: createMailTransport({ server: sink.url }) },
    });
    expect(runner.role).toBe("worker");
    expect(runner).not.toBe(client);
    expect(await startJobs({ db: h.db, role: "client", database: h.testDb })).toBe(runner);
    expect((await runner.boss.getSchedules()).map((s) => s.name).sort()).toEqual([
      "api.prune-idempotency",
      "badges.award",
      "campaigns.tick",
      "clicks.prune-windows",
      "contests.tick",
      "discount.expire",
      "fraud.score",
      "leaderboard.refresh",
      "milestones.award",
      "onboarding.send",
      "payouts.reconcile",
      "program.forfeitures",
      "sales.release-due",
      "tiers.recompute",
      "webhooks.prune",
    ]);
  });
});
