import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

import type { AddressPolicy } from "./address-policy";
import {
  defaultAddressPolicy,
  forbiddenAddressReason,
  PRODUCTION_POLICY,
  urlSchemeProblem,
} from "./address-policy";
import type { Resolver } from "./safe-fetch";
import { RESPONSE_HEAD_CHARS, safeFetch, webhookUrlRefusal } from "./safe-fetch";

const DEV: AddressPolicy = { allowLocalhost: true };

/** A real HTTP server on 127.0.0.1 that records what reaches it. */
type Hit = {
  method: string;
  url: string;
  host: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};
let server: http.Server;
let port: number;
let hits: Hit[];
let closedEarly = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({
        method: req.method ?? "",
        url: req.url ?? "",
        host: req.headers.host ?? "",
        headers: req.headers,
        body,
      });
      const path = (req.url ?? "").split("?")[0];
      if (path === "/ok") res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
      else if (path === "/fail") res.writeHead(500).end("boom\u0000inside");
      else if (path === "/redirect")
        res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
      else if (path === "/huge") {
        // An endless body in 8 KiB chunks, written as the client drains them, until it hangs up.
        const chunk = "x".repeat(8192);
        let open = true;
        const pump = () => {
          while (open) if (!res.write(chunk)) return void res.once("drain", pump);
        };
        res.on("close", () => {
          open = false;
          closedEarly++;
        });
        res.writeHead(200);
        pump();
      } else if (path === "/hang") {
        /* never answers */
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  hits = [];
  closedEarly = 0;
});

/** A resolver that answers from a script, one answer per call (the last one repeats), and counts. */
function scriptedResolver(...answers: string[][]): Resolver & { calls: number } {
  const r = Object.assign(
    async () => {
      const answer = answers[Math.min(r.calls, answers.length - 1)] ?? [];
      r.calls++;
      return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const);
    },
    { calls: 0 },
  ) as Resolver & { calls: number };
  return r;
}

describe("addresses a webhook may reach (production rules)", () => {
  test.each([
    ["127.0.0.1", "a loopback address"],
    ["127.1.2.3", "a loopback address"],
    ["::1", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "a link-local address"],
    ["100.64.0.1", "a carrier-grade NAT (shared) address"],
    ["0.0.0.0", "an unspecified ('this network') address"],
    ["224.0.0.251", "a multicast address"],
    ["255.255.255.255", "a reserved address"],
    ["::", "an unspecified address"],
    ["::ffff:127.0.0.1", "an IPv4-mapped IPv6 address"],
    ["::ffff:8.8.8.8", "an IPv4-mapped IPv6 address"],
    ["::ffff:7f00:1", "an IPv4-mapped IPv6 address"],
    ["::ffff:0:a9fe:a9fe", "an IPv4-translated IPv6 address"],
    ["::ffff:0:7f00:1", "an IPv4-translated IPv6 address"],
    ["::ffff:0:0808:0808", "an IPv4-translated IPv6 address"],
    ["64:ff9b::a00:1", "a NAT64 address"],
    ["fd00::1", "a private (unique local) address"],
    ["fe80::1%eth0", "a link-local address"],
    ["ff02::1", "a multicast address"],
    ["[::1]", "a loopback address"],
  ])("%s is refused as %s", (address, reason) => {
    expect(forbiddenAddressReason(address, PRODUCTION_POLICY)).toMatch(reason);
  });

  test.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"])(
    "%s (public) is allowed",
    (address) => {
      expect(forbiddenAddressReason(address, PRODUCTION_POLICY)).toBeNull();
    },
  );

  test("development allows loopback only: other private and mapped addresses stay refused", () => {
    expect(forbiddenAddressReason("127.0.0.1", DEV)).toBeNull();
    expect(forbiddenAddressReason("::1", DEV)).toBeNull();
    expect(forbiddenAddressReason("10.0.0.1", DEV)).toMatch("a private address");
    expect(forbiddenAddressReason("::ffff:127.0.0.1", DEV)).toMatch("IPv4-mapped");
  });

  test.each([
    ["http://hooks.example.com/x", PRODUCTION_POLICY, "Webhook URLs must use https."],
    ["http://localhost:3000/x", PRODUCTION_POLICY, "Webhook URLs must use https."],
    ["http://hooks.example.com/x", DEV, "Webhook URLs must use https."],
    ["ftp://hooks.example.com/x", DEV, "Webhook URLs must use https."],
    ["https://user:pw@hooks.example.com/x", PRODUCTION_POLICY, "user name or password"],
    ["https://10.0.0.1/x", PRODUCTION_POLICY, "10.0.0.1 is a private address"],
    ["https://2130706433/x", PRODUCTION_POLICY, "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/x", PRODUCTION_POLICY, "127.0.0.1 is a loopback address"],
    ["https://[::ffff:127.0.0.1]/x", PRODUCTION_POLICY, "IPv4-mapped"],
    [
      "https://[::ffff:0:a9fe:a9fe]/x",
      PRODUCTION_POLICY,
      "::ffff:0:a9fe:a9fe is an IPv4-translated",
    ],
    ["https://[::ffff:0:a9fe:a9fe]/x", DEV, "::ffff:0:a9fe:a9fe is an IPv4-translated"],
    ["https://[::ffff:0:7f00:1]/x", DEV, "::ffff:0:7f00:1 is an IPv4-translated"],
    ["https://[::1]/x", PRODUCTION_POLICY, "loopback"],
  ])("%s is refused before any lookup", (url, policy, message) => {
    expect(urlSchemeProblem(url, policy)).toContain(message);
  });

  test("http is accepted for loopback hosts in development", () => {
    for (const url of [
      "http://localhost:3000/x",
      "http://127.0.0.1:3000/x",
      "http://[::1]:3000/x",
      "http://hooks.localhost/x",
    ])
      expect(urlSchemeProblem(url, DEV)).toBeNull();
  });
});

