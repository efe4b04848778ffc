import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";

import { mockApi } from "~/test/api";
import { pageLinkInfo } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { PageLinksCard } from "./page-links-card";

describe("PageLinksCard", () => {
  test("builds an artist page link with a source tag, and copies it", async () => {
    mockApi({ "promoter.pageLinkCode": pageLinkInfo });
    renderScreen(<PageLinksCard />);

    const card = within(await screen.findByTestId("page-links"));
    expect(card.getByTestId("page-link-url")).toHaveTextContent(
      "http://localhost:3000/a/mara-vox?ref=pat7k3m9",
    );
    fireEvent.changeText(card.getByLabelText("Page link source tag"), "newsletter");
    expect(card.getByTestId("page-link-url")).toHaveTextContent(
      "http://localhost:3000/a/mara-vox?ref=pat7k3m9&src=newsletter",
    );
    fireEvent.press(card.getByRole("button", { name: "Copy your page link to Mara Vox" }));
    await waitFor(() =>
      expect(Clipboard.setStringAsync).toHaveBeenCalledWith(
        "http://localhost:3000/a/mara-vox?ref=pat7k3m9&src=newsletter",
      ),
    );
  });

  test("a discover link, a pasted genre page, and a pasted address that is not Fanfare's", async () => {
    mockApi({ "promoter.pageLinkCode": pageLinkInfo });
    renderScreen(<PageLinksCard />);

    const card = within(await screen.findByTestId("page-links"));
    fireEvent.press(card.getByRole("radio", { name: "Discover" }));
    expect(card.getByTestId("page-link-url")).toHaveTextContent(
      "http://localhost:3000/?ref=pat7k3m9",
    );
    fireEvent.changeText(
      card.getByLabelText("Fanfare address"),
      "http://localhost:3000/discover/new/ambient",
    );
    expect(card.getByTestId("page-link-url")).toHaveTextContent(
      "http://localhost:3000/discover/new/ambient?ref=pat7k3m9",
    );
    fireEvent.changeText(card.getByLabelText("Fanfare address"), "https://example.com/a/x");
    expect(card.getByText(/not a Fanfare/i)).toBeOnTheScreen();
  });
});
