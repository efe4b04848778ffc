import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AppRouter } from "@fanfare/api";

import type { MySubscription, SubscriberTrack } from "~/lib/subscription-view";
import { TRPCProvider } from "~/trpc/react";
import type { SubscriberFormatOption } from "./my-subscriptions";
import { MySubscriptions } from "./my-subscriptions";
import type { DownloadFormat } from "./purchase-status";

const at = new Date("2026-12-07T10:15:00.000Z");
const renews = new Date("2027-01-07T10:15:00.000Z");
const sub = (patch: Partial<MySubscription>): MySubscription => ({
  id: "cs_1",
  artist: { id: "ar_1", name: "Nova Lights", slug: "nova-lights" },
  interval: "month",
  priceCents: 500,
  currency: "usd",
  status: "active",
  currentPeriodEnd: renews,
  cancelAtPeriodEnd: false,
  endedAt: null,
  createdAt: at,
  canOpenPortal: true,
  ...patch,
});
const tracks: Record<string, SubscriberTrack[]> = {
  ar_1: [{ id: "tr_1", title: "Night Drive", slug: "night-drive" }],
  ar_2: [{ id: "tr_2", title: "Low Tide", slug: "low-tide" }],
};

const formats: SubscriberFormatOption[] = [
  { format: "mp3_320", label: "MP3 320" },
  { format: "aac_256", label: "AAC 256" },
  { format: "flac", label: "FLAC" },
  { format: "original", label: "Original" },
];

/** The page's list rendered with `subscription.mine` already in the query cache (no request). */
function render(
  mine: MySubscription[],
  startedId: string | null = null,
  initialFormat?: DownloadFormat,
): string {
  const queryClient = new QueryClient();
  // Never called: the list is in the cache and nothing else runs on the server render.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.subscription.mine.queryKey(), mine);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <MySubscriptions
          tracksByArtist={tracks}
          startedId={startedId}
          formats={formats}
          initialFormat={initialFormat}
        />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("/subscriptions", () => {
  test("an active subscription shows its price, renewal date, Cancel, Manage payment and downloads", () => {
    const html = render([sub({})]);
    expect(html).toContain("Nova Lights");
    expect(html).toContain("$5.00 a month");
    expect(html).toContain("Renews on 2027-01-07");
    expect(html).toContain("Manage payment");
    expect(html).toContain(">Cancel<");
    expect(html).toContain('href="/api/subscriptions/download/tr_1"');
  });

  test("a cancelled one says when it ends and offers no second Cancel; an ended one no downloads", () => {
    const html = render([
      sub({ cancelAtPeriodEnd: true, interval: "year", priceCents: 5000 }),
      sub({
        id: "cs_2",
        artist: { id: "ar_2", name: "Low Tide Club", slug: "low-tide-club" },
        status: "canceled",
        endedAt: at,
      }),
    ]);
    expect(html).toContain("$50.00 a year");
    expect(html).toContain("Cancels on 2027-01-07");
    expect(html).not.toContain(">Cancel<");
    expect(html).toContain("Ended on 2026-12-07");
    expect(html).toContain("/api/subscriptions/download/tr_1");
    expect(html).not.toContain("/api/subscriptions/download/tr_2");
  });

  test("a past-due one asks for a new card and still downloads", () => {
    const html = render([sub({ status: "past_due" })]);
    expect(html).toContain("Past due");
    expect(html).toContain("Update your card to keep downloading.");
    expect(html).toContain("/api/subscriptions/download/tr_1");
  });

  test("after Checkout: a success note once active, a waiting note while incomplete", () => {
    expect(render([sub({})], "cs_1")).toContain("You’re subscribed");
    expect(render([sub({ status: "incomplete", currentPeriodEnd: null })], "cs_1")).toContain(
      "Payment received: confirming your subscription to Nova Lights",
    );
  });

  test("no subscriptions: an empty state pointing to discover", () => {
    const html = render([]);
    expect(html).toContain("No subscriptions yet");
    expect(html).toContain('href="/"');
    expect(html).not.toContain("format-picker");
  });

  test("the format picker offers the purchase page's formats; the links take the chosen one, named for screen readers", () => {
    const original = render([sub({})]);
    expect(original).toContain('data-testid="format-picker"');
    for (const f of formats) expect(original).toContain(`value="${f.format}"`);
    expect(original).toMatch(/<legend[^>]*>Format<\/legend>/);
    expect(original).toMatch(/checked="" value="original"/);
    expect(original).toContain('href="/api/subscriptions/download/tr_1"');
    expect(original).toContain("Night Drive (Original)");

    const flac = render([sub({})], null, "flac");
    expect(flac).toMatch(/checked="" value="flac"/);
    expect(flac).toContain('href="/api/subscriptions/download/tr_1?format=flac"');
    expect(flac).toContain("Night Drive (FLAC)");
    expect(flac).toContain('aria-live="polite"');
  });

  test("no picker when no subscription downloads (ended, or no tracks yet)", () => {
    expect(render([sub({ status: "canceled", endedAt: at })])).not.toContain("format-picker");
    expect(render([sub({ artist: { id: "ar_9", name: "Empty", slug: "empty" } })])).not.toContain(
      "format-picker",
    );
  });
});