describe("the process's default policy (NODE_ENV, WEBHOOK_ALLOW_LOCALHOST)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test.each([
    ["development", true],
    ["test", true],
    ["production", false],
    // The production worker (`pnpm worker`, tsx) runs with NODE_ENV unset: production rules.
    [undefined, false],
  ])("NODE_ENV=%s allows localhost: %s", (nodeEnv, allowed) => {
    vi.stubEnv("WEBHOOK_ALLOW_LOCALHOST", undefined);
    vi.stubEnv("NODE_ENV", nodeEnv);
    expect(defaultAddressPolicy()).toEqual({ allowLocalhost: allowed });
  });

  test("WEBHOOK_ALLOW_LOCALHOST overrides NODE_ENV either way", () => {
    vi.stubEnv("NODE_ENV", undefined);
    vi.stubEnv("WEBHOOK_ALLOW_LOCALHOST", "on");
    expect(defaultAddressPolicy()).toEqual({ allowLocalhost: true });
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("WEBHOOK_ALLOW_LOCALHOST", "off");
    expect(defaultAddressPolicy()).toEqual({ allowLocalhost: false });
  });
});

describe("safeFetch against a real local server", () => {
  test("posts the body and headers and reports a 2xx with status, latency and the response head", async () => {
    const r = await safeFetch({
      url: `http://127.0.0.1:${port}/ok?x=1`,
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": "msg_1" },
      body: '{"a":1}',
      policy: DEV,
    });
    expect(r).toMatchObject({ ok: true, status: 200, responseHead: "thanks", error: null });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: "POST", url: "/ok?x=1", body: '{"a":1}' });
    expect(hits[0]!.headers["webhook-id"]).toBe("msg_1");
    expect(hits[0]!.headers["user-agent"]).toBe("Fanfare-Webhooks/1.0");
  });

  test("a non-2xx is a failure with its status and body head (NUL replaced)", async () => {
    const r = await safeFetch({ url: `http://127.0.0.1:${port}/fail`, method: "GET", policy: DEV });
    expect(r).toMatchObject({ ok: false, status: 500, error: "HTTP 500" });
    expect(r.responseHead).toBe("boom\uFFFDinside");
  });

  test("redirects are not followed: a 3xx is a failure with its status, the target never requested", async () => {
    const r = await safeFetch({
      url: `http://127.0.0.1:${port}/redirect`,
      method: "POST",
      body: "{}",
      policy: DEV,
    });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(302);
    expect(r.error).toMatch(
      /^Redirects are not followed \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\/ok\)/,
    );
    expect(hits.map((h) => h.url)).toEqual(["/redirect"]);
  });

  test("reads at most 64 KiB of an endless body, keeps the first 1,024 characters and hangs up", async () => {
    const r = await safeFetch({ url: `http://127.0.0.1:${port}/huge`, method: "GET", policy: DEV });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(r.responseHead).toBe("x".repeat(RESPONSE_HEAD_CHARS));
    // The server saw the client hang up (the body never ends, so only the client can end it).
    await expect.poll(() => closedEarly).toBe(1);
  });

  test("gives up when no complete answer comes in time", async () => {
    const r = await safeFetch({
      url: `http://127.0.0.1:${port}/hang`,
      method: "POST",
      body: "{}",
      policy: DEV,
      timeoutMs: 300,
    });
    expect(r).toMatchObject({
      ok: false,
      status: null,
      error: "No complete response within 300 ms.",
    });
    expect(r.latencyMs).toBeGreaterThanOrEqual(250);
  });

  test("production rules: http and loopback are refused and nothing reaches the server", async () => {
    const plain = await safeFetch({
      url: `http://127.0.0.1:${port}/ok`,
      method: "GET",
      policy: PRODUCTION_POLICY,
    });
    expect(plain).toMatchObject({ ok: false, status: null, error: "Webhook URLs must use https." });
    const tls = await safeFetch({
      url: `https://127.0.0.1:${port}/ok`,
      method: "GET",
      policy: PRODUCTION_POLICY,
    });
    expect(tls.error).toMatch("127.0.0.1 is a loopback address");
    const mapped = await safeFetch({
      url: `https://[::ffff:127.0.0.1]:${port}/ok`,
      method: "GET",
      policy: PRODUCTION_POLICY,
    });
    expect(mapped.error).toMatch("IPv4-mapped IPv6 address");
    expect(hits).toHaveLength(0);
  });

  test("a host name resolving to a private, link-local or mapped address is refused at connect time", async () => {
    for (const address of ["10.0.0.5", "169.254.169.254", "::ffff:10.0.0.5", "127.0.0.1"]) {
      const r = await safeFetch({
        url: `https://hooks.example.com:${port}/ok`,
        method: "GET",
        policy: PRODUCTION_POLICY,
        resolver: scriptedResolver([address]),
      });
      expect(r.ok).toBe(false);
      expect(r.status).toBeNull();
      expect(r.error).toMatch(`hooks.example.com resolves to ${address}`);
    }
    // One private answer among public ones is enough to refuse.
    const mixed = await safeFetch({
      url: `https://hooks.example.com:${port}/ok`,
      method: "GET",
      policy: PRODUCTION_POLICY,
      resolver: scriptedResolver(["93.184.216.34", "10.0.0.5"]),
    });
    expect(mixed.error).toMatch("resolves to 10.0.0.5, a private address");
    expect(hits).toHaveLength(0);
  });

  test("DNS rebinding: a host that resolved to a public address when checked and to a private one at send time never reaches the private one", async () => {
    const resolver = scriptedResolver(["93.184.216.34"], ["127.0.0.1"]);
    const url = `https://rebind.example:${port}/ok`;
    // Checked when the endpoint is saved: public, accepted.
    expect(await webhookUrlRefusal(url, PRODUCTION_POLICY, resolver)).toBeNull();
    // At send time the name points at the server on 127.0.0.1: the connection is refused.
    const r = await safeFetch({
      url,
      method: "POST",
      body: "{}",
      policy: PRODUCTION_POLICY,
      resolver,
    });
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.error).toMatch("rebind.example resolves to 127.0.0.1, a loopback address");
    expect(hits).toHaveLength(0);
  });

  test("the socket connects to the address the custom lookup validated, resolved once per request", async () => {
    const resolver = scriptedResolver(["127.0.0.1"]);
    const r = await safeFetch({
      url: `http://hooks.localhost:${port}/ok`,
      method: "GET",
      policy: DEV,
      resolver,
    });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(resolver.calls).toBe(1);
    expect(hits[0]!.host).toBe(`hooks.localhost:${port}`);
    // The same name answering a private address is refused, also in development.
    const lan = await safeFetch({
      url: `http://hooks.localhost:${port}/ok`,
      method: "GET",
      policy: DEV,
      resolver: scriptedResolver(["192.168.1.20"]),
    });
    expect(lan.error).toMatch("resolves to 192.168.1.20, a private address");
    expect(hits).toHaveLength(1);
  });

  test("webhookUrlRefusal explains refused URLs for the endpoint form", async () => {
    expect(await webhookUrlRefusal("http://hooks.example.com/x", PRODUCTION_POLICY)).toBe(
      "Webhook URLs must use https.",
    );
    expect(
      await webhookUrlRefusal(
        "https://internal.example/x",
        PRODUCTION_POLICY,
        scriptedResolver(["10.1.1.1"]),
      ),
    ).toBe(
      "The webhook URL's host internal.example resolves to 10.1.1.1, a private address, which is not allowed.",
    );
    expect(
      await webhookUrlRefusal("https://nowhere.example/x", PRODUCTION_POLICY, async () => {
        throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      }),
    ).toBe("The webhook URL's host nowhere.example could not be resolved (ENOTFOUND).");
  });
});
