import { describe, expect, test } from "vitest";

import { ipFromHeaders } from "./request-ip";

describe("the rate limits' client key", () => {
  test.each([
    ["an IPv4 client by its address", "203.0.113.9", "203.0.113.9"],
    ["an IPv4-mapped IPv6 peer as the IPv4 address", "::ffff:203.0.113.9", "203.0.113.9"],
    [
      "an IPv6 client by its /64 (rotating the low 64 bits evades nothing)",
      "2001:db8:0:1:aaaa:bbbb:cccc:dddd",
      "2001:db8:0:1::/64",
    ],
    ["another address in the same /64 shares the key", "2001:db8:0:1::1", "2001:db8:0:1::/64"],
    ["no peer address: one shared bucket", "", "unknown"],
  ])("keys %s", (_label, peer, key) => {
    expect(ipFromHeaders(new Headers(peer ? { "x-fanfare-peer-ip": peer } : {}))).toBe(key);
  });
});
