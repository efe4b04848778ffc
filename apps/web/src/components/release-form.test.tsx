import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

import { TRPCProvider } from "~/trpc/react";
import { ArtistReleases } from "./artist-releases";
import type { ArtistRelease } from "./release-form";
import { mmss, pickableTracks, ReleaseForm } from "./release-form";

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }),
}));

type MyTrack = RouterOutputs["artist"]["myTracks"][number];

const at = new Date("2026-12-07T10:15:00.000Z");
const myTrack = (id: string, title: string, patch: Partial<MyTrack> = {}): MyTrack =>
  ({
    id,
    slug: title.toLowerCase().replace(/\s+/g, "-"),
    title,
    priceCents: 1000,
    minPriceCents: null,
    durationSeconds: 185,
    published: true,
    takenDownAt: null,
    ...patch,
  }) as MyTrack;
const onRelease = (
  t: MyTrack,
  position: number,
  patch: Partial<ArtistRelease["tracks"][number]> = {},
) =>
  ({
    id: t.id,
    slug: t.slug,
    title: t.title,
    position,
    priceCents: t.priceCents,
    minPriceCents: t.minPriceCents,
    currency: "usd",
    durationSeconds: t.durationSeconds,
    published: t.published,
    deleted: false,
    takenDown: false,
    problem: null,
    artworkUrl: null,
    previewUrl: null,
    ...patch,
  }) as ArtistRelease["tracks"][number];

const a = myTrack("t_a", "Opening", { priceCents: 1000 });
const b = myTrack("t_b", "Middle", { priceCents: 800 });
const c = myTrack("t_c", "Demo", { priceCents: 600, published: false });
const d = myTrack("t_d", "Unused", { priceCents: 500 });

const release = (patch: Partial<ArtistRelease> = {}): ArtistRelease =>
  ({
    id: "rel_1",
    artistId: "ar_1",
    slug: "night-drives",
    title: "Night Drives",
    kind: "ep",
    description: "",
    releaseDate: null,
    preorder: false,
    priceCents: 1500,
    minPriceCents: null,
    currency: "usd",
    affiliateEnabled: true,
    commissionBps: 2500,
    published: false,
    publishedAt: null,
    deletedAt: null,
    takenDownAt: null,
    takedownReason: null,
    clickCount: 0,
    salesCount: 0,
    grossCents: 0,
    artistCents: 0,
    commissionsCents: 0,
    createdAt: at,
    updatedAt: at,
    artworkUrl: null,
    upcoming: false,
    tracks: [
      onRelease(b, 1),
      onRelease(a, 2),
      onRelease(c, 3, { problem: "“Demo” is not published" }),
    ],
    trackCount: 3,
    durationSeconds: 555,
    tracksPriceCents: 2400,
    publishProblems: ["“Demo” is not published."],
    preorderDeadline: null,
    ...patch,
  }) as ArtistRelease;

/** Renders `ui` with the artist's tracks (and releases) already in the query cache. */
function render(ui: React.ReactNode, releases: ArtistRelease[] = []): string {
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.artist.myTracks.queryKey(), [a, b, c, d] as never);
  queryClient.setQueryData(trpc.artist.releases.queryKey(), releases as never);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {ui}
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("the release editor", () => {
  test("lists the tracks in the release's order with keyboard buttons, and the tracks' sum beside the price", () => {
    const html = render(<ReleaseForm release={release()} />);
    const order = [...html.matchAll(/data-testid="release-track".*?break-words">([^<]+)</g)].map(
      (m) => m[1],
    );
    expect(order).toEqual(["Middle", "Opening", "Demo"]);
    // The first cannot move up, the last cannot move down; every move is a labelled button.
    expect(html).toMatch(
      /<button[^>]*disabled=""[^>]*aria-label="Move “Middle” up"|aria-label="Move “Middle” up"[^>]*disabled=""/,
    );
    expect(html).toContain('aria-label="Move “Demo” down"');
    expect(html).toContain('aria-label="Remove “Opening”"');
    expect(html).toContain("Tracks separately: $24.00");
    // Only the unused track is offered to add (the draft ones under their own heading).
    expect(html).toContain("Unused (3:05, $5.00)");
    expect(html).not.toContain("Opening (3:05");
    // Why it cannot be published, and a Publish button that is disabled.
    expect(html).toContain("“Demo” is not published.");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Publish<\/button>/);
    expect(html).toContain("Delete");
    expect(html).not.toContain("/r/night-drives");
  });

  test("a published release links its page and offers unpublish", () => {
    const html = render(
      <ReleaseForm release={release({ published: true, publishProblems: [], publishedAt: at })} />,
    );
    expect(html).toContain('href="/r/night-drives"');
    expect(html).toContain(">Unpublish</button>");
    expect(html).not.toContain(">Publish</button>");
  });

  test("pre-orders sold: the date field says it can only move earlier", () => {
    const html = render(
      <ReleaseForm
        release={release({
          releaseDate: "2031-03-01",
          preorder: true,
          upcoming: true,
          preorderDeadline: "2031-03-01",
        })}
      />,
    );
    expect(html).toContain(
      "Pre-orders were sold for delivery on 2031-03-01: the date can move earlier, not later.",
    );
    expect(html).toContain('max="2031-03-01"');
    expect(html).toContain('role="switch" aria-checked="true"');
    expect(html).toContain("downloads open on 2031-03-01 (UTC)");
  });

  test("a new release starts empty, with the draft button", () => {
    const html = render(<ReleaseForm />);
    expect(html).toContain("No tracks yet: add the first one below.");
    expect(html).toContain(">Create draft</button>");
    expect(html).not.toContain("Tracks separately");
  });
});

describe("the releases list", () => {
  test("shows each release's kind, tracks, price, state and sales", () => {
    const html = render(<ArtistReleases />, [
      release({ published: true, publishProblems: [], salesCount: 4, minPriceCents: 900 }),
      release({
        id: "rel_2",
        slug: "soon",
        title: "Soon",
        releaseDate: "2031-01-01",
        preorder: true,
        upcoming: true,
        published: true,
      }),
    ]);
    expect(html).toContain('data-testid="release-row-night-drives"');
    expect(html).toContain("EP");
    expect(html).toContain("$9.00+");
    expect(html).toContain("Pre-order · 2031-01-01");
    expect(html).toContain('href="/dashboard/artist/releases/rel_1"');
    expect(html).toContain('href="/r/soon"');
    expect(html).toContain("New release");
  });

  test("an empty list invites the first release", () => {
    expect(render(<ArtistReleases />)).toContain("No releases yet");
  });
});

describe("helpers", () => {
  test("pickable tracks: the release's own (deleted ones named) and the artist's", () => {
    const map = pickableTracks([a, c], [onRelease(b, 1, { deleted: true })]);
    expect([...map.values()].map((t) => [t.title, t.problem])).toEqual([
      ["Middle", "Deleted"],
      ["Opening", null],
      ["Demo", "Draft"],
    ]);
    expect(mmss(185)).toBe("3:05");
  });
});
