import http from "node:http";

import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { PaymentsProvider, StripeEvent, SubscriptionLike } from "@fanfare/payments";
import { ACT_AS_HEADER } from "@fanfare/validators";
import {
  advanceSandboxClock,
  completeSandboxCheckout,
  expireSandboxCheckout,
  getPayments,
  renewSandboxSubscriptionNow,
  setSandboxPaymentFails,
  toSubscriptionState,
} from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import type { ProviderEvent } from "../money/types";
import { consumeSubscriberDownload } from "./downloads";
import {
  applyInvoicePaymentFailed,
  applySubscriptionCheckoutCompleted,
  applySubscriptionCheckoutExpired,
  applySubscriptionState,
} from "./events";
import type { SubscriptionCheckoutSessionObject } from "./events";
import { cancelMySubscription } from "./manage";

/**
 * Catalog subscriptions (issue 16 §3), the API side, on real PostgreSQL and the sandbox: the
 * artist's plan and its processor Prices, starting a subscription (refusals, attribution from a
 * cookie click and from a promoter code), the processor's events applied in any order, cancel and
 * the payment page for one's own subscription only, and the subscriber's daily downloads.
 */
describe("catalog subscriptions", () => {
  let h: Harness;
  let payments: PaymentsProvider;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: { body: string; signature: string }[] = [];

  type User = Awaited<ReturnType<Harness["makeUser"]>>;
  let artist: User;
  let otherArtist: User;
  let promoter: User;
  let track: { id: string; slug: string };
  let otherTrack: { id: string; slug: string };
  let artistSlug: string;
  let otherArtistSlug: string;

  beforeAll(async () => {
    // Events the router's own provider sends (a cancellation) go nowhere: nothing listens there.
    vi.stubEnv("APP_URL", "http://127.0.0.1:1");
    h = await setupHarness();
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["stripe-signature"]) });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/`;
    payments = getPayments(h.db, { webhookUrl: receiverUrl });

    artist = await h.makeUser({ artistName: "Mira Vale" });
    otherArtist = await h.makeUser({ artistName: "Other Band" });
    promoter = await h.makeUser();
    track = (await h.makeTrack(artist, { title: "First Light" })).track;
    otherTrack = (await h.makeTrack(otherArtist, { title: "Elsewhere" })).track;
    const profiles = await h.db.artistProfile.findMany({
      where: { userId: { in: [artist.id, otherArtist.id] } },
    });
    artistSlug = profiles.find((p) => p.userId === artist.id)!.slug;
    otherArtistSlug = profiles.find((p) => p.userId === otherArtist.id)!.slug;
    await artist.caller.artist.saveSubscriptionPlan({
      monthlyPriceCents: 500,
      yearlyPriceCents: null,
      commissionBps: 2000,
      commissionMonths: 3,
      active: true,
    });
  });

  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
    await h.close();
    vi.unstubAllEnvs();
  });

  /** The events delivered since the last call, verified as the webhook route verifies them. */
  const takeEvents = async (): Promise<StripeEvent[]> => {
    const events = await Promise.all(
      received.map((d) => payments.constructWebhookEvent(d.body, d.signature)),
    );
    received.length = 0;
    return events;
  };

  /** What handleProviderEvent will do with each of these events (the lead wires it). */
  const apply = (event: StripeEvent | ProviderEvent) =>
    h.db.$transaction(async (tx) => {
      const e = event as ProviderEvent;
      if (e.type === "checkout.session.completed")
        return applySubscriptionCheckoutCompleted(
          tx,
          e.data.object as SubscriptionCheckoutSessionObject,
        );
      if (e.type.startsWith("customer.subscription.")) return applySubscriptionState(tx, e);
      if (e.type === "checkout.session.expired")
        return applySubscriptionCheckoutExpired(
          tx,
          e.data.object as SubscriptionCheckoutSessionObject,
        );
      if (e.type === "invoice.payment_failed") return applyInvoicePaymentFailed(tx, e);
      return { status: "ignored" as const, detail: e.type };
    });

  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error("expected a rejection");
      },
      (e: unknown) => e as TRPCError,
    );

  /** A new fan subscribes (monthly) and pays in the sandbox; the events are applied in order. */
  const subscribeAndPay = async (fan?: User) => {
    const user = fan ?? (await h.makeUser());
    const started = await user.caller.subscription.start({ artistSlug, interval: "month" });
    const sessionId = new URL(started.checkoutUrl).pathname.split("/").pop()!;
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: receiverUrl });
    const events = await takeEvents();
    for (const e of events) await apply(e);
    const row = await h.db.catalogSubscription.findUniqueOrThrow({
      where: { id: started.subscriptionId },
    });
    return { user, started, events, row };
  };

  describe("the artist's plan", () => {
    test("Prices are made once per amount: saving other terms keeps them, a new amount makes a new one, audited", async () => {
      const a = await h.makeUser({ artistName: "Plan Maker" });
      const first = await a.caller.artist.saveSubscriptionPlan({
        monthlyPriceCents: 800,
        yearlyPriceCents: 8000,
        commissionBps: 2500,
        commissionMonths: null,
        active: true,
      });
      expect(first).toMatchObject({
        monthlyPriceCents: 800,
        yearlyPriceCents: 8000,
        commissionBps: 2500,
        commissionMonths: null,
        active: true,
        activeSubscribers: 0,
      });
      const row1 = await h.db.subscriptionPlan.findUniqueOrThrow({ where: { id: first!.id } });
      expect(row1.stripeMonthlyPriceId).toMatch(/^price_sandbox_/);
      expect(row1.stripeYearlyPriceId).toMatch(/^price_sandbox_/);
      expect(row1.stripeProductId).toBe(`fanfare_artist_${row1.artistId}`);
      const prices = () =>
        h.db.sandboxObject.count({
          where: {
            kind: "price",
            data: { path: ["price", "product"], equals: row1.stripeProductId! },
          },
        });
      expect(await prices()).toBe(2);

      await a.caller.artist.saveSubscriptionPlan({
        monthlyPriceCents: 800,
        yearlyPriceCents: 8000,
        commissionBps: 3000,
        commissionMonths: 6,
        active: true,
      });
      const row2 = await h.db.subscriptionPlan.findUniqueOrThrow({ where: { id: first!.id } });
      expect([row2.stripeMonthlyPriceId, row2.stripeYearlyPriceId]).toEqual([
        row1.stripeMonthlyPriceId,
        row1.stripeYearlyPriceId,
      ]);
      expect(await prices()).toBe(2);

      await a.caller.artist.saveSubscriptionPlan({
        monthlyPriceCents: 900,
        yearlyPriceCents: 8000,
        commissionBps: 3000,
        commissionMonths: 6,
        active: true,
      });
      const row3 = await h.db.subscriptionPlan.findUniqueOrThrow({ where: { id: first!.id } });
      expect(row3.stripeMonthlyPriceId).not.toBe(row1.stripeMonthlyPriceId);
      expect(row3.stripeYearlyPriceId).toBe(row1.stripeYearlyPriceId);
      expect(await prices()).toBe(3);
      expect(
        await h.db.auditLog.count({
          where: { action: "subscriptionPlan.save", subjectId: first!.id, actorId: a.id },
        }),
      ).toBe(3);
      expect(await a.caller.artist.subscriptionPlan()).toMatchObject({ monthlyPriceCents: 900 });
    });

    test("a label managing the artist cannot read or change the artist's subscription price", async () => {
      const labelUser = await h.makeUser();
      await labelUser.caller.label.create({ name: "Plan Label" });
      const offer = await labelUser.caller.label.invite({
        artist: artist.email,
        labelShareBps: 3000,
        canManage: true,
      });
      await artist.caller.label.accept({ contractId: offer.id });
      const artistId = (
        await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })
      ).id;
      const acting = await h.callerFor(labelUser.id, { [ACT_AS_HEADER]: artistId });
      // The label does act for the artist elsewhere (their catalog)...
      await expect(acting.artist.myTracks()).resolves.toBeDefined();
      // ...but the subscription plan is the artist's money.
      for (const call of [
        () => acting.artist.saveSubscriptionPlan({ monthlyPriceCents: 5000 }),
        () => acting.artist.subscriptionPlan(),
      ]) {
        const e = await rejection(call());
        expect(e.code).toBe("FORBIDDEN");
        expect(e.message).toMatch(/acting for another artist as their label/);
      }
      expect(await artist.caller.artist.subscriptionPlan()).toMatchObject({
        monthlyPriceCents: 500,
      });
      await labelUser.caller.label.end({ contractId: offer.id });
    });

    test("the same save twice at once (a double-click) stores one plan with one Price per interval; both answer it", async () => {
      const a = await h.makeUser({ artistName: "Double Click" });
      const input = {
        monthlyPriceCents: 700,
        yearlyPriceCents: 7000,
        commissionBps: 2000,
        commissionMonths: 3,
        active: true,
      };
      const [one, two] = await Promise.all([
        a.caller.artist.saveSubscriptionPlan(input),
        a.caller.artist.saveSubscriptionPlan(input),
      ]);
      expect(one!.id).toBe(two!.id);
      const plan = await h.db.subscriptionPlan.findUniqueOrThrow({ where: { id: one!.id } });
      expect(
        await h.db.sandboxObject.count({
          where: {
            kind: "price",
            data: { path: ["price", "product"], equals: plan.stripeProductId! },
          },
        }),
      ).toBe(2);
      expect(
        await h.db.auditLog.count({
          where: { action: "subscriptionPlan.save", subjectId: plan.id },
        }),
      ).toBe(1);
    });

    test("a yearly price of twelve months or more is refused in words, and nothing is stored", async () => {
      const a = await h.makeUser({ artistName: "Too Dear" });
      const e = await rejection(
        a.caller.artist.saveSubscriptionPlan({
          monthlyPriceCents: 500,
          yearlyPriceCents: 6000,
          commissionBps: 2000,
          commissionMonths: 3,
          active: true,
        }),
      );
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(/Yearly price must be less than twelve monthly payments/);
      expect(await a.caller.artist.subscriptionPlan()).toBeNull();
    });

    test("the artist page's offer is public and holds no personal data; an inactive plan offers nothing", async () => {
      const anon = await h.callerFor(null);
      expect(await anon.subscription.planForArtist({ artistSlug })).toEqual({
        artistId: expect.any(String),
        artistName: "Mira Vale",
        monthlyPriceCents: 500,
        yearlyPriceCents: null,
        currency: "usd",
        commissionBps: 2000,
        commissionMonths: 3,
      });
      expect(await anon.subscription.planForArtist({ artistSlug: otherArtistSlug })).toBeNull();
      const e = await rejection(anon.subscription.planForArtist({ artistSlug: "no-such-artist" }));
      expect(e.code).toBe("NOT_FOUND");
    });
  });

  describe("starting a subscription", () => {
    test("refused: anonymous, no plan, an interval not offered, one's own catalog", async () => {
      const fan = await h.makeUser();
      const anon = await h.callerFor(null);
      expect(
        (await rejection(anon.subscription.start({ artistSlug, interval: "month" }))).code,
      ).toBe("UNAUTHORIZED");
      const noPlan = await rejection(
        fan.caller.subscription.start({ artistSlug: otherArtistSlug, interval: "month" }),
      );
      expect(noPlan.code).toBe("NOT_FOUND");
      expect(noPlan.message).toBe("Other Band offers no catalog subscription.");
      const yearly = await rejection(
        fan.caller.subscription.start({ artistSlug, interval: "year" }),
      );
      expect(yearly.code).toBe("BAD_REQUEST");
      expect(yearly.message).toMatch(/offers no yearly subscription/);
      const own = await rejection(
        artist.caller.subscription.start({ artistSlug, interval: "month" }),
      );
      expect(own.code).toBe("FORBIDDEN");
      expect(await h.db.catalogSubscription.count({ where: { userId: fan.id } })).toBe(0);
    });

    test("accepted: an incomplete subscription at the plan's price and a sandbox Checkout page; a second one while active is refused", async () => {
      const { user, started, row } = await subscribeAndPay();
      expect(started.checkoutUrl).toMatch(/\/sandbox\/checkout\//);
      expect(row).toMatchObject({
        userId: user.id,
        interval: "month",
        priceCents: 500,
        status: "active",
        promoterId: null,
        commissionBps: 0,
        commissionMonths: null,
        stripeSubscriptionId: expect.stringMatching(/^sub_sandbox_/),
        stripeCustomerId: expect.stringMatching(/^cus_sandbox_/),
      });
      const again = await rejection(
        user.caller.subscription.start({ artistSlug, interval: "month" }),
      );
      expect(again.code).toBe("CONFLICT");
      expect(again.message).toBe("You already subscribe to Mira Vale.");
    });

    test("attributed from the cookie of a click on the artist's track, with the plan's terms then; another artist's click does not count", async () => {
      const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
      const otherLink = await promoter.caller.promoter.getOrCreateLink({ trackId: otherTrack.id });
      const click = await h.db.clickEvent.create({
        data: {
          linkId: link.id,
          trackId: track.id,
          visitorHash: "v1",
          landingPath: "/t/x",
          counted: true,
        },
      });
      const otherClick = await h.db.clickEvent.create({
        data: {
          linkId: otherLink.id,
          trackId: otherTrack.id,
          visitorHash: "v1",
          landingPath: "/t/y",
          counted: true,
        },
      });
      const fan = await h.makeUser();
      const caller = await h.callerFor(fan.id, {
        cookie: `ff_ref_${otherTrack.id}=${otherClick.id}; ff_ref_${track.id}=${click.id}`,
      });
      const started = await caller.subscription.start({ artistSlug, interval: "month" });
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: started.subscriptionId } }),
      ).toMatchObject({
        status: "incomplete",
        promoterId: link.promoterId,
        linkId: link.id,
        clickId: click.id,
        commissionBps: 2000,
        commissionMonths: 3,
      });
      // Only another artist's click: unattributed.
      const fan2 = await h.makeUser();
      const other = await (
        await h.callerFor(fan2.id, { cookie: `ff_ref_${otherTrack.id}=${otherClick.id}` })
      ).subscription.start({ artistSlug, interval: "month" });
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: other.subscriptionId } }),
      ).toMatchObject({ promoterId: null, linkId: null, clickId: null, commissionBps: 0 });
    });

    test("the promoter's own click does not credit their own subscription (self-referral)", async () => {
      const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
      const click = await h.db.clickEvent.create({
        data: {
          linkId: link.id,
          trackId: track.id,
          visitorHash: "v2",
          landingPath: "/t/x",
          counted: true,
        },
      });
      const caller = await h.callerFor(promoter.id, { cookie: `ff_ref_${track.id}=${click.id}` });
      const started = await caller.subscription.start({ artistSlug, interval: "month" });
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: started.subscriptionId } }),
      ).toMatchObject({ promoterId: null, clickId: null, commissionBps: 0 });
    });

    test("attributed by a promoter's code with no click (no discount); a code that does not exist is refused on the field", async () => {
      const codeOwner = await h.makeUser();
      await codeOwner.caller.promoter.claimCode({ code: "MIRA-FAN", percentBps: 1000 });
      const fan = await h.makeUser();
      const started = await fan.caller.subscription.start({
        artistSlug,
        interval: "month",
        code: " mira-fan ",
      });
      const row = await h.db.catalogSubscription.findUniqueOrThrow({
        where: { id: started.subscriptionId },
        include: { link: true },
      });
      const profile = await h.db.promoterProfile.findUniqueOrThrow({
        where: { userId: codeOwner.id },
      });
      expect(row).toMatchObject({
        promoterId: profile.id,
        clickId: null,
        priceCents: 500,
        commissionBps: 2000,
        commissionMonths: 3,
      });
      expect(row.link).toMatchObject({ promoterId: profile.id, trackId: track.id });
      const e = await rejection(
        fan.caller.subscription.start({ artistSlug, interval: "month", code: "NOBODY-123" }),
      );
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toBe("The code NOBODY-123 does not exist.");
      const self = await rejection(
        codeOwner.caller.subscription.start({ artistSlug, interval: "month", code: "MIRA-FAN" }),
      );
      expect(self.message).toMatch(/is the promoter's own/);
    });
  });

  describe("the processor's events", () => {
    test("a lifecycle's events (checkout, created, renewal, cancel at period end, deleted) converge in every order", async () => {
      const fan = await h.makeUser();
      const started = await fan.caller.subscription.start({ artistSlug, interval: "month" });
      const sessionId = new URL(started.checkoutUrl).pathname.split("/").pop()!;
      await completeSandboxCheckout(h.db, { sessionId, webhookUrl: receiverUrl });
      const opening = await takeEvents();
      const subscriptionId = (opening[0]!.data.object as { subscription: string }).subscription;
      await renewSandboxSubscriptionNow(h.db, { subscriptionId, webhookUrl: receiverUrl });
      const renewal = await takeEvents();
      await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true });
      const cancel = await takeEvents();
      await renewSandboxSubscriptionNow(h.db, { subscriptionId, webhookUrl: receiverUrl });
      const end = await takeEvents();
      const lifecycle = [...opening, ...renewal, ...cancel, ...end].filter(
        (e) => e.type !== "invoice.paid",
      );
      expect(lifecycle.map((e) => e.type)).toEqual([
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.updated",
        "customer.subscription.deleted",
      ]);
      // Stripe's `created` grows in emission order; the sandbox's are whole seconds of real time,
      // so several share one: space them out as Stripe's would be.
      const base = lifecycle[0]!.created;
      const events = lifecycle.map((e, i) => ({ ...e, created: base + i * 10 }) as ProviderEvent);
      const finalState = await payments.getSubscription(subscriptionId);
      expect(finalState.status).toBe("canceled");

      const reset = () =>
        h.db.catalogSubscription.update({
          where: { id: started.subscriptionId },
          data: {
            status: "incomplete",
            stripeSubscriptionId: null,
            stripeCustomerId: null,
            currentPeriodStart: null,
            currentPeriodEnd: null,
            cancelAtPeriodEnd: false,
            endedAt: null,
            lastEventAt: null,
          },
        });
      const permutations = <T>(xs: T[]): T[][] =>
        xs.length <= 1
          ? [xs]
          : xs.flatMap((x, i) =>
              permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]),
            );
      /** The distinct end states of applying `list` in every order. */
      const outcomesOf = async (list: ProviderEvent[]) => {
        const outcomes = new Set<string>();
        for (const order of permutations(list)) {
          await reset();
          for (const e of order) await apply(e);
          const row = await h.db.catalogSubscription.findUniqueOrThrow({
            where: { id: started.subscriptionId },
          });
          outcomes.add(
            JSON.stringify([
              row.status,
              row.stripeSubscriptionId,
              row.stripeCustomerId,
              row.currentPeriodStart,
              row.currentPeriodEnd,
              row.cancelAtPeriodEnd,
              row.endedAt,
              row.lastEventAt,
            ]),
          );
        }
        return [...outcomes].map((o) => JSON.parse(o) as unknown[]);
      };
      // Before the end: the renewal and the cancellation share a period, so only the events'
      // times tell that the cancellation is the newer one.
      const cancelled = cancel.find((e) => e.type === "customer.subscription.updated")!;
      const cancelledState = toSubscriptionState(cancelled.data.object as SubscriptionLike);
      expect(await outcomesOf(events.slice(0, 4))).toEqual([
        [
          "active",
          subscriptionId,
          finalState.customerId,
          cancelledState.currentPeriodStart.toISOString(),
          cancelledState.currentPeriodEnd.toISOString(),
          true,
          null,
          new Date((base + 30) * 1000).toISOString(),
        ],
      ]);
      const outcomes = await outcomesOf(events);
      expect(outcomes).toHaveLength(1);
      const [only] = outcomes;
      expect(only).toEqual([
        "canceled",
        subscriptionId,
        finalState.customerId,
        finalState.currentPeriodStart.toISOString(),
        finalState.currentPeriodEnd.toISOString(),
        true,
        finalState.endedAt!.toISOString(),
        new Date((base + 40) * 1000).toISOString(),
      ]);
      // Applying an event twice changes nothing more (handleProviderEvent drops repeats anyway).
      expect((await apply(events[4]!)).status).toBe("ignored");
    });

    test("a failed renewal makes it past due and notifies once; the paid retry makes it active, and the late failure then changes nothing", async () => {
      const { row, user } = await subscribeAndPay();
      const subscriptionId = row.stripeSubscriptionId!;
      await setSandboxPaymentFails(h.db, { customerId: row.stripeCustomerId!, fails: true });
      await renewSandboxSubscriptionNow(h.db, { subscriptionId, webhookUrl: receiverUrl });
      const [updated, failed] = await takeEvents();
      expect([updated!.type, failed!.type]).toEqual([
        "customer.subscription.updated",
        "invoice.payment_failed",
      ]);
      // The failure first (the status from it), then the update of the same moment, then again.
      const failedLater = { ...failed!, created: failed!.created + 5 } as ProviderEvent;
      expect((await apply(failedLater)).status).toBe("applied");
      expect((await apply(updated!)).status).toBe("ignored");
      expect((await apply(failedLater)).status).toBe("applied");
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: row.id } }),
      ).toMatchObject({ status: "past_due" });
      const notes = await h.db.notification.findMany({
        where: { userId: user.id, type: "subscription" },
      });
      expect(notes.map((n) => n.title)).toEqual([
        "Payment for your subscription to Mira Vale failed",
      ]);
      expect(notes[0]!.body).toMatch(/We will try \$5\.00 again on \d{4}-\d{2}-\d{2}/);

      await setSandboxPaymentFails(h.db, { customerId: row.stripeCustomerId!, fails: false });
      await renewSandboxSubscriptionNow(h.db, { subscriptionId, webhookUrl: receiverUrl });
      const retry = await takeEvents();
      const active = retry.find((e) => e.type === "customer.subscription.updated")!;
      expect(
        (await apply({ ...active, created: failedLater.created! + 10 } as ProviderEvent)).status,
      ).toBe("applied");
      expect((await apply(failedLater)).status).toBe("ignored");
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: row.id } }),
      ).toMatchObject({ status: "active" });
    });

    test("an abandoned checkout's expiry ends the subscription that never started, once; it leaves the manage page", async () => {
      const fan = await h.makeUser();
      const started = await fan.caller.subscription.start({ artistSlug, interval: "month" });
      expect((await fan.caller.subscription.mine()).map((s) => s.status)).toEqual(["incomplete"]);
      const sessionId = new URL(started.checkoutUrl).pathname.split("/").pop()!;
      await expireSandboxCheckout(h.db, sessionId, receiverUrl);
      const [expired] = await takeEvents();
      expect(expired!.type).toBe("checkout.session.expired");
      expect((await apply(expired!)).status).toBe("applied");
      expect((await apply(expired!)).status).toBe("ignored");
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: started.subscriptionId } }),
      ).toMatchObject({ status: "canceled", endedAt: expect.any(Date) });
      expect(await fan.caller.subscription.mine()).toEqual([]);
      // Nothing to cancel: it never started.
      const e = await rejection(
        fan.caller.subscription.cancel({ subscriptionId: started.subscriptionId }),
      );
      expect(e.code).toBe("CONFLICT");
    });

    test("events of another product or of no subscription of ours are ignored", async () => {
      expect(
        await h.db.$transaction((tx) =>
          applySubscriptionCheckoutCompleted(tx, { id: "cs_x", mode: "payment" }),
        ),
      ).toMatchObject({ status: "ignored" });
      expect(
        await h.db.$transaction((tx) =>
          applySubscriptionCheckoutCompleted(tx, {
            id: "cs_y",
            mode: "subscription",
            client_reference_id: "no-such-subscription",
          }),
        ),
      ).toMatchObject({ status: "ignored" });
    });
  });

  describe("managing", () => {
    test("mine lists the caller's own; cancel and portal work on one's own only (NOT_FOUND otherwise, nothing changed)", async () => {
      const { row, user } = await subscribeAndPay();
      const stranger = await h.makeUser();
      const mine = await user.caller.subscription.mine();
      expect(mine).toEqual([
        expect.objectContaining({
          id: row.id,
          artist: expect.objectContaining({ name: "Mira Vale", slug: artistSlug }),
          interval: "month",
          priceCents: 500,
          status: "active",
          cancelAtPeriodEnd: false,
          canOpenPortal: true,
        }),
      ]);
      expect(await stranger.caller.subscription.mine()).toEqual([]);

      for (const call of [
        () => stranger.caller.subscription.cancel({ subscriptionId: row.id }),
        () => stranger.caller.subscription.portal({ subscriptionId: row.id }),
      ]) {
        const e = await rejection(call());
        expect(e.code).toBe("NOT_FOUND");
        expect(e.message).toBe(`Subscription ${row.id} was not found among your subscriptions.`);
      }
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: row.id } }),
      ).toMatchObject({ cancelAtPeriodEnd: false, status: "active" });

      const portal = await user.caller.subscription.portal({ subscriptionId: row.id });
      expect(portal.url).toMatch(/\/sandbox\/portal\//);
      const cancelled = await user.caller.subscription.cancel({ subscriptionId: row.id });
      expect(cancelled).toMatchObject({ subscriptionId: row.id, cancelAtPeriodEnd: true });
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: row.id } }),
      ).toMatchObject({ cancelAtPeriodEnd: true, status: "active" });
      expect((await payments.getSubscription(row.stripeSubscriptionId!)).cancelAtPeriodEnd).toBe(
        true,
      );
    });
  });

  describe("subscriber downloads", () => {
    test("a file missing from storage is refused before the day's count moves", async () => {
      const { row, user } = await subscribeAndPay();
      const missing = await consumeSubscriberDownload(
        { userId: user.id, trackId: track.id },
        h.db,
        {
          open: () => Promise.resolve(null),
        },
      ).catch((e: unknown) => e);
      expect(missing).toMatchObject({
        code: "INTERNAL",
        message: `The file of track ${track.id} is missing from storage; contact support.`,
      });
      expect(await h.db.subscriberDownloadDay.count({ where: { subscriptionId: row.id } })).toBe(0);
      const found = await consumeSubscriberDownload({ userId: user.id, trackId: track.id }, h.db, {
        open: () =>
          Promise.resolve({ body: new ReadableStream(), sizeBytes: 1, contentType: "audio/wav" }),
      });
      expect(found).toMatchObject({ downloadsToday: 1, object: { sizeBytes: 1 } });
    });

    test("allowed while active; refused for another artist's track, an unpublished one, past the daily limit, and after the subscription ended", async () => {
      const { row, user } = await subscribeAndPay();
      const now = new Date();
      const file = await consumeSubscriberDownload(
        { userId: user.id, trackId: track.id, now },
        h.db,
      );
      const master = await h.db.track.findUniqueOrThrow({ where: { id: track.id } });
      expect(file).toEqual({
        subscriptionId: row.id,
        storageKey: master.masterKey,
        contentType: master.masterContentType,
        sizeBytes: master.masterSizeBytes,
        fileName: expect.stringMatching(/^Mira Vale - First Light\./),
        downloadsToday: 1,
        downloadsPerDay: 20,
      });
      const other = await consumeSubscriberDownload(
        { userId: user.id, trackId: otherTrack.id, now },
        h.db,
      ).catch((e: unknown) => e);
      expect(other).toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/no active subscription to Other Band/),
      });
      const stranger = await h.makeUser();
      await expect(
        consumeSubscriberDownload({ userId: stranger.id, trackId: track.id, now }, h.db),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });

      const draft = await h.makeTrack(artist, { title: "Draft" });
      await artist.caller.artist.unpublishTrack({ trackId: draft.track.id });
      await expect(
        consumeSubscriberDownload({ userId: user.id, trackId: draft.track.id, now }, h.db),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });

      vi.stubEnv("SUBSCRIBER_DOWNLOADS_PER_DAY", "3");
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, () =>
            consumeSubscriberDownload({ userId: user.id, trackId: track.id, now }, h.db),
          ),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
        const refused = results.filter((r) => r.status === "rejected");
        expect(refused).toHaveLength(2);
        expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
          code: "RATE_LIMITED",
          message: expect.stringMatching(/downloaded 3 files today/),
        });
        // The next UTC day starts a new count.
        const nextDay = new Date(now.getTime() + 86_400_000);
        expect(
          (
            await consumeSubscriberDownload(
              { userId: user.id, trackId: track.id, now: nextDay },
              h.db,
            )
          ).downloadsToday,
        ).toBe(1);
      } finally {
        vi.stubEnv("SUBSCRIBER_DOWNLOADS_PER_DAY", "");
      }
      const days = await h.db.subscriberDownloadDay.findMany({ where: { subscriptionId: row.id } });
      expect(days.map((d) => d.count).sort()).toEqual([1, 3]);

      // Cancelled at the period's end, then the end comes: the deleted event ends the access.
      await cancelMySubscription(
        { userId: user.id, subscriptionId: row.id },
        { db: h.db, payments },
      );
      await takeEvents().then((events) => Promise.all(events.map((e) => apply(e))));
      const state = await payments.getSubscription(row.stripeSubscriptionId!);
      await advanceSandboxClock(h.db, {
        subscriptionId: row.stripeSubscriptionId!,
        to: state.currentPeriodEnd,
        webhookUrl: receiverUrl,
      });
      const ending = await takeEvents();
      expect(ending.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
      for (const e of ending) await apply(e);
      expect(
        await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: row.id } }),
      ).toMatchObject({ status: "canceled", endedAt: state.currentPeriodEnd });
      await expect(
        consumeSubscriberDownload({ userId: user.id, trackId: track.id, now: tomorrow() }, h.db),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      const notes = await h.db.notification.findMany({
        where: { userId: user.id, type: "subscription" },
        orderBy: { createdAt: "asc" },
      });
      expect(notes.map((n) => n.title)).toEqual([
        "Your subscription to Mira Vale is cancelled",
        "Your subscription to Mira Vale has ended",
      ]);
    });
  });
});

const tomorrow = () => new Date(Date.now() + 86_400_000);
