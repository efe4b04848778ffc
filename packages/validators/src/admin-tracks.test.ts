import { describe, expect, test } from "vitest";

import { adminTrackState, ZAdminTracksInput } from "./admin-tracks";

const at = new Date("2026-12-01T00:00:00Z");

describe("a track's state on the console's tracks page", () => {
  test.each([
    ["published", { published: true, takenDownAt: null, deletedAt: null }, "PUBLISHED"],
    ["never published", { published: false, takenDownAt: null, deletedAt: null }, "DRAFT"],
    [
      "taken down (unpublished by it)",
      { published: false, takenDownAt: at, deletedAt: null },
      "TAKEN_DOWN",
    ],
    [
      "taken down, even if the flag were left on",
      { published: true, takenDownAt: at, deletedAt: null },
      "TAKEN_DOWN",
    ],
    ["deleted by its artist", { published: false, takenDownAt: null, deletedAt: at }, "DELETED"],
    ["deleted after a takedown", { published: false, takenDownAt: at, deletedAt: at }, "DELETED"],
  ] as const)("%s is %s", (_label, columns, state) => {
    expect(adminTrackState(columns)).toBe(state);
  });
});

describe("ZAdminTracksInput", () => {
  test("trims the search, sorts newest first by default and pages by 20", () => {
    expect(ZAdminTracksInput.parse({ query: "  Night Drive " })).toEqual({
      query: "Night Drive",
      sort: "newest",
      limit: 20,
    });
  });

  test.each([
    ["a search over 100 characters", { query: "q".repeat(101) }, "Search at most 100 characters."],
    [
      "a search with a control character",
      { query: "a\u001bb" },
      "Search contains a control character (U+001B), which is not allowed.",
    ],
    [
      "an unknown state",
      { state: "HIDDEN" },
      "State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED.",
    ],
    ["an unknown sort", { sort: "price" }, "Sort by newest, sales or gross."],
  ])("refuses %s", (_label, input, message) => {
    const r = ZAdminTracksInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([message]);
  });
});
