import { BlockList, isIP } from "node:net";

import { webhooksEnv } from "./env";

/**
 * Where outgoing webhook requests may go (issue 15 §3, SSRF): the rules of `safe-fetch.ts`, also
 * applied when an endpoint is created or its URL changed.
 * - `allowLocalhost` false (production, and whenever NODE_ENV is unset): https only, and the host
 *   must resolve to public addresses only.
 * - `allowLocalhost` true (NODE_ENV development or test, or WEBHOOK_ALLOW_LOCALHOST=on): `http://`
 *   is also accepted for the loopback
 *   hosts (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`), and loopback addresses (127.0.0.0/8,
 *   ::1) pass; every other private address is still refused.
 */
export type AddressPolicy = { allowLocalhost: boolean };

/**
 * The policy of this process: WEBHOOK_ALLOW_LOCALHOST ("on" / "off") when set; else localhost is
 * allowed only when NODE_ENV is explicitly "development" or "test". NODE_ENV unset counts as
 * production: the production worker (`pnpm worker`, tsx) runs without it, and must not reach
 * loopback. (`next dev` sets NODE_ENV=development, Vitest sets "test".)
 * @throws Error (from `webhooksEnv`) when NODE_ENV or WEBHOOK_ALLOW_LOCALHOST holds another value.
 */
export function defaultAddressPolicy(): AddressPolicy {
  const env = webhooksEnv();
  const allow =
    env.WEBHOOK_ALLOW_LOCALHOST ??
    (env.NODE_ENV === "development" || env.NODE_ENV === "test" ? "on" : "off");
  return { allowLocalhost: allow === "on" };
}

/** The production rules, for tests that exercise them whatever the environment. */
export const PRODUCTION_POLICY: AddressPolicy = { allowLocalhost: false };

// The special-purpose registries of IANA (RFC 6890 and its updates): nothing a public webhook
// receiver lives at. Loopback is separate, as development allows it.
const IPV4_FORBIDDEN: [string, number, string][] = [
  ["0.0.0.0", 8, "an unspecified ('this network') address"],
  ["10.0.0.0", 8, "a private address"],
  ["100.64.0.0", 10, "a carrier-grade NAT (shared) address"],
  ["169.254.0.0", 16, "a link-local address"],
  ["172.16.0.0", 12, "a private address"],
  ["192.0.0.0", 24, "an IETF protocol address"],
  ["192.0.2.0", 24, "a documentation address"],
  ["192.88.99.0", 24, "a 6to4 relay address"],
  ["192.168.0.0", 16, "a private address"],
  ["198.18.0.0", 15, "a benchmarking address"],
  ["198.51.100.0", 24, "a documentation address"],
  ["203.0.113.0", 24, "a documentation address"],
  ["224.0.0.0", 4, "a multicast address"],
  ["240.0.0.0", 4, "a reserved address"],
];
const IPV6_FORBIDDEN: [string, number, string][] = [
  ["::", 128, "an unspecified address"],
  // IPv4-mapped (::ffff:0:0/96) is MAPPED below; refusing it and the compatible and translated
  // forms outright closes every IPv6 spelling of an internal IPv4 address.
  ["::", 96, "an IPv4-compatible IPv6 address"],
  // SIIT's IPv4-translated form (RFC 2765 §2.1): [::ffff:0:a9fe:a9fe] is 169.254.169.254.
  ["::ffff:0:0:0", 96, "an IPv4-translated IPv6 address"],
  ["64:ff9b::", 96, "a NAT64 address"],
  ["64:ff9b:1::", 48, "a NAT64 address"],
  ["100::", 64, "a discard-only address"],
  ["2001::", 32, "a Teredo address"],
  ["2001:db8::", 32, "a documentation address"],
  ["2002::", 16, "a 6to4 address"],
  ["fc00::", 7, "a private (unique local) address"],
  ["fe80::", 10, "a link-local address"],
  ["fec0::", 10, "a site-local address"],
  ["ff00::", 8, "a multicast address"],
];
const MAPPED: [string, number, string] = ["::ffff:0:0", 96, "an IPv4-mapped IPv6 address"];

type Rule = { list: BlockList; family: "ipv4" | "ipv6"; reason: string };

