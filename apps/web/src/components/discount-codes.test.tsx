import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

import { TRPCProvider } from "~/trpc/react";
import { DiscountCodes } from "./discount-codes";

type Row = RouterOutputs["discount"]["list"]["items"][number];

const at = new Date("2026-12-01T00:00:00Z");
const row = (patch: Partial<Row>): Row => ({
  id: "dc_1",
  code: "SUBS3",
  description: "",
  type: "PERCENT",
  value: 1000,
  duration: "REPEATING",
  durationMonths: 3,
  scope: "ARTIST",
  artistId: "a_1",
  trackIds: [],
  maxUses: null,
  maxUsesPerEmail: null,
  minPriceCents: null,
  startsAt: null,
  expiresAt: null,
  status: "ACTIVE",
  promoterId: null,
  funder: "ARTIST",
  createdById: "u_1",
  usesCount: 0,
  discountGivenCents: 0,
  stripeCouponId: null,
  stripePromotionCodeId: null,
  createdAt: at,
  updatedAt: at,
  ...patch,
});

/** The artist's codes page with the list's first page already in the query cache. */
function render(items: Row[]): string {
  const queryClient = new QueryClient();
  // Never called: the list is in the cache and nothing else runs on the server render.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.discount.list.infiniteQueryKey({ limit: 50 }), {
    pages: [{ items, nextCursor: null }],
    pageParams: [null],
  });
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <DiscountCodes scope="ARTIST" />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("discount codes: the duration on subscriptions (issue 16 §3)", () => {
  test("the list shows each code's duration beside its discount", () => {
    const html = render([
      row({}),
      row({
        id: "dc_2",
        code: "ONCE5",
        type: "FIXED",
        value: 500,
        duration: "ONCE",
        durationMonths: null,
      }),
      row({ id: "dc_3", code: "ALWAYS", value: 2500, duration: "FOREVER", durationMonths: null }),
    ]);
    expect(html).toContain("10% off · 3 months on subscriptions");
    expect(html).toContain("$5.00 off · first payment on subscriptions");
    expect(html).toContain("25% off · every payment on subscriptions");
  });

  test("the new-code form has a labelled “On subscriptions” select, first payment only by default, with its meaning", () => {
    const html = render([]);
    expect(html).toMatch(/<label[^>]*for="code-duration"[^>]*>On subscriptions<\/label>/);
    expect(html).toMatch(
      /<select[^>]*id="code-duration"[^>]*aria-describedby="code-duration-hint"/,
    );
    // Uncontrolled: the first option is the one shown before the form's values arrive.
    expect(html).toMatch(
      /id="code-duration"[^>]*><option value="ONCE">First payment only<\/option>/,
    );
    expect(html).toContain('<option value="REPEATING">Repeating for N months</option>');
    expect(html).toContain('<option value="FOREVER">Every payment</option>');
    expect(html).toContain("A purchase is one payment: every choice discounts it once.");
    // The months field appears only once "Repeating for N months" is chosen.
    expect(html).not.toContain('id="code-months"');
  });
});
