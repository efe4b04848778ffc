import { describe, expect, test } from "vitest";

import { contractTerm, ZInviteArtistForm, ZInviteArtistInput } from "./labels";

describe("contract terms and the invite form", () => {
  const now = new Date("2026-12-07T08:00:00.000Z");

  test.each([
    [{}, now, null],
    [{ startsOn: "2027-01-01" }, new Date("2027-01-01T00:00:00.000Z"), null],
    // The last day is in force: the end is the following midnight (exclusive).
    [{ endsOn: "2027-12-31" }, now, new Date("2028-01-01T00:00:00.000Z")],
    [
      { startsOn: "2027-02-28", endsOn: "2027-02-28" },
      new Date("2027-02-28T00:00:00.000Z"),
      new Date("2027-03-01T00:00:00.000Z"),
    ],
  ])("contractTerm(%j) starts %s and ends %s", (input, startsAt, endsAt) => {
    expect(contractTerm(input, now)).toEqual({ startsAt, endsAt });
  });

  test("an end before the start is refused on endsOn", () => {
    const r = ZInviteArtistInput.safeParse({
      artist: "a",
      labelShareBps: 3000,
      startsOn: "2027-03-01",
      endsOn: "2027-02-28",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["endsOn"] });
  });

  test.each([
    ["30", 3000],
    ["12.5", 1250],
    ["0.01", 1],
    ["100%", 10_000],
  ])("the form's share %s%% is %i bps", (sharePercent, bps) => {
    const r = ZInviteArtistForm.parse({
      artist: "ana",
      sharePercent,
      startsOn: "",
      endsOn: "",
      canManage: true,
    });
    expect(r).toEqual({
      artist: "ana",
      labelShareBps: bps,
      startsOn: null,
      endsOn: null,
      canManage: true,
    });
  });

  test.each([
    ["thirty", "sharePercent", /percentage/],
    ["0", "sharePercent", /at least 0.01%/],
    ["100.5", "sharePercent", /at most 100%/],
  ])("the form refuses the share %s on %s", (sharePercent, field, message) => {
    const r = ZInviteArtistForm.safeParse({
      artist: "ana",
      sharePercent,
      startsOn: "",
      endsOn: "",
      canManage: true,
    });
    expect(r.error?.issues[0]?.path).toEqual([field]);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});
