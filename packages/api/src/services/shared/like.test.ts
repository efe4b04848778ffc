import { describe, expect, test } from "vitest";

import { likeLiteral } from "./like";

describe("likeLiteral", () => {
  test.each([
    ["plain text is unchanged", "Night Drive", "Night Drive"],
    ["a percent sign matches itself", "100%", "100\\%"],
    ["an underscore matches itself", "a_b", "a\\_b"],
    ["a backslash matches itself", "AC\\DC", "AC\\\\DC"],
    ["every wildcard is escaped", "%_%", "\\%\\_\\%"],
  ])("%s", (_label, text, escaped) => {
    expect(likeLiteral(text)).toBe(escaped);
  });
});
