import { screen, within } from "@testing-library/react-native";

import { EarningsScreen } from "~/screens/earnings-screen";
import { mockApi } from "~/test/api";
import { earnings, noTiersProgress, silverProgress } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

/** The badges on the Earnings tab (issue 13 §3), from `promoter.progress`. */
describe("badges on the Earnings tab", () => {
  test("lists the badges earned, newest first, with level, what for and date, then the locked ones with what they take", async () => {
    mockApi({ "promoter.earnings": earnings, "promoter.progress": silverProgress });
    renderScreen(<EarningsScreen />);

    const card = await screen.findByTestId("badges-card");
    expect(within(card).getByTestId("badges-count")).toHaveTextContent("2 earned · 2 to go");

    const ten = within(card).getByTestId("badge-ten_sales");
    expect(ten).toHaveAccessibleName("Ten sales, Silver: 10 sales. Earned 20 Nov 2026.");
    expect(within(ten).getByText("Earned 20 Nov 2026")).toBeOnTheScreen();
    expect(within(card).getByTestId("badge-first_sale")).toHaveAccessibleName(
      "First sale, Bronze: Your first sale. Earned 2 Oct 2026.",
    );
    // Newest first, as the API orders them.
    const earned = within(card).getAllByTestId(/^badge-/);
    expect(earned.map((e) => e.props.testID)).toEqual(["badge-ten_sales", "badge-first_sale"]);
    // The badge's icon in the medal (hidden from screen readers: the label says it all).
    expect(within(ten).getByText("icon:flame", { includeHiddenElements: true })).toBeTruthy();
    expect(within(ten).queryByText("icon:flame")).toBeNull();

    const hundred = within(card).getByTestId("locked-hundred_sales");
    expect(hundred).toHaveAccessibleName(
      "Hundred sales, Gold (locked): 100 sales through your links and codes. 88 more sales to go.",
    );
    expect(within(hundred).getByText("88 more sales to go")).toBeOnTheScreen();
    // A locked badge shows a lock, not its icon yet.
    expect(
      within(hundred).getByText("icon:lock-closed", { includeHiddenElements: true }),
    ).toBeTruthy();
    expect(within(card).getByTestId("locked-contest_winner")).toBeOnTheScreen();
  });

  test("a promoter with no badges yet reads how to earn the first, and still sees every locked one", async () => {
    mockApi({
      "promoter.earnings": earnings,
      "promoter.progress": {
        ...noTiersProgress,
        nextBadges: silverProgress.nextBadges,
      },
    });
    renderScreen(<EarningsScreen />);

    const card = await screen.findByTestId("badges-card");
    expect(
      within(card).getByText("No badges yet: share a link and your first click earns one."),
    ).toBeOnTheScreen();
    expect(within(card).getByTestId("badges-count")).toHaveTextContent("0 earned · 2 to go");
    expect(within(card).getByTestId("locked-hundred_sales")).toBeOnTheScreen();
    // No tiers in this program: the tier card stays away, the badges do not.
    expect(screen.queryByTestId("tier-card")).not.toBeOnTheScreen();
  });
});
