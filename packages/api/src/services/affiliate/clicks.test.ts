import { describe, expect, test } from "vitest";

import { clientIp, isBotUserAgent, readCookie, visitorHash } from "./clicks";

// An explicit salt keeps these tests off CLICK_HASH_SALT and the local secrets file.
const SALT = "test-salt-0123456789abcdef";
const IP = "203.0.113.7";
const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

describe("visitorHash", () => {
  test("is 64 lowercase hex characters (SHA-256)", () => {
    expect(visitorHash(IP, CHROME, SALT)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("is the same for the same ip, user agent and salt", () => {
    expect(visitorHash(IP, CHROME, SALT)).toBe(visitorHash(IP, CHROME, SALT));
  });

  test("changes when the salt changes, so the table cannot be reversed without the secret", () => {
    expect(visitorHash(IP, CHROME, `${SALT}-other`)).not.toBe(visitorHash(IP, CHROME, SALT));
  });

  test("changes when the ip changes", () => {
    expect(visitorHash("203.0.113.8", CHROME, SALT)).not.toBe(visitorHash(IP, CHROME, SALT));
  });

  test("changes when the user agent changes", () => {
    expect(visitorHash(IP, `${CHROME} Edg/126.0`, SALT)).not.toBe(visitorHash(IP, CHROME, SALT));
  });

  test("never contains the raw ip", () => {
    expect(visitorHash(IP, CHROME, SALT)).not.toContain(IP);
  });
});

describe("isBotUserAgent", () => {
  test.each<[string, string | null]>([
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
    ["bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"],
    ["Slackbot link expander", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
    ["Twitterbot", "Twitterbot/1.0"],
    [
      "Facebook link preview",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    ],
    [
      "LinkedInBot",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    ],
    ["Discordbot", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"],
    ["WhatsApp link preview", "WhatsApp/2.23.20.0 A"],
    ["TelegramBot", "TelegramBot (like TwitterBot)"],
    // Issue 14 §4: the unfurlers that fetch a shared link's page and its share card.
    [
      "Applebot (iMessage previews)",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    ],
    [
      "redditbot",
      "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36 redditbot/1.0 (+http://www.reddit.com/feedback)",
    ],
    ["Iframely", "Iframely/1.3.1 (+https://iframely.com/docs/about) Atlassian"],
    ["Embedly", "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)"],
    ["Slackbot (no link expander suffix)", "Slackbot 1.0 (+https://api.slack.com/robots)"],
    ["Twitterbot with a Mozilla prefix", "Mozilla/5.0 (compatible; Twitterbot/1.0)"],
    ["WhatsApp on iOS", "WhatsApp/2.24.1.78 i"],
    ["curl", "curl/8.5.0"],
    ["python-requests", "python-requests/2.31.0"],
    [
      "HeadlessChrome",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
    ],
    ["an empty user agent", ""],
    ["a blank user agent", "   "],
    ["a missing user agent", null],
  ])("treats %s as a bot, so it is never counted", (_label, ua) => {
    expect(isBotUserAgent(ua)).toBe(true);
  });

  test("treats an undefined user agent as a bot", () => {
    expect(isBotUserAgent(undefined)).toBe(true);
  });

  test.each<[string, string]>([
    ["Chrome on Windows", CHROME],
    ["Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"],
    [
      "Safari on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    ],
    [
      "Safari on iPhone",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    ],
    [
      "Chrome on Android",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
    ],
  ])("treats %s as a person", (_label, ua) => {
    expect(isBotUserAgent(ua)).toBe(false);
  });
});

describe("clientIp", () => {
  const PEER = "10.0.0.2";

  test("with no trusted proxy returns the socket peer and ignores a forged X-Forwarded-For", () => {
    expect(clientIp({ peerIp: PEER, forwardedFor: "1.2.3.4", trustedProxyHops: 0 })).toBe(PEER);
    expect(clientIp({ peerIp: PEER, forwardedFor: "1.2.3.4, 5.6.7.8", trustedProxyHops: 0 })).toBe(
      PEER,
    );
  });

  test("with one trusted proxy returns the last X-Forwarded-For entry, the one the proxy appended", () => {
    expect(clientIp({ peerIp: PEER, forwardedFor: "198.51.100.9", trustedProxyHops: 1 })).toBe(
      "198.51.100.9",
    );
  });

  test("with one trusted proxy ignores entries the client wrote to the left of the proxy's", () => {
    expect(
      clientIp({
        peerIp: PEER,
        forwardedFor: "1.2.3.4, 6.6.6.6, 198.51.100.9",
        trustedProxyHops: 1,
      }),
    ).toBe("198.51.100.9");
  });

  test("with two trusted proxies returns the second-to-last X-Forwarded-For entry", () => {
    expect(
      clientIp({
        peerIp: PEER,
        forwardedFor: "1.2.3.4, 198.51.100.9, 10.0.0.1",
        trustedProxyHops: 2,
      }),
    ).toBe("198.51.100.9");
  });

  test("tolerates missing spaces and empty entries in X-Forwarded-For", () => {
    expect(
      clientIp({ peerIp: PEER, forwardedFor: "1.2.3.4,,198.51.100.9 ", trustedProxyHops: 1 }),
    ).toBe("198.51.100.9");
  });

  test("falls back to the peer when X-Forwarded-For is missing, even with trusted proxies", () => {
    expect(clientIp({ peerIp: PEER, forwardedFor: null, trustedProxyHops: 1 })).toBe(PEER);
    expect(clientIp({ peerIp: PEER, forwardedFor: "", trustedProxyHops: 2 })).toBe(PEER);
  });

  test('answers "unknown" when there is neither a peer nor a usable X-Forwarded-For', () => {
    expect(clientIp({ peerIp: null, forwardedFor: null, trustedProxyHops: 0 })).toBe("unknown");
  });
});

describe("readCookie", () => {
  test("reads a cookie among several, whatever the spacing", () => {
    expect(readCookie("a=1; ff_ref_t1=clk_123;b=2", "ff_ref_t1")).toBe("clk_123");
  });

  test("URL-decodes the value", () => {
    expect(readCookie("name=hello%20world%21; other=x", "name")).toBe("hello world!");
  });

  test("keeps '=' characters inside the value", () => {
    expect(readCookie("token=abc==; x=1", "token")).toBe("abc==");
  });

  test("matches the whole name, not a prefix or suffix", () => {
    expect(readCookie("ff_ref_t10=wrong; xff_ref_t1=wrong", "ff_ref_t1")).toBeNull();
  });

  test("returns null for a missing cookie or a missing header", () => {
    expect(readCookie("a=1; b=2", "c")).toBeNull();
    expect(readCookie(null, "a")).toBeNull();
    expect(readCookie("", "a")).toBeNull();
  });

  test("does not throw on a value that is not valid percent-encoding (cookies are client-controlled)", () => {
    expect(() => readCookie("ff_ref_t1=%E0%A4%A", "ff_ref_t1")).not.toThrow();
  });

  test("returns an empty string for a cookie set to nothing", () => {
    expect(readCookie("a=; b=2", "a")).toBe("");
  });
});
