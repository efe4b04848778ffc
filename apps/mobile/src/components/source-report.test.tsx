import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";

import { LinksScreen } from "~/screens/links-screen";
import { apiError, mockApi } from "~/test/api";
import { links, sourceReport } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

describe("Performance by source (Links tab)", () => {
  test("lists each source with its clicks, sales, conversion and earnings", async () => {
    const api = mockApi({ "promoter.links": links, "promoter.sourceReport": sourceReport });
    renderScreen(<LinksScreen />);

    expect(screen.getByRole("heading", { name: "Performance by source" })).toBeOnTheScreen();
    const row = within(await screen.findByTestId("source-row-newsletter"));
    expect(row.getByText("newsletter")).toBeOnTheScreen();
    expect(row.getByText("40")).toBeOnTheScreen();
    expect(row.getByText("4")).toBeOnTheScreen();
    expect(row.getByText("10%")).toBeOnTheScreen();
    expect(row.getByText("$4.80")).toBeOnTheScreen();

    const none = within(screen.getByTestId("source-row-none"));
    expect(none.getByText("(none)")).toBeOnTheScreen();
    expect(none.getByText("1.82%")).toBeOnTheScreen();
    expect(screen.getByText(/Clicks may take a few seconds to appear\./)).toBeOnTheScreen();
    expect(api.callsTo("promoter.sourceReport")[0]?.input).toEqual({
      period: "30d",
      groupBy: "src",
    });
    expect(screen.getByRole("radio", { name: "Last 30 days" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Source tag" })).toBeChecked();
  });

  test("asks again for another period and grouping", async () => {
    const api = mockApi({
      "promoter.links": links,
      "promoter.sourceReport": (input) => {
        const { period, groupBy } = input as { period: "7d"; groupBy: "utm_source" };
        return groupBy === "utm_source"
          ? {
              ...sourceReport,
              period,
              groupBy,
              rows: [
                {
                  key: "fanfare",
                  isNone: false,
                  clicks: 12,
                  sales: 3,
                  conversionBps: 2500,
                  earningsCents: 360,
                },
              ],
            }
          : { ...sourceReport, period };
      },
    });
    renderScreen(<LinksScreen />);

    await screen.findByTestId("source-row-newsletter");
    fireEvent.press(screen.getByRole("radio", { name: "Last 7 days" }));
    await waitFor(() =>
      expect(api.callsTo("promoter.sourceReport").at(-1)?.input).toEqual({
        period: "7d",
        groupBy: "src",
      }),
    );
    fireEvent.press(screen.getByRole("radio", { name: "UTM source" }));

    const row = within(await screen.findByTestId("source-row-fanfare"));
    expect(row.getByText("UTM source")).toBeOnTheScreen();
    expect(row.getByText("25%")).toBeOnTheScreen();
    expect(row.getByText("$3.60")).toBeOnTheScreen();
    expect(api.callsTo("promoter.sourceReport").at(-1)?.input).toEqual({
      period: "7d",
      groupBy: "utm_source",
    });
    expect(screen.getByRole("radio", { name: "Last 7 days" })).toBeChecked();
  });

  test("says what to do when there is nothing in the period", async () => {
    mockApi({ "promoter.links": links });
    renderScreen(<LinksScreen />);

    expect(await screen.findByText("No clicks or sales in this period")).toBeOnTheScreen();
  });

  test("says when only the best groups are shown", async () => {
    mockApi({
      "promoter.links": links,
      "promoter.sourceReport": { ...sourceReport, truncated: true },
    });
    renderScreen(<LinksScreen />);

    expect(await screen.findByText("The 50 best-earning groups are shown.")).toBeOnTheScreen();
  });

  test("shows the error and a retry when the report cannot be loaded", async () => {
    let fail = true;
    mockApi({
      "promoter.links": links,
      "promoter.sourceReport": () =>
        fail
          ? apiError(
              "INTERNAL_SERVER_ERROR",
              "Something went wrong on our side; it has been logged. Please try again.",
            )
          : sourceReport,
    });
    renderScreen(<LinksScreen />);

    const card = within(await screen.findByTestId("source-report"));
    expect(await card.findByText("Could not load the report.")).toBeOnTheScreen();
    fail = false;
    fireEvent.press(card.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("source-row-newsletter")).toBeOnTheScreen();
  });
});
