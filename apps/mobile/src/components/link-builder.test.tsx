import { fireEvent, screen, waitFor, within } from "@testing-library/react-native";
import * as Clipboard from "expo-clipboard";
import { Share } from "react-native";

import { LinksScreen } from "~/screens/links-screen";
import type { Handlers } from "~/test/api";
import { apiError, mockApi } from "~/test/api";
import { links, promoPostsFor } from "~/test/fixtures";
import { renderScreen } from "~/test/render";

import { originOf } from "./link-builder";

const base = "http://localhost:3000/t/night-drive?ref=k3m9x2pq";

/** The server's promo posts: written with the link carrying the source tag asked for. */
const handlers: Handlers = {
  "promoter.links": links,
  "promoter.promoPosts": (input) => {
    const tag = (input as { sourceTag?: string }).sourceTag;
    return promoPostsFor(tag ? `${base}&src=${tag}` : base);
  },
};

async function openBuilder() {
  fireEvent.press(await screen.findByRole("button", { name: "Build a link for Night Drive" }));
  return within(await screen.findByTestId("link-builder-k3m9x2pq"));
}

describe("Link builder (Links tab)", () => {
  test("is offered for active links only", async () => {
    mockApi(handlers);
    renderScreen(<LinksScreen />);

    await screen.findByTestId("link-k3m9x2pq");
    expect(
      within(screen.getByTestId("link-p7r2tzq8")).queryByRole("button", { name: /Build a link/ }),
    ).not.toBeOnTheScreen();
    expect(screen.queryByTestId("link-builder-k3m9x2pq")).not.toBeOnTheScreen();
  });

  test("adds a source tag to the link, and refuses one that is not lowercase", async () => {
    mockApi(handlers);
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    expect(builder.getByTestId("built-url")).toHaveTextContent(base);
    fireEvent.changeText(builder.getByLabelText("Source tag"), "newsletter");
    expect(builder.getByTestId("built-url")).toHaveTextContent(`${base}&src=newsletter`);

    fireEvent.changeText(builder.getByLabelText("Source tag"), "My Newsletter");
    expect(
      builder.getByText(
        "Use lowercase letters, digits, - and _ in the source tag (like youtube-review).",
      ),
    ).toBeOnTheScreen();
    expect(builder.getByText("Fix the fields above to see your link.")).toBeOnTheScreen();
    expect(builder.queryByTestId("built-url")).not.toBeOnTheScreen();
  });

  test("fills in the UTM values, lets them be edited, and copies, shows and shares the link", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    mockApi(handlers);
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    fireEvent.changeText(builder.getByLabelText("Source tag"), "newsletter");
    expect(builder.queryByLabelText("UTM source")).not.toBeOnTheScreen();
    const toggle = builder.getByRole("switch", { name: "Add UTM" });
    fireEvent(toggle, "valueChange", true);

    expect(builder.getByLabelText("UTM source")).toHaveDisplayValue("fanfare");
    expect(builder.getByLabelText("UTM medium")).toHaveDisplayValue("affiliate");
    expect(builder.getByLabelText("UTM campaign")).toHaveDisplayValue("k3m9x2pq");
    expect(builder.getByLabelText("UTM content")).toHaveDisplayValue("newsletter");
    fireEvent.changeText(builder.getByLabelText("UTM campaign"), "Spring launch");

    const url = `${base}&src=newsletter&utm_source=fanfare&utm_medium=affiliate&utm_campaign=Spring%20launch&utm_content=newsletter`;
    expect(builder.getByTestId("built-url")).toHaveTextContent(url);

    fireEvent.press(builder.getByRole("button", { name: "Copy your tagged link to Night Drive" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(url));
    expect(await builder.findByText("Link copied.")).toBeOnTheScreen();

    fireEvent.press(
      builder.getByRole("button", { name: "QR code of your tagged link to Night Drive" }),
    );
    expect(builder.getByTestId("link-qr")).toHaveAccessibleName(`QR code of ${url}`);

    fireEvent.press(builder.getByRole("button", { name: "Share your tagged link to Night Drive" }));
    await waitFor(() => expect(share).toHaveBeenCalledWith(expect.objectContaining({ url })));

    fireEvent.press(builder.getByRole("button", { name: "Back to the suggested UTM values" }));
    expect(builder.getByLabelText("UTM campaign")).toHaveDisplayValue("k3m9x2pq");
    fireEvent(toggle, "valueChange", false);
    expect(builder.getByTestId("built-url")).toHaveTextContent(`${base}&src=newsletter`);
  });

  test("writes a post per network with the tagged link, to copy or share", async () => {
    const share = jest.spyOn(Share, "share").mockResolvedValue({ action: Share.sharedAction });
    const api = mockApi(handlers);
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    expect(await builder.findByLabelText("X text")).toHaveDisplayValue(
      `Night Drive by Mara Vox, $4.00 on Fanfare ${base} #Synthwave`,
    );
    // 42 characters before the link, 23 for it, 11 after.
    expect(builder.getByTestId("post-count-x")).toHaveTextContent("76 / 280 (links count 23)");

    fireEvent.changeText(builder.getByLabelText("Source tag"), "ig_story");
    await waitFor(() =>
      expect(api.callsTo("promoter.promoPosts").at(-1)?.input).toEqual({
        trackId: "trk_night",
        sourceTag: "ig_story",
      }),
    );

    fireEvent.press(builder.getByRole("radio", { name: "Instagram caption" }));
    const caption = `New favourite: Night Drive by Mara Vox 🎧\n\nGet it here: ${base}&src=ig_story\n\n#Synthwave`;
    expect(await builder.findByLabelText("Instagram caption text")).toHaveDisplayValue(caption);
    expect(builder.getByRole("radio", { name: "Instagram caption" })).toBeChecked();

    fireEvent.press(builder.getByRole("button", { name: "Share the Instagram caption post" }));
    await waitFor(() => expect(share).toHaveBeenCalledWith({ message: caption }));

    fireEvent.changeText(builder.getByLabelText("Instagram caption text"), "My own words");
    fireEvent.press(builder.getByRole("button", { name: "Copy the Instagram caption post" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith("My own words"));
    expect(await builder.findByText("Post copied.")).toBeOnTheScreen();
  });

  test("puts the UTM values into the posts' link too", async () => {
    mockApi(handlers);
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    await builder.findByLabelText("X text");
    fireEvent(builder.getByRole("switch", { name: "Add UTM" }), "valueChange", true);
    const url = `${base}&utm_source=fanfare&utm_medium=affiliate&utm_campaign=k3m9x2pq`;
    fireEvent.press(builder.getByRole("radio", { name: "Newsletter blurb" }));
    expect(builder.getByLabelText("Newsletter blurb text")).toHaveDisplayValue(
      `This week: Night Drive by Mara Vox. Listen and buy: ${url}`,
    );
    expect(builder.getByTestId("post-count-newsletter")).toHaveTextContent(/^\d+ characters$/);
  });

  test("copies the post instead when the device cannot share", async () => {
    jest.spyOn(Share, "share").mockRejectedValue(new Error("Share is not supported"));
    mockApi(handlers);
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    await builder.findByLabelText("X text");
    fireEvent.press(builder.getByRole("button", { name: "Share the X post" }));
    expect(
      await builder.findByText(
        "Sharing is not available on this device. The post was copied instead.",
      ),
    ).toBeOnTheScreen();
    expect(Clipboard.setStringAsync).toHaveBeenCalledWith(expect.stringContaining(base));
  });

  test("shows why the posts could not be written", async () => {
    mockApi({
      ...handlers,
      "promoter.promoPosts": apiError(
        "FORBIDDEN",
        'Your link for "Night Drive" was disabled by Fanfare.',
      ),
    });
    renderScreen(<LinksScreen />);
    const builder = await openBuilder();

    expect(await builder.findByText("Could not write your posts.")).toBeOnTheScreen();
    expect(
      builder.getByText('Your link for "Night Drive" was disabled by Fanfare.'),
    ).toBeOnTheScreen();
    // The link itself is still built.
    expect(builder.getByTestId("built-url")).toHaveTextContent(base);
  });

  test("closes again", async () => {
    mockApi(handlers);
    renderScreen(<LinksScreen />);
    await openBuilder();

    fireEvent.press(screen.getByRole("button", { name: "Close the link builder for Night Drive" }));
    expect(screen.queryByTestId("link-builder-k3m9x2pq")).not.toBeOnTheScreen();
  });
});

test("originOf reads the site's address from a server-built link", () => {
  expect(originOf(base)).toBe("http://localhost:3000");
  expect(originOf("https://fanfare.fm/t/x?ref=a")).toBe("https://fanfare.fm");
  expect(originOf("/t/x")).toBeNull();
});
