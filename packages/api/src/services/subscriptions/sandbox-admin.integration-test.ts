/**
 * The admin console's test clock for catalog subscriptions (issue 16 §3: "renew now" like
 * Stripe's test clocks), through the admin router on the real database, with the sandbox's
 * signed events delivered to the webhook code: the list shows a subscription with its sandbox
 * state, "Renew now" records the next paid invoice as a sale, a declining card makes the renewal
 * fail and our row `past_due`, every action is audited, unknown or ended subscriptions are
 * refused in words, and only admins reach any of it.
 */
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { subscribeInSandbox } from "../../test/subscriptions";
import { AppError } from "../app-error";
import { verifyLedger } from "../ledger/verify-ledger";
import { renewSandboxSubscriptionForAdmin } from "./sandbox-admin";

describe("admin sandbox: the catalog subscriptions' test clock", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let n = 0;
  const appUrlBefore = process.env.APP_URL;
  beforeAll(async () => {
    h = await setupHarness();
    // The procedures send the sandbox's events to `${APP_URL}/api/webhooks/stripe`, as in the
    // app: point APP_URL at the harness's webhook endpoint (the same code as the route).
    process.env.APP_URL = new URL(h.webhookUrl).origin;
    admin = await h.makeAdmin();
  });
  afterAll(async () => {
    if (appUrlBefore === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = appUrlBefore;
    await h.close();
  });

  /**
   * An artist with a $5.00 monthly plan (20 % for 3 months), a promoter's link to their track,
   * and a subscriber who signed up through it and paid the first invoice in the sandbox.
   */
  const subscribe = () =>
    subscribeInSandbox(h, {
      interval: "month",
      priceCents: 500,
      commissionMonths: 3,
      promoterName: `Clock Promoter ${++n}`,
    });

  const rowOf = async (id: string) =>
    (await admin.caller.admin.sandboxSubscriptions()).find((r) => r.id === id);

  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error("expected a rejection");
      },
      (e: unknown) => e as TRPCError,
    );

  test("the list shows a subscription that reached the sandbox with its subscriber, promoter, one paid invoice and the sandbox's state", async () => {
    const { sub, stripeSubscriptionId, subscriber, artist } = await subscribe();
    const row = await rowOf(sub.id);
    expect(row).toMatchObject({
      id: sub.id,
      stripeSubscriptionId,
      subscriber: { email: subscriber.email },
      artist: { name: artist.name, slug: artist.slug },
      interval: "month",
      priceCents: 500,
      currency: "usd",
      status: "active",
      cancelAtPeriodEnd: false,
      promoterName: `Clock Promoter ${n}`,
      invoicesPaid: 1,
      sandbox: { status: "active", cardDeclines: false },
    });
    expect(row!.sandbox.currentPeriodEnd).toEqual(row!.currentPeriodEnd);
    // A checkout that never completed has no processor subscription: not listed.
    const unfinished = await h.db.catalogSubscription.create({
      data: {
        planId: sub.planId,
        artistId: sub.artistId,
        userId: subscriber.id,
        interval: "month",
        priceCents: 500,
      },
    });
    expect(await rowOf(unfinished.id)).toBeUndefined();
  });

  test("Renew now charges the next invoice at the period's end: a second paid-invoice sale through the webhook, the period moves a month, audited", async () => {
    const { sub } = await subscribe();
    const before = (await rowOf(sub.id))!;
    const r = await admin.caller.admin.sandboxRenewSubscription({ subscriptionId: sub.id });
    expect(r.events.map((e) => [e.type, e.deliveryStatus])).toEqual([
      ["customer.subscription.updated", 200],
      ["invoice.paid", 200],
    ]);
    expect(r).toMatchObject({ subscriptionId: sub.id, status: "active", invoicesPaid: 2 });
    expect(r.currentPeriodEnd!.getTime()).toBeGreaterThan(before.currentPeriodEnd!.getTime());
    const sales = await h.db.sale.findMany({
      where: { subscriptionId: sub.id },
      orderBy: { servicePeriodStart: "asc" },
    });
    expect(sales.map((s) => [s.productKind, s.status, s.amountCents, s.commissionCents])).toEqual([
      ["subscription_invoice", "COMPLETED", 500, 100],
      ["subscription_invoice", "COMPLETED", 500, 100],
    ]);
    expect((await rowOf(sub.id))!.invoicesPaid).toBe(2);
    const audit = await h.db.auditLog.findFirstOrThrow({
      where: { subjectType: "catalog_subscription", subjectId: sub.id, action: "sandbox.renew" },
    });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.after).toMatchObject({ status: "active", invoicesPaid: 2 });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("with the card set to decline, Renew now fails the invoice (no sale) and our row becomes past_due; paying again, the retry brings it back to active", async () => {
    const { sub } = await subscribe();
    const set = await admin.caller.admin.sandboxSetCardDeclines({
      subscriptionId: sub.id,
      declines: true,
    });
    expect(set).toMatchObject({ subscriptionId: sub.id, cardDeclines: true });
    expect((await rowOf(sub.id))!.sandbox.cardDeclines).toBe(true);
    expect(
      await h.db.auditLog.count({
        where: { subjectId: sub.id, action: "sandbox.card_declines" },
      }),
    ).toBe(1);

    const failed = await admin.caller.admin.sandboxRenewSubscription({ subscriptionId: sub.id });
    expect(failed.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.payment_failed",
    ]);
    expect(failed.events.every((e) => e.deliveryStatus === 200)).toBe(true);
    expect(failed).toMatchObject({ status: "past_due", invoicesPaid: 1 });
    const row = await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.status).toBe("past_due");
    expect(await h.db.sale.count({ where: { subscriptionId: sub.id } })).toBe(1);
    expect((await rowOf(sub.id))!.sandbox.status).toBe("past_due");

    await admin.caller.admin.sandboxSetCardDeclines({ subscriptionId: sub.id, declines: false });
    const retried = await admin.caller.admin.sandboxRenewSubscription({ subscriptionId: sub.id });
    expect(retried.events.map((e) => e.type)).toEqual([
      "invoice.paid",
      "customer.subscription.updated",
    ]);
    expect(retried).toMatchObject({ status: "active", invoicesPaid: 2 });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("an unknown id, a subscription whose checkout never completed, and an ended one are refused in words and audit nothing", async () => {
    const { sub, subscriber, stripeSubscriptionId, payments } = await subscribe();
    const audits = await h.db.auditLog.count();

    const unknown = await rejection(
      admin.caller.admin.sandboxRenewSubscription({ subscriptionId: "no-such-subscription" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe(
      "Cannot renew subscription no-such-subscription: no such subscription.",
    );
    await expect(
      renewSandboxSubscriptionForAdmin(
        { subscriptionId: "no-such-subscription" },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === "NOT_FOUND");
    const unknownCard = await rejection(
      admin.caller.admin.sandboxSetCardDeclines({ subscriptionId: "nope", declines: true }),
    );
    expect(unknownCard.code).toBe("NOT_FOUND");
    expect(unknownCard.message).toMatch(/Cannot set the card of subscription nope/);

    const unfinished = await h.db.catalogSubscription.create({
      data: {
        planId: sub.planId,
        artistId: sub.artistId,
        userId: subscriber.id,
        interval: "month",
        priceCents: 500,
      },
    });
    const noProcessor = await rejection(
      admin.caller.admin.sandboxRenewSubscription({ subscriptionId: unfinished.id }),
    );
    expect(noProcessor.code).toBe("NOT_FOUND");
    expect(noProcessor.message).toMatch(/checkout never completed/);

    // Cancelled now (the portal's "cancel immediately"): the webhook ends our row.
    await payments.cancelSubscription({ subscriptionId: stripeSubscriptionId, atPeriodEnd: false });
    expect(
      (await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: sub.id } })).status,
    ).toBe("canceled");
    const ended = await rejection(
      admin.caller.admin.sandboxRenewSubscription({ subscriptionId: sub.id }),
    );
    expect(ended.code).toBe("CONFLICT");
    expect(ended.message).toBe(
      `Cannot renew subscription ${sub.id}: it has ended, so there is no next invoice.`,
    );
    expect(await h.db.auditLog.count()).toBe(audits);
    expect(await h.db.sale.count({ where: { subscriptionId: sub.id } })).toBe(1);
  });

  test("a signed-in user who is not an admin gets FORBIDDEN from all three, and nothing changes", async () => {
    const { sub } = await subscribe();
    const user = await h.makeUser();
    const calls = [
      () => user.caller.admin.sandboxSubscriptions(),
      () => user.caller.admin.sandboxRenewSubscription({ subscriptionId: sub.id }),
      () => user.caller.admin.sandboxSetCardDeclines({ subscriptionId: sub.id, declines: true }),
    ];
    for (const call of calls) {
      const e = await rejection(call());
      expect(e.code).toBe("FORBIDDEN");
      expect(e.message).toBe("Admins only.");
    }
    const anon = await h.callerFor(null);
    const e = await rejection(anon.admin.sandboxRenewSubscription({ subscriptionId: sub.id }));
    expect(e.code).toBe("UNAUTHORIZED");
    expect(await h.db.sale.count({ where: { subscriptionId: sub.id } })).toBe(1);
    expect((await rowOf(sub.id))!.sandbox.cardDeclines).toBe(false);
  });
});
