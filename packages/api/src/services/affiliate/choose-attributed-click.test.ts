import { describe, expect, test } from "vitest";

import type { AttributionModel, CandidateClick } from "./choose-attributed-click";
import { attributionModelOf, chooseAttributedClick } from "./choose-attributed-click";

const NOW = new Date("2030-06-30T12:00:00.000Z");
const WINDOW_DAYS = 30;
const LAST = 0;
const FIRST = 1;

/** A click `daysAgo` days before NOW: eligible unless the overrides say otherwise. */
const click = (
  id: string,
  daysAgo: number,
  overrides: Partial<CandidateClick> = {},
): CandidateClick => ({
  id,
  createdAt: new Date(NOW.getTime() - daysAgo * 86_400_000),
  isBot: false,
  counted: true,
  linkDisabled: false,
  promoterStatus: "ACTIVE",
  affiliateEnabled: true,
  ...overrides,
});

type Row = [
  label: string,
  model: AttributionModel,
  candidates: CandidateClick[],
  winner: string | null,
  /** The winner's rule, or why nothing won. */
  why: string,
  passedOver: string[],
];

describe("chooseAttributedClick", () => {
  test.each<Row>([
    ["no clicks: nothing wins (last click)", LAST, [], null, "no_click", []],
    ["no clicks: nothing wins (first click)", FIRST, [], null, "no_click", []],
    ["a single click wins under last click", LAST, [click("a", 3)], "a", "last_click", []],
    ["a single click wins under first click", FIRST, [click("a", 3)], "a", "first_click", []],
    [
      "last click: the later of two promoters' clicks wins",
      LAST,
      [click("a", 5), click("b", 1)],
      "b",
      "last_click",
      [],
    ],
    [
      "first click: the earlier of two promoters' clicks wins",
      FIRST,
      [click("a", 5), click("b", 1)],
      "a",
      "first_click",
      [],
    ],
    [
      "the order of the candidates does not matter (first click)",
      FIRST,
      [click("b", 1), click("c", 3), click("a", 5)],
      "a",
      "first_click",
      [],
    ],
    [
      "first click: a first click outside the window loses to a later one inside it",
      FIRST,
      [click("old", 31), click("new", 2)],
      "new",
      "first_click",
      ["old:expired"],
    ],
    [
      "a click exactly 30 days old is still inside the window",
      FIRST,
      [click("edge", 30), click("new", 2)],
      "edge",
      "first_click",
      [],
    ],
    [
      "a click one millisecond past the window has expired",
      LAST,
      [{ ...click("late", 30), createdAt: new Date(NOW.getTime() - 30 * 86_400_000 - 1) }],
      null,
      "expired",
      ["late:expired"],
    ],
    [
      "last click: the only clicks are outside the window, nothing wins",
      LAST,
      [click("a", 45), click("b", 31)],
      null,
      "expired",
      ["b:expired", "a:expired"],
    ],
    [
      "first click: a bot's earlier click never wins",
      FIRST,
      [click("bot", 4, { isBot: true, counted: false }), click("human", 2)],
      "human",
      "first_click",
      ["bot:bot"],
    ],
    [
      "last click: a bot's later click never wins",
      LAST,
      [click("human", 4), click("bot", 2, { isBot: true, counted: false })],
      "human",
      "last_click",
      ["bot:bot"],
    ],
    [
      "first click: an uncounted repeat after the counted click changes nothing",
      FIRST,
      [click("a", 5), click("a-repeat", 5 - 1 / 48, { counted: false }), click("b", 1)],
      "a",
      "first_click",
      [],
    ],
    [
      "last click: an uncounted repeat (a reload of the link) still attributes",
      LAST,
      [click("a", 5), click("a-repeat", 5 - 1 / 48, { counted: false })],
      "a-repeat",
      "last_click",
      [],
    ],
    [
      "an uncounted click over the per-IP cap still attributes, alone, under first click",
      FIRST,
      [click("capped", 1, { counted: false })],
      "capped",
      "first_click",
      [],
    ],
    [
      "first click: a disabled link's earlier click falls through to the next eligible click",
      FIRST,
      [click("a", 5, { linkDisabled: true }), click("b", 3), click("c", 1)],
      "b",
      "first_click",
      ["a:link_disabled"],
    ],
    [
      "first click: an inactive (suspended) promoter's earlier click falls through",
      FIRST,
      [click("a", 5, { promoterStatus: "SUSPENDED" }), click("b", 3)],
      "b",
      "first_click",
      ["a:promoter_inactive"],
    ],
    [
      "last click: a terminated promoter's later click falls back to the latest eligible one",
      LAST,
      [click("a", 5), click("b", 3), click("c", 1, { promoterStatus: "TERMINATED" })],
      "b",
      "last_click",
      ["c:promoter_inactive"],
    ],
    [
      "a pending promoter's click does not attribute",
      LAST,
      [click("a", 1, { promoterStatus: "PENDING" })],
      null,
      "promoter_inactive",
      ["a:promoter_inactive"],
    ],
    [
      "the track's affiliate program off: nothing wins",
      FIRST,
      [click("a", 5, { affiliateEnabled: false }), click("b", 1, { affiliateEnabled: false })],
      null,
      "affiliate_off",
      ["a:affiliate_off", "b:affiliate_off"],
    ],
    [
      "nothing eligible: the reason is that of the click the model ranks first (first click)",
      FIRST,
      [click("a", 40), click("b", 2, { linkDisabled: true })],
      null,
      "expired",
      ["a:expired", "b:link_disabled"],
    ],
    [
      "nothing eligible: the reason is that of the click the model ranks first (last click)",
      LAST,
      [click("a", 40), click("b", 2, { linkDisabled: true })],
      null,
      "link_disabled",
      ["b:link_disabled", "a:expired"],
    ],
    [
      "a tie at the same millisecond goes to the cookie's click (first click)",
      FIRST,
      [click("a", 2), click("b", 2, { fromCookie: true })],
      "b",
      "first_click",
      [],
    ],
    [
      "a tie at the same millisecond goes to the cookie's click (last click)",
      LAST,
      [click("a", 2), click("b", 2, { fromCookie: true })],
      "b",
      "last_click",
      [],
    ],
    [
      "a tie without the cookie's click goes to the counted click",
      FIRST,
      [click("a", 2, { counted: false }), click("b", 2)],
      "b",
      "first_click",
      [],
    ],
    [
      "a tie of two counted clicks goes to the smaller id, whatever the order given",
      LAST,
      [click("y", 2), click("x", 2)],
      "x",
      "last_click",
      [],
    ],
    // Issue 12 §2: a promoter's code typed at checkout attributes with no click and beats a
    // cookie from another promoter, under either model; an ineligible code leaves it to clicks.
    [
      "promoter code without any click: the code wins",
      LAST,
      [click("code", 0, { viaCode: true })],
      "code",
      "promoter_code",
      [],
    ],
    [
      "promoter code beats another promoter's cookie click (last click)",
      LAST,
      [click("a", 1, { fromCookie: true }), click("code", 0, { viaCode: true })],
      "code",
      "promoter_code",
      [],
    ],
    [
      "promoter code beats an earlier click (first click)",
      FIRST,
      [click("a", 20, { fromCookie: true }), click("code", 0, { viaCode: true })],
      "code",
      "promoter_code",
      [],
    ],
    [
      "suspended promoter's code: the cookie's click wins",
      LAST,
      [
        click("a", 1, { fromCookie: true }),
        click("code", 0, { viaCode: true, promoterStatus: "SUSPENDED" }),
      ],
      "a",
      "last_click",
      ["code:promoter_inactive"],
    ],
    [
      "promoter code on a track with the program off: nothing wins",
      LAST,
      [click("code", 0, { viaCode: true, affiliateEnabled: false })],
      null,
      "affiliate_off",
      ["code:affiliate_off"],
    ],
    // Page links (issue 14 §1): an artist page's click and a discover click against track links.
    [
      "artist page link alone: it wins (last click)",
      LAST,
      [click("artist", 3, { pageScope: "artist" })],
      "artist",
      "last_click",
      [],
    ],
    [
      "last click: a later track link click beats an earlier artist page click",
      LAST,
      [click("artist", 5, { pageScope: "artist" }), click("track", 1, { fromCookie: true })],
      "track",
      "last_click",
      [],
    ],
    [
      "first click: an earlier artist page click beats a later track link click",
      FIRST,
      [click("artist", 5, { pageScope: "artist" }), click("track", 1, { fromCookie: true })],
      "artist",
      "first_click",
      [],
    ],
    [
      "last click: a later artist page click beats an earlier track link click",
      LAST,
      [click("track", 5, { fromCookie: true }), click("artist", 1, { pageScope: "artist" })],
      "artist",
      "last_click",
      [],
    ],
    [
      "artist page click older than the window: the track click wins",
      LAST,
      [click("track", 20, { fromCookie: true }), click("artist", 31, { pageScope: "artist" })],
      "track",
      "last_click",
      [],
    ],
    [
      "artist page click older than the window, alone: nothing wins",
      LAST,
      [click("artist", 31, { pageScope: "artist" })],
      null,
      "expired",
      ["artist:expired"],
    ],
    [
      "discover link in the same browser session attributes",
      LAST,
      [click("disc", 0.01, { pageScope: "discover", sameSession: true })],
      "disc",
      "last_click",
      [],
    ],
    [
      "discover link from another browser session does not attribute",
      LAST,
      [click("disc", 0.01, { pageScope: "discover", sameSession: false })],
      null,
      "other_session",
      ["disc:other_session"],
    ],
    [
      "discover link from another session: an older artist page click wins instead",
      LAST,
      [
        click("disc", 0.01, { pageScope: "discover" }),
        click("artist", 10, { pageScope: "artist" }),
      ],
      "artist",
      "last_click",
      ["disc:other_session"],
    ],
    [
      "last click: a later discover click beats an earlier artist page click",
      LAST,
      [
        click("artist", 2, { pageScope: "artist" }),
        click("disc", 0.01, { pageScope: "discover", sameSession: true }),
      ],
      "disc",
      "last_click",
      [],
    ],
    [
      "same millisecond: track link, then artist page, then discover",
      LAST,
      [
        click("disc", 1, { pageScope: "discover", sameSession: true }),
        click("artist", 1, { pageScope: "artist" }),
        click("track", 1),
      ],
      "track",
      "last_click",
      [],
    ],
    [
      "same millisecond without a track click: the artist page beats discover",
      FIRST,
      [
        click("disc", 1, { pageScope: "discover", sameSession: true }),
        click("artist", 1, { pageScope: "artist" }),
      ],
      "artist",
      "first_click",
      [],
    ],
    [
      "a promoter code beats a track link, an artist page and a discover click",
      FIRST,
      [
        click("track", 3, { fromCookie: true }),
        click("artist", 5, { pageScope: "artist" }),
        click("disc", 0.01, { pageScope: "discover", sameSession: true }),
        click("code", 0, { viaCode: true }),
      ],
      "code",
      "promoter_code",
      [],
    ],
    [
      "artist page click of a suspended promoter: the earlier track click wins",
      LAST,
      [
        click("track", 5, { fromCookie: true }),
        click("artist", 1, { pageScope: "artist", promoterStatus: "SUSPENDED" }),
      ],
      "track",
      "last_click",
      ["artist:promoter_inactive"],
    ],
    [
      "artist page click on a track with the program off: nothing wins",
      LAST,
      [click("artist", 1, { pageScope: "artist", affiliateEnabled: false })],
      null,
      "affiliate_off",
      ["artist:affiliate_off"],
    ],
    [
      "artist page click whose promoter's link for the track is disabled: nothing wins",
      LAST,
      [click("artist", 1, { pageScope: "artist", linkDisabled: true })],
      null,
      "link_disabled",
      ["artist:link_disabled"],
    ],
  ])("%s", (_label, model, candidates, winner, why, passedOver) => {
    const choice = chooseAttributedClick(model, candidates, {
      now: NOW,
      windowDays: WINDOW_DAYS,
    });
    expect(choice.click?.id ?? null).toBe(winner);
    expect(choice.click ? choice.why : choice.reason).toBe(why);
    expect(choice.passedOver.map((p) => `${p.id}:${p.reason}`)).toEqual(passedOver);
  });

  test("returns the caller's own candidate object (extra fields kept)", () => {
    const own = { ...click("a", 1), promoterUserId: "u1" };
    const choice = chooseAttributedClick(FIRST, [own], { now: NOW, windowDays: WINDOW_DAYS });
    expect(choice.click).toBe(own);
  });
});

describe("attributionModelOf", () => {
  test.each([
    [0, 0],
    [1, 1],
  ])("accepts the setting value %i", (value, model) => {
    expect(attributionModelOf(value)).toBe(model);
  });
  test.each([2, -1, 0.5])("refuses %s, which is not an attribution model", (value) => {
    expect(() => attributionModelOf(value)).toThrow(/Unknown attribution model/);
  });
});
