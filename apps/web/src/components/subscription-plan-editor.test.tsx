import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AppRouter } from "@fanfare/api";
import type { SubscriptionPlanOutput } from "@fanfare/validators";

import { TRPCProvider } from "~/trpc/react";
import { SubscriptionPlanEditor } from "./subscription-plan-editor";

/** The editor rendered with `artist.subscriptionPlan` already in the query cache. */
function render(plan: SubscriptionPlanOutput): string {
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.artist.subscriptionPlan.queryKey(), plan);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SubscriptionPlanEditor />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("/dashboard/artist/subscription", () => {
  test("shows the saved plan and fills the form with it, typed back in dollars and percent", () => {
    const html = render({
      id: "p1",
      monthlyPriceCents: 500,
      yearlyPriceCents: 5000,
      currency: "usd",
      commissionBps: 2000,
      commissionMonths: 3,
      active: true,
      activeSubscribers: 7,
      updatedAt: new Date("2026-12-07T10:00:00Z"),
    });
    expect(html).toContain("$5.00 a month or $50.00 a year");
    expect(html).toContain("20% of each payment for 3 months");
    expect(html).toMatch(/data-testid="plan-subscribers"[^>]*>7</);
    expect(html).toContain("Open");
    expect(html).toContain("Change the plan");
    // The switches are controlled: the saved terms show in the first HTML.
    expect(html).toMatch(/aria-checked="false"[^>]*id="plan-forever"/);
    expect(html).toMatch(/aria-checked="true"[^>]*id="plan-active"/);
  });

  test("a paused plan with a commission forever says so, with both switches as saved", () => {
    const html = render({
      id: "p1",
      monthlyPriceCents: 450,
      yearlyPriceCents: null,
      currency: "usd",
      commissionBps: 1250,
      commissionMonths: null,
      active: false,
      activeSubscribers: 0,
      updatedAt: new Date("2026-12-07T10:00:00Z"),
    });
    expect(html).toContain("$4.50 a month<");
    expect(html).toContain("12.5% of every payment, forever");
    expect(html).toContain("Paused");
    expect(html).toMatch(/aria-checked="true"[^>]*id="plan-forever"/);
    expect(html).toMatch(/aria-checked="false"[^>]*id="plan-active"/);
    expect(html).toMatch(/id="plan-months" inputMode="numeric" disabled=""/);
  });

  test("before the first save: no plan yet, a plan to create, open by default", () => {
    const html = render(null);
    expect(html).toContain("No plan yet");
    expect(html).toContain("Create a plan");
    expect(html).toMatch(/aria-checked="true"[^>]*id="plan-active"/);
  });
});
