import { act, screen, waitFor, within } from "@testing-library/react-native";
import { AccessibilityInfo } from "react-native";

import { EarningsScreen } from "~/screens/earnings-screen";
import { NotificationsEntry } from "~/screens/notifications-screen";
import { mockApi } from "~/test/api";
import { earnings } from "~/test/fixtures";
import type { FakeEventSource, LiveMessage } from "~/test/live";
import { liveStreams } from "~/test/live";
import { renderScreen, TEST_TOKEN } from "~/test/render";

/** The live figures as `live.events` sends them: the fixture's, before any new commission. */
const live = {
  todayCents: earnings.todayCents,
  weekCents: earnings.weekCents,
  monthCents: earnings.monthCents,
  pendingCents: earnings.pendingCents,
  payableCents: earnings.payableCents,
};

/** A $1.20 commission on "Night Drive": every total up by 120 cents, held as pending. */
const commission: LiveMessage = {
  type: "commission",
  amountCents: 120,
  trackTitle: "Night Drive",
  at: Date.UTC(2026, 10, 30, 12),
  earnings: {
    ...live,
    todayCents: live.todayCents + 120,
    weekCents: live.weekCents + 120,
    monthCents: live.monthCents + 120,
    pendingCents: live.pendingCents + 120,
  },
};

/**
 * Animation frames the test runs by hand, at the times it chooses (ms), so a count-up is read
 * frame by frame instead of racing the clock.
 */
function manualFrames() {
  const pending = new Map<number, FrameRequestCallback>();
  let nextId = 0;
  jest.spyOn(global, "requestAnimationFrame").mockImplementation((cb) => {
    pending.set(++nextId, cb);
    return nextId;
  });
  jest
    .spyOn(global, "cancelAnimationFrame")
    .mockImplementation((id) => void pending.delete(Number(id)));
  return {
    /** Runs the frames requested so far at `t` ms. */
    run(t: number) {
      const due = [...pending.values()];
      pending.clear();
      act(() => due.forEach((cb) => cb(t)));
    },
  };
}

/** Renders the Earnings tab and waits for its live stream to open. */
async function openEarnings(): Promise<FakeEventSource> {
  renderScreen(<EarningsScreen />);
  await screen.findByTestId("live-earnings");
  await waitFor(() => expect(liveStreams()).toHaveLength(1));
  return liveStreams()[0]!;
}

const figure = (testID: string) => screen.getByTestId(testID);

afterEach(() => {
  jest.restoreAllMocks();
  jest.mocked(AccessibilityInfo.isReduceMotionEnabled).mockResolvedValue(false);
  jest.useRealTimers();
});

