import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";
import { Share } from "react-native";

import { mockApi } from "~/test/api";
import { noRecruits, someRecruits } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { RecruitsCard } from "./recruits-card";

describe("RecruitsCard", () => {
  test("shows the recruit link, the second tier's terms and each recruit with what they earned the promoter", async () => {
    mockApi({ "promoter.recruits": someRecruits });
    renderScreen(<RecruitsCard />);

    const card = within(await screen.findByTestId("recruits"));
    expect(card.getByText(someRecruits.url)).toBeOnTheScreen();
    expect(card.getByText(/you earn 5% of every commission they make/)).toBeOnTheScreen();
    expect(card.getByText("Riley R.")).toBeOnTheScreen();
    expect(card.getByText(/1 sale · \$0\.13 to you/)).toBeOnTheScreen();
  });

  test("shares and copies the recruit link; says so when nobody joined yet", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    mockApi({ "promoter.recruits": noRecruits });
    renderScreen(<RecruitsCard />);

    expect(await screen.findByText(/No recruits yet/)).toBeOnTheScreen();
    fireEvent.press(screen.getByRole("button", { name: "Share your recruit link" }));
    await waitFor(() => expect(share).toHaveBeenCalledTimes(1));
    expect(share).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining(noRecruits.url) }),
    );
    fireEvent.press(screen.getByRole("button", { name: "Copy your recruit link" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(noRecruits.url));
  });
});
