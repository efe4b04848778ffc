import { fireEvent, screen, waitFor } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";
import { Share } from "react-native";

import { apiError, mockApi } from "~/test/api";
import { publicTrack } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { TrackScreen } from "./track-screen";

const link = {
  id: "lnk_g",
  code: "gl4sscty",
  promoterId: "prom_pia",
  trackId: publicTrack.id,
  disabled: false,
  clickCount: 0,
  salesCount: 0,
  commissionCents: 0,
  createdAt: new Date(),
  updatedAt: new Date(),
  url: "http://localhost:3000/t/glass-city?ref=gl4sscty",
  track: {
    id: publicTrack.id,
    slug: publicTrack.slug,
    title: publicTrack.title,
    commissionBps: publicTrack.commissionBps,
  },
};

describe("TrackScreen (fanfare://t/<slug>)", () => {
  test("shows the track and gets the promoter's link to share and copy", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    const api = mockApi({ "buyer.trackBySlug": publicTrack, "promoter.getOrCreateLink": link });
    renderScreen(<TrackScreen slug="glass-city" />);

    expect(await screen.findByText("Glass City")).toBeOnTheScreen();
    expect(screen.getByText("Neon Lanes")).toBeOnTheScreen();
    expect(screen.getByText("$3.00")).toBeOnTheScreen();
    expect(screen.getByText("You earn 20% of every sale through your link.")).toBeOnTheScreen();
    expect(api.callsTo("buyer.trackBySlug")[0]?.input).toEqual({ slug: "glass-city" });

    fireEvent.press(screen.getByRole("button", { name: "Get my link" }));
    expect(await screen.findByText(link.url)).toBeOnTheScreen();
    expect(api.callsTo("promoter.getOrCreateLink")[0]?.input).toEqual({ trackId: "trk_glass" });

    fireEvent.press(screen.getByRole("button", { name: "Share your link to Glass City" }));
    await waitFor(() =>
      expect(share).toHaveBeenCalledWith(expect.objectContaining({ url: link.url })),
    );
    fireEvent.press(screen.getByRole("button", { name: "Copy your link to Glass City" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(link.url));
  });

  test("asks a new promoter to accept the program terms, then gets the link", async () => {
    let accepted = false;
    const api = mockApi({
      "buyer.trackBySlug": publicTrack,
      "promoter.getOrCreateLink": () =>
        accepted
          ? link
          : apiError(
              "PRECONDITION_FAILED",
              "Accept the promoter terms (version 1) to get your first link.",
              "TERMS_REQUIRED",
            ),
      "promoter.terms": {
        terms: {
          version: 1,
          body: "## Fanfare promoter terms\n\nPromote honestly.",
          summary: "First version.",
          publishedAt: new Date("2026-12-01T00:00:00Z"),
        },
        acceptedVersion: null,
        acceptedAt: null,
        mustAccept: true,
      },
      "promoter.acceptTerms": () => {
        accepted = true;
        return { terms: null, acceptedVersion: 1, acceptedAt: new Date(), mustAccept: false };
      },
    });
    renderScreen(<TrackScreen slug="glass-city" />);

    fireEvent.press(await screen.findByRole("button", { name: "Get my link" }));
    expect(await screen.findByText("First, the promoter terms")).toBeOnTheScreen();
    expect(screen.getByText(/Promote honestly\./)).toBeOnTheScreen();
    fireEvent.press(screen.getByRole("button", { name: "Accept version 1 and get my link" }));
    expect(await screen.findByText(link.url)).toBeOnTheScreen();
    expect(api.callsTo("promoter.acceptTerms")[0]?.input).toEqual({ version: 1 });
    expect(api.callsTo("promoter.getOrCreateLink")).toHaveLength(2);
  });

  test("offers no link when the artist turned promoter links off", async () => {
    mockApi({ "buyer.trackBySlug": { ...publicTrack, affiliateEnabled: false } });
    renderScreen(<TrackScreen slug="glass-city" />);

    expect(
      await screen.findByText("The artist has turned off promoter links for this track."),
    ).toBeOnTheScreen();
    expect(screen.queryByRole("button", { name: "Get my link" })).not.toBeOnTheScreen();
  });

  test("asks a signed-out visitor to sign in first", async () => {
    mockApi({ "buyer.trackBySlug": publicTrack });
    renderScreen(<TrackScreen slug="glass-city" />, {
      state: { status: "signed-out", notice: null },
    });

    expect(
      await screen.findByRole("button", { name: "Sign in to get your link" }),
    ).toBeOnTheScreen();
  });

  test("says which track was not found", async () => {
    mockApi({ "buyer.trackBySlug": apiError("NOT_FOUND", "No track at /t/nope.") });
    renderScreen(<TrackScreen slug="nope" />);

    expect(await screen.findByText("Could not open this track.")).toBeOnTheScreen();
    expect(screen.getByText("No track at /t/nope.")).toBeOnTheScreen();
  });
});