// One BlockList per range, checked only against addresses of its own family: Node matches an IPv4
// address against an IPv6 rule through its mapped form (10.0.0.1 "is in" ::ffff:0:0/96), and an
// IPv4-mapped address against IPv4 rules, which would blur the reasons given.
function rules(list: [string, number, string][], family: "ipv4" | "ipv6"): Rule[] {
  return list.map(([net, prefix, reason]) => {
    const l = new BlockList();
    l.addSubnet(net, prefix, family);
    return { list: l, family, reason };
  });
}
const FORBIDDEN = [...rules(IPV4_FORBIDDEN, "ipv4"), ...rules(IPV6_FORBIDDEN, "ipv6")];
const [MAPPED_RULE] = rules([MAPPED], "ipv6") as [Rule];
const LOOPBACK = [
  ...rules([["127.0.0.0", 8, "a loopback address"]], "ipv4"),
  ...rules([["::1", 128, "a loopback address"]], "ipv6"),
];

const familyOf = (a: string) => (isIP(a) === 4 ? "ipv4" : isIP(a) === 6 ? "ipv6" : null);
const inRule = (r: Rule, a: string, family: "ipv4" | "ipv6") =>
  r.family === family && r.list.check(a, family);

/** Whether `address` is a loopback address (127.0.0.0/8 or ::1; not an IPv4-mapped form). */
export function isLoopbackAddress(address: string): boolean {
  const a = bareAddress(address);
  const family = familyOf(a);
  if (!family || inRule(MAPPED_RULE, a, family)) return false;
  return LOOPBACK.some((r) => inRule(r, a, family));
}

/** Strips the brackets of an IPv6 URL host (`[::1]`) and a zone id (`fe80::1%eth0`). */
export function bareAddress(host: string): string {
  let h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const zone = h.indexOf("%");
  if (zone >= 0) h = h.slice(0, zone);
  return h;
}

/**
 * Why a request may not go to `address` under `policy`, as a phrase ("a private address"), or
 * null when it may. Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback (unless
 * the policy allows localhost), link-local (169.254/16, fe80::/10), carrier-grade NAT
 * (100.64/10), multicast, unspecified, reserved and documentation ranges, and every IPv4-mapped,
 * -compatible or translated IPv6 form. Source: the IANA IPv4 and IPv6 special-purpose address
 * registries (RFC 6890).
 * @param address an IPv4 or IPv6 address (brackets and zone id allowed).
 */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  const a = bareAddress(address);
  const family = familyOf(a);
  if (!family) return "not an IP address";
  if (inRule(MAPPED_RULE, a, family)) return MAPPED_RULE.reason;
  // Loopback before the other ranges: ::1 also sits inside ::/96.
  if (isLoopbackAddress(a)) return policy.allowLocalhost ? null : "a loopback address";
  for (const r of FORBIDDEN) if (inRule(r, a, family)) return r.reason;
  return null;
}

/** `addressRefusal` as a sentence subject: "127.0.0.1 is a loopback address", or null. */
export function forbiddenAddressReason(address: string, policy: AddressPolicy): string | null {
  const refusal = addressRefusal(address, policy);
  return refusal ? `${bareAddress(address)} is ${refusal}` : null;
}

/** Hosts that are loopback by name (RFC 6761 §6.3: `localhost` and `*.localhost`). */
export function isLocalhostName(hostname: string): boolean {
  const h = bareAddress(hostname).toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost") || isLoopbackAddress(h);
}

/**
 * Why `url` may not be requested under `policy` before any DNS lookup, or null: it must parse,
 * use https (http only for a loopback host when the policy allows localhost), carry no user name
 * or password, and an IP-literal host must pass `forbiddenAddressReason`.
 */
export function urlSchemeProblem(url: string, policy: AddressPolicy): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "Enter a full URL starting with https://.";
  }
  const local = isLocalhostName(u.hostname);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && policy.allowLocalhost && local))
    return "Webhook URLs must use https.";
  if (u.username || u.password)
    return "Webhook URLs may not contain a user name or password: put a token in the path or query.";
  const literal = bareAddress(u.hostname);
  if (isIP(literal)) {
    const reason = forbiddenAddressReason(literal, policy);
    if (reason) return `The webhook URL's host ${reason}, which is not allowed.`;
  }
  return null;
}
