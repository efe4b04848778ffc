import { screen } from "@testing-library/react-native";

import { apiError, mockApi } from "~/test/api";
import { earnings, me, noEarnings } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { EarningsScreen } from "./earnings-screen";

describe("EarningsScreen", () => {
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
});
