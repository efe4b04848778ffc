import { describe, expect, test } from "vitest";

import type { CampaignEvent, CampaignStatusName } from "./campaigns";
import {
  CAMPAIGN_STATUSES,
  campaignFormSchema,
  campaignTransition,
  campaignWindowProblem,
  formatCountdown,
  ZCampaignActionInput,
  ZCreateCampaignInput,
  ZUpdateCampaignInput,
} from "./campaigns";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inDays = (d: number) => new Date(Date.now() + d * DAY);
/** A `datetime-local` value (UTC) `d` days from now, to the minute. */
const typedInDays = (d: number) => inDays(d).toISOString().slice(0, 16);

const valid = {
  name: "Weekend boost",
  scope: "TRACKS" as const,
  trackIds: ["t1"],
  commissionBps: 4000,
  startsAt: inDays(1),
  endsAt: inDays(3),
};

const issuesOf = (input: Record<string, unknown>) =>
  ZCreateCampaignInput.safeParse({ ...valid, ...input }).error?.issues.map((i) => [
    i.path.join("."),
    i.message,
  ]);

describe("campaign inputs", () => {
  test("a boost, a discount or both; the boost is capped at 50 % (5000 bps), the discount at 100 %", () => {
    expect(ZCreateCampaignInput.parse(valid)).toMatchObject({
      commissionBps: 4000,
      description: "",
    });
    expect(
      ZCreateCampaignInput.parse({ ...valid, commissionBps: null, discountBps: 1000 }),
    ).toMatchObject({
      discountBps: 1000,
    });
    expect(issuesOf({ commissionBps: undefined })).toEqual([
      ["commissionBps", "Give the campaign a commission boost, a discount, or both."],
    ]);
    expect(issuesOf({ commissionBps: 5001 })).toEqual([
      ["commissionBps", "Commission is at most 5000 basis points (50 %)."],
    ]);
    expect(issuesOf({ commissionBps: 0 })).toEqual([
      ["commissionBps", "Commission must be at least 1 basis point (0.01 %)."],
    ]);
    expect(issuesOf({ discountBps: 10_001 })).toEqual([
      ["discountBps", "Discount is at most 10000 basis points (100 %)."],
    ]);
    expect(issuesOf({ commissionBps: 40.5 })).toEqual([
      ["commissionBps", "Commission must be whole basis points."],
    ]);
  });

  test("the window: ends after it starts, in the future, at most 90 days long", () => {
    expect(issuesOf({ endsAt: valid.startsAt })).toEqual([
      ["endsAt", "The campaign must end after it starts."],
    ]);
    expect(issuesOf({ startsAt: inDays(-3), endsAt: inDays(-1) })).toEqual([
      ["endsAt", "The campaign must end in the future."],
    ]);
    expect(issuesOf({ startsAt: inDays(1), endsAt: inDays(92) })).toEqual([
      ["endsAt", "A campaign lasts at most 90 days."],
    ]);
    // Exactly 90 days is allowed; a start in the past is too (it goes live when scheduled).
    const start = inDays(1);
    expect(
      ZCreateCampaignInput.safeParse({
        ...valid,
        startsAt: start,
        endsAt: new Date(start.getTime() + 90 * DAY),
      }).success,
    ).toBe(true);
    expect(ZCreateCampaignInput.safeParse({ ...valid, startsAt: inDays(-1) }).success).toBe(true);
    const now = new Date("2027-01-01T00:00:00Z");
    expect(
      campaignWindowProblem(
        { startsAt: now, endsAt: new Date("2027-01-01T00:00:01Z") },
        new Date("2027-01-01T00:00:01Z"),
      ),
    ).toEqual({ field: "endsAt", message: "The campaign must end in the future." });
  });

  test("chosen tracks need at least one; scopes are PLATFORM, ARTIST or TRACKS", () => {
    expect(issuesOf({ trackIds: [] })).toEqual([["trackIds", "Choose at least one track."]]);
    expect(issuesOf({ scope: "WORLD" })).toEqual([["scope", "Choose where the campaign applies."]]);
    expect(
      ZCreateCampaignInput.safeParse({ ...valid, scope: "PLATFORM", trackIds: [] }).success,
    ).toBe(true);
  });

  test("names are required and refuse control characters", () => {
    expect(issuesOf({ name: "  " })).toEqual([["name", "Name the campaign."]]);
    expect(issuesOf({ name: "a\u0000b" })?.[0]?.[1]).toMatch(/Name contains a NUL character/);
  });

  test("an update changes at least one field; an action is schedule or cancel", () => {
    expect(ZUpdateCampaignInput.safeParse({ id: "c1" }).error?.issues[0]?.message).toBe(
      "Change at least one field.",
    );
    expect(ZUpdateCampaignInput.parse({ id: "c1", commissionBps: null })).toEqual({
      id: "c1",
      commissionBps: null,
    });
    expect(
      ZCampaignActionInput.safeParse({ id: "c1", action: "start" }).error?.issues[0]?.message,
    ).toBe('Action must be "schedule" or "cancel".');
  });
});

