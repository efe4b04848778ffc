import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";
import { Share } from "react-native";

import { apiError, mockApi } from "~/test/api";
import { discoverPage, links, publicTrack } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { LinksScreen } from "./links-screen";

const nightDriveUrl = "http://localhost:3000/t/night-drive?ref=k3m9x2pq";

describe("LinksScreen", () => {
  test("lists each link with its clicks, sales, conversion and earnings", async () => {
    mockApi({ "promoter.links": links });
    renderScreen(<LinksScreen />);

    const card = within(await screen.findByTestId("link-k3m9x2pq"));
    expect(card.getByText("Night Drive")).toBeOnTheScreen();
    expect(card.getByText("Mara Vox · you earn 30%")).toBeOnTheScreen();
    expect(card.getByText("120")).toBeOnTheScreen();
    expect(card.getByText("6")).toBeOnTheScreen();
    expect(card.getByText("5%")).toBeOnTheScreen();
    expect(card.getByText("$7.20")).toBeOnTheScreen();
    expect(card.getByText(nightDriveUrl)).toBeOnTheScreen();
    expect(
      within(screen.getByTestId("link-p7r2tzq8")).getByText("Track not on sale"),
    ).toBeOnTheScreen();
  });

  test("shows a link an admin disabled, with the reason", async () => {
    mockApi({
      "promoter.links": [
        { ...links[0]!, disabled: true, active: false, disabledReason: "Posted in a spam ring" },
      ],
    });
    renderScreen(<LinksScreen />);

    const card = within(await screen.findByTestId("link-k3m9x2pq"));
    expect(card.getByText("Disabled")).toBeOnTheScreen();
    expect(card.getByText("Disabled by Fanfare: Posted in a spam ring")).toBeOnTheScreen();
  });

  test("shares the promoter's link through the share sheet and copies it", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    mockApi({ "promoter.links": links });
    renderScreen(<LinksScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Share your link to Night Drive" }));
    await waitFor(() => expect(share).toHaveBeenCalledTimes(1));
    expect(share).toHaveBeenCalledWith(expect.objectContaining({ url: nightDriveUrl }));

    fireEvent.press(screen.getByRole("button", { name: "Copy your link to Night Drive" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(nightDriveUrl));
    expect(await screen.findByText("Link copied.")).toBeOnTheScreen();
  });

  test("copies the link instead when the device cannot share", async () => {
    jest
      .spyOn(Share, "share")
      .mockRejectedValue(new Error("Share is not supported in this browser"));
    mockApi({ "promoter.links": links });
    renderScreen(<LinksScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Share your link to Night Drive" }));
    expect(
      await screen.findByText(
        "Sharing is not available on this device. The link was copied instead.",
      ),
    ).toBeOnTheScreen();
    expect(Clipboard.setStringAsync).toHaveBeenCalledWith(nightDriveUrl);
  });

  test("shows a QR code of the link on demand", async () => {
    mockApi({ "promoter.links": links });
    renderScreen(<LinksScreen />);

    const card = within(await screen.findByTestId("link-k3m9x2pq"));
    expect(card.queryByTestId("link-qr")).not.toBeOnTheScreen();
    fireEvent.press(card.getByRole("button", { name: "QR code" }));
    expect(card.getByTestId("link-qr")).toHaveAccessibleName(`QR code of ${nightDriveUrl}`);
  });

  test("searches published tracks and gets a link for one", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    const newUrl = "http://localhost:3000/t/glass-city?ref=abcd2345";
    const api = mockApi({
      "promoter.links": [],
      "buyer.discover": discoverPage,
      "promoter.getOrCreateLink": {
        id: "lnk_new",
        code: "abcd2345",
        promoterId: "prom_pia",
        trackId: publicTrack.id,
        disabled: false,
        clickCount: 0,
        salesCount: 0,
        commissionCents: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
        url: newUrl,
        track: {
          id: publicTrack.id,
          slug: publicTrack.slug,
          title: publicTrack.title,
          commissionBps: publicTrack.commissionBps,
        },
      },
    });
    renderScreen(<LinksScreen />);

    fireEvent.changeText(screen.getByLabelText("Search tracks"), "glass");
    const result = within(await screen.findByTestId("result-glass-city"));
    expect(result.getByText("Neon Lanes · $3.00 · you earn 20%")).toBeOnTheScreen();
    expect(api.callsTo("buyer.discover").at(-1)?.input).toEqual({ query: "glass", limit: 10 });

    fireEvent.press(result.getByRole("button", { name: "Get my link for Glass City" }));
    expect(await result.findByText(newUrl)).toBeOnTheScreen();
    expect(api.callsTo("promoter.getOrCreateLink")[0]?.input).toEqual({ trackId: "trk_glass" });

    fireEvent.press(result.getByRole("button", { name: "Share your link to Glass City" }));
    await waitFor(() =>
      expect(share).toHaveBeenCalledWith(expect.objectContaining({ url: newUrl })),
    );
  });

  test("says how to get a first link when there is none", async () => {
    mockApi({ "promoter.links": [] });
    renderScreen(<LinksScreen />);

    expect(await screen.findByText("No links yet")).toBeOnTheScreen();
  });

  test("says no track matches a search with no results", async () => {
    mockApi({ "promoter.links": links, "buyer.discover": { items: [], nextCursor: null } });
    renderScreen(<LinksScreen />);

    fireEvent.changeText(screen.getByLabelText("Search tracks"), "zzz");
    expect(await screen.findByText("No published tracks match “zzz”.")).toBeOnTheScreen();
  });

  test("shows why a link could not be created", async () => {
    mockApi({
      "promoter.links": [],
      "buyer.discover": discoverPage,
      "promoter.getOrCreateLink": apiError(
        "FORBIDDEN",
        "You cannot earn commission on your own track; share its page instead.",
      ),
    });
    renderScreen(<LinksScreen />);

    fireEvent.changeText(screen.getByLabelText("Search tracks"), "glass");
    fireEvent.press(await screen.findByRole("button", { name: "Get my link for Glass City" }));
    expect(
      await screen.findByText(
        "You cannot earn commission on your own track; share its page instead.",
      ),
    ).toBeOnTheScreen();
  });

  test("shows the error and a retry when the links cannot be loaded", async () => {
    mockApi({
      "promoter.links": apiError(
        "INTERNAL_SERVER_ERROR",
        "Something went wrong on our side; it has been logged. Please try again.",
      ),
    });
    renderScreen(<LinksScreen />);

    expect(await screen.findByText("Could not load your links.")).toBeOnTheScreen();
    expect(
      screen.getByText("Something went wrong on our side; it has been logged. Please try again."),
    ).toBeOnTheScreen();
  });
});
