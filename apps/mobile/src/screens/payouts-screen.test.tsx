import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as WebBrowser from "expo-web-browser";

import { apiError, mockApi } from "~/test/api";
import { connectEnabled, eligibility, earnings, payoutsPage } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { PayoutsScreen } from "./payouts-screen";

describe("PayoutsScreen", () => {
  test("shows the payable balance, the minimum and the payout history with statuses", async () => {
    mockApi({ "promoter.payoutEligibility": eligibility, "promoter.payouts": payoutsPage });
    renderScreen(<PayoutsScreen />);

    expect(await screen.findByRole("button", { name: "Request payout of $43.20" })).toBeEnabled();
    expect(screen.getByText("Minimum payout: $5.00")).toBeOnTheScreen();

    const processing = within(await screen.findByTestId("payout-po_2"));
    expect(processing.getByText("$25.00")).toBeOnTheScreen();
    expect(processing.getByText("In transit")).toBeOnTheScreen();
    expect(processing.getByText("Requested Nov 15, 2026")).toBeOnTheScreen();
    const paid = within(screen.getByTestId("payout-po_1"));
    expect(paid.getByText("Paid")).toBeOnTheScreen();
    expect(paid.getByText("Paid Oct 3, 2026")).toBeOnTheScreen();
    const failed = within(screen.getByTestId("payout-po_0"));
    expect(failed.getByText("Failed")).toBeOnTheScreen();
    expect(failed.getByText("The bank rejected the transfer: account closed.")).toBeOnTheScreen();
  });

  test("disables the request and says why when a payout is not allowed", async () => {
    mockApi({
      "promoter.payoutEligibility": {
        canRequest: false,
        reason: "Your payable balance is $3.20; the minimum payout is $5.00.",
        payableCents: 320,
        minimumPayoutCents: 500,
        taxFormUrl: null,
      },
      "promoter.payouts": { items: [], nextCursor: null },
    });
    renderScreen(<PayoutsScreen />);

    expect(await screen.findByRole("button", { name: "Request payout of $3.20" })).toBeDisabled();
    expect(
      screen.getByText("Your payable balance is $3.20; the minimum payout is $5.00."),
    ).toBeOnTheScreen();
    expect(await screen.findByText("No payouts yet")).toBeOnTheScreen();
  });

  test("a payout waiting for a W-9 says why and opens the tax form on the website", async () => {
    const taxFormUrl = "http://localhost:3000/settings/tax";
    mockApi({
      "promoter.payoutEligibility": {
        canRequest: false,
        reason:
          "This payout would bring what you were paid in 2026 to $2,040.00, at or over the $2,000.00 the IRS requires us to report. Submit a W-9 in Settings → Tax and we will pay you.",
        payableCents: 4000,
        minimumPayoutCents: 500,
        taxFormUrl,
      },
      "promoter.payouts": { items: [], nextCursor: null },
    });
    renderScreen(<PayoutsScreen />);

    expect(await screen.findByRole("button", { name: "Request payout of $40.00" })).toBeDisabled();
    expect(screen.getByTestId("payout-reason")).toHaveTextContent(/Submit a W-9/);
    fireEvent.press(screen.getByRole("button", { name: "Submit your tax form" }));
    await waitFor(() => expect(WebBrowser.openBrowserAsync).toHaveBeenCalledWith(taxFormUrl));
  });

  test("requests a payout, confirms it and reloads the balance and history", async () => {
    const requested = {
      id: "po_3",
      amountCents: 4320,
      status: "REQUESTED" as const,
      failureReason: null,
      requestedAt: new Date("2026-11-20T09:00:00Z"),
      paidAt: null,
    };
    let done = false;
    const api = mockApi({
      "promoter.payoutEligibility": () =>
        done
          ? {
              canRequest: false,
              reason: "A payout is already in progress.",
              payableCents: 0,
              minimumPayoutCents: 500,
              taxFormUrl: null,
            }
          : eligibility,
      "promoter.payouts": () =>
        done ? { items: [requested, ...payoutsPage.items], nextCursor: null } : payoutsPage,
      "promoter.earnings": earnings,
      "promoter.requestPayout": () => {
        done = true;
        return requested;
      },
    });
    renderScreen(<PayoutsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Request payout of $43.20" }));
    expect(
      await screen.findByText(
        "Payout of $43.20 requested. It usually arrives within a few business days.",
      ),
    ).toBeOnTheScreen();
    expect(await screen.findByTestId("payout-po_3")).toBeOnTheScreen();
    expect(await screen.findByText("A payout is already in progress.")).toBeOnTheScreen();
    expect(api.callsTo("promoter.requestPayout")).toHaveLength(1);
  });

  test("offers the payout account setup when Stripe Connect is not set up", async () => {
    const api = mockApi({
      "promoter.payoutEligibility": {
        canRequest: false,
        reason: "Set up payouts with Stripe first (Connect onboarding).",
        payableCents: 0,
        minimumPayoutCents: 500,
        taxFormUrl: null,
      },
      "promoter.payouts": { items: [], nextCursor: null },
      "promoter.connectStatus": {
        ...connectEnabled,
        status: "not_started",
        payoutsEnabled: false,
        stripeAccountId: null,
      },
    });
    renderScreen(<PayoutsScreen />);

    expect(
      await screen.findByText("Set up payouts with Stripe first (Connect onboarding)."),
    ).toBeOnTheScreen();
    fireEvent.press(await screen.findByRole("button", { name: "Set up payouts" }));
    await waitFor(() =>
      expect(WebBrowser.openBrowserAsync).toHaveBeenCalledWith(connectEnabled.onboardingUrl),
    );
    // Back from the browser: the status and the eligibility are asked again.
    await waitFor(() => expect(api.callsTo("promoter.connectStatus").length).toBeGreaterThan(1));
    expect(api.callsTo("promoter.payoutEligibility").length).toBeGreaterThan(1);
  });

  test("says when the payout was sent but failed, with the reason", async () => {
    mockApi({
      "promoter.payoutEligibility": eligibility,
      "promoter.payouts": payoutsPage,
      "promoter.requestPayout": {
        id: "po_9",
        amountCents: 4320,
        status: "FAILED",
        failureReason: "Stripe refused the transfer: insufficient platform balance.",
        requestedAt: new Date(),
        paidAt: null,
      },
    });
    renderScreen(<PayoutsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Request payout of $43.20" }));
    expect(
      await screen.findByText(
        "Payout of $43.20 failed: Stripe refused the transfer: insufficient platform balance.",
      ),
    ).toBeOnTheScreen();
  });

  test("offers no amount when the balance is negative after a clawback", async () => {
    mockApi({
      "promoter.payoutEligibility": {
        canRequest: false,
        reason: "Your payable balance is -$2.50; the minimum payout is $5.00.",
        payableCents: -250,
        minimumPayoutCents: 500,
        taxFormUrl: null,
      },
      "promoter.payouts": payoutsPage,
    });
    renderScreen(<PayoutsScreen />);

    expect(await screen.findByRole("button", { name: "Request payout" })).toBeDisabled();
    expect(screen.getByText("-$2.50")).toBeOnTheScreen();
    expect(
      screen.getByText(
        "A refund took back commission already paid out; it comes off your next earnings.",
      ),
    ).toBeOnTheScreen();
  });

  test("shows the server's refusal when the request fails", async () => {
    mockApi({
      "promoter.payoutEligibility": eligibility,
      "promoter.payouts": payoutsPage,
      "promoter.requestPayout": apiError(
        "CONFLICT",
        "Cannot request payout: another payout is already in progress.",
      ),
    });
    renderScreen(<PayoutsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Request payout of $43.20" }));
    expect(
      await screen.findByText("Cannot request payout: another payout is already in progress."),
    ).toBeOnTheScreen();
  });

  test("loads older payouts page by page", async () => {
    const api = mockApi({
      "promoter.payoutEligibility": eligibility,
      "promoter.payouts": (input) =>
        (input as { cursor?: string | null }).cursor === "po_1"
          ? { items: [payoutsPage.items[2]!], nextCursor: null }
          : { items: payoutsPage.items.slice(0, 2), nextCursor: "po_1" },
    });
    renderScreen(<PayoutsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Show older payouts" }));
    expect(await screen.findByTestId("payout-po_0")).toBeOnTheScreen();
    expect(screen.queryByRole("button", { name: "Show older payouts" })).not.toBeOnTheScreen();
    const inputs = api
      .callsTo("promoter.payouts")
      .map((c) => c.input as { cursor?: string | null; limit?: number });
    expect(inputs.map((i) => [i.limit, i.cursor ?? null])).toEqual([
      [20, null],
      [20, "po_1"],
    ]);
  });

  test("shows errors for eligibility and history separately", async () => {
    mockApi({
      "promoter.payoutEligibility": apiError(
        "INTERNAL_SERVER_ERROR",
        "Something went wrong on our side; it has been logged. Please try again.",
      ),
      "promoter.payouts": apiError(
        "INTERNAL_SERVER_ERROR",
        "Something went wrong on our side; it has been logged. Please try again.",
      ),
    });
    renderScreen(<PayoutsScreen />);

    expect(
      await screen.findByText("Could not check whether you can request a payout."),
    ).toBeOnTheScreen();
    expect(await screen.findByText("Could not load your payouts.")).toBeOnTheScreen();
  });
});
