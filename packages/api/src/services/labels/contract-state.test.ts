import { describe, expect, test } from "vitest";

import type { LabelContractState } from "@fanfare/db";

import type { LabelContractAction } from "./contract-state";
import { nextContractState } from "./contract-state";

describe("nextContractState: a label contract's transitions", () => {
  test.each<[LabelContractState, LabelContractAction, LabelContractState | null]>([
    ["invited", "accept", "active"],
    ["invited", "decline", "declined"],
    ["invited", "withdraw", "ended"],
    ["invited", "end", null],
    ["active", "end", "ended"],
    ["active", "accept", null],
    ["active", "decline", null],
    ["active", "withdraw", null],
    ["declined", "accept", null],
    ["declined", "end", null],
    ["ended", "accept", null],
    ["ended", "end", null],
  ])("%s --%s--> %s", (from, action, to) => {
    expect(nextContractState(from, action)).toBe(to);
  });
});
