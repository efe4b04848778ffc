import { expect, test } from "vitest";

import { maskEmail } from "./mask-email";

test.each([
  ["bea@example.com", "b***@example.com"],
  ["b@example.com", "b***@example.com"],
  ["a.very.long.name+tag@mail.example.org", "a***@mail.example.org"],
  ["no-at-sign", "***"],
  ["@example.com", "***"],
  ["bea@", "***"],
])("maskEmail hides all of the local part but its first character: %s -> %s", (email, masked) => {
  expect(maskEmail(email)).toBe(masked);
});
