import { describe, expect, test } from "vitest";

import { leaderboardLabel } from "./label";

describe("leaderboardLabel", () => {
  test.each([
    // [what, displayName, showOnLeaderboard, user name, email, label]
    [
      "opted in with a display name: the name",
      "Mara the Great",
      true,
      "Mara Pine",
      "m@x.test",
      "Mara the Great",
    ],
    [
      "opted in without a display name: initials of the account name",
      null,
      true,
      "Mara Pine",
      "m@x.test",
      "M. P.",
    ],
    [
      "not opted in: initials of the display name, never the name",
      "Mara the Great",
      false,
      "Zed Q",
      "m@x.test",
      "M. T.",
    ],
    [
      "not opted in, no display name: initials of the account name",
      null,
      false,
      "mara pine",
      "m@x.test",
      "M. P.",
    ],
    [
      "no name at all: initials of the email's local part",
      null,
      false,
      null,
      "jo.doe@x.test",
      "J. D.",
    ],
  ])("%s", (_what, displayName, showOnLeaderboard, name, email, label) => {
    expect(leaderboardLabel({ displayName, showOnLeaderboard, user: { name, email } })).toBe(label);
  });
});
