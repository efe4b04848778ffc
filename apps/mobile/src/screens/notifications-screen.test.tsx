import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";

import type { RouterOutputs } from "@fanfare/api";

import { mockApi } from "~/test/api";
import { connectEnabled, me } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { NotificationsScreen } from "./notifications-screen";
import { ProfileScreen } from "./profile-screen";

const mockRouter = { navigate: jest.fn(), push: jest.fn() };
jest.mock("expo-router", () => ({ useRouter: () => mockRouter }));

type Page = RouterOutputs["notification"]["list"];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

const page: Page = {
  items: [
    {
      id: "n2",
      type: "payout_sent",
      title: "Payout sent: $43.20",
      body: "On its way to your bank through Stripe.",
      href: "/dashboard/earnings",
      readAt: null,
      createdAt: minutesAgo(5),
    },
    {
      id: "n1",
      type: "badge_earned",
      title: "Badge earned: First sale",
      body: "A fan bought a track through you.",
      href: "/dashboard/promoter",
      readAt: minutesAgo(60),
      createdAt: minutesAgo(3 * 60),
    },
  ],
  nextCursor: null,
  unreadCount: 1,
};

describe("NotificationsScreen", () => {
  test("lists the notifications newest first, the unread one marked, with the time ago", async () => {
    mockApi({ "notification.list": page });
    renderScreen(<NotificationsScreen />);

    const payout = await screen.findByTestId("notification-n2");
    expect(payout).toHaveAccessibleName(
      "Unread: Payout sent: $43.20. On its way to your bank through Stripe. 5 min ago.",
    );
    expect(screen.getByTestId("notification-n1")).toHaveAccessibleName(
      "Badge earned: First sale. A fan bought a track through you. 3 h ago.",
    );
    expect(screen.getByTestId("unread-count")).toHaveTextContent("1 unread");
  });

  test("tapping one marks it read and opens the tab it is about", async () => {
    const api = mockApi({
      "notification.list": page,
      "notification.markRead": { marked: 1, unreadCount: 0 },
    });
    renderScreen(<NotificationsScreen />);

    fireEvent.press(await screen.findByTestId("notification-n2"));
    await waitFor(() =>
      expect(api.callsTo("notification.markRead")[0]?.input).toEqual({ ids: ["n2"] }),
    );
    expect(mockRouter.navigate).toHaveBeenCalledWith("/payouts");
    // The list is asked again after the change.
    await waitFor(() => expect(api.callsTo("notification.list").length).toBeGreaterThan(1));
  });

  test("Mark all read marks every one", async () => {
    const api = mockApi({
      "notification.list": page,
      "notification.markRead": { marked: 1, unreadCount: 0 },
    });
    renderScreen(<NotificationsScreen />);

    fireEvent.press(await screen.findByRole("button", { name: "Mark all read" }));
    await waitFor(() =>
      expect(api.callsTo("notification.markRead")[0]?.input).toEqual({ all: true }),
    );
  });

  test("with none yet it says what will show up", async () => {
    mockApi({ "notification.list": { items: [], nextCursor: null, unreadCount: 0 } });
    renderScreen(<NotificationsScreen />);

    expect(await screen.findByText("No notifications yet")).toBeOnTheScreen();
  });

  test("the Profile tab shows the unread count and opens the notifications", async () => {
    mockApi({
      "promoter.me": me,
      "notification.unreadCount": { count: 3 },
      "promoter.connectStatus": connectEnabled,
    });
    renderScreen(<ProfileScreen />);

    const entry = await screen.findByTestId("notifications-entry");
    expect(await within(entry).findByText("3 unread")).toBeOnTheScreen();
    fireEvent.press(within(entry).getByRole("button", { name: "Open notifications" }));
    expect(mockRouter.push).toHaveBeenCalledWith("/notifications");
  });
});
