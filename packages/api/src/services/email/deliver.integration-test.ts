import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import { openDb } from "@fanfare/db";
import type { TestDb } from "@fanfare/db/testing";
import { createTestDb } from "@fanfare/db/testing";

import type { SmtpSink } from "../../test/smtp-sink";
import { startSmtpSink } from "../../test/smtp-sink";
import { retryDeadEmail } from "../jobs/retry-email";
import { deliverDueEmails, EMAIL_SEND_LEASE_SECONDS, messageIdFor } from "./deliver";
import type { MailTransport } from "./mail-transport";
import { createMailTransport } from "./mail-transport";

const T0 = new Date("2026-11-28T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let n = 0;
/** A plain (pre-template) outbox row, due at T0. */
function plainRow(
  db: PrismaClient,
  patch: { to?: string; subject?: string; text?: string; html?: string } = {},
) {
  n++;
  return db.emailOutbox.create({
    data: {
      idempotencyKey: `test:${n}:${Math.random().toString(36).slice(2)}`,
      to: patch.to ?? `buyer${n}@example.com`,
      subject: patch.subject ?? `Plain message ${n}`,
      text: patch.text ?? `Hello number ${n}`,
      html: patch.html ?? null,
      template: "legacy",
      nextAttemptAt: T0,
    },
  });
}

/** A template row: rendered by @fanfare/email at send time. */
function templateRow(db: PrismaClient, template: string, props: object, to = "new@example.com") {
  n++;
  return db.emailOutbox.create({
    data: {
      idempotencyKey: `test:${template}:${n}:${Math.random().toString(36).slice(2)}`,
      to,
      subject: "(rendered at send time)",
      template,
      props,
      nextAttemptAt: T0,
    },
  });
}

describe("email delivery from the outbox (a real SMTP server in process)", () => {
  let t: TestDb;
  let db: PrismaClient;
  let sink: SmtpSink;
  let smtp: MailTransport;

  beforeAll(async () => {
    t = await createTestDb();
    db = t.db;
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    sink = await startSmtpSink();
    smtp = createMailTransport({ server: sink.url });
    await db.emailOutbox.deleteMany();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await sink.close();
  });

  test("delivers queued mail to the SMTP server with the right recipient, subject, body and a Message-ID derived from the idempotency key; the row becomes SENT", async () => {
    const row = await plainRow(db, {
      to: "fan@example.com",
      subject: "Your receipt",
      text: "Thanks for buying.",
    });
    const r = await deliverDueEmails({ db, transport: smtp }, { now: T0 });
    expect(r).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail!.to).toMatchObject({ value: [{ address: "fan@example.com" }] });
    expect(mail!.subject).toBe("Your receipt");
    expect(mail!.text?.trim()).toBe("Thanks for buying.");
    expect(mail!.messageId).toBe(messageIdFor(row.idempotencyKey));
    expect(mail!.messageId).toMatch(/^<[0-9a-f]{64}@[^>]+>$/);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      attempts: 1,
      messageId: messageIdFor(row.idempotencyKey),
      sentAt: T0,
      claimedAt: null,
      error: null,
    });
  });

  test("the Message-ID is stable per idempotency key and names APP_URL's host", () => {
    expect(messageIdFor("receipt:s1:1", "https://fanfare.example/x")).toBe(
      messageIdFor("receipt:s1:1", "https://fanfare.example"),
    );
    expect(messageIdFor("receipt:s1:1", "https://fanfare.example")).toMatch(/@fanfare\.example>$/);
    expect(messageIdFor("receipt:s1:2", "https://fanfare.example")).not.toBe(
      messageIdFor("receipt:s1:1", "https://fanfare.example"),
    );
  });

  test("a template row is rendered at send time by @fanfare/email: rendered subject, HTML with absolute links, and text are sent and stored", async () => {
    const row = await templateRow(
      db,
      "welcome",
      { appUrl: "https://fanfare.example", name: "Ada" },
      "ada@example.com",
    );
    const r = await deliverDueEmails({ db, transport: smtp }, { now: T0 });
    expect(r.sent).toBe(1);
    const [mail] = sink.messages;
    expect(mail!.subject).toBe("Welcome to Fanfare");
    expect(mail!.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(mail!.html).toContain("https://fanfare.example/dashboard");
    expect(mail!.text).toContain("Ada");
    const stored = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ status: "SENT", subject: "Welcome to Fanfare" });
    expect(stored.html).toContain("https://fanfare.example/dashboard");
    expect(stored.text).toContain("Ada");
  });

  test("a message carrying a credential (password reset) is not kept once it left over SMTP: the recipient gets the link, the outbox keeps neither props nor bodies; in the dev mailbox it stays readable", async () => {
    const props = {
      appUrl: "https://fanfare.example",
      resetPath: "/reset-password/secret-token-123",
      expiresInMinutes: 60,
    };
    const row = await templateRow(db, "password-reset", props, "reset@example.com");
    expect((await deliverDueEmails({ db, transport: smtp }, { now: T0 })).sent).toBe(1);
    expect(sink.messages[0]!.text).toContain(
      "https://fanfare.example/reset-password/secret-token-123",
    );
    const stored = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.status).toBe("SENT");
    expect(stored.props).toBeNull();
    expect(stored.html).toBeNull();
    expect(JSON.stringify(stored)).not.toContain("secret-token-123");

    const local = await templateRow(db, "password-reset", props, "local@example.com");
    const dev = createMailTransport({});
    expect((await deliverDueEmails({ db, transport: dev }, { now: T0 })).sent).toBe(1);
    const kept = await db.emailOutbox.findUniqueOrThrow({ where: { id: local.id } });
    expect(kept.text).toContain("/reset-password/secret-token-123");
  });

  test("a template that cannot render (unknown template, invalid props) is DEAD at once with the reason, and nothing is sent", async () => {
    const unknown = await templateRow(db, "no-such-template", {
      appUrl: "https://fanfare.example",
    });
    const invalid = await templateRow(db, "welcome", { appUrl: "not a url" });
    const r = await deliverDueEmails({ db, transport: smtp }, { now: T0 });
    expect(r).toEqual({ claimed: 2, sent: 0, retrying: 0, dead: 2 });
    expect(sink.messages).toHaveLength(0);
    expect(sink.connections()).toBe(0);
    const u = await db.emailOutbox.findUniqueOrThrow({ where: { id: unknown.id } });
    expect(u).toMatchObject({ status: "DEAD", attempts: 1 });
    expect(u.error).toMatch(/Cannot render template "no-such-template"/);
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id: invalid.id } })).error).toMatch(
      /appUrl/,
    );
  });

  test("running the deliverer again sends nothing twice: a SENT row is never claimed again", async () => {
    await plainRow(db);
    await plainRow(db);
    expect((await deliverDueEmails({ db, transport: smtp }, { now: T0 })).sent).toBe(2);
    expect(await deliverDueEmails({ db, transport: smtp }, { now: at(3600) })).toEqual({
      claimed: 0,
      sent: 0,
      retrying: 0,
      dead: 0,
    });
    expect(sink.messages).toHaveLength(2);
  });

  test("a refusing SMTP server leads to retries with exponential backoff (30 s, 60 s, …) and finally DEAD with the server's error; an admin retry then delivers it", async () => {
    vi.stubEnv("EMAIL_MAX_ATTEMPTS", "3");
    sink.setMode("refuse");
    const row = await plainRow(db, { to: "bounce@example.com" });
    const read = () => db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });

    expect(await deliverDueEmails({ db, transport: smtp }, { now: T0 })).toMatchObject({
      claimed: 1,
      retrying: 1,
    });
    const first = await read();
    expect(first).toMatchObject({ status: "QUEUED", attempts: 1, nextAttemptAt: at(30) });
    expect(first.error).toMatch(/Attempt 1 of 3 failed: SMTP 450/);
    expect(first.error).toMatch(/temporarily unavailable/);

    // Not due before its backoff has passed.
    expect((await deliverDueEmails({ db, transport: smtp }, { now: at(29) })).claimed).toBe(0);
    expect(await deliverDueEmails({ db, transport: smtp }, { now: at(30) })).toMatchObject({
      claimed: 1,
      retrying: 1,
    });
    expect(await read()).toMatchObject({
      status: "QUEUED",
      attempts: 2,
      nextAttemptAt: at(30 + 60),
    });

    expect(await deliverDueEmails({ db, transport: smtp }, { now: at(90) })).toMatchObject({
      claimed: 1,
      dead: 1,
    });
    const dead = await read();
    expect(dead).toMatchObject({ status: "DEAD", attempts: 3, claimedAt: null });
    expect(dead.error).toMatch(/Attempt 3 of 3 failed: SMTP 450/);
    // DEAD is final for the deliverer.
    expect((await deliverDueEmails({ db, transport: smtp }, { now: at(86_400) })).claimed).toBe(0);
    expect(sink.messages).toHaveLength(0);

    sink.setMode("accept");
    await retryDeadEmail({ id: row.id, now: at(100) }, { db });
    expect(await read()).toMatchObject({ status: "QUEUED", attempts: 0, error: null });
    expect(await deliverDueEmails({ db, transport: smtp }, { now: at(100) })).toMatchObject({
      sent: 1,
    });
    expect(sink.messages.map((m) => m.messageId)).toEqual([messageIdFor(row.idempotencyKey)]);
  });

  test("a stalled SMTP server (connects, never greets) times out without holding the database, and the row is retried later", async () => {
    sink.setMode("stall");
    const stalled = createMailTransport({
      server: sink.url,
      timeoutsMs: { connectionTimeout: 1000, greetingTimeout: 500, socketTimeout: 1000 },
    });
    const row = await plainRow(db);
    const delivery = deliverDueEmails({ db, transport: stalled }, { now: T0 });
    // While the send waits on the stalled server, the database answers other work.
    await new Promise((r) => setTimeout(r, 100));
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENDING",
      attempts: 1,
      claimedAt: T0,
    });
    expect(await delivery).toMatchObject({ claimed: 1, retrying: 1 });
    const after = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "QUEUED", attempts: 1, nextAttemptAt: at(30) });
    expect(after.error).toMatch(/Attempt 1 of \d+ failed: .*(timeout|Greeting never received)/i);
    expect(sink.connections()).toBeGreaterThanOrEqual(1);
  });

  test("a crashed sender's SENDING row is claimed again once the lease has passed, not before, and sent", async () => {
    const row = await plainRow(db);
    // What a sender that died after its claim leaves behind.
    await db.emailOutbox.update({
      where: { id: row.id },
      data: { status: "SENDING", claimedAt: T0, attempts: 1 },
    });
    expect(
      (await deliverDueEmails({ db, transport: smtp }, { now: at(EMAIL_SEND_LEASE_SECONDS - 1) }))
        .claimed,
    ).toBe(0);
    expect(sink.messages).toHaveLength(0);
    expect(
      await deliverDueEmails({ db, transport: smtp }, { now: at(EMAIL_SEND_LEASE_SECONDS + 1) }),
    ).toMatchObject({ claimed: 1, sent: 1 });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
    });
    expect(sink.messages).toHaveLength(1);
  });

  test("a sender whose lease ran out mid-send cannot overwrite the outcome recorded by the sender that took the row over", async () => {
    const row = await plainRow(db);
    let release!: () => void;
    const slowSent: string[] = [];
    const slow: MailTransport = {
      kind: "smtp",
      send: async (m) => {
        await new Promise<void>((r) => (release = r));
        slowSent.push(m.messageId);
        throw new Error("connection reset after DATA");
      },
    };
    const first = deliverDueEmails({ db, transport: slow }, { now: T0 });
    await vi.waitFor(() => expect(release).toBeTypeOf("function"));
    // The lease passes; a second sender takes the row over and delivers it.
    expect(
      await deliverDueEmails({ db, transport: smtp }, { now: at(EMAIL_SEND_LEASE_SECONDS + 1) }),
    ).toMatchObject({ claimed: 1, sent: 1 });
    release();
    // The first sender's failure arrives late: its claim is gone, so it records nothing.
    expect(await first).toEqual({ claimed: 1, sent: 0, retrying: 0, dead: 0 });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
      error: null,
    });
    expect(slowSent).toEqual([messageIdFor(row.idempotencyKey)]);
  });

  test("two deliverers running at once (each with its own connection pool on PostgreSQL) never send one row twice", async () => {
    const rows = await Promise.all(Array.from({ length: 40 }, () => plainRow(db)));
    // On PostgreSQL each deliverer gets its own client, as two worker processes would; PGlite has
    // one connection, so there the two interleave on it.
    const other = t.url ? openDb({ url: t.url }) : null;
    try {
      const [a, b] = await Promise.all([
        deliverDueEmails({ db, transport: smtp }, { now: T0 }),
        deliverDueEmails(
          { db: other?.db ?? db, transport: createMailTransport({ server: sink.url }) },
          { now: T0 },
        ),
      ]);
      expect(a.sent + b.sent).toBe(40);
      expect(a.claimed + b.claimed).toBe(40);
      // Both really took part (on PostgreSQL they claim at the same moment, in disjoint rows).
      if (other) expect(Math.min(a.claimed, b.claimed)).toBeGreaterThan(0);
    } finally {
      await other?.close();
    }
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    expect(ids.sort()).toEqual(rows.map((r) => messageIdFor(r.idempotencyKey)).sort());
    expect(await db.emailOutbox.count({ where: { status: "SENT", attempts: 1 } })).toBe(40);
  });

  test("without EMAIL_SERVER the same path delivers to the dev mailbox: the row becomes SENT with its rendered HTML and text", async () => {
    vi.stubEnv("EMAIL_SERVER", "");
    const row = await templateRow(db, "welcome", {
      appUrl: "http://localhost:3000",
      name: "Grace",
    });
    // No transport passed: the process's default, which is the dev mailbox without EMAIL_SERVER.
    expect(await deliverDueEmails({ db }, { now: T0 })).toMatchObject({ sent: 1 });
    const stored = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({
      status: "SENT",
      subject: "Welcome to Fanfare",
      messageId: messageIdFor(row.idempotencyKey),
    });
    expect(stored.html).toContain("http://localhost:3000/dashboard");
    expect(stored.text).toContain("Grace");
    expect(sink.connections()).toBe(0);
  });
});
