import { describe, expect, test } from "vitest";

import type { SelfReferralFacts } from "./self-referral";
import {
  normaliseEmailForMatching,
  sameMailbox,
  selfReferralReason,
  softSignalKinds,
} from "./self-referral";

describe("normaliseEmailForMatching", () => {
  test.each<[string, string, string]>([
    ["lowercases and trims", "  Promoter@Example.COM ", "promoter@example.com"],
    ["strips a +tag from the local part", "promoter+fanfare@example.com", "promoter@example.com"],
    ["strips everything after the first +", "promoter+a+b@example.com", "promoter@example.com"],
    [
      "keeps dots at providers that deliver them",
      "p.r.o.moter@example.com",
      "p.r.o.moter@example.com",
    ],
    ["removes dots in a gmail.com local part", "p.r.o.moter@gmail.com", "promoter@gmail.com"],
    ["treats googlemail.com as gmail.com", "promoter@googlemail.com", "promoter@gmail.com"],
    [
      "removes dots and the tag at googlemail.com",
      "P.Romoter+x@GoogleMail.com",
      "promoter@gmail.com",
    ],
    [
      "never removes dots from the domain",
      "promoter@mail.example.co.uk",
      "promoter@mail.example.co.uk",
    ],
    ["ignores a trailing dot after the domain", "promoter@gmail.com.", "promoter@gmail.com"],
    [
      "keeps a + at the very start of the local part",
      "+promoter@example.com",
      "+promoter@example.com",
    ],
    [
      "uses the last @ (quoted local parts may contain one)",
      '"a@b"+x@example.com',
      '"a@b"@example.com',
    ],
    ["leaves a string without @ trimmed and lowercased", " Not-An-Email ", "not-an-email"],
  ])("%s: %s → %s", (_rule, email, normalised) => {
    expect(normaliseEmailForMatching(email)).toBe(normalised);
  });

  test("addresses that reach different mailboxes stay different", () => {
    expect(sameMailbox("promoter@example.com", "promoter2@example.com")).toBe(false);
    expect(sameMailbox("promoter@gmail.com", "promoter@example.com")).toBe(false);
    // Dots matter outside Gmail.
    expect(sameMailbox("pro.moter@outlook.com", "promoter@outlook.com")).toBe(false);
  });
});

describe("selfReferralReason", () => {
  const base: SelfReferralFacts = {
    promoterUserId: "u_promoter",
    promoterEmail: "promoter@gmail.com",
    artistUserId: "u_artist",
    signedInUserId: null,
    buyerEmail: "fan@example.com",
  };

  test.each<[string, Partial<SelfReferralFacts>, ReturnType<typeof selfReferralReason>]>([
    ["a stranger buying, not signed in: none", {}, null],
    ["a stranger signed in as someone else: none", { signedInUserId: "u_other" }, null],
    [
      "the promoter signed in, paying with another email",
      { signedInUserId: "u_promoter" },
      "PROMOTER_SIGNED_IN",
    ],
    [
      "the promoter's own email",
      { buyerEmail: "promoter@gmail.com" },
      "BUYER_EMAIL_MATCHES_PROMOTER",
    ],
    [
      "a plus-address of the promoter's email",
      { buyerEmail: "promoter+x@gmail.com" },
      "BUYER_EMAIL_MATCHES_PROMOTER",
    ],
    [
      "a dotted Gmail variant",
      { buyerEmail: "p.r.o.moter@gmail.com" },
      "BUYER_EMAIL_MATCHES_PROMOTER",
    ],
    [
      "the googlemail.com alias, uppercased",
      { buyerEmail: "PROMOTER@googlemail.com" },
      "BUYER_EMAIL_MATCHES_PROMOTER",
    ],
    ["the promoter is the track's artist", { artistUserId: "u_promoter" }, "PROMOTER_IS_ARTIST"],
    [
      "signed in as the promoter wins over the other reasons",
      {
        signedInUserId: "u_promoter",
        buyerEmail: "promoter@gmail.com",
        artistUserId: "u_promoter",
      },
      "PROMOTER_SIGNED_IN",
    ],
    [
      "the email match wins over the artist",
      { buyerEmail: "promoter@gmail.com", artistUserId: "u_promoter" },
      "BUYER_EMAIL_MATCHES_PROMOTER",
    ],
  ])("%s", (_rule, facts, reason) => {
    expect(selfReferralReason({ ...base, ...facts })).toBe(reason);
  });
});

describe("softSignalKinds", () => {
  const sightings = [
    { kind: "VISITOR_HASH" as const, value: "hash-a" },
    { kind: "SESSION" as const, value: "session-a" },
  ];

  test.each<[string, { visitorHash: string | null; sessionId: string | null }, string[]]>([
    ["nothing matches: no signal", { visitorHash: "hash-b", sessionId: "session-b" }, []],
    [
      "the promoter's visitor hash on the purchase",
      { visitorHash: "hash-a", sessionId: "session-b" },
      ["PROMOTER_VISITOR_HASH_ON_PURCHASE"],
    ],
    [
      "the promoter's browser session on the purchase",
      { visitorHash: null, sessionId: "session-a" },
      ["PROMOTER_SESSION_ON_PURCHASE"],
    ],
    [
      "both",
      { visitorHash: "hash-a", sessionId: "session-a" },
      ["PROMOTER_VISITOR_HASH_ON_PURCHASE", "PROMOTER_SESSION_ON_PURCHASE"],
    ],
    [
      "a session value never matches a visitor-hash sighting",
      { visitorHash: "session-a", sessionId: "hash-a" },
      [],
    ],
    ["missing purchase values never match", { visitorHash: null, sessionId: null }, []],
  ])("%s", (_rule, purchase, kinds) => {
    expect(softSignalKinds({ sightings, ...purchase })).toEqual(kinds);
  });
});
