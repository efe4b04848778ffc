/**
 * Large accessibility font sizes: every screen keeps React Native's default font scaling (no
 * `allowFontScaling={false}`, no cap) and no text sits inside a box of fixed height, where
 * scaled text would be clipped.
 */
import { act, fireEvent, screen, waitFor } from "@testing-library/react-native";
import type { ViewStyle } from "react-native";
import { StyleSheet } from "react-native";

import type { Handlers } from "~/test/api";
import { mockApi } from "~/test/api";
import {
  connectEnabled,
  earnings,
  eligibility,
  leaderboard,
  links,
  me,
  myCode,
  myPosition,
  noCode,
  notificationPrefs,
  payoutsPage,
  promoPostsFor,
  publicTrack,
  silverProgress,
  sourceReport,
} from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { EarningsScreen } from "./earnings-screen";
import { LeaderboardScreen } from "./leaderboard-screen";
import { LinksScreen } from "./links-screen";
import { NotificationSettingsScreen } from "./notification-settings-screen";
import { PayoutsScreen } from "./payouts-screen";
import { ProfileScreen } from "./profile-screen";
import { SignInScreen } from "./sign-in-screen";
import { TrackScreen } from "./track-screen";

const screens: [string, React.ReactElement, string][] = [
  // The tier card loads on its own: wait for it, so its text is checked too.
  ["Earnings", <EarningsScreen key="e" />, "13 more sales to Gold"],
  ["Links", <LinksScreen key="l" />, "Night Drive"],
  ["Payouts", <PayoutsScreen key="p" />, "Requested Nov 15, 2026"],
  ["Leaderboard", <LeaderboardScreen key="b" />, "Rafa R."],
  ["Profile", <ProfileScreen key="r" />, "Payout account"],
  ["Track", <TrackScreen key="t" slug="glass-city" />, "Glass City"],
  ["Notification settings", <NotificationSettingsScreen key="n" />, "Commission earned"],
];

type HostNode = ReturnType<typeof screen.getByText>;

function fixedHeightAncestors(node: HostNode): number[] {
  const heights: number[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (typeof p.type !== "string") continue;
    const style: ViewStyle = StyleSheet.flatten(p.props.style as ViewStyle) ?? {};
    if (typeof style.height === "number" || typeof style.maxHeight === "number")
      heights.push(Number(style.height ?? style.maxHeight));
  }
  return heights;
}

function assertScalable() {
  const texts = screen.root.findAll((n) => (n.type as unknown) === "Text");
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) {
    expect(t.props.allowFontScaling).not.toBe(false);
    expect(t.props.maxFontSizeMultiplier).toBeUndefined();
    const label = String(t.props.children);
    expect({ text: label, fixedHeights: fixedHeightAncestors(t) }).toEqual({
      text: label,
      fixedHeights: [],
    });
  }
}

let api: ReturnType<typeof mockApi>;

/** Every request answered and rendered, so nothing updates after the test. */
async function settle() {
  await waitFor(() => expect(api.inFlight()).toBe(0));
  await act(async () => {});
}

const handlers: Handlers = {
  "promoter.earnings": earnings,
  "promoter.progress": silverProgress,
  "promoter.links": links,
  "promoter.myCode": myCode,
  "promoter.payoutEligibility": eligibility,
  "promoter.payouts": payoutsPage,
  "leaderboard.top": leaderboard,
  "leaderboard.me": myPosition,
  "promoter.me": me,
  "promoter.connectStatus": connectEnabled,
  "buyer.trackBySlug": publicTrack,
  "notification.mutedTypes": notificationPrefs,
};

beforeEach(() => {
  api = mockApi(handlers);
});

test.each(screens)(
  "%s: text scales with the system font size and is never clipped by a fixed height",
  async (_name, ui, ready) => {
    renderScreen(ui);
    await screen.findAllByText(ready);
    await settle();
    assertScalable();
  },
);

test("Links with the code claim form: text scales with the system font size and is never clipped by a fixed height", async () => {
  api = mockApi({ ...handlers, "promoter.myCode": noCode });
  renderScreen(<LinksScreen />);
  await screen.findByText("Claim");
  await screen.findAllByText("Night Drive");
  await settle();
  assertScalable();
});

test("Links with the link builder open and the source report: text scales with the system font size and is never clipped by a fixed height", async () => {
  api = mockApi({
    ...handlers,
    "promoter.sourceReport": sourceReport,
    "promoter.promoPosts": promoPostsFor(links[0]!.url),
  });
  renderScreen(<LinksScreen />);
  fireEvent.press(await screen.findByRole("button", { name: "Build a link for Night Drive" }));
  fireEvent(screen.getByRole("switch", { name: "Add UTM" }), "valueChange", true);
  await screen.findByLabelText("X text");
  await screen.findByTestId("source-row-newsletter");
  await settle();
  assertScalable();
});

test("Sign in: text scales with the system font size and is never clipped by a fixed height", async () => {
  renderScreen(<SignInScreen />, {
    state: { status: "signed-out", notice: "Your session has expired: sign in again." },
  });
  await screen.findByText("Your session has expired: sign in again.");
  assertScalable();
});
