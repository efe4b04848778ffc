/**
 * The whole app (src/app with its real layouts) under expo-router's test renderer: signing in,
 * signing out, and what happens when the API stops accepting the token.
 */
import * as SecureStore from "expo-secure-store";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";

import { apiError, mockApi } from "~/test/api";
import { earnings, publicTrack } from "~/test/fixtures";

const KEY = "fanfare.session";
const secureItems = (SecureStore as unknown as { __items: Map<string, string> }).__items;

beforeEach(() => secureItems.clear());

const signInAnswer = (req: { method: string; body: unknown }) => {
  const body = req.body as { email?: string; password?: string } | null;
  if (
    req.method === "POST" &&
    body?.email === "promoter@fanfare.local" &&
    body.password === "fanfare-demo"
  ) {
    return { status: 200, body: { token: "ffs_fresh", expires: "2999-01-01T00:00:00.000Z" } };
  }
  return { status: 401, body: { error: "Wrong email or password." } };
};

describe("session", () => {
  test("signs in with email and password, keeps the token in the secure store and opens Earnings", async () => {
    const api = mockApi({ "promoter.earnings": earnings }, { auth: signInAnswer });
    renderRouter("src/app", { initialUrl: "/" });

    fireEvent.changeText(await screen.findByLabelText("Email"), "Promoter@Fanfare.local");
    fireEvent.changeText(screen.getByLabelText("Password"), "fanfare-demo");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("$43.20")).toBeOnTheScreen();
    // The shared schema lower-cases the email before it is sent.
    expect(api.authCalls[0]?.body).toEqual({
      email: "promoter@fanfare.local",
      password: "fanfare-demo",
    });
    expect(JSON.parse(secureItems.get(KEY) ?? "null")).toEqual({
      token: "ffs_fresh",
      expires: "2999-01-01T00:00:00.000Z",
    });
    expect(api.callsTo("promoter.earnings")[0]?.headers.authorization).toBe("Bearer ffs_fresh");
  });

  test("shows the server's reason when the credentials are wrong", async () => {
    mockApi({}, { auth: signInAnswer });
    renderRouter("src/app", { initialUrl: "/" });

    fireEvent.changeText(await screen.findByLabelText("Email"), "promoter@fanfare.local");
    fireEvent.changeText(screen.getByLabelText("Password"), "not-the-password");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Wrong email or password.")).toBeOnTheScreen();
    expect(secureItems.has(KEY)).toBe(false);
  });

  test("checks the form with the shared schema before calling the API", async () => {
    const api = mockApi({}, { auth: signInAnswer });
    renderRouter("src/app", { initialUrl: "/" });

    fireEvent.changeText(await screen.findByLabelText("Email"), "not-an-email");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(
      await screen.findByText("Enter a valid email address. Enter your password."),
    ).toBeOnTheScreen();
    expect(api.authCalls).toHaveLength(0);
  });

  test("says so when the API cannot be reached", async () => {
    global.fetch = jest.fn(async () => {
      throw new TypeError("Network request failed");
    }) as unknown as typeof fetch;
    renderRouter("src/app", { initialUrl: "/" });

    fireEvent.changeText(await screen.findByLabelText("Email"), "promoter@fanfare.local");
    fireEvent.changeText(screen.getByLabelText("Password"), "fanfare-demo");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(
      await screen.findByText(
        "Cannot reach Fanfare at http://localhost:3000. Check your connection and try again.",
      ),
    ).toBeOnTheScreen();
  });

  test("returns to sign-in with the server's message when the API says the session expired", async () => {
    secureItems.set(KEY, JSON.stringify({ token: "ffs_old", expires: "2999-01-01T00:00:00.000Z" }));
    mockApi({
      "promoter.earnings": apiError("UNAUTHORIZED", "Your session has expired: sign in again."),
    });
    renderRouter("src/app", { initialUrl: "/" });

    expect(await screen.findByTestId("session-notice")).toHaveTextContent(
      "Your session has expired: sign in again.",
    );
    expect(screen.getByRole("button", { name: "Sign in" })).toBeOnTheScreen();
    await waitFor(() => expect(secureItems.has(KEY)).toBe(false));
  });

  test("does not use a stored token past its expiry", async () => {
    secureItems.set(KEY, JSON.stringify({ token: "ffs_old", expires: "2000-01-01T00:00:00.000Z" }));
    const api = mockApi({ "promoter.earnings": earnings });
    renderRouter("src/app", { initialUrl: "/" });

    expect(await screen.findByText("Your session has expired: sign in again.")).toBeOnTheScreen();
    expect(api.calls).toHaveLength(0);
  });

  // fanfare://t/glass-city reaches expo-router as the path /t/glass-city (scheme in app.config.ts).
  test("opens a track from a fanfare://t/<slug> link", async () => {
    secureItems.set(KEY, JSON.stringify({ token: "ffs_ok", expires: "2999-01-01T00:00:00.000Z" }));
    mockApi({
      "promoter.earnings": earnings,
      "buyer.trackBySlug": publicTrack,
    });
    const router = renderRouter("src/app", { initialUrl: "/t/glass-city" });

    expect(await screen.findByText("Glass City")).toBeOnTheScreen();
    expect(screen.getByRole("button", { name: "Get my link" })).toBeOnTheScreen();
    expect(router.getPathname()).toBe("/t/glass-city");
  });

  test("a signed-out visitor opening a track link signs in and comes back to the track", async () => {
    mockApi(
      { "promoter.earnings": earnings, "buyer.trackBySlug": publicTrack },
      { auth: signInAnswer },
    );
    const router = renderRouter("src/app", { initialUrl: "/t/glass-city" });

    fireEvent.press(await screen.findByRole("button", { name: "Sign in to get your link" }));
    fireEvent.changeText(await screen.findByLabelText("Email"), "promoter@fanfare.local");
    fireEvent.changeText(screen.getByLabelText("Password"), "fanfare-demo");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("button", { name: "Get my link" })).toBeOnTheScreen();
    expect(screen.getByText("Glass City")).toBeOnTheScreen();
    expect(router.getPathname()).toBe("/t/glass-city");
  });
});
