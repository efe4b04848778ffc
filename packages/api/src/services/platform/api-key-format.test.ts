import { describe, expect, test } from "vitest";

import {
  apiKeyMatches,
  base32Chars,
  displayApiKey,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
  parseApiKey,
} from "./api-key-format";

describe("API key format: ff_live_<12 base-32 characters>_<43 base64url characters>", () => {
  test("a generated key parses back to its prefix and matches only its own hash", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^ff_live_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.prefix).not.toBe(b.prefix);
    expect(parseApiKey(a.key)).toEqual({ prefix: a.prefix });
    expect(a.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secretHash).toBe(hashApiKey(a.key));
    expect(apiKeyMatches(a.key, a.secretHash)).toBe(true);
    expect(apiKeyMatches(a.key, b.secretHash)).toBe(false);
    // A malformed stored hash never matches (and never throws).
    expect(apiKeyMatches(a.key, "abc")).toBe(false);
  });

  test("base-32 uses exactly a-z and 2-7, one character per byte", () => {
    expect(base32Chars(Uint8Array.from([0, 25, 26, 31, 32, 255]))).toBe("az27a7");
  });

  test.each([
    ["ffs_sessiontoken", null],
    ["ff_live_ABCDEFGHIJKL_" + "a".repeat(43), null],
    ["ff_live_abcdefghijkl_" + "a".repeat(42), null],
    ["ff_live_abcdefghijkl_" + "a".repeat(44), null],
    ["ff_live_abcdefghij1l_" + "a".repeat(43), null],
    ["ff_live_abcdefghijkl_" + "a-_".repeat(14) + "b", { prefix: "abcdefghijkl" }],
  ])("parseApiKey(%j) is %j", (token, expected) => {
    expect(parseApiKey(token)).toEqual(expected);
  });

  test("settings show the prefix only; a bearer token claims to be a key by its tag", () => {
    expect(displayApiKey("abcdefghijkl")).toBe("ff_live_abcdefghijkl…");
    expect(looksLikeApiKey("ff_live_x")).toBe(true);
    expect(looksLikeApiKey("ffs_x")).toBe(false);
  });
});
