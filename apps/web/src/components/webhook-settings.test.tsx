import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

import { TRPCProvider } from "~/trpc/react";
import { WebhookSettings } from "./webhook-settings";

type Endpoint = RouterOutputs["webhook"]["list"][number];

const at = new Date("2026-12-07T10:15:00.000Z");
const endpoint = (patch: Partial<Endpoint>): Endpoint => ({
  id: "we_1",
  kind: "webhook",
  url: "https://hooks.example.com/fanfare",
  description: "My CRM",
  events: ["sale.completed", "click.counted"],
  state: "active",
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: at,
  lastDelivery: { status: "SUCCEEDED", at },
  ...patch,
});

/** The page rendered with `list` already in the query cache (no request is made). */
function render(list: Endpoint[], canPromoterJoined = false): string {
  const queryClient = new QueryClient();
  // Never called: the list is in the cache and nothing else runs on the server render.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.webhook.list.queryKey(), list);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <WebhookSettings canPromoterJoined={canPromoterJoined} />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("/settings/webhooks", () => {
  test("lists each endpoint with its kind, state and why, and the events it receives", () => {
    const html = render([
      endpoint({}),
      endpoint({
        id: "we_2",
        url: "https://down.example.com/in",
        state: "disabled",
        disabledAt: at,
        disabledReason: "Deliveries failed for 3 days (last: HTTP 500).",
        lastDelivery: { status: "FAILED", at },
      }),
      endpoint({
        id: "we_3",
        kind: "postback",
        url: "https://net.example/pb?cid={click_id}&amt={amount}",
        events: ["sale.completed"],
        state: "failing",
        failingSince: at,
      }),
    ]);
    expect(html.match(/data-testid="webhook-endpoint"/g)).toHaveLength(3);
    expect(html).toContain("https://hooks.example.com/fanfare");
    expect(html).toContain("Events: Sale completed, Clicks counted");
    expect(html).toContain(
      "Disabled on 2026-12-07 10:15 UTC: Deliveries failed for 3 days (last: HTTP 500).",
    );
    expect(html).toContain("Deliveries have failed since 2026-12-07 10:15 UTC");
    expect(html).toContain("Postback");
    expect(html).toContain("https://net.example/pb?cid={click_id}&amp;amt={amount}");
    expect(html).toContain("Send test event");
    // Postbacks are not signed: only the two webhooks offer their secret.
    expect(html.match(/Reveal signing secret/g)).toHaveLength(2);
  });

  test("the form offers every event, marks click.counted high volume, and promoter.joined only to artists and admins", () => {
    const promoter = render([]);
    expect(promoter).toContain('data-testid="webhook-event-click.counted"');
    expect(promoter).toContain("High volume");
    expect(promoter).not.toContain('data-testid="webhook-event-promoter.joined"');
    expect(promoter).toContain("No endpoints yet");
    expect(render([], true)).toContain('data-testid="webhook-event-promoter.joined"');
  });

  test("at ten endpoints the form says so and cannot add another", () => {
    const html = render(Array.from({ length: 10 }, (_, i) => endpoint({ id: `we_${i}` })));
    expect(html).toContain("You have 10 endpoints, the most allowed");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Add endpoint<\/button>/);
  });
});
