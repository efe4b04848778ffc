import { fireEvent, screen, within } from "@testing-library/react-native";

import { apiError, mockApi } from "~/test/api";
import { leaderboard, me, myPosition } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { LeaderboardScreen } from "./leaderboard-screen";

const handlers = {
  "leaderboard.top": leaderboard,
  "promoter.me": me,
  "leaderboard.me": myPosition,
};

describe("LeaderboardScreen", () => {
  test("ranks promoters by earnings and highlights your own row", async () => {
    mockApi(handlers);
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("Rafa R.")).toBeOnTheScreen();
    expect(screen.getByText("$99.00")).toBeOnTheScreen();
    expect(screen.getByText("33 sales · 400 clicks · 8.25% conv.")).toBeOnTheScreen();
    expect(screen.getByText("1 sale · 30 clicks · 3.33% conv.")).toBeOnTheScreen();
    const mine = within(await screen.findByTestId("leaderboard-me"));
    expect(mine.getByText("Pia P.")).toBeOnTheScreen();
    expect(mine.getByText("You")).toBeOnTheScreen();
    expect(mine.getByText("#2")).toBeOnTheScreen();
  });

  test("asks leaderboard.top and leaderboard.me for the chosen period and metric", async () => {
    const api = mockApi(handlers);
    renderScreen(<LeaderboardScreen />);
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.top")[0]?.input).toEqual({
      period: "week",
      metric: "earnings",
      limit: 50,
    });

    fireEvent.press(screen.getByRole("tab", { name: "Last month" }));
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.top").at(-1)?.input).toEqual({
      period: "lastMonth",
      metric: "earnings",
      limit: 50,
    });
    expect(screen.getByRole("tab", { name: "Last month" })).toBeSelected();

    fireEvent.press(screen.getByRole("tab", { name: "Today" }));
    fireEvent.press(screen.getByRole("tab", { name: "Clicks" }));
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.top").at(-1)?.input).toEqual({
      period: "today",
      metric: "clicks",
      limit: 50,
    });
    expect(api.callsTo("leaderboard.me").at(-1)?.input).toEqual({
      period: "today",
      metric: "clicks",
    });
    // The shipped app's procedures are no longer called.
    expect(api.callsTo("leaderboard.topPromoters")).toEqual([]);
  });

  test("shows your position and what passes the promoter ahead", async () => {
    mockApi(handlers);
    renderScreen(<LeaderboardScreen />);

    const card = within(await screen.findByTestId("leaderboard-position"));
    expect(card.getByText("You are #2 of 3 · $43.20")).toBeOnTheScreen();
    expect(card.getByText("$55.81 more commission to pass #1.")).toBeOnTheScreen();
  });

  test("by conversion: the board's minimum of clicks, and how many more clicks you need", async () => {
    mockApi({
      ...handlers,
      "leaderboard.top": {
        ...leaderboard,
        rows: leaderboard.rows.map((r) => ({ ...r, value: r.conversionBps })),
      },
      "leaderboard.me": {
        ...myPosition,
        ranked: false,
        rank: null,
        value: 5_000,
        gap: null,
        qualifies: false,
        clicksToQualify: 12,
      },
    });
    renderScreen(<LeaderboardScreen />);
    fireEvent.press(screen.getByRole("tab", { name: "Conversion" }));

    expect(
      await screen.findByText(
        "Conversion is sales per click, among promoters with at least 20 clicks and a sale in the period.",
      ),
    ).toBeOnTheScreen();
    expect(await screen.findByText("8.25%")).toBeOnTheScreen();
    expect(
      await screen.findByText(
        "You are not on this board yet: 12 more clicks in this period, and a sale, put you on it.",
      ),
    ).toBeOnTheScreen();
  });

  test("says when you are not on the board", async () => {
    mockApi({
      ...handlers,
      "leaderboard.top": {
        ...leaderboard,
        rows: leaderboard.rows.filter((r) => r.promoterId !== me.promoter.id),
      },
      "leaderboard.me": { ...myPosition, ranked: false, rank: null, value: 0, gap: null },
    });
    renderScreen(<LeaderboardScreen />);

    expect(
      await screen.findByText(
        "You are not on this board yet: one commission through your links puts you on it.",
      ),
    ).toBeOnTheScreen();
    expect(screen.queryByTestId("leaderboard-me")).not.toBeOnTheScreen();
  });

  test("shows an empty board", async () => {
    mockApi({ ...handlers, "leaderboard.top": { ...leaderboard, rows: [] } });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("No commissions in this period yet")).toBeOnTheScreen();
  });

  test("says the leaderboard is off when the admin turned it off", async () => {
    mockApi({
      ...handlers,
      "leaderboard.top": { ...leaderboard, disabled: true, computedAt: null, rows: [] },
      "leaderboard.me": { ...myPosition, disabled: true, ranked: false, rank: null, gap: null },
    });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("The leaderboard is off")).toBeOnTheScreen();
    expect(screen.queryByText("Rafa R.")).not.toBeOnTheScreen();
    expect(screen.queryByTestId("leaderboard-position")).not.toBeOnTheScreen();
  });

  test("shows the error when the board cannot be loaded", async () => {
    mockApi({
      "leaderboard.top": apiError("BAD_REQUEST", "Period must be one of today, week"),
      "promoter.me": me,
    });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("Could not load the leaderboard.")).toBeOnTheScreen();
    expect(screen.getByText("Period must be one of today, week")).toBeOnTheScreen();
  });
});
