import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { renderEmail } from "@fanfare/email";

import { enqueueEmail, enqueueEmails } from "./outbox";

const props = {
  appUrl: "https://fanfare.example",
  payoutId: "po_1",
  name: "Pat",
  amountCents: 2500,
  currency: "usd",
};

describe("enqueueEmail", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await createTestDb());
  });
  afterAll(async () => {
    await close();
  });

  test("stores the template, its props as JSON and its subject; bodies are left for the sender to render", async () => {
    expect(
      await enqueueEmail(db, {
        idempotencyKey: "t:stored",
        to: "pat@example.com",
        template: "payout-sent",
        props,
      }),
    ).toBe(true);
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: "t:stored" } });
    expect(row).toMatchObject({
      to: "pat@example.com",
      template: "payout-sent",
      subject: "Your Fanfare payout of $25.00 is on its way",
      status: "QUEUED",
      attempts: 0,
      text: null,
      html: null,
      props,
    });
    const rendered = await renderEmail(row.template, row.props);
    expect(rendered.subject).toBe(row.subject);
    expect(rendered.text).toContain("https://fanfare.example/dashboard/earnings");
  });

  test("one outbox row per idempotency key: a second enqueue of the key queues nothing and changes nothing", async () => {
    expect(
      await enqueueEmail(db, {
        idempotencyKey: "t:once",
        to: "pat@example.com",
        template: "payout-sent",
        props,
      }),
    ).toBe(true);
    expect(
      await enqueueEmail(db, {
        idempotencyKey: "t:once",
        to: "other@example.com",
        template: "payout-sent",
        props: { ...props, amountCents: 9900 },
      }),
    ).toBe(false);
    const rows = await db.emailOutbox.findMany({ where: { idempotencyKey: "t:once" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to: "pat@example.com", props });
  });

  test("twenty concurrent enqueues of one key, each in its own transaction, leave exactly one row", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.$transaction((tx) =>
          enqueueEmail(tx, {
            idempotencyKey: "t:concurrent",
            to: `racer${i}@example.com`,
            template: "payout-sent",
            props,
          }),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.emailOutbox.count({ where: { idempotencyKey: "t:concurrent" } })).toBe(1);
  });

  test("a message queued in a transaction that rolls back is not queued", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, {
          idempotencyKey: "t:rolled-back",
          to: "pat@example.com",
          template: "payout-sent",
          props,
        });
        throw new Error("the change it reports failed");
      }),
    ).rejects.toThrow("the change it reports failed");
    expect(await db.emailOutbox.count({ where: { idempotencyKey: "t:rolled-back" } })).toBe(0);
  });

  test("invalid props or an unknown template throw before anything is stored", async () => {
    await expect(
      enqueueEmail(db, {
        idempotencyKey: "t:bad",
        to: "pat@example.com",
        template: "payout-sent",
        props: { ...props, amountCents: 12.5 },
      }),
    ).rejects.toThrow(/amountCents/);
    await expect(
      enqueueEmail(db, {
        idempotencyKey: "t:bad",
        to: "pat@example.com",
        template: "no-such" as "payout-sent",
        props,
      }),
    ).rejects.toThrow(/Unknown email template "no-such"/);
    expect(await db.emailOutbox.count({ where: { idempotencyKey: "t:bad" } })).toBe(0);
  });

  test("enqueueEmails queues several in one call, in order: a key already queued, or given twice, queues once", async () => {
    await enqueueEmail(db, {
      idempotencyKey: "t:many:old",
      to: "pat@example.com",
      template: "payout-sent",
      props,
    });
    const result = await enqueueEmails(db, [
      { idempotencyKey: "t:many:a", to: "a@example.com", template: "payout-sent", props },
      { idempotencyKey: "t:many:old", to: "x@example.com", template: "payout-sent", props },
      { idempotencyKey: "t:many:b", to: "b@example.com", template: "payout-sent", props },
      { idempotencyKey: "t:many:a", to: "y@example.com", template: "payout-sent", props },
    ]);
    expect(result).toEqual([true, false, true, false]);
    const rows = await db.emailOutbox.findMany({
      where: { idempotencyKey: { startsWith: "t:many:" } },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(rows.map((r) => [r.idempotencyKey, r.to, r.status])).toEqual([
      ["t:many:a", "a@example.com", "QUEUED"],
      ["t:many:b", "b@example.com", "QUEUED"],
      ["t:many:old", "pat@example.com", "QUEUED"],
    ]);
    expect(rows[0]!.props).toEqual(props);
    expect(await enqueueEmails(db, [])).toEqual([]);
  });

  test("enqueueEmails with one invalid message queues none of them", async () => {
    await expect(
      enqueueEmails(db, [
        { idempotencyKey: "t:batch-bad:1", to: "a@example.com", template: "payout-sent", props },
        {
          idempotencyKey: "t:batch-bad:2",
          to: "a@example.com",
          template: "payout-sent",
          props: { ...props, amountCents: 12.5 },
        },
      ]),
    ).rejects.toThrow(/amountCents/);
    expect(
      await db.emailOutbox.count({ where: { idempotencyKey: { startsWith: "t:batch-bad:" } } }),
    ).toBe(0);
  });
});
