import { afterEach, describe, expect, it, vi } from "vitest";

import { memoizeEnv } from "./env";

describe("memoizeEnv", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("parses once while the named variables keep their values, and again when one changes", () => {
    const parse = vi.fn(() => ({ value: process.env.FF_MEMO_A ?? "unset" }));
    const env = memoizeEnv(["FF_MEMO_A", "FF_MEMO_B"], parse);
    vi.stubEnv("FF_MEMO_A", "one");
    expect(env()).toEqual({ value: "one" });
    expect(env()).toEqual({ value: "one" });
    expect(parse).toHaveBeenCalledTimes(1);
    vi.stubEnv("FF_MEMO_B", "x");
    env();
    expect(parse).toHaveBeenCalledTimes(2);
    vi.stubEnv("FF_MEMO_A", "two");
    expect(env()).toEqual({ value: "two" });
    expect(parse).toHaveBeenCalledTimes(3);
  });

  it("tells an unset variable from an empty one", () => {
    const parse = vi.fn(() => process.env.FF_MEMO_C);
    const env = memoizeEnv(["FF_MEMO_C"], parse);
    vi.stubEnv("FF_MEMO_C", undefined);
    env();
    vi.stubEnv("FF_MEMO_C", "");
    env();
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it("keeps nothing from a parse that threw: the next call parses again", () => {
    let calls = 0;
    const env = memoizeEnv(["FF_MEMO_D"], () => {
      calls++;
      if (calls === 1) throw new Error("FF_MEMO_D is invalid");
      return calls;
    });
    expect(() => env()).toThrow("FF_MEMO_D is invalid");
    expect(env()).toBe(2);
    expect(env()).toBe(2);
  });
});
