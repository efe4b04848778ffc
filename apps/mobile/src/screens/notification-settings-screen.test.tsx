import { act, fireEvent, screen, waitFor, within } from "@testing-library/react-native";

import type { RouterOutputs } from "@fanfare/api";

import { apiError, mockApi } from "~/test/api";
import { connectEnabled, me, notificationPrefs } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { NotificationSettingsScreen } from "./notification-settings-screen";
import { NotificationsScreen } from "./notifications-screen";
import { ProfileScreen } from "./profile-screen";

const mockRouter = { navigate: jest.fn(), push: jest.fn() };
jest.mock("expo-router", () => ({ useRouter: () => mockRouter }));

type Prefs = RouterOutputs["notification"]["mutedTypes"];

/** The preferences after muting (or unmuting) `type`, as `notification.setMuted` answers. */
const withMuted = (prefs: Prefs, type: string, muted: boolean): Prefs =>
  prefs.map((p) => (p.type === type ? { ...p, muted } : p));

const toggle = (name: string) => screen.getByRole("switch", { name });

/** Muting notification types in the app (issue 13 §7), as Settings → Notifications on the web. */
describe("NotificationSettingsScreen", () => {
  test("one switch per type, named by its label, on unless muted, saying whether it also emails", async () => {
    mockApi({ "notification.mutedTypes": notificationPrefs });
    renderScreen(<NotificationSettingsScreen />);

    const commission = await screen.findByRole("switch", { name: "Commission earned" });
    expect(commission).toHaveProp("value", true);
    expect(commission).toHaveProp("accessibilityHint", "In the app and by email.");
    expect(toggle("Contests starting")).toHaveProp("value", false);
    expect(toggle("Contests starting")).toHaveProp("accessibilityHint", "In the app only.");
    expect(screen.getAllByRole("switch")).toHaveLength(notificationPrefs.length);
    expect(screen.getAllByText("In the app and by email")).toHaveLength(
      notificationPrefs.filter((p) => p.email).length,
    );
    expect(screen.getAllByText("In the app only")).toHaveLength(
      notificationPrefs.filter((p) => !p.email).length,
    );
  });

  test("turning a type off mutes it: the switch shows it at once, waits while saving, and says what was saved", async () => {
    let answer: (prefs: Prefs) => void = () => undefined;
    const api = mockApi({
      "notification.mutedTypes": notificationPrefs,
      "notification.setMuted": () =>
        new Promise<Prefs>((resolve) => {
          answer = resolve;
        }),
    });
    renderScreen(<NotificationSettingsScreen />);

    fireEvent(
      await screen.findByRole("switch", { name: "Commission earned" }),
      "valueChange",
      false,
    );
    await waitFor(() =>
      expect(api.callsTo("notification.setMuted")[0]?.input).toEqual({
        type: "commission_earned",
        muted: true,
      }),
    );
    // Saving: the new value shows, and every switch waits for the answer.
    expect(toggle("Commission earned")).toHaveProp("value", false);
    expect(toggle("Payout sent")).toBeDisabled();

    await act(async () => answer(withMuted(notificationPrefs, "commission_earned", true)));
    expect(await screen.findByText("Commission earned: off.")).toBeOnTheScreen();
    expect(toggle("Commission earned")).toHaveProp("value", false);
    expect(toggle("Payout sent")).toBeEnabled();
  });

  test("turning a muted type back on unmutes it", async () => {
    const api = mockApi({
      "notification.mutedTypes": notificationPrefs,
      "notification.setMuted": withMuted(notificationPrefs, "contest_started", false),
    });
    renderScreen(<NotificationSettingsScreen />);

    fireEvent(
      await screen.findByRole("switch", { name: "Contests starting" }),
      "valueChange",
      true,
    );
    expect(await screen.findByText("Contests starting: on.")).toBeOnTheScreen();
    expect(api.callsTo("notification.setMuted")[0]?.input).toEqual({
      type: "contest_started",
      muted: false,
    });
    expect(toggle("Contests starting")).toHaveProp("value", true);
  });

  test("a change that fails says why, and the switch shows the saved value again", async () => {
    mockApi({
      "notification.mutedTypes": notificationPrefs,
      "notification.setMuted": apiError("INTERNAL_SERVER_ERROR", "Could not save: try again."),
    });
    renderScreen(<NotificationSettingsScreen />);

    fireEvent(await screen.findByRole("switch", { name: "Badges earned" }), "valueChange", false);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not save: try again.");
    expect(toggle("Badges earned")).toHaveProp("value", true);
    expect(toggle("Badges earned")).toBeEnabled();
  });

  test("when the settings cannot be loaded it says so and offers to try again", async () => {
    const api = mockApi({
      "notification.mutedTypes": apiError("INTERNAL_SERVER_ERROR", "The database is busy."),
    });
    renderScreen(<NotificationSettingsScreen />);

    expect(await screen.findByText("Could not load your notification settings.")).toBeOnTheScreen();
    expect(screen.getByText("The database is busy.")).toBeOnTheScreen();
    fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(api.callsTo("notification.mutedTypes")).toHaveLength(2));
  });

  test("reached from the notification centre, even with no notifications yet", async () => {
    mockApi({ "notification.list": { items: [], nextCursor: null, unreadCount: 0 } });
    renderScreen(<NotificationsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Notification settings" }));
    expect(mockRouter.push).toHaveBeenCalledWith("/notification-settings");
  });

  test("reached from the Profile tab", async () => {
    const api = mockApi({ "promoter.me": me, "promoter.connectStatus": connectEnabled });
    renderScreen(<ProfileScreen />);

    const entry = await screen.findByTestId("notifications-entry");
    fireEvent.press(within(entry).getByRole("button", { name: "Notification settings" }));
    expect(mockRouter.push).toHaveBeenCalledWith("/notification-settings");
    // The rest of the tab loaded before the test ends.
    expect(await screen.findByText("Payout account")).toBeOnTheScreen();
    await waitFor(() => expect(api.inFlight()).toBe(0));
  });
});
