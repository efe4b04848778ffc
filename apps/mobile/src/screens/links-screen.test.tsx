import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";
import { Share } from "react-native";

import { apiError, mockApi } from "~/test/api";
import { discoverPage, links, myCode, noCode, publicTrack } from "~/test/fixtures";
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

  describe("My code card", () => {
    const takenMessage = "The code PARTNER-PIAP is taken: try another.";
    const heldCode = myCode.code!;

    test("offers to claim a code, prefilled with the suggestion, when the promoter has none", async () => {
      mockApi({ "promoter.links": links, "promoter.myCode": noCode });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      expect(
        card.getByText(
          "Buyers who type your code get 10% off any track with promoter links, and the sale is yours with no link needed. The discount comes out of your commission.",
        ),
      ).toBeOnTheScreen();
      expect(card.getByLabelText("Code")).toHaveDisplayValue("PARTNER-PIAP");
      expect(card.getByLabelText("Discount (%)")).toHaveDisplayValue("10");
      expect(card.getByText("From 1% to 10%.")).toBeOnTheScreen();
      expect(card.getByRole("button", { name: "Claim" })).toBeOnTheScreen();
    });

    test("claims the code with the discount typed and then shows it", async () => {
      const api = mockApi({
        "promoter.links": links,
        "promoter.myCode": { ...noCode, maxPercentBps: 1500 },
        "promoter.claimCode": { ...myCode, code: { ...heldCode, percentBps: 1250 } },
      });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      fireEvent.changeText(card.getByLabelText("Discount (%)"), "12.5");
      expect(card.getByText(/get 12\.5% off any track/)).toBeOnTheScreen();
      fireEvent.press(card.getByRole("button", { name: "Claim" }));

      expect(await card.findByTestId("my-code-text")).toHaveTextContent("PARTNER-PIAP");
      expect(api.callsTo("promoter.claimCode")[0]?.input).toEqual({
        code: "PARTNER-PIAP",
        percentBps: 1250,
      });
      expect(card.getByText("12.5% off")).toBeOnTheScreen();
      expect(card.queryByLabelText("Code")).not.toBeOnTheScreen();
    });

    test("shows the server's words under the code field when the code is taken", async () => {
      mockApi({
        "promoter.links": links,
        "promoter.myCode": noCode,
        "promoter.claimCode": apiError("CONFLICT", takenMessage, "CONFLICT", {
          code: [takenMessage],
        }),
      });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      fireEvent.press(card.getByRole("button", { name: "Claim" }));
      expect(await card.findByText(takenMessage)).toBeOnTheScreen();
      expect(card.getAllByRole("alert")).toHaveLength(1);

      // Typing another code clears the old answer.
      fireEvent.changeText(card.getByLabelText("Code"), "PIA-BEATS");
      expect(card.queryByText(takenMessage)).not.toBeOnTheScreen();
    });

    test("refuses a discount above the program's limit before asking the server", async () => {
      const api = mockApi({ "promoter.links": links, "promoter.myCode": noCode });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      fireEvent.changeText(card.getByLabelText("Discount (%)"), "15");
      expect(card.getByText(/get up to 10% off any track/)).toBeOnTheScreen();
      fireEvent.press(card.getByRole("button", { name: "Claim" }));
      expect(card.getByText("A personal code gives at most 10% off.")).toBeOnTheScreen();
      expect(api.callsTo("promoter.claimCode")).toHaveLength(0);
    });

    test("asks for the program terms first, then claims the code", async () => {
      let accepted = false;
      const api = mockApi({
        "promoter.links": links,
        "promoter.myCode": noCode,
        "promoter.claimCode": () =>
          accepted
            ? myCode
            : apiError(
                "PRECONDITION_FAILED",
                "Accept the promoter terms (version 1) first.",
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
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      fireEvent.press(card.getByRole("button", { name: "Claim" }));
      fireEvent.press(
        await card.findByRole("button", { name: "Accept version 1 and claim my code" }),
      );
      expect(await card.findByTestId("my-code-text")).toHaveTextContent("PARTNER-PIAP");
      expect(api.callsTo("promoter.claimCode")).toHaveLength(2);
    });

    test("shows the code with its discount, uses and discount given", async () => {
      mockApi({ "promoter.links": links, "promoter.myCode": myCode });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      expect(card.getByTestId("my-code-text")).toHaveTextContent("PARTNER-PIAP");
      expect(card.getByText("10% off")).toBeOnTheScreen();
      expect(card.getByText("4")).toBeOnTheScreen();
      expect(card.getByText("$1.60")).toBeOnTheScreen();
      expect(card.getByRole("button", { name: "Pause your code" })).toBeOnTheScreen();
    });

    test("shares the code through the share sheet and copies it", async () => {
      const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
      mockApi({ "promoter.links": links, "promoter.myCode": myCode });
      renderScreen(<LinksScreen />);

      fireEvent.press(await screen.findByRole("button", { name: "Share your code" }));
      await waitFor(() =>
        expect(share).toHaveBeenCalledWith({
          message: "Use my code PARTNER-PIAP for 10% off music on Fanfare",
        }),
      );

      fireEvent.press(screen.getByRole("button", { name: "Copy your code" }));
      await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith("PARTNER-PIAP"));
      expect(await screen.findByText("Code copied.")).toBeOnTheScreen();
    });

    test("a paused code offers Resume and no Share, and resuming it offers Pause again", async () => {
      const api = mockApi({
        "promoter.links": links,
        "promoter.myCode": { ...myCode, code: { ...heldCode, status: "PAUSED" } },
        "promoter.setCodeStatus": myCode,
      });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      expect(card.getByText("Paused")).toBeOnTheScreen();
      expect(card.queryByRole("button", { name: "Share your code" })).not.toBeOnTheScreen();
      fireEvent.press(card.getByRole("button", { name: "Resume your code" }));

      expect(await card.findByRole("button", { name: "Pause your code" })).toBeOnTheScreen();
      expect(api.callsTo("promoter.setCodeStatus")[0]?.input).toEqual({ status: "ACTIVE" });
      expect(card.getByRole("button", { name: "Share your code" })).toBeOnTheScreen();
    });

    test("offers a new code when the one held has expired", async () => {
      mockApi({
        "promoter.links": links,
        "promoter.myCode": { ...myCode, code: { ...heldCode, status: "EXPIRED" } },
      });
      renderScreen(<LinksScreen />);

      const card = within(await screen.findByTestId("my-code"));
      expect(card.getByText("Expired")).toBeOnTheScreen();
      expect(
        card.queryByRole("button", { name: /(Pause|Resume) your code/ }),
      ).not.toBeOnTheScreen();
      expect(card.getByRole("button", { name: "Claim" })).toBeOnTheScreen();
    });

    test("is hidden when the program has codes turned off and the promoter holds none", async () => {
      const api = mockApi({
        "promoter.links": links,
        "promoter.myCode": { ...noCode, maxPercentBps: 0 },
      });
      renderScreen(<LinksScreen />);

      await screen.findByTestId("link-k3m9x2pq");
      await waitFor(() => expect(api.inFlight()).toBe(0));
      await waitFor(() => expect(screen.queryByText("Loading your code…")).not.toBeOnTheScreen());
      expect(screen.queryByTestId("my-code")).not.toBeOnTheScreen();
      expect(screen.queryByText("My code")).not.toBeOnTheScreen();
    });
  });
});
