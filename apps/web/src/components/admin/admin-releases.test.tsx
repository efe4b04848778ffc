import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

import { TRPCProvider } from "~/trpc/react";
import { AdminReleases } from "./admin-releases";

type Row = RouterOutputs["admin"]["releases"]["list"]["items"][number];

const at = new Date("2026-12-07T10:15:00.000Z");
const row = (patch: Partial<Row>): Row => ({
  id: "rel_1",
  title: "Night Drive",
  slug: "night-drive",
  kind: "album",
  createdAt: at,
  artist: { id: "ap_1", name: "Marigold Static", slug: "marigold-static", userId: "u_1" },
  priceCents: 1500,
  minPriceCents: null,
  currency: "usd",
  commissionBps: 2000,
  affiliateEnabled: true,
  releaseDate: null,
  preorder: false,
  state: "PUBLISHED",
  publishedAt: at,
  takenDownAt: null,
  takedownReason: null,
  deletedAt: null,
  trackCount: 3,
  salesCount: 2,
  grossCents: 3000,
  ...patch,
});

/** The console's releases page with the "All" tab's first page already in the query cache. */
function render(items: Row[]): string {
  const queryClient = new QueryClient();
  // Never called: the list is in the cache and nothing else runs on the server render.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(
    trpc.admin.releases.list.infiniteQueryKey({ limit: 50, sort: "newest" }),
    { pages: [{ items, nextCursor: null }], pageParams: [null] },
  );
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AdminReleases />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("/admin/releases", () => {
  test("lists each release with its page, artist, state, tracks, price and totals; take down or restore", () => {
    const html = render([
      row({}),
      row({
        id: "rel_2",
        title: "Copied Cover EP",
        slug: "copied-cover-ep",
        kind: "ep",
        state: "TAKEN_DOWN",
        publishedAt: null,
        takenDownAt: at,
        takedownReason: "Artwork infringes a trademark",
        releaseDate: new Date("2027-03-01T00:00:00.000Z"),
        preorder: true,
      }),
    ]);
    expect(html).toContain('href="/r/night-drive"');
    expect(html).toContain('href="/admin/people/u_1"');
    expect(html).toContain("Album · /r/night-drive");
    expect(html).toContain("EP · /r/copied-cover-ep");
    expect(html).toContain("$15.00");
    expect(html).toContain("$30.00");
    expect(html).toContain("2027-03-01");
    expect(html).toContain("pre-order");
    expect(html).toContain("2026-12-07 10:15 UTC: Artwork infringes a trademark");
    expect(html).toMatch(/data-testid="release-row-night-drive" data-state="PUBLISHED"/);
    expect(html).toMatch(/data-testid="release-row-copied-cover-ep" data-state="TAKEN_DOWN"/);
    expect(html).toMatch(/aria-controls="moderate-release-rel_1"[^>]*>Take down</);
    expect(html).toMatch(/aria-controls="moderate-release-rel_2"[^>]*>Restore</);
  });

  test("a release its artist deleted offers no action", () => {
    const html = render([row({ state: "DELETED", deletedAt: at })]);
    expect(html).toContain("Deleted by the artist");
    expect(html).not.toContain("Take down");
    expect(html).not.toContain("Restore");
  });

  test("an empty list says nothing matches", () => {
    expect(render([])).toContain("No releases match");
  });
});
