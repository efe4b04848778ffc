import { describe, expect, test } from "vitest";

import { safeRedirectPath } from "./redirect";

describe("safeRedirectPath: only same-origin relative paths survive", () => {
  test.each([
    ["/dashboard", "/dashboard"],
    ["/t/night-drive?ref=k3m9x2pq", "/t/night-drive?ref=k3m9x2pq"],
    ["/dashboard/promoter/earnings#payouts", "/dashboard/promoter/earnings#payouts"],
    ["/", "/"],
    ["/t/caf%C3%A9", "/t/caf%C3%A9"],
    ["/search?q=a%20b", "/search?q=a%20b"],
    ["/a/b/../c", "/a/b/../c"],
  ])("keeps %j", (raw, expected) => {
    expect(safeRedirectPath(raw)).toBe(expected);
  });

  test.each([
    // protocol-relative and backslash tricks
    ["//evil.example", "protocol-relative"],
    ["//evil.example/x", "protocol-relative with path"],
    ["///evil.example", "three slashes"],
    ["/\\evil.example/x", "slash backslash (the reported attack)"],
    ["\\\\evil.example", "two backslashes"],
    ["\\/evil.example", "backslash slash"],
    ["/x\\y", "a backslash anywhere"],
    // encoded variants
    ["/%2Fevil.example", "encoded second slash"],
    ["/%2fevil.example", "encoded second slash, lower case"],
    ["/%5Cevil.example", "encoded backslash"],
    ["/%5cevil.example", "encoded backslash, lower case"],
    ["%2F%2Fevil.example", "fully encoded protocol-relative"],
    ["/%252F%252Fevil.example", "double-encoded slashes"],
    ["/%255Cevil.example", "double-encoded backslash"],
    ["/%25252F/evil.example", "triple-encoded slash"],
    ["/%2525252525252F/evil.example", "encoded more times than the decoder looks"],
    ["/%E0%A4%A", "malformed percent-encoding"],
    ["/%", "a lone percent sign"],
    // absolute URLs and other schemes
    ["https://evil.example", "absolute https"],
    ["http://localhost:3000/dashboard", "absolute, even our own origin"],
    ["javascript:alert(1)", "javascript scheme"],
    ["data:text/html,<script>alert(1)</script>", "data scheme"],
    ["evil.example", "no leading slash"],
    ["dashboard", "relative without slash"],
    ["", "empty"],
    // control characters
    ["/\tevil.example", "a tab (browsers strip it, leaving //)"],
    ["/\n/evil.example", "a newline"],
    ["/dash\u0000board", "NUL"],
    ["/dash%00board", "encoded NUL"],
    ["/\u0085x", "C1 control"],
    ["/x%0d%0aSet-Cookie:a=b", "encoded CRLF (header injection)"],
    ["/" + "a".repeat(2048), "too long"],
  ])("refuses %j (%s)", (raw) => {
    expect(safeRedirectPath(raw)).toBe("/dashboard");
  });

  test.each([[undefined], [null], [42], [["/dashboard"]], [{ toString: () => "/dashboard" }]])(
    "refuses the non-string %j",
    (raw) => {
      expect(safeRedirectPath(raw)).toBe("/dashboard");
    },
  );

  test("uses the given fallback", () => {
    expect(safeRedirectPath("//evil.example", "/")).toBe("/");
    expect(safeRedirectPath("/earnings", "/")).toBe("/earnings");
  });
});
