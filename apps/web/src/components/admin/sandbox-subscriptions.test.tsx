import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

import { TRPCProvider } from "~/trpc/react";
import { describeRenewal, SandboxSubscriptions } from "./sandbox-panel";

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }),
}));
// The redeliver button's server action reads the database; these tests never press it.
vi.mock("~/app/(site)/admin/sandbox/actions", () => ({ redeliverEventAction: vi.fn() }));

type Row = RouterOutputs["admin"]["sandboxSubscriptions"][number];
type Renewal = RouterOutputs["admin"]["sandboxRenewSubscription"];

const end = new Date("2027-01-07T10:15:00.000Z");
const row = (patch: Partial<Row>): Row => ({
  id: "cs_1",
  stripeSubscriptionId: "sub_sandbox_1",
  subscriber: { email: "subscriber@fanfare.local", name: "Sky Subscriber" },
  artist: { name: "The Quiet Coast", slug: "the-quiet-coast" },
  interval: "month",
  priceCents: 500,
  currency: "usd",
  status: "active",
  currentPeriodEnd: end,
  cancelAtPeriodEnd: false,
  promoterName: "Robin Reyes",
  invoicesPaid: 2,
  sandbox: { status: "active", currentPeriodEnd: end, cardDeclines: false },
  ...patch,
});

/** The card with the list already in the query cache. */
function render(rows: Row[]): string {
  const queryClient = new QueryClient();
  // Never called: the list is in the cache and nothing else runs on the server render.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.admin.sandboxSubscriptions.queryKey(), rows);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SandboxSubscriptions />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

const renewal = (patch: Partial<Renewal>): Renewal => ({
  subscriptionId: "cs_1",
  events: [],
  status: "active",
  currentPeriodEnd: end,
  invoicesPaid: 3,
  ...patch,
});

describe("/admin/sandbox: catalog subscriptions (test clock)", () => {
  test("each subscription shows its subscriber, promoter, plan, status, period end, invoices and a labelled card switch; an ended one cannot be renewed", () => {
    const html = render([
      row({}),
      row({
        id: "cs_2",
        subscriber: { email: "late@example.com", name: null },
        promoterName: null,
        status: "past_due",
        sandbox: { status: "past_due", currentPeriodEnd: end, cardDeclines: true },
      }),
      row({
        id: "cs_3",
        status: "canceled",
        sandbox: { status: "canceled", currentPeriodEnd: end, cardDeclines: false },
      }),
    ]);
    expect(html).toContain("Catalog subscriptions (test clock)");
    expect(html).toContain("as Stripe’s test clocks do");
    expect(html).toContain('data-subscriber="subscriber@fanfare.local"');
    expect(html).toContain("via Robin Reyes");
    expect(html).toContain("$5.00 a month");
    expect(html).toContain("2027-01-07");
    expect(html).toContain("past due");
    expect(html).toMatch(
      /role="switch" aria-checked="false"[^>]*aria-label="Card declines: subscriber@fanfare.local, The Quiet Coast"/,
    );
    expect(html).toMatch(
      /role="switch" aria-checked="true"[^>]*aria-label="Card declines: late@example.com, The Quiet Coast"/,
    );
    expect(html.match(/>Renew now<\/button>/g)).toHaveLength(3);
    // The ended subscription's button is disabled; the two live ones are not.
    expect(html.match(/<button[^>]*disabled=""[^>]*>(?:(?!<\/button>).)*Renew now/g)).toHaveLength(
      1,
    );
  });

  test("no subscriptions: an empty state, not an empty table", () => {
    const html = render([]);
    expect(html).toContain("No catalog subscriptions yet");
    expect(html).not.toContain("<table");
  });

  test.each([
    [
      "a paid renewal delivered",
      renewal({
        events: [
          { id: "evt_1", type: "customer.subscription.updated", deliveryStatus: 200 },
          { id: "evt_2", type: "invoice.paid", deliveryStatus: 200 },
        ],
      }),
      { ok: true, text: "Invoice paid, delivered 200" },
    ],
    [
      "a declined renewal",
      renewal({
        status: "past_due",
        invoicesPaid: 2,
        events: [
          { id: "evt_1", type: "customer.subscription.updated", deliveryStatus: 200 },
          { id: "evt_2", type: "invoice.payment_failed", deliveryStatus: 200 },
        ],
      }),
      { ok: false, text: "Payment failed: past due, delivered 200" },
    ],
    [
      "a declined retry that ends it",
      renewal({
        status: "canceled",
        events: [
          { id: "evt_1", type: "invoice.payment_failed", deliveryStatus: 200 },
          { id: "evt_2", type: "customer.subscription.deleted", deliveryStatus: 200 },
        ],
      }),
      { ok: false, text: "Payment failed again: subscription ended, delivered 200" },
    ],
    [
      "the end of a subscription cancelled at its period's end",
      renewal({
        status: "canceled",
        events: [{ id: "evt_1", type: "customer.subscription.deleted", deliveryStatus: 200 }],
      }),
      { ok: true, text: "Ended at its period's end, delivered 200" },
    ],
    [
      "a paid renewal the webhook did not receive",
      renewal({
        events: [
          { id: "evt_1", type: "customer.subscription.updated", deliveryStatus: 0 },
          { id: "evt_2", type: "invoice.paid", deliveryStatus: 0 },
        ],
      }),
      { ok: true, text: "Invoice paid, webhook unreachable: redeliver its events below" },
    ],
  ])("Renew now's result for %s", (_label, r, expected) => {
    expect(describeRenewal(r)).toEqual(expected);
  });
});
