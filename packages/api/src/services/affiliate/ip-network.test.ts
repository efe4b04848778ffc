import { describe, expect, test } from "vitest";

import { ipCapHash, ipNetworkKey } from "./ip-network";

// An explicit salt keeps these tests off CLICK_HASH_SALT and the local secrets file.
const SALT = "test-salt-0123456789abcdef";

describe("ipNetworkKey: the network one click cap applies to", () => {
  test.each<[string, string, string]>([
    ["an IPv4 address is its own network", "203.0.113.7", "203.0.113.7"],
    ["surrounding spaces are ignored", "  203.0.113.7 ", "203.0.113.7"],
    ["an IPv4-mapped IPv6 address counts as its IPv4 address", "::ffff:203.0.113.7", "203.0.113.7"],
    [
      "the hex form of an IPv4-mapped address counts as IPv4 too",
      "::ffff:cb00:7107",
      "203.0.113.7",
    ],
    ["an uppercase IPv4-mapped address counts as IPv4", "::FFFF:203.0.113.7", "203.0.113.7"],
    [
      "the full form of an IPv4-mapped address counts as IPv4",
      "0:0:0:0:0:ffff:cb00:7107",
      "203.0.113.7",
    ],
    [
      "an IPv6 address is keyed by its /64 prefix",
      "2001:db8:1:2:aaaa:bbbb:cccc:dddd",
      "2001:db8:1:2::/64",
    ],
    ["a compressed IPv6 address is expanded first", "2001:db8::1", "2001:db8:0:0::/64"],
    ["leading zeros and case do not matter", "2001:0DB8:0001:0002::0001", "2001:db8:1:2::/64"],
    ["a zone id is ignored", "fe80::1%eth0", "fe80:0:0:0::/64"],
    ["brackets are ignored", "[2001:db8:1:2::9]", "2001:db8:1:2::/64"],
    ["the IPv6 loopback is keyed by its /64", "::1", "0:0:0:0::/64"],
    [
      "a NAT64 address with an embedded IPv4 part is keyed by its /64",
      "64:ff9b::203.0.113.7",
      "64:ff9b:0:0::/64",
    ],
    ['"unknown" (no peer address) is its own key', "unknown", "unknown"],
  ])("%s (%s → %s)", (_rule, ip, key) => {
    expect(ipNetworkKey(ip)).toBe(key);
  });

  test("two addresses in the same /64 share a key; the next /64 does not", () => {
    const a = ipNetworkKey("2001:db8:aa:bb::1");
    expect(ipNetworkKey("2001:db8:aa:bb:ffff:ffff:ffff:ffff")).toBe(a);
    expect(ipNetworkKey("2001:db8:aa:bc::1")).not.toBe(a);
  });
});

describe("ipCapHash", () => {
  test("is 64 lowercase hex characters and never contains the address", () => {
    const hash = ipCapHash("2001:db8:aa:bb::1", SALT);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("2001");
  });

  test("is the same for every address of one /64, and for an IPv4 address and its IPv4-mapped form", () => {
    expect(ipCapHash("2001:db8:aa:bb::1", SALT)).toBe(ipCapHash("2001:db8:aa:bb::2", SALT));
    expect(ipCapHash("203.0.113.7", SALT)).toBe(ipCapHash("::ffff:203.0.113.7", SALT));
  });

  test("differs between networks and between salts", () => {
    expect(ipCapHash("203.0.113.7", SALT)).not.toBe(ipCapHash("203.0.113.8", SALT));
    expect(ipCapHash("203.0.113.7", SALT)).not.toBe(ipCapHash("203.0.113.7", `${SALT}-other`));
  });
});
