import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as WebBrowser from "expo-web-browser";

import { apiError, mockApi } from "~/test/api";
import { connectEnabled, me } from "~/test/fixtures";
import { memoryTokenStore, renderScreen, TEST_TOKEN } from "~/test/render";

import { ProfileScreen } from "./profile-screen";

describe("ProfileScreen", () => {
  test("shows who is signed in and the leaderboard settings", async () => {
    mockApi({ "promoter.me": me, "promoter.connectStatus": connectEnabled });
    renderScreen(<ProfileScreen />);

    expect(await screen.findByText("Pia Promoter")).toBeOnTheScreen();
    expect(screen.getByText("promoter@fanfare.local")).toBeOnTheScreen();
    expect(screen.getByLabelText("Display name")).toHaveDisplayValue("Pia P.");
    expect(screen.getByRole("switch", { name: "Show my name on leaderboards" })).toBeChecked();
  });

  test("saves the display name and the leaderboard choice", async () => {
    let saved = me.promoter;
    const api = mockApi({
      "promoter.me": () => ({ ...me, promoter: saved }),
      "promoter.connectStatus": connectEnabled,
      "promoter.updateProfile": (input) => {
        saved = { ...saved, ...(input as typeof saved) };
        return { displayName: saved.displayName, showOnLeaderboard: saved.showOnLeaderboard };
      },
    });
    renderScreen(<ProfileScreen />);

    fireEvent.changeText(await screen.findByLabelText("Display name"), "  Pia the Promoter ");
    fireEvent(
      screen.getByRole("switch", { name: "Show my name on leaderboards" }),
      "valueChange",
      false,
    );
    fireEvent.press(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(api.callsTo("promoter.updateProfile")).toHaveLength(1));
    expect(api.callsTo("promoter.updateProfile")[0]?.input).toEqual({
      displayName: "Pia the Promoter",
      showOnLeaderboard: false,
    });
    await waitFor(() =>
      expect(screen.getByLabelText("Display name")).toHaveDisplayValue("Pia the Promoter"),
    );
    expect(screen.getByRole("switch", { name: "Show my name on leaderboards" })).not.toBeChecked();
  });

  test("refuses an empty display name with the shared validation message", async () => {
    const api = mockApi({ "promoter.me": me, "promoter.connectStatus": connectEnabled });
    renderScreen(<ProfileScreen />);

    fireEvent.changeText(await screen.findByLabelText("Display name"), "   ");
    fireEvent.press(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Enter a display name.")).toBeOnTheScreen();
    expect(api.callsTo("promoter.updateProfile")).toHaveLength(0);
  });

  test("shows the payout account status and opens onboarding in the browser", async () => {
    mockApi({
      "promoter.me": me,
      "promoter.connectStatus": {
        status: "pending",
        payoutsEnabled: false,
        requirementsDue: ["individual.verification.document", "external_account"],
        stripeAccountId: "acct_123",
        onboardingUrl: "http://localhost:3000/dashboard/promoter/earnings?connect=start",
      },
    });
    renderScreen(<ProfileScreen />);

    const card = within(await screen.findByTestId("connect-status"));
    expect(card.getByText("Action needed")).toBeOnTheScreen();
    expect(card.getByText("• individual: verification: document")).toBeOnTheScreen();
    expect(card.getByText("• external account")).toBeOnTheScreen();
    fireEvent.press(card.getByRole("button", { name: "Continue setup" }));
    await waitFor(() =>
      expect(WebBrowser.openBrowserAsync).toHaveBeenCalledWith(
        "http://localhost:3000/dashboard/promoter/earnings?connect=start",
      ),
    );
  });

  test("signs out: revokes the token on the server and forgets it on the device", async () => {
    const store = memoryTokenStore({ token: TEST_TOKEN, expires: "2999-01-01T00:00:00.000Z" });
    const api = mockApi(
      { "promoter.me": me, "promoter.connectStatus": connectEnabled },
      { auth: () => ({ status: 200, body: { revoked: true } }) },
    );
    renderScreen(<ProfileScreen />, { store });

    fireEvent.press(await screen.findByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(api.authCalls).toHaveLength(1));
    expect(api.authCalls[0]).toMatchObject({
      method: "DELETE",
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(store.current()).toBeNull();
  });

  test("shows errors for the profile and the payout account separately", async () => {
    mockApi({
      "promoter.me": apiError(
        "INTERNAL_SERVER_ERROR",
        "Something went wrong on our side; it has been logged. Please try again.",
      ),
      "promoter.connectStatus": apiError(
        "NOT_FOUND",
        'No procedure on path "promoter.connectStatus"',
      ),
    });
    renderScreen(<ProfileScreen />);

    expect(await screen.findByText("Could not load your profile.")).toBeOnTheScreen();
    expect(await screen.findByText("Could not load your payout account status.")).toBeOnTheScreen();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeOnTheScreen();
  });
});
