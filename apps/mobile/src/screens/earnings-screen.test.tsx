import { act, fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as WebBrowser from "expo-web-browser";
import type { RefreshControlProps } from "react-native";

import { apiError, mockApi } from "~/test/api";
import {
  earnings,
  me,
  noEarnings,
  noTierProgress,
  silverProgress,
  topTierProgress,
} from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { EarningsScreen } from "./earnings-screen";

describe("EarningsScreen", () => {
  // The tier and badge cards load after the balances: a test that ends on the balances leaves
  // their request to land after it. Every request answered and rendered before the unmount.
  afterEach(async () => {
    const requests = jest.mocked(global.fetch).mock.results.map((r) => r.value as unknown);
    await act(async () => void (await Promise.allSettled(requests)));
    await act(async () => {});
  });

  test("shows each balance, the recent totals and the 30-day chart", async () => {
    const api = mockApi({ "promoter.earnings": earnings });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByText("$43.20")).toBeOnTheScreen();
    expect(screen.getByText("Pending (on hold)")).toBeOnTheScreen();
    expect(screen.getByText("$12.50")).toBeOnTheScreen();
    expect(screen.getByText("Held 14 days after each sale in case of refunds")).toBeOnTheScreen();
    expect(screen.getByText("$10.00")).toBeOnTheScreen();
    expect(screen.getByText("$150.75")).toBeOnTheScreen();
    expect(screen.getByText("Payouts from $5.00")).toBeOnTheScreen();
    expect(screen.getByText("$1.25")).toBeOnTheScreen();
    expect(screen.getByText("$22.50")).toBeOnTheScreen();
    expect(screen.getByText("$73.00")).toBeOnTheScreen();
    expect(screen.getByTestId("earnings-chart")).toHaveAccessibleName(
      /Earnings from Nov 1 to Nov 30: \$50\.00 in total, best day Nov 10 with \$10\.00\./,
    );
    expect(screen.queryByText("No earnings yet")).not.toBeOnTheScreen();
    // The bearer token goes with every tRPC call.
    expect(api.callsTo("promoter.earnings")[0]?.headers.authorization).toBe(
      "Bearer ffs_test-token",
    );
  });

  test("a suspended promoter reads why before the balances", async () => {
    mockApi({
      "promoter.earnings": earnings,
      "promoter.me": {
        ...me,
        promoter: { ...me.promoter, status: "SUSPENDED", statusReason: "Clicks from one network." },
      },
    });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByTestId("promoter-standing")).toHaveTextContent(
      /Your promoter account is suspended: .* Reason given: Clicks from one network\./,
    );
  });

  test("a promoter awaiting approval is told to apply on the website, with the reason", async () => {
    mockApi({
      "promoter.earnings": noEarnings,
      "promoter.me": {
        ...me,
        promoter: {
          ...me.promoter,
          status: "PENDING",
          statusReason: "Tell us which accounts are yours.",
          appliedAt: null,
        },
      },
    });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByTestId("promoter-standing")).toHaveTextContent(
      /awaiting approval: apply on the Fanfare website .* Reason given: Tell us which accounts are yours\./,
    );
  });

  test("an applicant whose application was received reads that we will email them", async () => {
    mockApi({
      "promoter.earnings": noEarnings,
      "promoter.me": {
        ...me,
        promoter: {
          ...me.promoter,
          status: "PENDING",
          statusReason: "An earlier reason.",
          appliedAt: new Date("2026-12-01T10:00:00Z"),
        },
      },
    });
    renderScreen(<EarningsScreen />);

    const notice = await screen.findByTestId("promoter-standing");
    expect(notice).toHaveTextContent(/^Application received — we'll email you/);
    expect(notice).not.toHaveTextContent(/An earlier reason/);
  });

  test("without a holding period it says the money is payable at once", async () => {
    mockApi({ "promoter.earnings": { ...earnings, holdDays: 0 } });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByText("No holding period: payable at once")).toBeOnTheScreen();
    expect(screen.queryByText(/Held 0 days/)).not.toBeOnTheScreen();
  });

  test("says there is nothing yet, and where to start, when nothing was ever earned", async () => {
    mockApi({ "promoter.earnings": noEarnings });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByText("No earnings yet")).toBeOnTheScreen();
    expect(screen.getByRole("button", { name: "Find a track to promote" })).toBeOnTheScreen();
    expect(screen.getByText("No earnings in this period")).toBeOnTheScreen();
  });

  test("shows the server's message and a retry button when loading fails", async () => {
    mockApi({
      "promoter.earnings": apiError(
        "INTERNAL_SERVER_ERROR",
        "Something went wrong on our side; it has been logged. Please try again.",
      ),
    });
    renderScreen(<EarningsScreen />);

    expect(await screen.findByText("Could not load your earnings.")).toBeOnTheScreen();
    expect(
      screen.getByText("Something went wrong on our side; it has been logged. Please try again."),
    ).toBeOnTheScreen();
    expect(screen.getByRole("button", { name: "Try again" })).toBeOnTheScreen();
  });

  describe("tier card", () => {
    test("shows the tier, its bonus and payout minimum, and the sales missing to the next tier", async () => {
      mockApi({ "promoter.earnings": earnings, "promoter.progress": silverProgress });
      renderScreen(<EarningsScreen />);

      const card = await screen.findByTestId("tier-card");
      expect(within(card).getByText("Silver")).toBeOnTheScreen();
      expect(within(card).getByTestId("tier-bonus")).toHaveTextContent(
        "+3% on every sale, paid by Fanfare on top of the artist's rate.",
      );
      expect(within(card).getByText("Payouts from $20.00 at this tier.")).toBeOnTheScreen();
      expect(within(card).getByText("13 more sales to Gold")).toBeOnTheScreen();
      // 12 of 25 sales: 48 %, read out as what is missing.
      expect(
        within(card).getByRole("progressbar", { name: "Progress to Gold" }),
      ).toHaveAccessibilityValue({
        min: 0,
        max: 100,
        now: 48,
        text: "13 more sales to Gold",
      });
      expect(within(card).getByText("12 sales of 25 sales in 90 days")).toBeOnTheScreen();
      expect(within(card).getByText("Gold pays +5% on every sale.")).toBeOnTheScreen();
      expect(within(card).getByText("Perks unlocked")).toBeOnTheScreen();
      expect(within(card).getByText("At Gold")).toBeOnTheScreen();
      expect(
        within(card).getByLabelText(
          "Featured promoter (locked): Your links are suggested to artists looking for promoters.",
        ),
      ).toBeOnTheScreen();
      expect(within(card).queryByText("You hold the top tier.")).not.toBeOnTheScreen();
    });

    test("an unlocked perk with a link opens it in the browser", async () => {
      mockApi({ "promoter.earnings": earnings, "promoter.progress": silverProgress });
      renderScreen(<EarningsScreen />);

      fireEvent.press(await screen.findByRole("link", { name: /^Early previews:/ }));
      await waitFor(() =>
        expect(WebBrowser.openBrowserAsync).toHaveBeenCalledWith("https://fanfare.local/previews"),
      );
      // The next tier's perks are not links until they are unlocked.
      expect(screen.queryByRole("link", { name: /Featured promoter/ })).not.toBeOnTheScreen();
    });

    test("at the top tier it says so, with no progress bar", async () => {
      mockApi({ "promoter.earnings": earnings, "promoter.progress": topTierProgress });
      renderScreen(<EarningsScreen />);

      const card = await screen.findByTestId("tier-card");
      expect(within(card).getByText("Gold")).toBeOnTheScreen();
      expect(within(card).getByTestId("tier-bonus")).toHaveTextContent(
        "+5% on every sale, paid by Fanfare on top of the artist's rate.",
      );
      expect(within(card).getByText("You hold the top tier.")).toBeOnTheScreen();
      expect(within(card).queryByRole("progressbar")).not.toBeOnTheScreen();
      expect(within(card).queryByText(/Payouts from/)).not.toBeOnTheScreen();
      expect(within(card).getByText("Featured promoter")).toBeOnTheScreen();
    });

    test("a promoter with no tier yet sees what is missing to the first one", async () => {
      mockApi({ "promoter.earnings": earnings, "promoter.progress": noTierProgress });
      renderScreen(<EarningsScreen />);

      const card = await screen.findByTestId("tier-card");
      expect(within(card).getByText("No tier yet")).toBeOnTheScreen();
      expect(within(card).queryByTestId("tier-bonus")).not.toBeOnTheScreen();
      expect(
        within(card).getByRole("progressbar", { name: "Progress to Bronze" }),
      ).toHaveAccessibilityValue({
        now: 40,
        text: "3 more sales to Bronze",
      });
      expect(within(card).queryByText("Perks unlocked")).not.toBeOnTheScreen();
    });

    test("shows nothing when the program has no tiers", async () => {
      const api = mockApi({ "promoter.earnings": earnings });
      renderScreen(<EarningsScreen />);

      await screen.findByText("$43.20");
      await waitFor(() => expect(api.callsTo("promoter.progress")).toHaveLength(1));
      await waitFor(() => expect(api.inFlight()).toBe(0));
      // The answer has arrived; on a loaded box React Query may take a few more ticks to render it.
      await waitFor(() => expect(screen.queryByText("Loading your tier…")).not.toBeOnTheScreen());
      expect(screen.queryByTestId("tier-card")).not.toBeOnTheScreen();
    });

    test("shows the server's message and a retry button when the tier fails to load, and the balances still", async () => {
      const api = mockApi({
        "promoter.earnings": earnings,
        "promoter.progress": apiError(
          "INTERNAL_SERVER_ERROR",
          "Something went wrong on our side; it has been logged. Please try again.",
        ),
      });
      renderScreen(<EarningsScreen />);

      expect(await screen.findByText("Could not load your tier.")).toBeOnTheScreen();
      expect(
        screen.getByText("Something went wrong on our side; it has been logged. Please try again."),
      ).toBeOnTheScreen();
      expect(screen.getByText("$43.20")).toBeOnTheScreen();
      const calls = api.callsTo("promoter.progress").length;
      fireEvent.press(screen.getByRole("button", { name: "Try again" }));
      await waitFor(() => expect(api.callsTo("promoter.progress").length).toBeGreaterThan(calls));
    });

    test("pull to refresh reloads the tier with the earnings", async () => {
      const api = mockApi({ "promoter.earnings": earnings, "promoter.progress": silverProgress });
      renderScreen(<EarningsScreen />);

      await screen.findByText("13 more sales to Gold");
      const refreshControl = screen.getByTestId("earnings-screen").props
        .refreshControl as React.ReactElement<RefreshControlProps>;
      await act(async () => refreshControl.props.onRefresh?.());
      await waitFor(() => expect(api.callsTo("promoter.progress")).toHaveLength(2));
      expect(api.callsTo("promoter.earnings")).toHaveLength(2);
    });
  });
});
