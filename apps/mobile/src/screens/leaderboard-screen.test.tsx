import { fireEvent, screen, within } from "@testing-library/react-native";

import { apiError, mockApi } from "~/test/api";
import { leaderboard, me, myPosition } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { LeaderboardScreen } from "./leaderboard-screen";

describe("LeaderboardScreen", () => {
  test("ranks promoters by earnings and highlights your own row", async () => {
    mockApi({
      "leaderboard.topPromoters": leaderboard,
      "promoter.me": me,
      "leaderboard.myPosition": myPosition,
    });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("Rafa R.")).toBeOnTheScreen();
    expect(screen.getByText("$99.00")).toBeOnTheScreen();
    expect(screen.getByText("33 sales")).toBeOnTheScreen();
    expect(screen.getByText("1 sale")).toBeOnTheScreen();
    const mine = within(await screen.findByTestId("leaderboard-me"));
    expect(mine.getByText("Pia P.")).toBeOnTheScreen();
    expect(mine.getByText("You")).toBeOnTheScreen();
    expect(mine.getByText("#2")).toBeOnTheScreen();
  });

  test("asks for the chosen period", async () => {
    const api = mockApi({
      "leaderboard.topPromoters": leaderboard,
      "promoter.me": me,
      "leaderboard.myPosition": myPosition,
    });
    renderScreen(<LeaderboardScreen />);
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.topPromoters")[0]?.input).toEqual({
      period: "week",
      metric: "earnings",
    });

    fireEvent.press(screen.getByRole("tab", { name: "All time" }));
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.topPromoters").at(-1)?.input).toEqual({
      period: "all",
      metric: "earnings",
    });
    expect(screen.getByRole("tab", { name: "All time" })).toBeSelected();

    fireEvent.press(screen.getByRole("tab", { name: "Sales" }));
    await screen.findByText("Rafa R.");
    expect(api.callsTo("leaderboard.topPromoters").at(-1)?.input).toEqual({
      period: "all",
      metric: "sales",
    });
    expect(api.callsTo("leaderboard.myPosition").at(-1)?.input).toEqual({
      period: "all",
      metric: "sales",
    });
  });

  test("shows your position and what passes the promoter ahead", async () => {
    mockApi({
      "leaderboard.topPromoters": leaderboard,
      "promoter.me": me,
      "leaderboard.myPosition": myPosition,
    });
    renderScreen(<LeaderboardScreen />);

    const card = within(await screen.findByTestId("leaderboard-position"));
    expect(card.getByText("You are #2 of 3 · $43.20")).toBeOnTheScreen();
    expect(card.getByText("$55.81 more to pass #1.")).toBeOnTheScreen();
  });

  test("says when you are not on the board", async () => {
    mockApi({
      "leaderboard.topPromoters": leaderboard.filter((r) => r.promoterId !== me.promoter.id),
      "promoter.me": me,
      "leaderboard.myPosition": { ranked: false, showOnLeaderboard: false, promotersRanked: 2 },
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
    mockApi({
      "leaderboard.topPromoters": [],
      "promoter.me": me,
      "leaderboard.myPosition": myPosition,
    });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("No sales in this period yet")).toBeOnTheScreen();
  });

  test("shows the error when the board cannot be loaded", async () => {
    mockApi({
      "leaderboard.topPromoters": apiError("BAD_REQUEST", "period: Invalid option"),
      "promoter.me": me,
    });
    renderScreen(<LeaderboardScreen />);

    expect(await screen.findByText("Could not load the leaderboard.")).toBeOnTheScreen();
    expect(screen.getByText("period: Invalid option")).toBeOnTheScreen();
  });
});
