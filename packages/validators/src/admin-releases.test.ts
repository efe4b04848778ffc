import { describe, expect, test } from "vitest";

import { adminReleaseState, ZAdminReleasesInput, ZReleaseModerationInput } from "./admin-releases";

const at = new Date("2026-12-01T00:00:00Z");

describe("a release's state on the console's releases page", () => {
  test.each([
    ["published", { published: true, takenDownAt: null, deletedAt: null }, "PUBLISHED"],
    ["never published", { published: false, takenDownAt: null, deletedAt: null }, "DRAFT"],
    ["taken down", { published: false, takenDownAt: at, deletedAt: null }, "TAKEN_DOWN"],
    ["deleted after a takedown", { published: false, takenDownAt: at, deletedAt: at }, "DELETED"],
  ] as const)("%s is %s", (_label, columns, state) => {
    expect(adminReleaseState(columns)).toBe(state);
  });
});

describe("ZAdminReleasesInput", () => {
  test("trims the search, sorts newest first by default and pages by 20", () => {
    expect(ZAdminReleasesInput.parse({ query: "  Night Drive ", state: "TAKEN_DOWN" })).toEqual({
      query: "Night Drive",
      state: "TAKEN_DOWN",
      sort: "newest",
      limit: 20,
    });
  });

  test.each([
    ["a search over 100 characters", { query: "q".repeat(101) }, "Search at most 100 characters."],
    [
      "an unknown state",
      { state: "HIDDEN" },
      "State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED.",
    ],
    ["an unknown sort", { sort: "price" }, "Sort by newest, sales or gross."],
    ["a limit of 51", { limit: 51 }, "Limit must be at most 50."],
  ])("refuses %s", (_label, input, message) => {
    const r = ZAdminReleasesInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([message]);
  });
});

describe("ZReleaseModerationInput", () => {
  test("trims the reason", () => {
    expect(ZReleaseModerationInput.parse({ releaseId: "r1", reason: "  Copyright  " })).toEqual({
      releaseId: "r1",
      reason: "Copyright",
    });
  });

  test.each([
    [
      "a reason under 3 characters",
      { releaseId: "r1", reason: " ok " },
      "Say why (the artist reads it), at least 3 characters.",
    ],
    [
      "a reason over 1000 characters",
      { releaseId: "r1", reason: "x".repeat(1001) },
      "Keep the reason under 1000 characters.",
    ],
    ["no release id", { releaseId: "", reason: "Copyright" }, "Release id is required."],
    [
      "a release id over 64 characters",
      { releaseId: "x".repeat(65), reason: "Copyright" },
      "Release id is too long.",
    ],
  ])("refuses %s", (_label, input, message) => {
    const r = ZReleaseModerationInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([message]);
  });
});