/** Today / 7 days / 30 days on the Earnings tab, pushed by `live.events` (issue 13 §6). */
describe("live earnings on the Earnings tab", () => {
  test("shows the stream's snapshot, says it is live, and sends the bearer token with the stream", async () => {
    mockApi({ "promoter.earnings": earnings });
    // Motion reduced: the snapshot's figures replace the loaded ones at once.
    jest.mocked(AccessibilityInfo.isReduceMotionEnabled).mockResolvedValue(true);
    const stream = await openEarnings();
    // Before the stream answers: the figures of `promoter.earnings`.
    expect(figure("live-today")).toHaveTextContent("$1.25");
    expect(screen.getByTestId("live-status")).toHaveTextContent("Connecting…");
    expect(stream.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);

    await act(async () => {
      stream.connect();
      stream.send({
        type: "snapshot",
        earnings: {
          ...live,
          todayCents: 300,
          weekCents: 2425,
          monthCents: 7475,
          pendingCents: 1425,
        },
      });
    });

    await waitFor(() => expect(figure("live-today")).toHaveTextContent("$3.00"));
    expect(figure("live-week")).toHaveTextContent("$24.25");
    expect(figure("live-month")).toHaveTextContent("$74.75");
    // The balances above follow the stream too.
    expect(screen.getByTestId("balance-pending")).toHaveTextContent(/\$14\.25/);
    const status = screen.getByTestId("live-status");
    expect(status).toHaveTextContent("Live");
    expect(status).toHaveAccessibleName("Live: new commissions appear as they happen.");
    expect(screen.getByLabelText("Last 7 days: $24.25")).toBeOnTheScreen();
  });

  test("counts up to the new totals when a commission arrives, and says where it came from", async () => {
    mockApi({ "promoter.earnings": earnings });
    const frames = manualFrames();
    const stream = await openEarnings();
    await act(async () => {
      stream.connect();
      stream.send({ type: "snapshot", earnings: live });
    });
    await waitFor(() => expect(screen.getByTestId("live-status")).toHaveTextContent("Live"));

    await act(async () => stream.send(commission));
    // Screen readers get the new total at once, and hear the commission.
    await waitFor(() => expect(screen.getByLabelText("Today: $2.45")).toBeOnTheScreen());
    expect(AccessibilityInfo.announceForAccessibility).toHaveBeenCalledWith(
      "New commission: $1.20 from a sale of Night Drive.",
    );
    expect(screen.getByTestId("live-latest")).toHaveTextContent(
      "Latest: +$1.20 from a sale of “Night Drive”.",
    );
    expect(screen.getByTestId("balance-pending")).toHaveTextContent(/\$13\.70/);

    // On screen the figure counts from $1.25 to $2.45 over 0.8 s, easing out.
    expect(figure("live-today")).toHaveTextContent("$1.25");
    frames.run(0);
    expect(figure("live-today")).toHaveTextContent("$1.25");
    frames.run(200);
    expect(figure("live-today")).toHaveTextContent("$1.94");
    frames.run(400);
    expect(figure("live-today")).toHaveTextContent("$2.30");
    expect(figure("live-month")).toHaveTextContent("$74.05");
    frames.run(800);
    expect(figure("live-today")).toHaveTextContent("$2.45");
    expect(figure("live-week")).toHaveTextContent("$23.70");
    expect(figure("live-month")).toHaveTextContent("$74.20");
  });

  test("with the system's Reduce Motion on, the figures jump to the new totals", async () => {
    mockApi({ "promoter.earnings": earnings });
    jest.mocked(AccessibilityInfo.isReduceMotionEnabled).mockResolvedValue(true);
    manualFrames();
    const stream = await openEarnings();
    await act(async () => {
      stream.connect();
      stream.send(commission);
    });

    // No frame has run: the new figures are there at once.
    await waitFor(() => expect(screen.getByLabelText("Today: $2.45")).toBeOnTheScreen());
    expect(figure("live-today")).toHaveTextContent("$2.45");
    expect(figure("live-week")).toHaveTextContent("$23.70");
  });

  test("polls promoter.earnings every 30 s while the stream is down, and stops when it is back", async () => {
    // React Query's polling timer must be a fake one from the start; the rest runs as in real time.
    jest.useFakeTimers({ advanceTimers: true });
    let served = earnings;
    const api = mockApi({ "promoter.earnings": () => served });
    jest.mocked(AccessibilityInfo.isReduceMotionEnabled).mockResolvedValue(true);
    const stream = await openEarnings();
    await act(async () => {
      stream.connect();
      stream.send({ type: "snapshot", earnings: live });
    });
    await waitFor(() => expect(screen.getByTestId("live-status")).toHaveTextContent("Live"));
    const loaded = api.callsTo("promoter.earnings").length;

    // The connection drops; a commission comes in meanwhile.
    served = { ...earnings, ...commission.earnings };
    const droppedAt = Date.now();
    await act(async () => stream.drop());
    const status = screen.getByTestId("live-status");
    await waitFor(() => expect(status).toHaveTextContent("Updating every 30 s"));
    expect(status).toHaveAccessibleName(
      "Live updates are unavailable: the figures update every 30 seconds.",
    );
    // Polled at once (not 30 s later), then every 30 s.
    await waitFor(() => expect(figure("live-today")).toHaveTextContent("$2.45"));
    expect(Date.now() - droppedAt).toBeLessThan(30_000);
    expect(api.callsTo("promoter.earnings")).toHaveLength(loaded + 1);

    served = { ...earnings, todayCents: 500 };
    await act(async () => jest.advanceTimersByTime(30_000));
    await waitFor(() => expect(figure("live-today")).toHaveTextContent("$5.00"));
    expect(api.callsTo("promoter.earnings")).toHaveLength(loaded + 2);

    // Back: live again, and no more polling.
    await act(async () => stream.connect());
    await waitFor(() => expect(within(status).getByText("Live")).toBeOnTheScreen());
    await act(async () => jest.advanceTimersByTime(60_000));
    expect(api.callsTo("promoter.earnings")).toHaveLength(loaded + 2);
  });
  test("a new notification pushed on the stream refreshes the unread count (issue 13 §7)", async () => {
    let unread = 0;
    const api = mockApi({
      "promoter.earnings": earnings,
      "notification.unreadCount": () => ({ count: unread }),
    });
    // The Profile tab's card beside the Earnings tab, as the app keeps both tabs mounted.
    renderScreen(
      <>
        <EarningsScreen />
        <NotificationsEntry />
      </>,
    );
    await screen.findByTestId("live-earnings");
    await waitFor(() => expect(liveStreams()).toHaveLength(1));
    const stream = liveStreams()[0]!;
    await act(async () => {
      stream.connect();
      stream.send({ type: "snapshot", earnings: live });
    });
    await waitFor(() => expect(api.callsTo("notification.unreadCount")).toHaveLength(1));

    unread = 1;
    await act(async () =>
      stream.send({
        type: "notification",
        notificationId: "ntf_1",
        notificationType: "payout_sent",
        at: Date.UTC(2026, 10, 30, 12),
      }),
    );
    const entry = screen.getByTestId("notifications-entry");
    expect(await within(entry).findByText("1 unread")).toBeOnTheScreen();
    expect(api.callsTo("notification.unreadCount")).toHaveLength(2);
  });
});
