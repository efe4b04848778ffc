import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";

import { localSecret } from "@fanfare/db";

import { apiEnv } from "../env";

/**
 * The eight 16-bit groups of an IPv6 address (zone id already removed), or null when it is not
 * one. Handles `::` compression and a trailing dotted IPv4 part (`::ffff:192.0.2.1`).
 */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    // An embedded IPv4 address fills the last two groups.
    const [a, b, c, d] = tail.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const zeros = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(zeros).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

/**
 * The network a click's IP address stands for when capping clicks per IP: an IPv4 address as
 * itself; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports for
 * an IPv4 client) as that IPv4 address; any other IPv6 address by its /64 prefix, written
 * `2001:db8:0:1::/64`, because one subscriber line or host usually holds a whole /64 and can
 * rotate through it at will (RFC 6177, RFC 8981 temporary addresses). A zone id (`%eth0`) and
 * brackets are ignored. Anything else (e.g. "unknown") is returned lowercased, as its own key.
 */
export function ipNetworkKey(ip: string): string {
  let address = ip.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address.toLowerCase();
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * The key of `ClickIpWindow.ipHash`: SHA-256 hex of `ip-cap | network key | secret salt`, so the
 * table never holds an IP address (nor an IPv6 prefix) and cannot be reversed by enumerating
 * addresses without the salt (CLICK_HASH_SALT, or the generated local secret, as the visitor
 * hash). The `ip-cap` prefix keeps these hashes apart from visitor hashes.
 */
export function ipCapHash(
  ip: string,
  salt = apiEnv().CLICK_HASH_SALT ?? localSecret("CLICK_HASH_SALT"),
): string {
  return createHash("sha256")
    .update(`ip-cap|${ipNetworkKey(ip)}|${salt}`)
    .digest("hex");
}