describe("campaign status machine", () => {
  const table: [CampaignStatusName, CampaignEvent, CampaignStatusName | null][] = [
    ["DRAFT", "schedule", "SCHEDULED"],
    ["DRAFT", "cancel", "CANCELLED"],
    ["DRAFT", "start", null],
    ["DRAFT", "end", null],
    ["SCHEDULED", "schedule", null],
    ["SCHEDULED", "cancel", "CANCELLED"],
    ["SCHEDULED", "start", "ACTIVE"],
    ["SCHEDULED", "end", "COMPLETED"],
    ["ACTIVE", "schedule", null],
    ["ACTIVE", "cancel", "CANCELLED"],
    ["ACTIVE", "start", null],
    ["ACTIVE", "end", "COMPLETED"],
    ...(["COMPLETED", "CANCELLED"] as const).flatMap((s) =>
      (["schedule", "cancel", "start", "end"] as const).map(
        (e) => [s, e, null] as [CampaignStatusName, CampaignEvent, null],
      ),
    ),
  ];
  test.each(table)("%s on %s becomes %s", (from, event, to) => {
    expect(campaignTransition(from, event)).toBe(to);
  });
  test("the table covers every status", () => {
    expect(new Set(table.map((r) => r[0]))).toEqual(new Set(CAMPAIGN_STATUSES));
  });
});

describe("the campaign form", () => {
  const typed = {
    name: "Weekend boost",
    description: "",
    scope: "TRACKS" as const,
    artistId: "",
    trackIds: ["t1", "t2"],
    boost: "40",
    discount: "",
    startsAt: typedInDays(1),
    endsAt: typedInDays(3),
  };

  test("a percentage becomes basis points, empty none, dates are read as UTC", () => {
    const out = campaignFormSchema("ARTIST").parse(typed);
    expect(out).toMatchObject({
      scope: "TRACKS",
      trackIds: ["t1", "t2"],
      commissionBps: 4000,
      discountBps: null,
      startsAt: new Date(`${typed.startsAt}Z`),
    });
    expect(
      campaignFormSchema("ADMIN").parse({
        ...typed,
        boost: "",
        discount: "12.5%",
        scope: "PLATFORM",
      }),
    ).toMatchObject({ scope: "PLATFORM", trackIds: [], commissionBps: null, discountBps: 1250 });
    expect(
      campaignFormSchema("ADMIN").parse({ ...typed, scope: "ARTIST", artistId: "a1" }),
    ).toMatchObject({ scope: "ARTIST", artistId: "a1", trackIds: [] });
  });

  test("the refusals land on the field typed", () => {
    const issues = (
      schema: ReturnType<typeof campaignFormSchema>,
      input: Record<string, unknown>,
    ) =>
      schema
        .safeParse({ ...typed, ...input })
        .error?.issues.map((i) => [i.path.join("."), i.message]);
    const artist = campaignFormSchema("ARTIST");
    expect(issues(artist, { boost: "forty" })).toEqual([
      ["boost", "Enter a commission rate like 40 or 12.5, or leave it empty."],
    ]);
    expect(issues(artist, { boost: "55" })).toEqual([
      ["boost", "Commission is at most 5000 basis points (50 %)."],
    ]);
    expect(issues(artist, { boost: "", discount: "" })).toEqual([
      ["boost", "Give the campaign a commission boost, a discount, or both."],
    ]);
    expect(issues(artist, { scope: "PLATFORM" })).toEqual([
      ["scope", "Choose where the campaign applies."],
    ]);
    expect(issues(artist, { trackIds: [] })).toEqual([["trackIds", "Choose at least one track."]]);
    expect(issues(artist, { endsAt: "" })).toEqual([["endsAt", "Enter a date and time."]]);
    expect(issues(artist, { endsAt: typed.startsAt })).toEqual([
      ["endsAt", "The campaign must end after it starts."],
    ]);
    expect(issues(campaignFormSchema("ADMIN"), { scope: "ARTIST", artistId: "" })).toEqual([
      ["artistId", "Choose the artist whose tracks the campaign covers."],
    ]);
  });
});

describe("formatCountdown", () => {
  test.each([
    [((2 * 24 + 4) * 60 + 10) * 60_000 + 59_999, "2d 4h 10m"],
    [24 * 3_600_000, "1d 0h 0m"],
    [(4 * 60 + 10) * 60_000, "4h 10m"],
    [3_600_000 - 1, "59m 59s"],
    [65_000, "1m 05s"],
    [999, "0m 00s"],
    [0, null],
    [-5_000, null],
    [Number.NaN, null],
  ])("%i ms left reads %s", (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});
