/**
 * Every procedure of the router, given bad input or called by the wrong person, answers a 4xx
 * with a message a person can act on, and changes nothing. Each case runs twice: through the
 * server-side caller (what Server Components and scripts use) and through the real fetch adapter
 * (what the web and mobile clients receive, after the error formatter in trpc.ts).
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import type { SuperJSONResult } from "superjson";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { appRouter } from "./root";
import { attributionCookieName } from "./services/affiliate/clicks";
import { createApiKey } from "./services/platform/api-keys";
import type { Harness } from "./test/harness";
import { setupHarness } from "./test/harness";
import { createTRPCContext } from "./trpc";

type Role = "anon" | "user" | "artist" | "admin";
type Caller = Awaited<ReturnType<Harness["callerFor"]>>;
type TrackRow = Awaited<ReturnType<Harness["makeTrack"]>>["track"];
type Fixtures = {
  /** The artist's published pay-what-you-want track: $8.00 suggested, $3.00 minimum. */
  track: TrackRow;
  unpublished: TrackRow;
  deleted: TrackRow;
  noAffiliate: TrackRow;
  /** Another artist's published track. */
  otherTrack: TrackRow;
  /** The artist's API key and webhook endpoint (issue 15): other users' ids. */
  artistKeyId: string;
  artistEndpointId: string;
  /** Releases (issue 16 §1): the artist's published one of `track`, a draft of `unpublished`,
   * the other artist's published one of `otherTrack`; the other artist's artwork upload. */
  release: { id: string; slug: string };
  draftRelease: { id: string; slug: string };
  otherRelease: { id: string; slug: string };
  otherArtwork: { id: string };
};
type Case = {
  path: string;
  caller: Role;
  problem: string;
  input: (f: Fixtures) => unknown;
  status: number;
  /** The message must say what is wrong: this must match it. */
  mentions: RegExp;
};

// `_def.procedures` is tRPC's flat map of "area.name" to procedure; it lets the coverage test
// compare this file against the real router and tells the HTTP helper GET from POST.
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: "query" | "mutation" | "subscription" } }
>;

const c = (
  path: string,
  caller: Role,
  problem: string,
  input: (f: Fixtures) => unknown,
  status: number,
  mentions: RegExp,
): Case => ({
  path,
  caller,
  problem,
  input,
  status,
  mentions,
});

const TOO_LONG_ID = "x".repeat(65);
/** A well-formed pg-boss job id that no job has. */
const JOB_ID = "00000000-0000-4000-8000-000000000000";
const validTrack = (f: Fixtures) => ({
  title: "Valid Title",
  priceCents: 1000,
  commissionBps: 2000,
  masterUploadId: f.track.masterUploadId,
});
const createTrackWith = (patch: Record<string, unknown>) => (f: Fixtures) => ({
  ...validTrack(f),
  ...patch,
});
const updateTrackWith = (patch: Record<string, unknown>) => (f: Fixtures) => ({
  trackId: f.track.id,
  ...patch,
});
/** A valid new release of the artist's track (issue 16 §1). */
const validRelease = (f: Fixtures) => ({
  title: "Valid Release",
  priceCents: 1000,
  commissionBps: 2000,
  trackIds: [f.track.id],
});

const checkoutWith = (patch: Record<string, unknown>) => (f: Fixtures) => ({
  slug: f.track.slug,
  buyerEmail: "buyer@example.com",
  ...patch,
});

/** A valid onboarding step (`admin.onboarding.saveStep`), changed one field at a time below. */
const ONBOARDING_STEP = {
  step: 2,
  dayOffset: 1,
  subject: "Tips for {{name}}",
  body: "Open {{linksUrl}}",
  enabled: true,
};

// A table reads best one case per line.
// prettier-ignore
const BAD_INPUT: Case[] = [
  // artist.becomeArtist (a signed-in user without an artist profile)
  c("artist.becomeArtist", "user", "an empty artist name", () => ({ name: "" }), 400, /Enter your artist name/),
  c("artist.becomeArtist", "user", "an artist name of only spaces", () => ({ name: "   " }), 400, /Enter your artist name/),
  c("artist.becomeArtist", "user", "an artist name over 80 characters", () => ({ name: "n".repeat(81) }), 400, /at most 80 characters/),
  c("artist.becomeArtist", "user", "a missing name", () => ({}), 400, /name/),
  c("artist.becomeArtist", "user", "a name that is a number", () => ({ name: 42 }), 400, /name/),
  c("artist.becomeArtist", "user", "a bio over 2000 characters", () => ({ name: "Fine Name", bio: "b".repeat(2001) }), 400, /bio/),
  c("artist.becomeArtist", "user", "a name containing a NUL character", () => ({ name: "Nul\u0000Name" }), 400, /name/i),

  // artist.createTrack
  c("artist.createTrack", "artist", "a price of 49 cents (below Stripe's 50-cent minimum)", createTrackWith({ priceCents: 49 }), 400, /Price must be at least 50 cents/),
  c("artist.createTrack", "artist", "a price of 0 cents", createTrackWith({ priceCents: 0 }), 400, /Price must be at least 50 cents/),
  c("artist.createTrack", "artist", "a price of 100001 cents (above the $1,000 cap)", createTrackWith({ priceCents: 100_001 }), 400, /Price must be at most 100000 cents/),
  c("artist.createTrack", "artist", "a price of 9.99 (dollars, not cents)", createTrackWith({ priceCents: 9.99 }), 400, /Price must be a whole number of cents/),
  c("artist.createTrack", "artist", 'a price sent as the string "1000"', createTrackWith({ priceCents: "1000" }), 400, /Price/),
  c("artist.createTrack", "artist", "a missing price", createTrackWith({ priceCents: undefined }), 400, /Price is required/),
  c("artist.createTrack", "artist", "a commission of 999 bps (below 10%)", createTrackWith({ commissionBps: 999 }), 400, /Commission must be at least 10%/),
  c("artist.createTrack", "artist", "a commission of 5001 bps (above 50%)", createTrackWith({ commissionBps: 5001 }), 400, /Commission must be at most 50%/),
  c("artist.createTrack", "artist", "a commission of 20.5 bps", createTrackWith({ commissionBps: 20.5 }), 400, /whole number of basis points/),
  c("artist.createTrack", "artist", "a missing title", createTrackWith({ title: undefined }), 400, /title/),
  c("artist.createTrack", "artist", "a title of only spaces", createTrackWith({ title: "   " }), 400, /Enter a title/),
  c("artist.createTrack", "artist", "a title over 120 characters", createTrackWith({ title: "t".repeat(121) }), 400, /at most 120 characters/),
  c("artist.createTrack", "artist", "a minimum price above the suggested price", createTrackWith({ priceCents: 500, minPriceCents: 600 }), 400, /Minimum price cannot be above the suggested price/),
  c("artist.createTrack", "artist", "a minimum price of 49 cents", createTrackWith({ minPriceCents: 49 }), 400, /Minimum price must be at least 50 cents/),
  c("artist.createTrack", "artist", "a missing master upload id", createTrackWith({ masterUploadId: undefined }), 400, /masterUploadId/),
  c("artist.createTrack", "artist", "an unknown master upload id", createTrackWith({ masterUploadId: "no-such-upload" }), 400, /Upload no-such-upload was not found among your uploads/),
  c("artist.createTrack", "artist", "another artist's upload as master", (f) => ({ ...validTrack(f), masterUploadId: f.otherTrack.masterUploadId }), 400, /was not found among your uploads/),
  c("artist.createTrack", "artist", "a master upload used as artwork", (f) => ({ ...validTrack(f), artworkUploadId: f.track.masterUploadId }), 400, /is master, not artwork/),
  c("artist.createTrack", "artist", "an upload id over 64 characters", createTrackWith({ masterUploadId: TOO_LONG_ID }), 400, /id is too long/i),
  c("artist.createTrack", "artist", "a malformed genre slug", createTrackWith({ genreSlug: "Hip Hop!" }), 400, /Slug may contain lowercase letters, digits and single dashes/),
  c("artist.createTrack", "artist", "an unknown genre", createTrackWith({ genreSlug: "no-such-genre" }), 400, /Unknown genre "no-such-genre"/),
  c("artist.createTrack", "artist", "a master upload that is already another track's master", createTrackWith({}), 409, /already the master of another track/),
  c("artist.createTrack", "artist", "an input that is not an object", () => "hello", 400, /expected object/),
  c("artist.createTrack", "artist", "a description containing a NUL character", createTrackWith({ description: "a\u0000b" }), 400, /description/i),
  c("artist.createTrack", "artist", "a title with ANSI escape codes", createTrackWith({ title: "\u001b[31mRed\u001b[0m" }), 400, /Title contains a control character \(U\+001B\)/),
  c("artist.createTrack", "artist", "a master upload id containing a NUL character", createTrackWith({ masterUploadId: "abc\u0000" }), 400, /Master upload id contains a NUL character/),
  c("artist.createTrack", "artist", "an artwork upload id containing a NUL character", createTrackWith({ artworkUploadId: "\u0000" }), 400, /Artwork upload id contains a NUL character/),

  // artist.updateTrack
  c("artist.updateTrack", "artist", "an unknown track id", updateTrackWith({ trackId: "no-such-track", title: "New" }), 404, /Track no-such-track was not found among your tracks/),
  c("artist.updateTrack", "artist", "a deleted track", (f) => ({ trackId: f.deleted.id, title: "New" }), 404, /was not found among your tracks/),
  c("artist.updateTrack", "artist", "a missing track id", () => ({ title: "New" }), 400, /trackId/),
  c("artist.updateTrack", "artist", "an empty track id", updateTrackWith({ trackId: "" }), 400, /id is required/i),
  c("artist.updateTrack", "artist", "a track id over 64 characters", updateTrackWith({ trackId: TOO_LONG_ID }), 400, /id is too long/i),
  c("artist.updateTrack", "artist", "a price of 49 cents", updateTrackWith({ priceCents: 49 }), 400, /Price must be at least 50 cents/),
  c("artist.updateTrack", "artist", "a commission of 999 bps", updateTrackWith({ commissionBps: 999 }), 400, /Commission must be at least 10%/),
  c("artist.updateTrack", "artist", "a commission of 5001 bps", updateTrackWith({ commissionBps: 5001 }), 400, /Commission must be at most 50%/),
  c("artist.updateTrack", "artist", "a minimum price above the stored suggested price", updateTrackWith({ minPriceCents: 5000 }), 400, /Minimum price cannot be above the suggested price/),
  c("artist.updateTrack", "artist", "a suggested price below the stored minimum", updateTrackWith({ priceCents: 100 }), 400, /Minimum price cannot be above the suggested price/),
  c("artist.updateTrack", "artist", "an unknown genre", updateTrackWith({ genreSlug: "no-such-genre" }), 400, /Unknown genre "no-such-genre"/),
  c("artist.updateTrack", "artist", "a title over 120 characters", updateTrackWith({ title: "t".repeat(121) }), 400, /at most 120 characters/),
  c("artist.updateTrack", "artist", 'affiliateEnabled sent as "no"', updateTrackWith({ affiliateEnabled: "no" }), 400, /affiliateEnabled/),
  c("artist.updateTrack", "artist", "a title containing a NUL character", updateTrackWith({ title: "t\u0000t" }), 400, /title/i),
  c("artist.updateTrack", "artist", "a track id containing a NUL character", updateTrackWith({ trackId: "a\u0000b", title: "New" }), 400, /Track id contains a NUL character/),
  c("artist.updateTrack", "artist", "a description with a vertical tab (multi-line fields allow only \\n, \\r, \\t)", updateTrackWith({ description: "a\u000bb" }), 400, /Description contains a control character \(U\+000B\)/),

  // artist.publishTrack, unpublishTrack, deleteTrack
  ...(["artist.publishTrack", "artist.unpublishTrack", "artist.deleteTrack"] as const).flatMap(
    (path) => [
      c(path, "artist", "an unknown track id", () => ({ trackId: "no-such-track" }), 404, /Track no-such-track was not found among your tracks/),
      c(path, "artist", "a deleted track", (f) => ({ trackId: f.deleted.id }), 404, /was not found among your tracks/),
      c(path, "artist", "a track id that is a number", () => ({ trackId: 123 }), 400, /trackId/),
      c(path, "artist", "a missing track id", () => ({}), 400, /trackId/),
      c(path, "artist", "a track id over 64 characters", () => ({ trackId: TOO_LONG_ID }), 400, /id is too long/i),
      c(path, "artist", "a track id containing a NUL character", () => ({ trackId: "x\u0000" }), 400, /Track id contains a NUL character/),
    ],
  ),

  // artist.updateProfile (the caller's own artist page, issue 14 §1)
  c("artist.updateProfile", "artist", "an http:// link", () => ({ links: [{ label: "Site", url: "http://example.com" }] }), 400, /Link address must be a full address starting with https:\/\//),
  c("artist.updateProfile", "artist", "a javascript: link", () => ({ links: [{ label: "Site", url: "javascript:alert(1)" }] }), 400, /starting with https:\/\//),
  c("artist.updateProfile", "artist", "9 links", () => ({ links: Array.from({ length: 9 }, (_, i) => ({ label: `L${i}`, url: `https://example.com/${i}` })) }), 400, /List at most 8 links/),
  c("artist.updateProfile", "artist", "a link label over 40 characters", () => ({ links: [{ label: "l".repeat(41), url: "https://example.com" }] }), 400, /Link labels must be at most 40 characters/),
  c("artist.updateProfile", "artist", "a link without a label", () => ({ links: [{ label: " ", url: "https://example.com" }] }), 400, /Give each link a label/),
  c("artist.updateProfile", "artist", "links that are not a list", () => ({ links: "https://example.com" }), 400, /Links must be a list/),
  c("artist.updateProfile", "artist", "a bio over 2000 characters", () => ({ bio: "b".repeat(2001) }), 400, /Bio must be at most 2000 characters/),
  c("artist.updateProfile", "artist", "a bio with an escape character", () => ({ bio: "a\u001bb" }), 400, /Bio contains a control character \(U\+001B\)/),
  c("artist.updateProfile", "artist", "an artist name of only spaces", () => ({ name: "   " }), 400, /Enter your artist name/),
  c("artist.updateProfile", "artist", "an artist name over 80 characters", () => ({ name: "n".repeat(81) }), 400, /at most 80 characters/),
  c("artist.updateProfile", "artist", "another user's upload as picture", (f) => ({ imageUploadId: f.otherTrack.masterUploadId }), 400, /was not found among your uploads/),
  c("artist.updateProfile", "artist", "an unknown upload as picture", () => ({ imageUploadId: "no-such-upload" }), 400, /Upload no-such-upload was not found among your uploads/),
  c("artist.updateProfile", "artist", "a master upload as picture", (f) => ({ imageUploadId: f.track.masterUploadId }), 400, /is master, not a picture/),
  c("artist.updateProfile", "artist", "a picture upload id over 64 characters", () => ({ imageUploadId: TOO_LONG_ID }), 400, /Picture upload id is too long/),
  c("artist.updateProfile", "artist", "an input that is not an object", () => "Nova", 400, /expected object/),

  // artist.sales
  c("artist.sales", "artist", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("artist.sales", "artist", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("artist.sales", "artist", "a limit of 2.5", () => ({ limit: 2.5 }), 400, /limit/),
  c("artist.sales", "artist", 'a limit sent as the string "10"', () => ({ limit: "10" }), 400, /limit/),
  c("artist.sales", "artist", "a cursor over 64 characters", () => ({ cursor: TOO_LONG_ID }), 400, /cursor/),
  c("artist.sales", "artist", "a cursor containing a NUL character", () => ({ cursor: "\u0000" }), 400, /Cursor contains a NUL character/),

  // licences (issue 16 §4)
  c("license.verify", "anon", "a key with a letter outside Crockford base32", () => ({ key: "FF-IIII-0000-0000-0000" }), 400, /Licence key must look like FF-XXXX-XXXX-XXXX-XXXX/),
  c("license.verify", "anon", "a key of three groups", () => ({ key: "FF-0000-0000-0000" }), 400, /FF-XXXX-XXXX-XXXX-XXXX/),
  c("license.verify", "anon", "a key too long", () => ({ key: "F".repeat(41) }), 400, /Licence key is too long/),
  c("license.verify", "anon", "no key", () => ({}), 400, /Licence key is required/),
  c("license.verify", "anon", "an unknown key", () => ({ key: "FF-0000-0000-0000-0000" }), 404, /No licence has the key FF-0000-0000-0000-0000/),
  c("license.certificate", "anon", "a malformed key", () => ({ key: "FF-0000" }), 400, /Licence key must look like/),
  c("license.certificate", "anon", "an unknown key", () => ({ key: "FF-0000-0000-0000-0000" }), 404, /No licence has the key/),
  c("artist.saveLicenseTier", "artist", "a price under the track's", (f) => ({ trackId: f.track.id, kind: "commercial", name: "C", priceCents: 700, terms: "t" }), 400, /at least the track's price, \$8\.00/),
  c("artist.saveLicenseTier", "artist", "the personal kind", (f) => ({ trackId: f.track.id, kind: "personal", name: "C", priceCents: 5000, terms: "t" }), 400, /commercial or sync/),
  c("artist.saveLicenseTier", "artist", "a price under 50 cents", (f) => ({ trackId: f.track.id, kind: "sync", name: "S", priceCents: 49, terms: "t" }), 400, /at least 50 cents/),
  c("artist.saveLicenseTier", "artist", "a price over $100,000", (f) => ({ trackId: f.track.id, kind: "sync", name: "S", priceCents: 10_000_001, terms: "t" }), 400, /at most 10000000 cents/),
  c("artist.saveLicenseTier", "artist", "a name over 80 characters", (f) => ({ trackId: f.track.id, kind: "sync", name: "x".repeat(81), priceCents: 5000, terms: "t" }), 400, /at most 80 characters/),
  c("artist.saveLicenseTier", "artist", "empty terms", (f) => ({ trackId: f.track.id, kind: "sync", name: "S", priceCents: 5000, terms: " " }), 400, /Terms are required/),
  c("artist.saveLicenseTier", "artist", "terms over 20,000 characters", (f) => ({ trackId: f.track.id, kind: "sync", name: "S", priceCents: 5000, terms: "x".repeat(20_001) }), 400, /at most 20000 characters/),
  c("artist.saveLicenseTier", "artist", "an unknown track", () => ({ trackId: "no-such-track", kind: "sync", name: "S", priceCents: 5000, terms: "t" }), 404, /Track no-such-track was not found among your tracks/),
  c("artist.licenseTiers", "artist", "no track id", () => ({}), 400, /Track id is required/),
  c("artist.licenseTiers", "artist", "an unknown track", () => ({ trackId: "no-such-track" }), 404, /was not found among your tracks/),
  c("artist.retireLicenseTier", "artist", "the personal kind", (f) => ({ trackId: f.track.id, kind: "personal" }), 400, /commercial or sync/),
  c("artist.retireLicenseTier", "artist", "a kind never offered", (f) => ({ trackId: f.track.id, kind: "sync" }), 404, /has no sync licence to retire/),
  c("buyer.startCheckout", "anon", "an unknown licence tier", (f) => ({ slug: f.track.slug, buyerEmail: "b@example.com", licenseTierId: "no-such-tier" }), 404, /Licence no-such-tier is not offered on this track/),
  c("buyer.startCheckout", "anon", "a licence tier on a release", (f) => ({ product: "release", slug: f.release.slug, buyerEmail: "b@example.com", licenseTierId: "any-tier" }), 400, /release comes with the personal licence only/),
  // release.* (issue 16 §1): public reads
  c("release.bySlug", "anon", "a slug with spaces and punctuation", () => ({ slug: "Bad Slug!" }), 400, /Slug may contain lowercase letters, digits and single dashes/),
  c("release.bySlug", "anon", "a slug with a double dash", () => ({ slug: "double--dash" }), 400, /single dashes/),
  c("release.bySlug", "anon", "an empty slug", () => ({ slug: "" }), 400, /Slug is required/),
  c("release.bySlug", "anon", "a slug over 120 characters", () => ({ slug: "a".repeat(121) }), 400, /Slug is too long/),
  c("release.bySlug", "anon", "a missing slug", () => ({}), 400, /slug/),
  c("release.bySlug", "anon", "an unknown slug", () => ({ slug: "no-such-release" }), 404, /No release at \/r\/no-such-release/),
  c("release.bySlug", "user", "another artist's draft", (f) => ({ slug: f.draftRelease.slug }), 404, /No release at \/r\//),
  c("release.list", "anon", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("release.list", "anon", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("release.list", "anon", "a malformed artist slug", () => ({ artistSlug: "Not A Slug" }), 400, /Slug may contain/),
  c("release.list", "anon", "a cursor that is a number", () => ({ cursor: 7 }), 400, /Cursor must be text/),
  c("release.list", "anon", "a cursor containing a NUL character", () => ({ cursor: "abc\u0000def" }), 400, /Cursor contains a NUL character/),
  c("release.list", "anon", "a cursor containing an escape character", () => ({ cursor: "\u001b[2J" }), 400, /Cursor contains a control character/),
  c("release.list", "anon", "an input that is not an object", () => "rock", 400, /expected object/),
  // artist release management (issue 16 §1)
  c("artist.createRelease", "artist", "no tracks", (f) => ({ ...validRelease(f), trackIds: [] }), 400, /Choose at least one track/),
  c("artist.createRelease", "artist", "a missing track list", (f) => ({ ...validRelease(f), trackIds: undefined }), 400, /Choose the release's tracks/),
  c("artist.createRelease", "artist", "a track listed twice", (f) => ({ ...validRelease(f), trackIds: [f.track.id, f.track.id] }), 400, /is listed twice/),
  c("artist.createRelease", "artist", "101 tracks", (f) => ({ ...validRelease(f), trackIds: Array.from({ length: 101 }, (_, i) => `t${i}`) }), 400, /at most 100 tracks/),
  c("artist.createRelease", "artist", "another artist's track", (f) => ({ ...validRelease(f), trackIds: [f.otherTrack.id] }), 400, /was not found among your tracks/),
  c("artist.createRelease", "artist", "a deleted track", (f) => ({ ...validRelease(f), trackIds: [f.deleted.id] }), 400, /was not found among your tracks/),
  c("artist.createRelease", "artist", "an empty title", (f) => ({ ...validRelease(f), title: "  " }), 400, /Enter a title/),
  c("artist.createRelease", "artist", "a title over 200 characters", (f) => ({ ...validRelease(f), title: "t".repeat(201) }), 400, /at most 200 characters/),
  c("artist.createRelease", "artist", "an unknown kind", (f) => ({ ...validRelease(f), kind: "lp" }), 400, /Kind must be "album", "ep" or "single"/),
  c("artist.createRelease", "artist", "a description over 5000 characters", (f) => ({ ...validRelease(f), description: "d".repeat(5001) }), 400, /at most 5000 characters/),
  c("artist.createRelease", "artist", "a price of 49 cents", (f) => ({ ...validRelease(f), priceCents: 49 }), 400, /Price must be at least 50 cents/),
  c("artist.createRelease", "artist", "a minimum above the price", (f) => ({ ...validRelease(f), minPriceCents: 1500 }), 400, /Minimum price cannot be above the suggested price/),
  c("artist.createRelease", "artist", "a commission of 999 bps", (f) => ({ ...validRelease(f), commissionBps: 999 }), 400, /Commission must be at least 10%/),
  c("artist.createRelease", "artist", "a release date that is not a day", (f) => ({ ...validRelease(f), releaseDate: "2027-02-30" }), 400, /Release date must be a real day/),
  c("artist.createRelease", "artist", "a pre-order without a date", (f) => ({ ...validRelease(f), preorder: true }), 400, /A pre-order needs a release date/),
  c("artist.createRelease", "artist", "another user's artwork upload", (f) => ({ ...validRelease(f), artworkUploadId: f.otherArtwork.id }), 400, /was not found among your uploads/),
  c("artist.createRelease", "artist", "a master upload as artwork", (f) => ({ ...validRelease(f), artworkUploadId: f.track.masterUploadId }), 400, /is master, not artwork/),
  c("artist.createRelease", "artist", "a title with a NUL character", (f) => ({ ...validRelease(f), title: "Nul\u0000" }), 400, /Title contains a NUL character/),
  c("artist.updateRelease", "artist", "an empty release id", () => ({ releaseId: "" }), 400, /Release id is required/),
  c("artist.updateRelease", "artist", "an empty track list", (f) => ({ releaseId: f.release.id, trackIds: [] }), 400, /Choose at least one track/),
  c("artist.updateRelease", "artist", "another artist's track", (f) => ({ releaseId: f.release.id, trackIds: [f.otherTrack.id] }), 400, /was not found among your tracks/),
  c("artist.updateRelease", "artist", "a minimum above the stored price", (f) => ({ releaseId: f.release.id, minPriceCents: 1500 }), 400, /Minimum price cannot be above the suggested price/),
  c("artist.updateRelease", "artist", "pre-orders on without a date", (f) => ({ releaseId: f.release.id, preorder: true }), 400, /A pre-order needs a release date/),
  c("artist.release", "artist", "a release id over 64 characters", () => ({ releaseId: "x".repeat(65) }), 400, /Release id is too long/),
  c("artist.publishRelease", "artist", "an empty release id", () => ({ releaseId: "" }), 400, /Release id is required/),
  c("artist.publishRelease", "artist", "a release with a draft track", (f) => ({ releaseId: f.draftRelease.id }), 400, /is not published/),
  c("artist.unpublishRelease", "artist", "a missing release id", () => ({}), 400, /Release id is required/),
  c("artist.deleteRelease", "artist", "a release id that is a number", () => ({ releaseId: 42 }), 400, /Release id must be text/),
  // promoter.getOrCreateLink (every signed-in user is a promoter)
  c("promoter.getOrCreateLink", "user", "an unknown track id", () => ({ trackId: "no-such-track" }), 404, /Track no-such-track is not on sale/),
  c("promoter.getOrCreateLink", "user", "an unpublished track", (f) => ({ trackId: f.unpublished.id }), 404, /is not on sale/),
  c("promoter.getOrCreateLink", "user", "a deleted track", (f) => ({ trackId: f.deleted.id }), 404, /is not on sale/),
  c("promoter.getOrCreateLink", "user", "a track whose artist turned promoter links off", (f) => ({ trackId: f.noAffiliate.id }), 403, /turned off promoter links/),
  c("promoter.getOrCreateLink", "artist", "the artist's own track", (f) => ({ trackId: f.track.id }), 403, /cannot earn commission on your own track/),
  c("promoter.getOrCreateLink", "user", "a track id that is a number", () => ({ trackId: 123 }), 400, /trackId/),
  c("promoter.getOrCreateLink", "user", "a missing track id", () => ({}), 400, /trackId/),
  c("promoter.getOrCreateLink", "user", "a track id containing a NUL character", () => ({ trackId: "a\u0000" }), 400, /Track id contains a NUL character/),
  // promoter.getOrCreateReleaseLink (issue 16 §1)
  c("promoter.getOrCreateReleaseLink", "user", "an unknown release id", () => ({ releaseId: "no-such-release" }), 404, /Release no-such-release is not on sale/),
  c("promoter.getOrCreateReleaseLink", "user", "a draft release", (f) => ({ releaseId: f.draftRelease.id }), 404, /is not on sale/),
  c("promoter.getOrCreateReleaseLink", "artist", "the artist's own release", (f) => ({ releaseId: f.release.id }), 403, /cannot earn commission on your own release/),
  c("promoter.getOrCreateReleaseLink", "user", "a missing release id", () => ({}), 400, /releaseId|Release id/),
  c("promoter.getOrCreateReleaseLink", "user", "a release id that is a number", () => ({ releaseId: 7 }), 400, /Release id must be text/),
  c("promoter.getOrCreateReleaseLink", "user", "a release id containing a NUL character", () => ({ releaseId: "r\u0000" }), 400, /Release id contains a NUL character/),

  // promoter.sourceReport / artist.sourceReport (issue 14 §2: performance by source)
  c("promoter.sourceReport", "user", "an unknown period", () => ({ period: "1y", groupBy: "src" }), 400, /Period must be one of 7d, 30d, 90d, all/),
  c("promoter.sourceReport", "user", "a missing period", () => ({ groupBy: "src" }), 400, /Period must be one of/),
  c("promoter.sourceReport", "user", "an unknown grouping", () => ({ period: "7d", groupBy: "referer" }), 400, /Group by must be one of src, utm_source, utm_medium, utm_campaign/),
  c("promoter.sourceReport", "user", "an input that is not an object", () => "7d", 400, /expected object/),
  c("artist.sourceReport", "artist", "an unknown period", () => ({ period: "week", groupBy: "src" }), 400, /Period must be one of/),
  c("artist.sourceReport", "artist", "an unknown grouping", () => ({ period: "all", groupBy: "utm_term" }), 400, /Group by must be one of/),
  c("artist.sourceReport", "artist", "an unknown track id", () => ({ period: "all", groupBy: "src", trackId: "no-such-track" }), 404, /Track no-such-track was not found among your tracks/),
  c("artist.sourceReport", "artist", "a track id over 64 characters", () => ({ period: "all", groupBy: "src", trackId: TOO_LONG_ID }), 400, /id is too long/i),
  c("artist.sourceReport", "artist", "a track id containing a NUL character", () => ({ period: "all", groupBy: "src", trackId: "t\u0000" }), 400, /Track id contains a NUL character/),

  // buyer.shareEarnOffer / buyer.shareAndEarn (issue 14 §7): authorized by the purchase's token only
  c("buyer.shareEarnOffer", "anon", "a token that is too short", () => ({ token: "short" }), 400, /That download link is malformed/),
  c("buyer.shareEarnOffer", "anon", "a missing token", () => ({}), 400, /token/),
  c("buyer.shareEarnOffer", "anon", "a well-formed token that matches no purchase", () => ({ token: "s".repeat(43) }), 404, /No purchase matches this link/),
  c("buyer.shareAndEarn", "anon", "a token with characters outside base64url", () => ({ token: "!".repeat(40) }), 400, /That download link is malformed/),
  c("buyer.shareAndEarn", "anon", "a token containing a NUL character", () => ({ token: "a".repeat(40) + "\u0000" }), 400, /That download link is malformed/),
  c("buyer.shareAndEarn", "anon", "a token that is a number", () => ({ token: 12345 }), 400, /token/),
  c("buyer.shareAndEarn", "user", "a well-formed token that matches no purchase (being signed in grants nothing)", () => ({ token: "s".repeat(43) }), 404, /No purchase matches this link/),

  // artist.updatePressKit (the caller's own press kit, issue 14 §8)
  c("artist.updatePressKit", "artist", "7 photos (a press kit holds at most 6)", () => ({ photoUploadIds: Array.from({ length: 7 }, (_, i) => `upload${i}`) }), 400, /A press kit holds at most 6 photos/),
  c("artist.updatePressKit", "artist", "the same photo twice", (f) => ({ photoUploadIds: [f.track.masterUploadId, f.track.masterUploadId] }), 400, /The same press photo is listed twice/),
  c("artist.updatePressKit", "artist", "photos that are not a list", () => ({ photoUploadIds: "upload1" }), 400, /Press photos must be a list of upload ids/),
  c("artist.updatePressKit", "artist", "an empty photo upload id", () => ({ photoUploadIds: [""] }), 400, /Press photo upload id is required/),
  c("artist.updatePressKit", "artist", "a photo upload id over 64 characters", () => ({ photoUploadIds: [TOO_LONG_ID] }), 400, /Press photo upload id is too long/),
  c("artist.updatePressKit", "artist", "another user's upload as a photo", (f) => ({ photoUploadIds: [f.otherTrack.masterUploadId] }), 400, /was not found among your uploads/),
  c("artist.updatePressKit", "artist", "an unknown upload as a photo", () => ({ photoUploadIds: ["no-such-upload"] }), 400, /Upload no-such-upload was not found among your uploads/),
  c("artist.updatePressKit", "artist", "a master upload as a photo", (f) => ({ photoUploadIds: [f.track.masterUploadId] }), 400, /is master, not a picture/),
  c("artist.updatePressKit", "artist", "a one-sheet over 10,000 characters", () => ({ oneSheet: "o".repeat(10_001) }), 400, /One-sheet must be at most 10,000 characters/),
  c("artist.updatePressKit", "artist", "a one-sheet with an escape character", () => ({ oneSheet: "a\u001bb" }), 400, /One-sheet contains a control character \(U\+001B\)/),
  c("artist.updatePressKit", "artist", "a one-sheet that is not text", () => ({ oneSheet: 42 }), 400, /One-sheet must be text/),
  c("artist.updatePressKit", "artist", "an input that is not an object", () => "photos", 400, /expected object/),

  // admin.onboarding, account marketing mail (issue 14 §8)
  c("admin.onboarding.saveStep", "admin", "a step of 0", () => ({ ...ONBOARDING_STEP, step: 0 }), 400, /Step must be a number from 1 to 7/),
  c("admin.onboarding.saveStep", "admin", "a step of 8", () => ({ ...ONBOARDING_STEP, step: 8 }), 400, /Step must be a number from 1 to 7/),
  c("admin.onboarding.saveStep", "admin", "a day of 61", () => ({ ...ONBOARDING_STEP, dayOffset: 61 }), 400, /Day must be 60 or earlier/),
  c("admin.onboarding.saveStep", "admin", "a negative day", () => ({ ...ONBOARDING_STEP, dayOffset: -1 }), 400, /Day must be 0/),
  c("admin.onboarding.saveStep", "admin", "an empty subject", () => ({ ...ONBOARDING_STEP, subject: " " }), 400, /Write a subject/),
  c("admin.onboarding.saveStep", "admin", "a subject over 200 characters", () => ({ ...ONBOARDING_STEP, subject: "s".repeat(201) }), 400, /200 characters or fewer/),
  c("admin.onboarding.saveStep", "admin", "an unknown variable in the subject", () => ({ ...ONBOARDING_STEP, subject: "Hi {{firstName}}" }), 400, /Unknown variable \{\{firstName\}\}/),
  c("admin.onboarding.saveStep", "admin", "an unknown variable in the body", () => ({ ...ONBOARDING_STEP, body: "See {{unsubscribeUrl}}" }), 400, /Unknown variable \{\{unsubscribeUrl\}\}/),
  c("admin.onboarding.saveStep", "admin", "stray braces in the body", () => ({ ...ONBOARDING_STEP, body: "Hi {{name}" }), 400, /stray \{\{ or \}\}/),
  c("admin.onboarding.saveStep", "admin", "a body over 10,000 characters", () => ({ ...ONBOARDING_STEP, body: "x".repeat(10_001) }), 400, /10,000 characters or fewer/),
  c("admin.onboarding.saveStep", "admin", "a body containing a NUL character", () => ({ ...ONBOARDING_STEP, body: "Hi\u0000" }), 400, /Body contains a NUL character/),
  c("admin.onboarding.saveStep", "admin", "no enabled flag", () => ({ ...ONBOARDING_STEP, enabled: undefined }), 400, /Enabled must be true or false/),
  c("admin.onboarding.resetStep", "admin", "a step of 9", () => ({ step: 9 }), 400, /Step must be a number from 1 to 7/),
  c("admin.onboarding.resetStep", "admin", "a fractional step", () => ({ step: 1.5 }), 400, /whole number/),
  c("account.setMarketingEmails", "user", "a string instead of a boolean", () => ({ subscribed: "no" }), 400, /Subscribed must be true or false/),
  c("account.unsubscribe", "anon", "an empty token", () => ({ token: "" }), 400, /has no token/),
  c("account.unsubscribe", "anon", "no token at all", () => ({}), 400, /Token is required/),
  c("account.unsubscribe", "anon", "a malformed token", () => ({ token: "not-a-token" }), 400, /malformed/),
  c("account.unsubscribe", "anon", "a forged signature", () => ({ token: `dXNlcg.${"A".repeat(43)}` }), 400, /not valid/),
  c("account.unsubscribe", "anon", "a token over 400 characters", () => ({ token: "a".repeat(401) }), 400, /malformed/),

  // promoter.recruits (issue 14 §6: "Your recruits", paged)
  c("promoter.recruits", "user", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("promoter.recruits", "user", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("promoter.recruits", "user", "a cursor over 64 characters", () => ({ cursor: "c".repeat(65) }), 400, /Cursor is too long/),

  // promoter.promoPosts (issue 14 §4: ready-to-post texts for the promoter's link)
  c("promoter.promoPosts", "user", "an unknown track id", () => ({ trackId: "no-such-track" }), 404, /Track no-such-track is not on sale/),
  c("promoter.promoPosts", "user", "a track the promoter has no link for yet", (f) => ({ trackId: f.track.id }), 404, /You have no link for "Bad Input Track" yet/),
  c("promoter.promoPosts", "user", "a track whose artist turned promoter links off", (f) => ({ trackId: f.noAffiliate.id }), 403, /turned off promoter links/),
  c("promoter.promoPosts", "user", "a source tag with a space", (f) => ({ trackId: f.track.id, sourceTag: "my blog" }), 400, /Use lowercase letters, digits, - and _ in the source tag/),
  c("promoter.promoPosts", "user", "a missing track id", () => ({}), 400, /Track id is required/),
  c("promoter.promoPosts", "user", "a track id containing a NUL character", () => ({ trackId: "a\u0000" }), 400, /Track id contains a NUL character/),

  // artist.savePostTemplate / resetPostTemplate, admin.savePostTemplate / resetPostTemplate
  c("artist.savePostTemplate", "artist", "an unknown network", () => ({ network: "myspace", body: "{{url}}" }), 400, /Network must be one of x, instagram, tiktok, newsletter/),
  c("artist.savePostTemplate", "artist", "an unknown variable", () => ({ network: "x", body: "{{title}} {{buyerEmail}} {{url}}" }), 400, /Unknown variable \{\{buyerEmail\}\}/),
  c("artist.savePostTemplate", "artist", "a template without the link", () => ({ network: "x", body: "{{title}} by {{artist}}" }), 400, /must include \{\{url\}\}/),
  c("artist.savePostTemplate", "artist", "a partial", () => ({ network: "tiktok", body: "{{> footer}} {{url}}" }), 400, /Partials \(\{\{> footer\}\}\) are not supported/),
  c("artist.savePostTemplate", "artist", "a template over 2,000 characters", () => ({ network: "newsletter", body: `{{url}}${"a".repeat(2000)}` }), 400, /2,000 characters or fewer/),
  c("artist.savePostTemplate", "artist", "a blank template", () => ({ network: "x", body: "   " }), 400, /Write the template's text/),
  c("artist.savePostTemplate", "artist", "a template containing a NUL character", () => ({ network: "x", body: "{{url}}\u0000" }), 400, /Template contains a NUL character/),
  c("artist.resetPostTemplate", "artist", "an unknown network", () => ({ network: "fax" }), 400, /Network must be one of/),
  c("admin.savePostTemplate", "admin", "a template that does not parse", () => ({ network: "x", body: "{{#genre}}{{url}}" }), 400, /does not parse: Unclosed section "genre"/),
  c("admin.savePostTemplate", "admin", "an X template over 280 characters before the description", () => ({ network: "x", body: `${"a".repeat(270)} {{url}}` }), 400, /X allows 280 \(a link counts as 23\)/),
  c("admin.savePostTemplate", "admin", "a reason over 500 characters", () => ({ network: "x", body: "{{url}}", reason: "r".repeat(501) }), 400, /500 characters or fewer/),
  c("admin.resetPostTemplate", "admin", "a missing network", () => ({}), 400, /Network must be one of/),

  // promoter.updateProfile
  // account: the settings page
  c("account.update", "user", "an empty name", () => ({ name: " " }), 400, /Enter your name/),
  c("account.update", "user", "a name over 80 characters", () => ({ name: "n".repeat(81) }), 400, /at most 80 characters/),
  c("account.update", "user", "no name at all", () => ({}), 400, /name/i),
  c("account.changePassword", "user", "no current password", () => ({ currentPassword: "", newPassword: "a-new-password" }), 400, /Enter your current password/),
  c("account.changePassword", "user", "a new password of 7 characters", () => ({ currentPassword: "whatever-it-is", newPassword: "short12" }), 400, /at least 8 characters/),
  c("account.changePassword", "user", "the same password again", () => ({ currentPassword: "same-password", newPassword: "same-password" }), 400, /must differ from the current one/),
  c("account.changePassword", "user", "a wrong current password", () => ({ currentPassword: "not-my-password", newPassword: "a-new-password" }), 403, /current password is not correct/),
  c("promoter.updateProfile", "user", "an empty display name", () => ({ displayName: "" }), 400, /Enter a display name/),
  c("promoter.updateProfile", "user", "a display name of only spaces", () => ({ displayName: "   " }), 400, /Enter a display name/),
  c("promoter.updateProfile", "user", "a display name over 60 characters", () => ({ displayName: "d".repeat(61) }), 400, /at most 60 characters/),
  c("promoter.updateProfile", "user", "a display name that is a number", () => ({ displayName: 42 }), 400, /displayName/),
  c("promoter.updateProfile", "user", 'showOnLeaderboard sent as "yes"', () => ({ showOnLeaderboard: "yes" }), 400, /showOnLeaderboard/),
  c("promoter.updateProfile", "user", "a display name containing a NUL character", () => ({ displayName: "x\u0000y" }), 400, /display ?name/i),

  // buyer.discover
  c("buyer.discover", "anon", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("buyer.discover", "anon", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("buyer.discover", "anon", "a negative limit", () => ({ limit: -5 }), 400, /Limit must be at least 1/),
  c("buyer.discover", "anon", "a search over 100 characters", () => ({ query: "q".repeat(101) }), 400, /Search is limited to 100 characters/),
  c("buyer.discover", "anon", "a malformed genre slug", () => ({ genreSlug: "Not A Slug" }), 400, /Slug may contain/),
  c("buyer.discover", "anon", "a cursor that is a number", () => ({ cursor: 7 }), 400, /cursor/),
  c("buyer.discover", "anon", "an input that is not an object", () => "rock", 400, /expected object/),
  c("buyer.discover", "anon", 'an unknown sort "cheapest"', () => ({ sort: "cheapest" }), 400, /Sort must be "new", "popular", "price" or "commission"/),
  c("buyer.discover", "anon", "a search containing a NUL character", () => ({ query: "a\u0000b" }), 400, /search|query/i),
  c("buyer.discover", "anon", "a cursor containing a NUL character", () => ({ cursor: "abc\u0000def" }), 400, /Cursor contains a NUL character/),
  c("buyer.discover", "anon", "a cursor containing an escape character", () => ({ cursor: "\u001b[2J" }), 400, /Cursor contains a control character/),

  // buyer.trackBySlug
  c("buyer.trackBySlug", "anon", "a slug with spaces and punctuation", () => ({ slug: "Bad Slug!" }), 400, /Slug may contain lowercase letters, digits and single dashes/),
  c("buyer.trackBySlug", "anon", "a slug with a double dash", () => ({ slug: "double--dash" }), 400, /single dashes/),
  c("buyer.trackBySlug", "anon", "an empty slug", () => ({ slug: "" }), 400, /Slug is required/),
  c("buyer.trackBySlug", "anon", "a slug over 120 characters", () => ({ slug: "a".repeat(121) }), 400, /Slug is too long/),
  c("buyer.trackBySlug", "anon", "a missing slug", () => ({}), 400, /slug/),
  c("buyer.trackBySlug", "anon", "an unknown slug", () => ({ slug: "no-such-track" }), 404, /No track at \/t\/no-such-track/),
  c("buyer.trackBySlug", "anon", "an unpublished track's slug", (f) => ({ slug: f.unpublished.slug }), 404, /No track at/),
  c("buyer.trackBySlug", "anon", "a deleted track's slug", (f) => ({ slug: f.deleted.slug }), 404, /No track at/),

  // buyer.startCheckout
  c("buyer.startCheckout", "anon", "a malformed email", checkoutWith({ buyerEmail: "not-an-email" }), 400, /Enter a valid email address/),
  c("buyer.startCheckout", "anon", "an email without a domain", checkoutWith({ buyerEmail: "buyer@" }), 400, /Enter a valid email address/),
  c("buyer.startCheckout", "anon", "a missing email", checkoutWith({ buyerEmail: undefined }), 400, /buyerEmail|email/i),
  c("buyer.startCheckout", "anon", "a malformed slug", checkoutWith({ slug: "Not/A/Slug" }), 400, /Slug may contain/),
  c("buyer.startCheckout", "anon", "an unknown slug", checkoutWith({ slug: "no-such-track" }), 404, /No track on sale at \/t\/no-such-track/),
  c("buyer.startCheckout", "anon", "an unpublished track", (f) => ({ slug: f.unpublished.slug, buyerEmail: "buyer@example.com" }), 404, /No track on sale/),
  c("buyer.startCheckout", "anon", "a deleted track", (f) => ({ slug: f.deleted.slug, buyerEmail: "buyer@example.com" }), 404, /No track on sale/),
  c("buyer.startCheckout", "anon", "an unknown product kind", checkoutWith({ product: "album" }), 400, /Product must be "track" or "release"/),
  c("buyer.startCheckout", "anon", "a draft release", (f) => ({ product: "release", slug: f.draftRelease.slug, buyerEmail: "buyer@example.com" }), 404, /No release on sale at \/r\//),
  c("buyer.startCheckout", "anon", "a track's slug as a release", (f) => ({ product: "release", slug: f.track.slug, buyerEmail: "buyer@example.com" }), 404, /No release on sale/),
  c("buyer.startCheckout", "anon", "a negative amount", checkoutWith({ amountCents: -1 }), 400, /amountCents/),
  c("buyer.startCheckout", "anon", "an amount of 12.5 cents", checkoutWith({ amountCents: 12.5 }), 400, /Amount must be a whole number of cents/),
  c("buyer.startCheckout", "anon", "an amount above 100000 cents", checkoutWith({ amountCents: 100_001 }), 400, /Amount must be at most 100000 cents/),
  c("buyer.startCheckout", "anon", "a pay-what-you-want amount below the artist's $3.00 minimum", checkoutWith({ amountCents: 299 }), 400, /Pay at least \$3\.00/),
  c("buyer.startCheckout", "anon", "an unknown discount code", checkoutWith({ discountCode: "BOGUS" }), 400, /Unknown discount code "BOGUS"/),
  c("buyer.startCheckout", "anon", "a discount code over 40 characters", checkoutWith({ discountCode: "D".repeat(41) }), 400, /discountCode/),
  c("buyer.startCheckout", "anon", "a buyer name over 80 characters", checkoutWith({ buyerName: "n".repeat(81) }), 400, /Name must be at most 80 characters/),
  c("buyer.startCheckout", "anon", "a buyer name containing a NUL character", checkoutWith({ buyerName: "n\u0000n" }), 400, /name/i),
  c("buyer.startCheckout", "anon", "contact sharing that is not true or false", checkoutWith({ shareContactWithArtist: "yes" }), 400, /Sharing your contact must be true or false/),

  // buyer.purchaseStatus
  c("buyer.purchaseStatus", "anon", "a token that is too short", () => ({ token: "short" }), 400, /That download link is malformed/),
  c("buyer.purchaseStatus", "anon", "a token with characters outside base64url", () => ({ token: "!".repeat(40) }), 400, /That download link is malformed/),
  c("buyer.purchaseStatus", "anon", "a token over 64 characters", () => ({ token: "a".repeat(65) }), 400, /That download link is malformed/),
  c("buyer.purchaseStatus", "anon", "a token that is a number", () => ({ token: 12345 }), 400, /token/),
  c("buyer.purchaseStatus", "anon", "a missing token", () => ({}), 400, /token/),
  c("buyer.purchaseStatus", "anon", "a token containing a NUL character", () => ({ token: "a".repeat(40) + "\u0000" }), 400, /That download link is malformed/),
  c("buyer.purchaseStatus", "anon", "a well-formed token that matches no purchase", () => ({ token: "a".repeat(43) }), 404, /No purchase matches this link/),

  // admin.sales
  c("admin.sales", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("admin.sales", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("admin.sales", "admin", 'an unknown status "PAID"', () => ({ status: "PAID" }), 400, /status/),
  c("admin.sales", "admin", "a cursor over 64 characters", () => ({ cursor: TOO_LONG_ID }), 400, /cursor/),
  c("admin.sales", "admin", "a cursor containing a NUL character", () => ({ cursor: "c\u0000" }), 400, /Cursor contains a NUL character/),

  // leaderboard.topPromoters (its limit allows up to 100)
  c("leaderboard.topPromoters", "anon", 'an unknown period "year"', () => ({ period: "year" }), 400, /period/),
  c("leaderboard.topPromoters", "anon", "a limit of 0", () => ({ limit: 0 }), 400, /limit/),
  c("leaderboard.topPromoters", "anon", "a limit of 101", () => ({ limit: 101 }), 400, /limit/),
  c("leaderboard.topPromoters", "anon", "a limit of 2.5", () => ({ limit: 2.5 }), 400, /limit/),
  c("leaderboard.topPromoters", "anon", 'an unknown metric "clicks"', () => ({ metric: "clicks" }), 400, /metric/),
  c("leaderboard.myPosition", "user", 'an unknown period "year"', () => ({ period: "year" }), 400, /period/),
  c("leaderboard.myPosition", "user", 'an unknown metric "clicks"', () => ({ metric: "clicks" }), 400, /metric/),
  c("leaderboard.myPosition", "user", "an input that is not an object", () => "week", 400, /expected object/),
  // leaderboard.top (public) and leaderboard.me (the caller's own place), issue 13 §4
  c("leaderboard.top", "anon", 'an unknown period "year"', () => ({ period: "year", metric: "sales" }), 400, /Period must be one of today, week, month, lastMonth, all/),
  c("leaderboard.top", "anon", "no period", () => ({ metric: "sales" }), 400, /Period must be one of/),
  c("leaderboard.top", "anon", 'an unknown metric "revenue"', () => ({ period: "week", metric: "revenue" }), 400, /Metric must be one of sales, earnings, conversion, clicks/),
  c("leaderboard.top", "anon", "a limit of 0", () => ({ period: "week", metric: "sales", limit: 0 }), 400, /Limit must be at least 1/),
  c("leaderboard.top", "anon", "a limit of 101", () => ({ period: "week", metric: "sales", limit: 101 }), 400, /Limit must be at most 100/),
  c("leaderboard.top", "anon", "a limit of 2.5", () => ({ period: "week", metric: "sales", limit: 2.5 }), 400, /Limit must be a whole number/),
  c("leaderboard.top", "anon", "an unknown scope type", () => ({ period: "week", metric: "sales", scope: { type: "label" } }), 400, /Scope must be \{ type: "platform" \}/),
  c("leaderboard.top", "anon", "an artist scope without an artist id", () => ({ period: "week", metric: "sales", scope: { type: "artist" } }), 400, /Artist id/),
  c("leaderboard.top", "anon", "a track id over 64 characters", () => ({ period: "week", metric: "sales", scope: { type: "track", trackId: TOO_LONG_ID } }), 400, /Track id is too long/),
  c("leaderboard.top", "anon", "an artist that does not exist", () => ({ period: "all", metric: "sales", scope: { type: "artist", artistId: "no-such-artist" } }), 404, /Artist no-such-artist does not exist/),
  c("leaderboard.top", "anon", "an unpublished track", (f) => ({ period: "all", metric: "sales", scope: { type: "track", trackId: f.unpublished.id } }), 404, /does not exist or is not on sale/),
  c("leaderboard.top", "anon", "a deleted track", (f) => ({ period: "all", metric: "sales", scope: { type: "track", trackId: f.deleted.id } }), 404, /does not exist or is not on sale/),
  c("leaderboard.me", "user", 'an unknown period "year"', () => ({ period: "year", metric: "sales" }), 400, /Period must be one of/),
  c("leaderboard.me", "user", 'an unknown metric "revenue"', () => ({ period: "week", metric: "revenue" }), 400, /Metric must be one of/),
  c("leaderboard.me", "user", "an input that is not an object", () => "week", 400, /expected object/),
  c("leaderboard.me", "user", "an unpublished track", (f) => ({ period: "all", metric: "sales", scope: { type: "track", trackId: f.unpublished.id } }), 404, /does not exist or is not on sale/),

  // discount.validate
  c("discount.validate", "anon", "an empty code", () => ({ code: "" }), 400, /Enter a code/),
  c("discount.validate", "anon", "an unknown product kind", () => ({ code: "X", product: "ep" }), 400, /Product must be "track" or "release"/),
  c("discount.validate", "anon", "a code of only spaces", () => ({ code: "   " }), 400, /Enter a code/),
  c("discount.validate", "anon", "a licence tier id over 64 characters", () => ({ code: "X", licenseTierId: TOO_LONG_ID }), 400, /id is too long/i),
  c("discount.validate", "anon", "a code over 40 characters", () => ({ code: "C".repeat(41) }), 400, /Codes are at most 40 characters/),
  c("discount.validate", "anon", "a code that is a number", () => ({ code: 10 }), 400, /code/),
  c("discount.validate", "anon", "a missing code", () => ({}), 400, /code/),
  c("discount.validate", "anon", "a code containing a NUL character", () => ({ code: "SAVE\u0000" }), 400, /Code contains a NUL character/),
  c("discount.validate", "anon", "a negative amount", () => ({ code: "SAVE10", amountCents: -1 }), 400, /Amount cannot be negative/),
  c("discount.create", "admin", "a code with a space", () => ({ code: "SAVE 10", type: "PERCENT", value: 1000, scope: "PLATFORM" }), 400, /A code is 3 to 32 letters, digits or -/),
  c("discount.create", "admin", "more than 100 %", () => ({ code: "SAVE10", type: "PERCENT", value: 10_001, scope: "PLATFORM" }), 400, /A percentage is 1 to 10,000 basis points/),
  c("discount.create", "admin", "a fixed discount of 0", () => ({ code: "SAVE10", type: "FIXED", value: 0, scope: "PLATFORM" }), 400, /A fixed discount is 1 cent to \$1,000\.00/),
  c("discount.create", "admin", "chosen tracks but none chosen", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "TRACKS" }), 400, /Choose at least one track/),
  c("discount.create", "admin", "an end before the start", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "PLATFORM", startsAt: "2027-01-02", expiresAt: "2027-01-01" }), 400, /The code must expire after it starts/),
  c("discount.create", "admin", "an unknown scope", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "WORLD" }), 400, /Choose where the code applies/),
  c("discount.create", "admin", "an artist scope without the artist", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "ARTIST" }), 400, /Choose the artist whose tracks the code covers/),
  c("discount.create", "user", "a code by someone neither artist nor admin", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "ARTIST" }), 403, /Only artists and admins create discount codes/),
  c("discount.create", "artist", "a platform-wide code by an artist", () => ({ code: "SAVE10", type: "FIXED", value: 100, scope: "PLATFORM" }), 403, /Only admins create platform-wide codes/),
  c("discount.update", "admin", "nothing to change", () => ({ id: "x" }), 400, /Change at least one field/),
  c("discount.update", "admin", "a code that does not exist", () => ({ id: "no-such-code", status: "PAUSED" }), 404, /Discount code no-such-code does not exist/),
  c("discount.update", "admin", 'an unknown status "EXPIRED"', () => ({ id: "x", status: "EXPIRED" }), 400, /Activate, pause or archive the code/),
  c("discount.create", "admin", "a REPEATING duration without months", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "REPEATING" }), 400, /Duration months is required for a REPEATING duration/),
  c("discount.create", "admin", "0 duration months", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "REPEATING", durationMonths: 0 }), 400, /Duration months must be at least 1/),
  c("discount.create", "admin", "37 duration months", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "REPEATING", durationMonths: 37 }), 400, /Duration months must be at most 36/),
  c("discount.create", "admin", "fractional duration months", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "REPEATING", durationMonths: 2.5 }), 400, /Duration months must be a whole number/),
  c("discount.create", "admin", "duration months with FOREVER", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "FOREVER", durationMonths: 3 }), 400, /Duration months is only for a REPEATING duration/),
  c("discount.create", "admin", "duration months without a duration", () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", durationMonths: 3 }), 400, /Duration months is only for a REPEATING duration/),
  c("discount.create", "admin", 'a lower-case duration "once"', () => ({ code: "SAVE10", type: "PERCENT", value: 1000, scope: "PLATFORM", duration: "once" }), 400, /Duration must be ONCE, REPEATING or FOREVER/),
  c("discount.update", "admin", "duration months without the duration", () => ({ id: "x", durationMonths: 6 }), 400, /Duration months is sent with the duration/),
  c("discount.update", "admin", "a REPEATING duration without months", () => ({ id: "x", duration: "REPEATING" }), 400, /Duration months is required for a REPEATING duration/),
  c("discount.update", "admin", "a duration for a code that does not exist", () => ({ id: "no-such-code", duration: "FOREVER" }), 404, /Discount code no-such-code does not exist/),
  c("discount.list", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("discount.list", "user", "codes by someone neither artist nor admin", () => ({}), 403, /Only artists and admins manage codes/),
  c("promoter.claimCode", "user", "a code with a space", () => ({ code: "MY CODE", percentBps: 500 }), 400, /A code is 3 to 32 letters, digits or -/),
  c("promoter.claimCode", "user", "under 1 %", () => ({ code: "MYCODE", percentBps: 50 }), 400, /A code gives at least 1 % off/),
  c("promoter.claimCode", "user", "above the program's maximum", () => ({ code: "MYCODE", percentBps: 2000 }), 400, /A personal code gives at most 10% off/),
  c("promoter.claimCode", "user", "a fractional rate", () => ({ code: "MYCODE", percentBps: 500.5 }), 400, /whole basis points/),
  c("promoter.setCodeStatus", "user", "an unknown status", () => ({ status: "ARCHIVED" }), 400, /Resume or pause the code/),
  c("promoter.setCodeStatus", "user", "no code claimed yet", () => ({ status: "PAUSED" }), 404, /You have no personal code yet/),
  c("discount.validate", "anon", "a malformed track slug", () => ({ code: "SAVE10", slug: "Bad Slug" }), 400, /Slug may contain/),

  // campaign.* (issue 12 §3): artists and admins; campaign.live is public
  c("campaign.create", "admin", "neither a boost nor a discount", () => ({ ...CAMPAIGN, commissionBps: undefined }), 400, /Give the campaign a commission boost, a discount, or both/),
  c("campaign.create", "admin", "a boost above 50 %", () => ({ ...CAMPAIGN, commissionBps: 5001 }), 400, /Commission is at most 5000 basis points \(50 %\)/),
  c("campaign.create", "admin", "a boost of 40.5 bps", () => ({ ...CAMPAIGN, commissionBps: 40.5 }), 400, /Commission must be whole basis points/),
  c("campaign.create", "admin", "a discount above 100 %", () => ({ ...CAMPAIGN, discountBps: 10_001 }), 400, /Discount is at most 10000 basis points/),
  c("campaign.create", "admin", "an end before the start", () => ({ ...CAMPAIGN, startsAt: "2099-01-03T00:00:00Z", endsAt: "2099-01-01T00:00:00Z" }), 400, /The campaign must end after it starts/),
  c("campaign.create", "admin", "an end in the past", () => ({ ...CAMPAIGN, startsAt: "2020-01-01T00:00:00Z", endsAt: "2020-01-02T00:00:00Z" }), 400, /The campaign must end in the future/),
  c("campaign.create", "admin", "more than 90 days", () => ({ ...CAMPAIGN, endsAt: "2099-06-01T00:00:00Z" }), 400, /A campaign lasts at most 90 days/),
  c("campaign.create", "admin", "a start that is not a date", () => ({ ...CAMPAIGN, startsAt: "soon" }), 400, /Start: enter a date and time/),
  c("campaign.create", "admin", "chosen tracks but none chosen", () => ({ ...CAMPAIGN, scope: "TRACKS" }), 400, /Choose at least one track/),
  c("campaign.create", "admin", "an unknown scope", () => ({ ...CAMPAIGN, scope: "WORLD" }), 400, /Choose where the campaign applies/),
  c("campaign.create", "admin", "an artist scope without the artist", () => ({ ...CAMPAIGN, scope: "ARTIST" }), 400, /Choose the artist whose tracks the campaign covers/),
  c("campaign.create", "admin", "an unknown artist", () => ({ ...CAMPAIGN, scope: "ARTIST", artistId: "no-such-artist" }), 400, /No such artist: no-such-artist/),
  c("campaign.create", "admin", "an unknown track", () => ({ ...CAMPAIGN, scope: "TRACKS", trackIds: ["no-such-track"] }), 400, /No such track: no-such-track/),
  c("campaign.create", "admin", "a name containing a NUL character", () => ({ ...CAMPAIGN, name: "Boost\u0000" }), 400, /Name contains a NUL character/),
  c("campaign.create", "admin", "an empty name", () => ({ ...CAMPAIGN, name: "  " }), 400, /Name the campaign/),
  c("campaign.create", "user", "a campaign by someone neither artist nor admin", () => ({ ...CAMPAIGN, scope: "ARTIST" }), 403, /Only artists and admins run campaigns/),
  c("campaign.create", "artist", "a platform-wide campaign by an artist", () => CAMPAIGN, 403, /Only admins run platform-wide campaigns/),
  c("campaign.create", "artist", "another artist's track", (f) => ({ ...CAMPAIGN, scope: "TRACKS", trackIds: [f.otherTrack.id] }), 403, /You can only run campaigns on your own tracks/),
  c("campaign.create", "artist", "another artist's catalogue", (f) => ({ ...CAMPAIGN, scope: "ARTIST", artistId: f.otherTrack.artistId }), 403, /You can only run campaigns on your own tracks/),
  c("campaign.update", "admin", "nothing to change", () => ({ id: "x" }), 400, /Change at least one field/),
  c("campaign.update", "admin", "a campaign that does not exist", () => ({ id: "no-such-campaign", name: "New name" }), 404, /Campaign no-such-campaign does not exist/),
  c("campaign.update", "admin", "a boost above 50 %", () => ({ id: "x", commissionBps: 6000 }), 400, /Commission is at most 5000 basis points/),
  c("campaign.update", "user", "someone neither artist nor admin", () => ({ id: "x", name: "New name" }), 403, /Only artists and admins manage campaigns/),
  c("campaign.action", "admin", 'an unknown action "start"', () => ({ id: "x", action: "start" }), 400, /Action must be "schedule" or "cancel"/),
  c("campaign.action", "admin", "a campaign that does not exist", () => ({ id: "no-such-campaign", action: "cancel" }), 404, /Campaign no-such-campaign does not exist/),
  c("campaign.action", "admin", "a campaign id over 64 characters", () => ({ id: TOO_LONG_ID, action: "cancel" }), 400, /Campaign id is too long/),
  c("campaign.action", "artist", "a campaign that is not the artist's", () => ({ id: "no-such-campaign", action: "schedule" }), 404, /Campaign no-such-campaign does not exist/),
  c("campaign.list", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("campaign.list", "admin", 'an unknown status "LIVE"', () => ({ status: "LIVE" }), 400, /Unknown campaign status/),
  c("campaign.list", "user", "campaigns of someone neither artist nor admin", () => ({}), 403, /Only artists and admins manage campaigns/),
  c("campaign.stats", "admin", "a campaign that does not exist", () => ({ id: "no-such-campaign" }), 404, /Campaign no-such-campaign does not exist/),
  c("campaign.stats", "admin", "a missing id", () => ({}), 400, /id/),
  c("campaign.stats", "user", "someone neither artist nor admin", () => ({ id: "x" }), 403, /Only artists and admins manage campaigns/),
  c("campaign.live", "anon", "a track id over 64 characters", () => ({ trackId: TOO_LONG_ID }), 400, /Track id is too long/),
  c("campaign.live", "anon", "a track id containing a NUL character", () => ({ trackId: "t\u0000" }), 400, /Track id contains a NUL character/),
  c("campaign.live", "anon", "an artist id that is a number", () => ({ artistId: 7 }), 400, /artistId/),
  c("campaign.live", "anon", "an input that is not an object", () => "all", 400, /expected object/),

  // buyer.resendReceipt
  c("buyer.resendReceipt", "anon", "a malformed token", () => ({ token: "short" }), 400, /malformed/),
  c("buyer.prepareFormat", "anon", "a malformed token", () => ({ token: "short", format: "flac" }), 400, /malformed/),
  c("buyer.prepareFormat", "anon", "an unknown format", () => ({ token: "t".repeat(43), format: "ogg" }), 400, /Format must be "mp3_320", "aac_256" or "flac"/),
  c("buyer.prepareFormat", "anon", "the original (nothing to make)", () => ({ token: "t".repeat(43), format: "original" }), 400, /Format must be/),
  c("buyer.prepareFormat", "anon", "a token that matches no purchase", () => ({ token: "t".repeat(43), format: "flac" }), 404, /This download link is not valid/),
  c("buyer.resendReceipt", "anon", "a token that matches no purchase", () => ({ token: "t".repeat(43) }), 404, /No purchase matches/),

  // money: ledger and payout history paging (promoter and artist share the procedures)
  c("promoter.ledger", "user", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("promoter.ledger", "user", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("promoter.payouts", "user", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("artist.ledger", "artist", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("promoter.ledger", "user", "an unknown account", () => ({ account: "savings" }), 400, /Account must be "payable" or "pending"/),
  c("artist.payouts", "artist", "a limit given as text", () => ({ limit: "ten" }), 400, /limit/),
  c("promoter.requestPayout", "user", "a request before Connect onboarding", () => undefined, 403, /Connect onboarding/),
  c("promoter.connectDashboardLink", "user", "a dashboard link before onboarding", () => undefined, 404, /no Stripe account yet/),
  // catalog subscriptions (issue 16 §3): the offer, sign-up, managing one's own; the artist's plan
  c("subscription.planForArtist", "anon", "a slug with spaces and punctuation", () => ({ artistSlug: "Bad Slug!" }), 400, /Slug may contain lowercase letters, digits and single dashes/),
  c("subscription.planForArtist", "anon", "a missing artist slug", () => ({}), 400, /artistSlug/),
  c("subscription.planForArtist", "anon", "an unknown artist", () => ({ artistSlug: "no-such-artist" }), 404, /No artist at \/a\/no-such-artist/),
  c("subscription.start", "user", "a weekly interval", () => ({ artistSlug: "no-such-artist", interval: "week" }), 400, /Interval must be month or year/),
  c("subscription.start", "user", "a missing interval", () => ({ artistSlug: "no-such-artist" }), 400, /Interval must be month or year/),
  c("subscription.start", "user", "a slug with spaces", () => ({ artistSlug: "Bad Slug!", interval: "month" }), 400, /Slug may contain lowercase letters/),
  c("subscription.start", "user", "a one-letter code", () => ({ artistSlug: "no-such-artist", interval: "month", code: "x" }), 400, /A code is 3 to 32 letters, digits or -/),
  c("subscription.start", "user", "a NUL in the code", () => ({ artistSlug: "no-such-artist", interval: "month", code: "AB\u0000C" }), 400, /Code/),
  c("subscription.start", "user", "an unknown artist", () => ({ artistSlug: "no-such-artist", interval: "month" }), 404, /No artist at \/a\/no-such-artist/),
  c("subscription.cancel", "user", "a missing subscription id", () => ({}), 400, /Subscription id is required/),
  c("subscription.cancel", "user", "a 65-character subscription id", () => ({ subscriptionId: "x".repeat(65) }), 400, /Subscription id is too long/),
  c("subscription.cancel", "user", "an unknown subscription id", () => ({ subscriptionId: "nope" }), 404, /Subscription nope was not found among your subscriptions/),
  c("subscription.portal", "user", "a missing subscription id", () => ({}), 400, /Subscription id is required/),
  c("subscription.portal", "user", "an unknown subscription id", () => ({ subscriptionId: "nope" }), 404, /Subscription nope was not found among your subscriptions/),
  c("artist.subscriptionPlan", "user", "no artist profile", () => undefined, 403, /Create your artist profile first/),
  c("artist.saveSubscriptionPlan", "user", "no artist profile", () => ({ monthlyPriceCents: 500 }), 403, /Create your artist profile first/),
  c("artist.saveSubscriptionPlan", "artist", "a missing monthly price", () => ({}), 400, /Monthly price is required/),
  c("artist.saveSubscriptionPlan", "artist", "a monthly price of 49 cents", () => ({ monthlyPriceCents: 49 }), 400, /Monthly price must be at least \$0\.50/),
  c("artist.saveSubscriptionPlan", "artist", "a monthly price over $1,000", () => ({ monthlyPriceCents: 100_001 }), 400, /Monthly price must be at most \$1,000\.00/),
  c("artist.saveSubscriptionPlan", "artist", "a fractional monthly price", () => ({ monthlyPriceCents: 5.5 }), 400, /Monthly price must be whole cents/),
  c("artist.saveSubscriptionPlan", "artist", "a monthly price given as text", () => ({ monthlyPriceCents: "500" }), 400, /Monthly price must be a number of cents/),
  c("artist.saveSubscriptionPlan", "artist", "a yearly price of 49 cents", () => ({ monthlyPriceCents: 500, yearlyPriceCents: 49 }), 400, /Yearly price must be at least \$0\.50/),
  c("artist.saveSubscriptionPlan", "artist", "a yearly price of twelve months", () => ({ monthlyPriceCents: 500, yearlyPriceCents: 6000 }), 400, /Yearly price must be less than twelve monthly payments/),
  c("artist.saveSubscriptionPlan", "artist", "a commission of 999 bps", () => ({ monthlyPriceCents: 500, commissionBps: 999 }), 400, /Commission must be at least 10%/),
  c("artist.saveSubscriptionPlan", "artist", "a commission of 5001 bps", () => ({ monthlyPriceCents: 500, commissionBps: 5001 }), 400, /Commission must be at most 50%/),
  c("artist.saveSubscriptionPlan", "artist", "a fractional commission", () => ({ monthlyPriceCents: 500, commissionBps: 2000.5 }), 400, /Commission must be a whole number of basis points/),
  c("artist.saveSubscriptionPlan", "artist", "0 commission months", () => ({ monthlyPriceCents: 500, commissionMonths: 0 }), 400, /Commission months must be at least 1/),
  c("artist.saveSubscriptionPlan", "artist", "121 commission months", () => ({ monthlyPriceCents: 500, commissionMonths: 121 }), 400, /Commission months must be at most 120/),
  c("artist.saveSubscriptionPlan", "artist", "1.5 commission months", () => ({ monthlyPriceCents: 500, commissionMonths: 1.5 }), 400, /Commission months must be a whole number of months/),
  c("artist.saveSubscriptionPlan", "artist", "commission months as text", () => ({ monthlyPriceCents: 500, commissionMonths: "3" }), 400, /Commission months must be a number of months/),
  c("artist.saveSubscriptionPlan", "artist", "active not a boolean", () => ({ monthlyPriceCents: 500, active: "yes" }), 400, /Active must be true or false/),

  // a label's money (issue 16 §5): the same procedures, for a user with a label only
  c("label.earnings", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.ledger", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.payouts", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.payoutEligibility", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.requestPayout", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.connectStatus", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.startConnectOnboarding", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.refreshConnect", "user", "no label yet", () => undefined, 403, /create your label first/),
  c("label.connectDashboardLink", "user", "no label yet", () => undefined, 403, /create your label first/),

  // labels (issue 16 §5): the label's side, the invited artist's side
  c("label.create", "user", "an empty label name", () => ({ name: "" }), 400, /Enter your label's name/),
  c("label.create", "user", "a label name of only spaces", () => ({ name: "   " }), 400, /Enter your label's name/),
  c("label.create", "user", "an 81-character label name", () => ({ name: "x".repeat(81) }), 400, /Label name must be at most 80 characters/),
  c("label.create", "user", "a NUL in the label name", () => ({ name: "A\u0000B" }), 400, /Label name/),
  c("label.invite", "user", "a missing artist", () => ({ labelShareBps: 3000 }), 400, /Artist is required/),
  c("label.invite", "user", "a missing share", () => ({ artist: "other-artist" }), 400, /Label share is required/),
  c("label.invite", "user", "a share of 0 bps", () => ({ artist: "other-artist", labelShareBps: 0 }), 400, /at least 0.01%/),
  c("label.invite", "user", "a share above 100%", () => ({ artist: "other-artist", labelShareBps: 10001 }), 400, /at most 100%/),
  c("label.invite", "user", "a fractional share", () => ({ artist: "other-artist", labelShareBps: 12.5 }), 400, /whole number of basis points/),
  c("label.invite", "user", "a start day that does not exist", () => ({ artist: "other-artist", labelShareBps: 3000, startsOn: "2027-02-30" }), 400, /Start date must be a real day/),
  c("label.invite", "user", "an end before the start", () => ({ artist: "other-artist", labelShareBps: 3000, startsOn: "2027-03-01", endsOn: "2027-02-28" }), 400, /End date must be on or after the start date/),
  c("label.invite", "user", "canManage not a boolean", () => ({ artist: "other-artist", labelShareBps: 3000, canManage: "yes" }), 400, /Can manage must be true or false/),
  c("label.invite", "user", "no label yet", () => ({ artist: "other-artist", labelShareBps: 3000 }), 403, /create your label first/),
  c("label.accept", "artist", "a missing contract id", () => ({}), 400, /Contract id is required/),
  c("label.accept", "artist", "an unknown contract id", () => ({ contractId: "nope" }), 404, /not found among your contracts/),
  c("label.decline", "artist", "a missing contract id", () => ({}), 400, /Contract id is required/),
  c("label.decline", "artist", "an unknown contract id", () => ({ contractId: "nope" }), 404, /not found among your contracts/),
  c("label.withdraw", "user", "a missing contract id", () => ({}), 400, /Contract id is required/),
  c("label.withdraw", "user", "an unknown contract id", () => ({ contractId: "nope" }), 404, /not found among your contracts/),
  c("label.end", "user", "a missing contract id", () => ({}), 400, /Contract id is required/),
  c("label.end", "user", "a 65-character contract id", () => ({ contractId: "x".repeat(65) }), 400, /Contract id is too long/),
  c("label.end", "artist", "an unknown contract id", () => ({ contractId: "nope" }), 404, /not found among your contracts/),
  c("label.canActFor", "user", "a missing artist id", () => ({}), 400, /Artist id is required/),
  c("label.canActFor", "user", "no label", () => ({ artistId: "x" }), 403, /You have no label/),
  c("label.roster", "user", "no label", () => undefined, 403, /create your label first/),
  c("label.stats", "user", "no label", () => undefined, 403, /create your label first/),
  c("label.myContracts", "user", "no artist profile", () => undefined, 403, /has no artist profile/),

  // admin money tools
  c("admin.refundSale", "admin", "a missing sale id", () => ({}), 400, /saleId/),
  c("admin.refundSale", "admin", "an amount of 0 cents", () => ({ saleId: "x", amountCents: 0 }), 400, /Amount must be positive/),
  c("admin.refundSale", "admin", "an amount of 2.5 cents", () => ({ saleId: "x", amountCents: 2.5 }), 400, /whole cents/),
  c("admin.refundSale", "admin", "an unknown sale", () => ({ saleId: "no-such-sale" }), 404, /does not exist/),
  c("admin.refundSale", "admin", "a sale id containing a NUL character", () => ({ saleId: "s\u0000" }), 400, /Id contains a NUL character/),
  c("admin.sandboxOpenDispute", "admin", "a sale id containing a NUL character", () => ({ saleId: "s\u0000" }), 400, /Id contains a NUL character/),
  c("admin.payouts", "admin", 'an unknown status "LOST"', () => ({ status: "LOST" }), 400, /status/),
  c("admin.reconcilePayouts", "admin", "a negative age", () => ({ olderThanSeconds: -1 }), 400, /olderThanSeconds/),
  c("admin.setSandboxTransferMode", "admin", 'an unknown mode "explode"', () => ({ mode: "explode" }), 400, /mode/),
  c("admin.sandboxOpenDispute", "admin", "a sale without a payment", () => ({ saleId: "no-such-sale" }), 400, /no payment to dispute/),
  c("admin.sandboxCloseDispute", "admin", 'an unknown outcome "draw"', () => ({ disputeId: "dp_x", outcome: "draw" }), 400, /outcome/),
  c("admin.sandboxCloseDispute", "admin", "a dispute that does not exist", () => ({ disputeId: "dp_sandbox_nope", outcome: "won" }), 404, /dispute/i),
  c("admin.sandboxCloseDispute", "admin", "a dispute id containing a NUL character", () => ({ disputeId: "dp_\u0000", outcome: "won" }), 400, /Dispute id contains a NUL character/),
  c("admin.sandboxRenewSubscription", "admin", "a missing subscription id", () => ({}), 400, /Subscription id is required/),
  c("admin.sandboxRenewSubscription", "admin", "an empty subscription id", () => ({ subscriptionId: "" }), 400, /Subscription id is required/),
  c("admin.sandboxRenewSubscription", "admin", "a subscription id of 65 characters", () => ({ subscriptionId: TOO_LONG_ID }), 400, /Subscription id is too long/),
  c("admin.sandboxRenewSubscription", "admin", "a subscription id containing a NUL character", () => ({ subscriptionId: "s\u0000" }), 400, /Subscription id contains a NUL character/),
  c("admin.sandboxRenewSubscription", "admin", "a subscription that does not exist", () => ({ subscriptionId: "no-such-subscription" }), 404, /no such subscription/),
  c("admin.sandboxSetCardDeclines", "admin", 'declines given as the string "yes"', () => ({ subscriptionId: "x", declines: "yes" }), 400, /Declines must be true or false/),
  c("admin.sandboxSetCardDeclines", "admin", "a missing declines", () => ({ subscriptionId: "x" }), 400, /Declines must be true or false/),
  c("admin.sandboxSetCardDeclines", "admin", "a missing subscription id", () => ({ declines: true }), 400, /Subscription id is required/),
  c("admin.sandboxSetCardDeclines", "admin", "a subscription id containing a NUL character", () => ({ subscriptionId: "s\u0000", declines: true }), 400, /Subscription id contains a NUL character/),
  c("admin.sandboxSetCardDeclines", "admin", "a subscription that does not exist", () => ({ subscriptionId: "no-such-subscription", declines: true }), 404, /Cannot set the card of subscription no-such-subscription: no such subscription/),
  // jobs (admin jobs page)
  c("jobs.failed", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("jobs.failed", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("jobs.failed", "admin", "a cursor that is not a job id", () => ({ limit: 10, cursor: "not-a-uuid" }), 400, /Job id must be a UUID/),
  c("jobs.failed", "admin", "a queue name with spaces and quotes", () => ({ limit: 10, queue: "email deliver'" }), 400, /Queue name may contain letters, digits/),
  c("jobs.failed", "admin", "a queue name containing a NUL character", () => ({ limit: 10, queue: "email\u0000" }), 400, /Queue name contains a NUL character/),
  c("jobs.retry", "admin", "a missing job id", () => ({ queue: "email.deliver" }), 400, /id/),
  c("jobs.retry", "admin", "a job id that is not a UUID", () => ({ queue: "email.deliver", id: "123" }), 400, /Job id must be a UUID/),
  c("jobs.retry", "admin", "an empty queue name", () => ({ queue: "", id: JOB_ID }), 400, /Queue name is required/),
  c("jobs.retry", "admin", "a job that does not exist", () => ({ queue: "email.deliver", id: JOB_ID }), 404, /Job 00000000-0000-4000-8000-000000000000 was not found in queue email\.deliver/),
  c("jobs.retryEmail", "admin", "a missing email id", () => ({}), 400, /id/),
  c("jobs.retryEmail", "admin", "an email id over 64 characters", () => ({ id: TOO_LONG_ID }), 400, /Id is too long/),
  c("jobs.retryEmail", "admin", "an email that does not exist", () => ({ id: "no-such-email" }), 404, /Email no-such-email was not found in the outbox/),
  // admin.settings and admin.audit (issue 11 §1, §5)
  c("admin.settings.update", "admin", "a platform fee above 50 %", () => ({ values: { platformFeeBps: 6000 }, reason: "raise the fee" }), 400, /Platform fee must be at most 5,000 bps/),
  c("admin.settings.update", "admin", "a negative holding period", () => ({ values: { holdDays: -1 }, reason: "shorter holds" }), 400, /Holding period must be at least 0 days/),
  c("admin.settings.update", "admin", "a fractional payout minimum", () => ({ values: { payoutMinimumCents: 2.5 }, reason: "lower it" }), 400, /Payout minimum must be a whole number of cents/),
  c("admin.settings.update", "admin", "no setting to change", () => ({ values: {}, reason: "nothing at all" }), 400, /Change at least one setting/),
  c("admin.settings.update", "admin", "no reason", () => ({ values: { holdDays: 3 }, reason: " " }), 400, /Say why you change the settings/),
  c("admin.settings.update", "admin", "an unknown setting", () => ({ values: { bonusBps: 1 }, reason: "a new bonus" }), 400, /bonusBps/),
  c("admin.settings.update", "admin", "a value already in force", () => ({ values: { attributionWindowDays: 30 }, reason: "same again" }), 400, /Nothing to save: every value is already in force/),
  c("admin.adjustBalance", "admin", "an amount of $0.00", () => ({ ...ADJUST, amountCents: 0 }), 400, /An adjustment of \$0\.00 changes nothing/),
  c("admin.adjustBalance", "admin", "half a cent", () => ({ ...ADJUST, amountCents: 0.5 }), 400, /Amount must be whole cents/),
  c("admin.adjustBalance", "admin", "more than $10,000", () => ({ ...ADJUST, amountCents: -1_000_001 }), 400, /at most \$10,000\.00 either way/),
  c("admin.adjustBalance", "admin", "no reason", () => ({ ...ADJUST, reason: "" }), 400, /Say why \(the payee sees it\)/),
  c("admin.adjustBalance", "admin", "an idempotency key that is not a UUID", () => ({ ...ADJUST, idempotencyKey: "abc" }), 400, /idempotency key must be a UUID/),
  c("admin.adjustBalance", "admin", "an email with no promoter profile", () => ({ ...ADJUST, payeeEmail: "nobody@example.com" }), 404, /nobody@example\.com has no promoter profile to adjust/),
  // admin.tiers (issue 13 §1)
  c("admin.tiers.upsert", "admin", "no name", () => ({ ...TIER, name: " " }), 400, /Name is required/),
  c("admin.tiers.upsert", "admin", "a rank over 100", () => ({ ...TIER, rank: 101 }), 400, /Rank must be at most 100/),
  c("admin.tiers.upsert", "admin", "a negative threshold", () => ({ ...TIER, threshold: -1 }), 400, /Threshold must be at least 0/),
  c("admin.tiers.upsert", "admin", "an unknown metric", () => ({ ...TIER, metric: "CLICKS" }), 400, /Choose sales or commission/),
  c("admin.tiers.upsert", "admin", "a window of 731 days", () => ({ ...TIER, windowDays: 731 }), 400, /Window must be at most 730/),
  c("admin.tiers.upsert", "admin", "a bonus above 50 %", () => ({ ...TIER, bonusBps: 5001 }), 400, /Bonus must be at most 5,000/),
  c("admin.tiers.upsert", "admin", "a payout minimum of 0 cents", () => ({ ...TIER, payoutMinimumCents: 0 }), 400, /Payout minimum must be at least 1/),
  c("admin.tiers.upsert", "admin", "an API limit of 0 requests per hour", () => ({ ...TIER, apiRequestsPerHour: 0 }), 400, /API requests per hour must be at least 1/),
  c("admin.tiers.upsert", "admin", "an API limit of 2.5 requests per hour", () => ({ ...TIER, apiRequestsPerHour: 2.5 }), 400, /API requests per hour must be a whole number/),
  c("admin.tiers.upsert", "admin", "an API limit given as text", () => ({ ...TIER, apiRequestsPerHour: "1000" }), 400, /API requests per hour must be a number/),
  c("admin.tiers.upsert", "admin", "an API limit over 1,000,000 requests per hour", () => ({ ...TIER, apiRequestsPerHour: 1_000_001 }), 400, /API requests per hour must be at most 1,000,000/),
  c("admin.tiers.upsert", "admin", "a perk link that is not http(s)", () => ({ ...TIER, perks: [{ icon: "x", title: "Perk", description: "", link: "javascript:alert(1)" }] }), 400, /A link starts with https:\/\/ or http:\/\//),
  c("admin.tiers.upsert", "admin", "eleven perks", () => ({ ...TIER, perks: Array.from({ length: 11 }, () => ({ icon: "x", title: "Perk", description: "" })) }), 400, /A tier has at most 10 perks/),
  c("admin.tiers.upsert", "admin", "a tier that does not exist", () => ({ ...TIER, id: "no-such-tier" }), 404, /Tier no-such-tier was not found/),
  c("admin.tiers.delete", "admin", "a tier that does not exist", () => ({ id: "no-such-tier" }), 404, /Tier no-such-tier was not found/),
  c("admin.tiers.delete", "admin", "a tier id over 64 characters", () => ({ id: TOO_LONG_ID }), 400, /Tier id is too long/),
  // landing pages (issue 14 §3)
  c("landing.save", "user", "a handle with a space", () => ({ handle: "pat picks", headline: "Mine" }), 400, /Use lowercase letters, digits and single hyphens/),
  c("landing.save", "user", "a reserved handle", () => ({ handle: "support", headline: "Mine" }), 400, /That handle is reserved/),
  c("landing.save", "user", "no headline", () => ({ handle: "pat-picks", headline: " " }), 400, /Write a headline/),
  c("landing.save", "user", "a colour that is not #rrggbb", () => ({ handle: "pat-picks", headline: "Mine", themeColor: "red" }), 400, /Choose a colour as #rrggbb/),
  c("landing.save", "user", "a track that does not exist", () => ({ handle: "pat-picks", headline: "Mine", tracks: [{ trackId: "no-such-track" }] }), 404, /Track no-such-track is not on sale/),
  c("landing.save", "user", "a track with promoter links off", (f) => ({ handle: "pat-picks", headline: "Mine", tracks: [{ trackId: f.noAffiliate.id }] }), 403, /turned off promoter links/),
  c("landing.save", "user", "13 tracks", (f) => ({ handle: "pat-picks", headline: "Mine", tracks: Array.from({ length: 13 }, (_, i) => ({ trackId: `${f.track.id}-${i}` })) }), 400, /List at most 12 tracks/),
  c("landing.save", "user", "someone else's photo upload", () => ({ handle: "pat-picks", headline: "Mine", photoUploadId: "no-such-upload" }), 400, /Upload no-such-upload was not found among your uploads/),
  c("landing.handleAvailable", "user", "a handle of 2 characters", () => ({ handle: "ab" }), 400, /at least 3 characters/),
  c("landing.trackOptions", "user", "a search over 60 characters", () => ({ q: "q".repeat(61) }), 400, /Search is too long/),
  c("admin.landingPages.takeDown", "admin", "a page that does not exist", () => ({ landingPageId: "no-such-page", reason: "Spam" }), 404, /Landing page no-such-page not found/),
  c("admin.landingPages.takeDown", "admin", "no reason", () => ({ landingPageId: "no-such-page", reason: "" }), 400, /Give the promoter a reason/),
  c("admin.landingPages.restore", "admin", "a page that does not exist", () => ({ landingPageId: "no-such-page" }), 404, /Landing page no-such-page not found/),
  c("admin.landingPages.list", "admin", "an unknown state", () => ({ status: "hidden" }), 400, /status/i),
  // contests (issue 13 §5)
  c("contest.get", "anon", "a contest that does not exist", () => ({ id: "no-such-contest" }), 404, /Contest no-such-contest was not found/),
  c("contest.get", "anon", "a contest id over 64 characters", () => ({ id: TOO_LONG_ID }), 400, /Contest id is too long/),
  c("contest.me", "user", "a contest that does not exist", () => ({ id: "no-such-contest" }), 404, /Contest no-such-contest was not found/),
  c("admin.contests.upsert", "admin", "no name", () => ({ ...CONTEST(), name: " " }), 400, /Name the contest/),
  c("admin.contests.upsert", "admin", "an unknown metric", () => ({ ...CONTEST(), metric: "likes" }), 400, /Choose sales, earnings or clicks/),
  c("admin.contests.upsert", "admin", "an end before the start", () => ({ ...CONTEST(), endsAt: new Date(Date.now() + 3_600_000) }), 400, /The end must be after the start/),
  c("admin.contests.upsert", "admin", "an end in the past", () => ({ ...CONTEST(), startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) }), 400, /The end must be in the future/),
  c("admin.contests.upsert", "admin", "a negative prize", () => ({ ...CONTEST(), prizeCents: [-1] }), 400, /A prize cannot be negative/),
  c("admin.contests.upsert", "admin", "eleven prizes", () => ({ ...CONTEST(), prizeCents: Array.from({ length: 11 }, () => 100) }), 400, /At most 10 prizes/),
  c("admin.contests.upsert", "admin", "both an artist and a track", () => ({ ...CONTEST(), artistId: "a", trackId: "t" }), 400, /Choose an artist or a track, not both/),
  c("admin.contests.upsert", "admin", "an artist that does not exist", () => ({ ...CONTEST(), artistId: "no-such-artist" }), 404, /Artist no-such-artist was not found/),
  c("admin.contests.upsert", "admin", "a contest that does not exist", () => ({ ...CONTEST(), id: "no-such-contest" }), 404, /Contest no-such-contest was not found/),
  c("admin.contests.cancel", "admin", "a contest that does not exist", () => ({ id: "no-such-contest" }), 404, /Contest no-such-contest was not found/),
  // admin.milestones (issue 13 §2)
  c("admin.milestones.upsert", "admin", "no name", () => ({ ...MILESTONE, name: " " }), 400, /Name is required/),
  c("admin.milestones.upsert", "admin", "a threshold of 0", () => ({ ...MILESTONE, threshold: 0 }), 400, /Threshold must be at least 1/),
  c("admin.milestones.upsert", "admin", "a fractional threshold", () => ({ ...MILESTONE, threshold: 2.5 }), 400, /Threshold must be a whole number/),
  c("admin.milestones.upsert", "admin", "a bonus of 0", () => ({ ...MILESTONE, bonusCents: 0 }), 400, /Bonus must be at least 1/),
  c("admin.milestones.upsert", "admin", "a bonus over $10,000", () => ({ ...MILESTONE, bonusCents: 1_000_001 }), 400, /Bonus must be at most 1,000,000/),
  c("admin.milestones.upsert", "admin", "an unknown metric", () => ({ ...MILESTONE, metric: "CLICKS" }), 400, /Choose sales or commission/),
  c("admin.milestones.upsert", "admin", "a milestone that does not exist", () => ({ ...MILESTONE, id: "no-such-milestone" }), 404, /Milestone no-such-milestone was not found/),
  c("admin.milestones.delete", "admin", "a milestone that does not exist", () => ({ id: "no-such-milestone" }), 404, /Milestone no-such-milestone was not found/),
  c("admin.milestones.delete", "admin", "a milestone id over 64 characters", () => ({ id: TOO_LONG_ID }), 400, /Milestone id is too long/),
  // admin.resources (issue 14 §8)
  c("admin.resources.upsert", "admin", "no title", () => ({ ...RESOURCE, title: " " }), 400, /Write a title/),
  c("admin.resources.upsert", "admin", "a slug with spaces", () => ({ ...RESOURCE, slug: "my post" }), 400, /single hyphens/),
  c("admin.resources.upsert", "admin", "a two-character slug", () => ({ ...RESOURCE, slug: "ab" }), 400, /at least 3 characters/),
  c("admin.resources.upsert", "admin", "a body over 20,000 characters", () => ({ ...RESOURCE, body: "x".repeat(20_001) }), 400, /Keep the body to 20,000 characters/),
  c("admin.resources.upsert", "admin", "an empty body", () => ({ ...RESOURCE, body: "\n " }), 400, /Write the body/),
  c("admin.resources.upsert", "admin", "an unknown category", () => ({ ...RESOURCE, category: "video" }), 400, /Choose a category/),
  c("admin.resources.upsert", "admin", "a negative position", () => ({ ...RESOURCE, position: -1 }), 400, /Position must be 0 or more/),
  c("admin.resources.upsert", "admin", "a picture that is not an upload", () => ({ ...RESOURCE, imageUploadId: "no-such-upload" }), 400, /was not found among your uploads/),
  c("admin.resources.upsert", "admin", "a resource that does not exist", () => ({ ...RESOURCE, id: "no-such-resource" }), 404, /Resource no-such-resource was not found/),
  c("admin.resources.delete", "admin", "a resource that does not exist", () => ({ id: "no-such-resource" }), 404, /Resource no-such-resource was not found/),
  c("admin.resources.delete", "admin", "a resource id over 64 characters", () => ({ id: TOO_LONG_ID }), 400, /Resource id is too long/),
  c("admin.promoters.list", "admin", "an unknown status", () => ({ status: "BANNED" }), 400, /Unknown promoter status/),
  c("admin.promoters.list", "admin", "an unknown sort", () => ({ sort: "clicks" }), 400, /Sort by newest, earnings or score/),
  c("admin.promoters.list", "admin", "a minimum score over 100", () => ({ minScore: 101 }), 400, /Minimum score must be at most 100/),
  c("admin.promoters.list", "admin", "a search over 200 characters", () => ({ query: "q".repeat(201) }), 400, /Search at most 200 characters/),
  c("admin.promoters.setStatus", "admin", "a promoter that does not exist", () => ({ promoterId: "no-such-promoter", status: "SUSPENDED", reason: "Clicks from one network" }), 404, /Promoter no-such-promoter does not exist/),
  c("admin.promoters.setStatus", "admin", "PENDING as the new status", () => ({ promoterId: "no-such-promoter", status: "PENDING", reason: "Back to the queue" }), 400, /Choose active, suspended or terminated/),
  c("admin.promoters.setStatus", "admin", "no reason", () => ({ promoterId: "no-such-promoter", status: "SUSPENDED", reason: "  " }), 400, /Say why \(the promoter reads it\)/),
  c("admin.promoters.setStatus", "admin", "a promoter id over 64 characters", () => ({ promoterId: TOO_LONG_ID, status: "SUSPENDED", reason: "Clicks from one network" }), 400, /Promoter id is too long/),
  c("admin.promoters.list", "admin", 'applications sent as "yes"', () => ({ applications: "yes" }), 400, /Applications must be true or false/),
  c("admin.promoters.approve", "admin", "a promoter that does not exist", () => ({ promoterId: "no-such-promoter", reason: "Welcome aboard" }), 404, /Promoter no-such-promoter does not exist/),
  c("admin.promoters.approve", "admin", "no reason", () => ({ promoterId: "no-such-promoter", reason: " " }), 400, /Say why \(the applicant reads it\)/),
  c("admin.promoters.approve", "admin", "a promoter id over 64 characters", () => ({ promoterId: TOO_LONG_ID, reason: "Welcome aboard" }), 400, /Promoter id is too long/),
  c("admin.promoters.reject", "admin", "a promoter that does not exist", () => ({ promoterId: "no-such-promoter", reason: "Tell us more" }), 404, /Promoter no-such-promoter does not exist/),
  c("admin.promoters.reject", "admin", "a reason over 1000 characters", () => ({ promoterId: "no-such-promoter", reason: "r".repeat(1001) }), 400, /Keep the reason under 1000 characters/),
  c("admin.promoters.reject", "admin", "a reason containing a NUL character", () => ({ promoterId: "no-such-promoter", reason: "No\u0000pe" }), 400, /Reason contains a NUL character/),
  // promoter.submitApplication (issue 11 §2: why and where, while awaiting approval)
  c("promoter.submitApplication", "user", "a pitch of 19 characters", () => ({ ...APPLICATION, pitch: "p".repeat(19) }), 400, /Tell us why you want to promote in at least 20 characters/),
  c("promoter.submitApplication", "user", "a pitch over 1,000 characters", () => ({ ...APPLICATION, pitch: "p".repeat(1001) }), 400, /Keep why you want to promote under 1,000 characters/),
  c("promoter.submitApplication", "user", "channels of 2 characters", () => ({ ...APPLICATION, channels: "ig" }), 400, /Say where you will promote/),
  c("promoter.submitApplication", "user", "channels over 500 characters", () => ({ ...APPLICATION, channels: "c".repeat(501) }), 400, /Keep where you will promote under 500 characters/),
  c("promoter.submitApplication", "user", "a pitch containing a NUL character", () => ({ ...APPLICATION, pitch: `${APPLICATION.pitch}\u0000` }), 400, /Why you want to promote contains a NUL character/),
  c("promoter.submitApplication", "user", "no channels", () => ({ pitch: APPLICATION.pitch }), 400, /Where you will promote is required/),
  c("promoter.submitApplication", "user", "an input that is not an object", () => "please", 400, /expected object/),
  c("promoter.submitApplication", "user", "an application from an active promoter", () => APPLICATION, 409, /is active: only a promoter awaiting approval sends an application/),
  c("promoter.acceptTerms", "user", "a version that is not a number", () => ({ version: "one" }), 400, /Version must be a number/),
  c("promoter.acceptTerms", "user", "version 0", () => ({ version: 0 }), 400, /Version must be at least 1/),
  c("promoter.acceptTerms", "user", "terms when none are published", () => ({ version: 1 }), 404, /No promoter terms are published/),
  c("admin.terms.publish", "admin", "terms of a few words", () => ({ body: "Be nice.", summary: "Short" }), 400, /Write the full terms \(at least 200 characters\)/),
  c("admin.terms.publish", "admin", "no summary", () => ({ body: "t".repeat(300), summary: "" }), 400, /Say what changed/),
  c("admin.people.search", "admin", "a search over 200 characters", () => ({ query: "q".repeat(201) }), 400, /Search at most 200 characters/),
  c("admin.people.get", "admin", "a user that does not exist", () => ({ userId: "no-such-user" }), 404, /User no-such-user does not exist/),
  c("admin.people.get", "admin", "a missing user id", () => ({}), 400, /userId/),
  c("admin.links.setDisabled", "admin", "a link that does not exist", () => ({ linkId: "no-such-link", disabled: true, reason: "Spam" }), 404, /Link no-such-link does not exist/),
  c("admin.links.setDisabled", "admin", "no on/off", () => ({ linkId: "no-such-link", reason: "Spam" }), 400, /Say whether the link is disabled/),
  c("admin.releases.takedown", "admin", "another artist's release without a reason", (f) => ({ releaseId: f.otherRelease.id, reason: "" }), 400, /Say why \(the artist reads it\)/),
  c("admin.releases.takedown", "admin", "a reason over 1000 characters", (f) => ({ releaseId: f.otherRelease.id, reason: "x".repeat(1001) }), 400, /Keep the reason under 1000 characters/),
  c("admin.releases.takedown", "admin", "a release id over 64 characters", () => ({ releaseId: TOO_LONG_ID, reason: "Copyright" }), 400, /Release id is too long/),
  c("admin.releases.takedown", "admin", "a release that does not exist", () => ({ releaseId: "no-such-release", reason: "Copyright" }), 404, /Release no-such-release does not exist/),
  c("admin.releases.restore", "admin", "a release that is not taken down", (f) => ({ releaseId: f.otherRelease.id, reason: "Restore" }), 409, /is not taken down/),
  c("admin.releases.restore", "admin", "a release that does not exist", () => ({ releaseId: "no-such-release", reason: "Restore" }), 404, /Release no-such-release does not exist/),
  c("admin.releases.list", "admin", "a search over 100 characters", () => ({ query: "q".repeat(101) }), 400, /Search at most 100 characters/),
  c("admin.releases.list", "admin", "a search containing a NUL character", () => ({ query: "ni\u0000ght" }), 400, /Search contains a NUL character/),
  c("admin.releases.list", "admin", 'an unknown state "HIDDEN"', () => ({ state: "HIDDEN" }), 400, /State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED/),
  c("admin.releases.list", "admin", 'an unknown sort "price"', () => ({ sort: "price" }), 400, /Sort by newest, sales or gross/),
  c("admin.releases.list", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("admin.releases.list", "admin", "a cursor over 64 characters", () => ({ cursor: TOO_LONG_ID }), 400, /Cursor is too long/),
  c("admin.tracks.takedown", "admin", "another artist's track without a reason", (f) => ({ trackId: f.otherTrack.id, reason: "" }), 400, /Say why \(the artist reads it\)/),
  c("admin.tracks.takedown", "admin", "a track that does not exist", () => ({ trackId: "no-such-track", reason: "Copyright" }), 404, /Track no-such-track does not exist/),
  c("admin.tracks.restore", "admin", "a track that is not taken down", (f) => ({ trackId: f.otherTrack.id, reason: "Restore" }), 409, /is not taken down/),
  c("admin.tracks.list", "admin", "a search over 100 characters", () => ({ query: "q".repeat(101) }), 400, /Search at most 100 characters/),
  c("admin.tracks.list", "admin", "a search containing a NUL character", () => ({ query: "ni\u0000ght" }), 400, /Search contains a NUL character/),
  c("admin.tracks.list", "admin", 'an unknown state "HIDDEN"', () => ({ state: "HIDDEN" }), 400, /State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED/),
  c("admin.tracks.list", "admin", 'an unknown sort "price"', () => ({ sort: "price" }), 400, /Sort by newest, sales or gross/),
  c("admin.tracks.list", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("admin.tracks.list", "admin", "a cursor over 64 characters", () => ({ cursor: TOO_LONG_ID }), 400, /Cursor is too long/),
  // Tax forms (issue 11 §4)
  c("promoter.submitTaxForm", "user", "a W-9 with an address outside the US", () => ({ ...W9, country: "DE" }), 400, /A W-9 is for US persons/),
  c("promoter.submitTaxForm", "user", "a W-8BEN from a US address", () => ({ ...W9, kind: "W8BEN", taxIdType: "FOREIGN_TIN" }), 400, /A W-8BEN is for people outside the US/),
  c("promoter.submitTaxForm", "user", "an SSN of 8 digits", () => ({ ...W9, taxId: "123-45-678" }), 400, /An SSN has 9 digits/),
  c("promoter.submitTaxForm", "user", "an ITIN that does not start with 9", () => ({ ...W9, taxIdType: "ITIN", taxId: "123-45-6789" }), 400, /An ITIN has 9 digits and starts with 9/),
  c("promoter.submitTaxForm", "user", "a W-9 with a foreign tax number", () => ({ ...W9, taxIdType: "FOREIGN_TIN", taxId: "DE123456" }), 400, /A W-9 needs an SSN, EIN or ITIN/),
  c("promoter.submitTaxForm", "user", "a signature that is not the legal name", () => ({ ...W9, signatureName: "Someone Else" }), 400, /Sign with your legal name/),
  c("promoter.submitTaxForm", "user", "the certification not ticked", () => ({ ...W9, certify: false }), 400, /Tick the box to certify/),
  c("promoter.submitTaxForm", "user", "no legal name", () => ({ ...W9, legalName: " " }), 400, /Enter your legal name/),
  c("promoter.submitTaxForm", "user", "a country that is not a two-letter code", () => ({ ...W9, country: "USA" }), 400, /two-letter code/),
  c("promoter.submitTaxForm", "user", "a legal name containing a NUL character", () => ({ ...W9, legalName: "Jo\u0000rdan" }), 400, /NUL/),
  c("admin.tax.list", "admin", 'an unknown status "LOST"', () => ({ status: "LOST" }), 400, /status/),
  c("admin.tax.review", "admin", "a form that does not exist", () => ({ formId: "no-such-form", decision: "VERIFIED" }), 404, /Tax form no-such-form does not exist/),
  c("admin.tax.review", "admin", "a rejection without a reason", () => ({ formId: "no-such-form", decision: "REJECTED" }), 400, /Say why the form is rejected/),
  c("admin.tax.review", "admin", 'an unknown decision "MAYBE"', () => ({ formId: "x", decision: "MAYBE" }), 400, /Verify or reject the form/),
  c("admin.fraud.queue", "admin", "a limit over 50", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("admin.fraud.release", "admin", "a commission that does not exist", () => ({ commissionId: "no-such-commission", reason: "Reviewed" }), 404, /Commission no-such-commission does not exist/),
  c("admin.fraud.release", "admin", "no reason", () => ({ commissionId: "no-such-commission", reason: "" }), 400, /Say why \(the promoter reads it\)/),
  c("admin.fraud.reject", "admin", "a commission that does not exist", () => ({ commissionId: "no-such-commission", reason: "Fraud" }), 404, /Commission no-such-commission does not exist/),
  c("admin.fraud.reject", "admin", "a commission id over 64 characters", () => ({ commissionId: TOO_LONG_ID, reason: "Fraud" }), 400, /Commission id is too long/),
  c("admin.fraud.holdPromoter", "admin", "a promoter that does not exist", () => ({ promoterId: "no-such-promoter", reason: "Review" }), 404, /Promoter no-such-promoter does not exist/),
  c("admin.fraud.holdPromoter", "admin", "a reason over 1000 characters", () => ({ promoterId: "no-such-promoter", reason: "r".repeat(1001) }), 400, /Keep the reason under 1000 characters/),
  c("admin.audit.list", "admin", "a subject type with spaces", () => ({ subjectType: "set ting" }), 400, /Subject type is a lowercase word/),
  c("admin.audit.list", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  // admin.overview (issue 11 §6): UTC days from..to, both included, at most 366
  c("admin.overview", "admin", "from after to", () => ({ from: "2026-11-14", to: "2026-11-10" }), 400, /From \(2026-11-14\) must be on or before to \(2026-11-10\)/),
  c("admin.overview", "admin", "a period of 367 days", () => ({ from: "2025-01-01", to: "2026-01-02" }), 400, /Choose a period of at most 366 days \(2025-01-01 to 2026-01-02 is 367 days\)/),
  c("admin.overview", "admin", "a date that is not ISO", () => ({ from: "11/10/2026" }), 400, /From must be a date like 2026-12-01 \(YYYY-MM-DD, UTC\)/),
  c("admin.overview", "admin", "a date with a time", () => ({ to: "2026-11-10T00:00:00Z" }), 400, /To must be a date like 2026-12-01/),
  c("admin.overview", "admin", "February 30th", () => ({ to: "2026-02-30" }), 400, /To is not a real date/),
  c("admin.overview", "admin", "a day before 2000", () => ({ from: "1999-12-31", to: "2000-01-02" }), 400, /From must be on or after 2000-01-01/),
  c("admin.overview", "admin", "a from alone in the future (to is today)", () => ({ from: "2999-01-01" }), 400, /From \(2999-01-01\) must be on or before to \(\d{4}-\d{2}-\d{2}\)/),
  c("admin.overview", "admin", "an input that is not an object", () => "last-30-days", 400, /expected object/),
  // notification.* (issue 13 §7): the caller's own notifications and preferences
  c("notification.list", "user", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("notification.list", "user", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("notification.list", "user", "a cursor containing a NUL character", () => ({ cursor: "n\u0000" }), 400, /Cursor contains a NUL character/),
  c("notification.markRead", "user", "neither ids nor all", () => ({}), 400, /Say which notifications to mark read: ids, or all: true/),
  c("notification.markRead", "user", "both ids and all", () => ({ ids: ["x"], all: true }), 400, /Say which notifications to mark read: ids, or all: true \(not both\)/),
  c("notification.markRead", "user", "an empty list of ids", () => ({ ids: [] }), 400, /Name at least one notification/),
  c("notification.markRead", "user", "101 ids", () => ({ ids: Array.from({ length: 101 }, (_, i) => `n${i}`) }), 400, /Mark at most 100 notifications at once/),
  c("notification.markRead", "user", "all: false", () => ({ all: false }), 400, /All must be true when given/),
  c("notification.markRead", "user", "a notification that does not exist", () => ({ ids: ["no-such-notification"] }), 404, /Notification no-such-notification was not found among your notifications/),
  c("notification.markRead", "user", "an id containing a NUL character", () => ({ ids: ["a\u0000"] }), 400, /Notification id contains a NUL character/),
  c("notification.setMuted", "user", 'an unknown type "spam"', () => ({ type: "spam", muted: true }), 400, /Unknown notification type: one of commission_earned/),
  c("notification.setMuted", "user", 'muted sent as "yes"', () => ({ type: "badge_earned", muted: "yes" }), 400, /Muted must be true or false/),
  c("notification.setMuted", "user", "no type", () => ({ muted: true }), 400, /Unknown notification type/),

  // report.submit ("Report this promoter": public) and the admin's reports queue (issue 11 §2)
  c("report.submit", "anon", "no link code and no promoter id", () => ({ reason: "SPAM" }), 400, /Say which promoter you report: the link code you came through/),
  c("report.submit", "anon", "both a link code and a promoter id", () => ({ code: "abcd2345", promoterId: "p1", reason: "SPAM" }), 400, /by their link code or by their id, not both/),
  c("report.submit", "anon", "a link code no link has", () => ({ code: "nosuchcode", reason: "SPAM" }), 404, /No promoter link has the code "nosuchcode"/),
  c("report.submit", "anon", "a promoter id no promoter has", () => ({ promoterId: "no-such-promoter", reason: "SPAM" }), 404, /Promoter no-such-promoter does not exist/),
  c("report.submit", "anon", "a link code with spaces and punctuation", () => ({ code: "abc def!", reason: "SPAM" }), 400, /Link code may contain only letters, digits, - and _/),
  c("report.submit", "anon", "a link code over 32 characters", () => ({ code: "c".repeat(33), reason: "SPAM" }), 400, /Link code is at most 32 characters/),
  c("report.submit", "anon", "a link code containing a NUL character", () => ({ code: "abc\u0000", reason: "SPAM" }), 400, /Link code contains a NUL character/),
  c("report.submit", "anon", 'an unknown reason "BORING"', () => ({ code: "abcd2345", reason: "BORING" }), 400, /Choose a reason/),
  c("report.submit", "anon", "no reason", () => ({ code: "abcd2345" }), 400, /Choose a reason/),
  c("report.submit", "anon", "details over 2,000 characters", () => ({ code: "abcd2345", reason: "OTHER", details: "d".repeat(2001) }), 400, /Keep the details under 2,000 characters/),
  c("report.submit", "anon", "details containing a NUL character", () => ({ code: "abcd2345", reason: "OTHER", details: "a\u0000b" }), 400, /Details contains a NUL character/),
  c("report.submit", "anon", "a malformed contact email", () => ({ code: "abcd2345", reason: "SPAM", contactEmail: "not-an-email" }), 400, /Enter a valid email address/),
  c("report.submit", "anon", 'an unknown source "sms"', () => ({ code: "abcd2345", reason: "SPAM", source: "sms" }), 400, /Source must be "page" or "email"/),
  c("report.submit", "anon", "an input that is not an object", () => "spam", 400, /expected object/),
  c("admin.reports.list", "admin", 'an unknown status "CLOSED"', () => ({ status: "CLOSED" }), 400, /Status must be OPEN, RESOLVED or DISMISSED/),
  c("admin.reports.list", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("admin.reports.resolve", "admin", "a report that does not exist", () => ({ reportId: "no-such-report", outcome: "RESOLVED", note: "Handled" }), 404, /Report no-such-report does not exist/),
  c("admin.reports.resolve", "admin", "OPEN as the outcome", () => ({ reportId: "no-such-report", outcome: "OPEN", note: "Reopen" }), 400, /Choose resolved or dismissed/),
  c("admin.reports.resolve", "admin", "no note", () => ({ reportId: "no-such-report", outcome: "DISMISSED", note: "  " }), 400, /Say what you did or why/),
  c("admin.reports.resolve", "admin", "a note over 1000 characters", () => ({ reportId: "no-such-report", outcome: "DISMISSED", note: "n".repeat(1001) }), 400, /Keep the note under 1000 characters/),
  c("admin.reports.resolve", "admin", "a report id over 64 characters", () => ({ reportId: TOO_LONG_ID, outcome: "DISMISSED", note: "Handled" }), 400, /Report id is too long/),
  // apiKey.* (issue 15 §1): any signed-in user's own keys; limits are the admins'
  c("apiKey.create", "user", "an empty name", () => ({ name: " ", scopes: ["stats:read"] }), 400, /Name is required/),
  c("apiKey.create", "user", "a name over 60 characters", () => ({ name: "n".repeat(61), scopes: ["stats:read"] }), 400, /Name must be at most 60 characters/),
  c("apiKey.create", "user", "a name with a NUL character", () => ({ name: "a\u0000b", scopes: ["stats:read"] }), 400, /Name contains a NUL character/),
  c("apiKey.create", "user", "no scope", () => ({ name: "Key", scopes: [] }), 400, /Choose at least one scope/),
  c("apiKey.create", "user", "scopes that are not a list", () => ({ name: "Key", scopes: "stats:read" }), 400, /Scopes must be a list/),
  c("apiKey.create", "user", "an unknown scope", () => ({ name: "Key", scopes: ["admin:all"] }), 400, /Choose scopes among/),
  c("apiKey.create", "user", "a scope twice", () => ({ name: "Key", scopes: ["stats:read", "stats:read"] }), 400, /List each scope once/),
  c("apiKey.create", "user", "an expiry in the past", () => ({ name: "Key", scopes: ["stats:read"], expiresAt: new Date(Date.now() - 60_000) }), 400, /Expiry must be in the future/),
  c("apiKey.create", "user", "an expiry that is not a date", () => ({ name: "Key", scopes: ["stats:read"], expiresAt: "soon" }), 400, /Expiry must be a date/),
  c("apiKey.create", "user", "sales:read without an artist profile", () => ({ name: "Key", scopes: ["sales:read"] }), 403, /"sales:read" scope is for artists/),
  c("apiKey.revoke", "user", "an empty key id", () => ({ keyId: "" }), 400, /Key id is required/),
  c("apiKey.revoke", "user", "a key id over 64 characters", () => ({ keyId: TOO_LONG_ID }), 400, /Key id is too long/),
  c("apiKey.revoke", "user", "an unknown key", () => ({ keyId: "no-such-key" }), 404, /API key no-such-key was not found among your keys/),
  c("apiKey.revoke", "user", "another user's key", (f) => ({ keyId: f.artistKeyId }), 404, /was not found among your keys/),
  c("apiKey.setRateLimit", "admin", "0 requests per hour", () => ({ keyId: "x", perHour: 0, reason: "Because" }), 400, /Requests per hour must be at least 1/),
  c("apiKey.setRateLimit", "admin", "1,000,001 requests per hour", () => ({ keyId: "x", perHour: 1_000_001, reason: "Because" }), 400, /at most 1,000,000/),
  c("apiKey.setRateLimit", "admin", "2.5 requests per hour", () => ({ keyId: "x", perHour: 2.5, reason: "Because" }), 400, /whole number/),
  c("apiKey.setRateLimit", "admin", "a limit sent as text", () => ({ keyId: "x", perHour: "5", reason: "Because" }), 400, /Requests per hour must be a number/),
  c("apiKey.setRateLimit", "admin", "an empty reason", () => ({ keyId: "x", perHour: 5, reason: "" }), 400, /Say why you change the limit/),
  c("apiKey.setRateLimit", "admin", "an unknown key", () => ({ keyId: "no-such-key", perHour: 5, reason: "Because" }), 404, /API key no-such-key was not found/),
  c("apiKey.setRateLimit", "user", "a caller who is not an admin", () => ({ keyId: "x", perHour: 5, reason: "Because" }), 403, /Admins only/),
  c("apiKey.adminList", "admin", "a limit of 0", () => ({ limit: 0 }), 400, /Limit must be at least 1/),
  c("apiKey.adminList", "admin", "a limit of 51", () => ({ limit: 51 }), 400, /Limit must be at most 50/),
  c("apiKey.adminList", "artist", "a caller who is not an admin", () => ({ limit: 10 }), 403, /Admins only/),

  // v1.* (issue 15 §2) answer only REST requests made with an API key: 401 to any session
  c("v1.stats", "user", "a session instead of an API key", () => ({ period: "7d" }), 401, /belongs to the REST API/),
  c("v1.links", "user", "a session instead of an API key", () => ({}), 401, /belongs to the REST API/),
  c("v1.createLink", "user", "a session instead of an API key", (f) => ({ trackId: f.track.id }), 401, /belongs to the REST API/),
  c("v1.linkClicks", "user", "a session instead of an API key", () => ({ id: "x" }), 401, /belongs to the REST API/),
  c("v1.linkSales", "user", "a session instead of an API key", () => ({ id: "x" }), 401, /belongs to the REST API/),
  c("v1.commissions", "user", "a session instead of an API key", () => ({}), 401, /belongs to the REST API/),
  c("v1.payouts", "user", "a session instead of an API key", () => ({}), 401, /belongs to the REST API/),
  c("v1.sales", "artist", "a session instead of an API key", () => ({}), 401, /belongs to the REST API/),
  c("v1.webhooks", "user", "a session instead of an API key", () => ({}), 401, /belongs to the REST API/),
  c("v1.createWebhook", "user", "a session instead of an API key", () => ({ url: "https://hooks.example.com/in", events: ["sale.completed"] }), 401, /belongs to the REST API/),
  c("v1.deleteWebhook", "user", "a session instead of an API key", (f) => ({ id: f.artistEndpointId }), 401, /belongs to the REST API/),

  // webhook.* (issue 15 §3): any signed-in user's own endpoints; adminList is the admins'
  c("webhook.create", "user", "a missing URL", () => ({ events: ["sale.completed"] }), 400, /URL is required/),
  c("webhook.create", "user", "an http URL to a public host", () => ({ url: "http://hooks.example.com/in", events: ["sale.completed"] }), 400, /Webhook URLs must use https/),
  c("webhook.create", "user", "a private address", () => ({ url: "https://10.0.0.1/in", events: ["sale.completed"] }), 400, /10\.0\.0\.1 is a private address/),
  c("webhook.create", "user", "an IPv4-mapped IPv6 address", () => ({ url: "https://[::ffff:127.0.0.1]/in", events: ["sale.completed"] }), 400, /IPv4-mapped IPv6 address/),
  c("webhook.create", "user", "credentials in the URL", () => ({ url: "https://u:p@hooks.example.com/in", events: ["sale.completed"] }), 400, /may not contain a user name or password/),
  c("webhook.create", "user", "no events", () => ({ url: "https://hooks.example.com/in", events: [] }), 400, /Choose at least one event/),
  c("webhook.create", "user", "an unknown event", () => ({ url: "https://hooks.example.com/in", events: ["sale.created"] }), 400, /Unknown event/),
  c("webhook.create", "user", "promoter.joined by someone neither artist nor admin", () => ({ url: "https://hooks.example.com/in", events: ["promoter.joined"] }), 403, /Only artists and admins can subscribe to promoter\.joined/),
  c("webhook.create", "user", "a postback with an unknown placeholder", () => ({ kind: "postback", url: "https://n.example/pb?x={foo}", events: ["sale.completed"] }), 400, /Unknown placeholder \{foo\}/),
  c("webhook.create", "user", "a placeholder in a postback's host", () => ({ kind: "postback", url: "https://{sub_id}.n.example/pb", events: ["sale.completed"] }), 400, /Placeholders may only appear in the path or query/),
  c("webhook.create", "user", "a postback on payout.paid", () => ({ kind: "postback", url: "https://n.example/pb?c={click_id}", events: ["payout.paid"] }), 400, /Postbacks fire on sale\.completed and sale\.refunded only, not payout\.paid/),
  c("webhook.create", "user", "placeholders in a webhook URL", () => ({ url: "https://n.example/pb?c={click_id}", events: ["sale.completed"] }), 400, /Placeholders like \{click_id\} are for postbacks/),
  c("webhook.create", "user", "an unknown kind", () => ({ kind: "email", url: "https://hooks.example.com/in", events: ["sale.completed"] }), 400, /Kind must be webhook or postback/),
  c("webhook.create", "user", "a description over 200 characters", () => ({ url: "https://hooks.example.com/in", events: ["sale.completed"], description: "x".repeat(201) }), 400, /Keep the description under 200 characters/),
  c("webhook.create", "user", "a URL with a NUL character", () => ({ url: "https://hooks.example.com/\u0000", events: ["sale.completed"] }), 400, /URL contains a NUL character/),
  c("webhook.create", "user", "a URL over 2,000 characters", () => ({ url: `https://hooks.example.com/${"x".repeat(2000)}`, events: ["sale.completed"] }), 400, /URL must be at most 2,000 characters/),
  c("webhook.update", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint", description: "x" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.update", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId, description: "x" }), 404, /was not found/),
  c("webhook.update", "user", "nothing to change", () => ({ endpointId: "no-such-endpoint" }), 400, /Nothing to change/),
  c("webhook.update", "user", "a missing endpoint id", () => ({ description: "x" }), 400, /Endpoint id is required/),
  c("webhook.update", "user", "enabled that is not a boolean", () => ({ endpointId: "no-such-endpoint", enabled: "yes" }), 400, /Enabled must be true or false/),
  c("webhook.delete", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.delete", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId }), 404, /was not found/),
  c("webhook.delete", "user", "a missing endpoint id", () => ({}), 400, /Endpoint id is required/),
  c("webhook.rotateSecret", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.rotateSecret", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId }), 404, /was not found/),
  c("webhook.revealSecret", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.revealSecret", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId }), 404, /was not found/),
  c("webhook.revealSecret", "user", "an endpoint id over 64 characters", () => ({ endpointId: TOO_LONG_ID }), 400, /Endpoint id is too long/),
  c("webhook.deliveries", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.deliveries", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId }), 404, /was not found/),
  c("webhook.deliveries", "user", "a limit of 0", () => ({ endpointId: "e", limit: 0 }), 400, /Limit must be at least 1/),
  c("webhook.deliveries", "user", "a limit of 51", () => ({ endpointId: "e", limit: 51 }), 400, /Limit must be at most 50/),
  c("webhook.replay", "user", "an unknown delivery", () => ({ deliveryId: "no-such-delivery" }), 404, /Webhook delivery no-such-delivery was not found/),
  c("webhook.replay", "user", "a missing delivery id", () => ({}), 400, /Delivery id is required/),
  c("webhook.sendTest", "user", "an unknown endpoint", () => ({ endpointId: "no-such-endpoint", type: "sale.completed" }), 404, /Webhook endpoint no-such-endpoint was not found/),
  c("webhook.sendTest", "user", "another user's endpoint", (f) => ({ endpointId: f.artistEndpointId, type: "sale.completed" }), 404, /was not found/),
  c("webhook.sendTest", "user", "an unknown event type", () => ({ endpointId: "no-such-endpoint", type: "sale.paid" }), 400, /Unknown event/),
  c("webhook.adminList", "admin", "a limit of 101", () => ({ limit: 101 }), 400, /Limit must be at most 100/),
  c("webhook.adminList", "user", "a caller who is not an admin", () => ({}), 403, /Admins only/),
  c("webhook.adminList", "artist", "an artist who is not an admin", () => ({}), 403, /Admins only/),
];

/** A valid balance adjustment (to an email without profiles: every case is refused earlier). */
/** A valid contest (`admin.contests.upsert`) starting in two hours, changed one field at a time above. */
const CONTEST = () => ({
  name: "December sprint",
  metric: "sales",
  startsAt: new Date(Date.now() + 7_200_000),
  endsAt: new Date(Date.now() + 9 * 86_400_000),
  prizeCents: [5000],
});

/** A valid milestone (`admin.milestones.upsert`), changed one field at a time above. */
const MILESTONE = { name: "Ten sales", metric: "SALES", threshold: 10, bonusCents: 500 };

/** A valid resource (`admin.resources.upsert`), changed one field at a time above. */
const RESOURCE = { slug: "first-post", title: "First post", category: "template", body: "Hello" };

/** A valid tier (`admin.tiers.upsert`), changed one field at a time by the cases above. */
const TIER = {
  name: "Silver",
  rank: 1,
  metric: "SALES",
  threshold: 5,
  windowDays: 90,
  bonusBps: 200,
  payoutMinimumCents: null,
  perks: [],
};

const ADJUST = {
  payeeEmail: "nobody@example.com",
  payeeType: "PROMOTER",
  amountCents: 100,
  reason: "Goodwill credit",
  idempotencyKey: "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
};

/** A valid application (issue 11 §2): the bad-input cases change one field each. */
const APPLICATION = {
  pitch: "I run a weekly playlist and want to share new artists.",
  channels: "Instagram @weekly-finds",
};

/** A valid W-9 (issue 11 §4): the bad-input cases change one field each. */
const W9 = {
  kind: "W9",
  legalName: "Jordan Fan",
  addressLine1: "1 Main St",
  city: "Austin",
  country: "US",
  taxIdType: "SSN",
  taxId: "123-45-6789",
  signatureName: "Jordan Fan",
  certify: true,
};

/** A valid platform campaign (issue 12 §3): the bad-input cases change one field each. */
const CAMPAIGN = {
  name: "Weekend boost",
  scope: "PLATFORM",
  commissionBps: 4000,
  startsAt: "2099-01-01T00:00:00Z",
  endsAt: "2099-01-03T00:00:00Z",
};

/** Signed-in only: each called anonymously with otherwise valid input. */
const SIGN_IN_REQUIRED: { path: string; input: (f: Fixtures) => unknown }[] = [
  {
    path: "subscription.start",
    input: () => ({ artistSlug: "no-such-artist", interval: "month" }),
  },
  { path: "subscription.mine", input: () => undefined },
  { path: "subscription.cancel", input: () => ({ subscriptionId: "x" }) },
  { path: "subscription.portal", input: () => ({ subscriptionId: "x" }) },
  { path: "artist.subscriptionPlan", input: () => undefined },
  { path: "artist.saveSubscriptionPlan", input: () => ({ monthlyPriceCents: 500 }) },
  { path: "label.me", input: () => undefined },
  { path: "label.create", input: () => ({ name: "Anon Label" }) },
  { path: "label.invite", input: () => ({ artist: "other-artist", labelShareBps: 3000 }) },
  { path: "label.roster", input: () => undefined },
  { path: "label.stats", input: () => undefined },
  { path: "label.myContracts", input: () => undefined },
  { path: "label.acting", input: () => undefined },
  { path: "label.canActFor", input: () => ({ artistId: "x" }) },
  { path: "label.accept", input: () => ({ contractId: "x" }) },
  { path: "label.decline", input: () => ({ contractId: "x" }) },
  { path: "label.withdraw", input: () => ({ contractId: "x" }) },
  { path: "label.end", input: () => ({ contractId: "x" }) },
  { path: "label.earnings", input: () => undefined },
  { path: "label.ledger", input: () => undefined },
  { path: "label.payouts", input: () => undefined },
  { path: "label.payoutEligibility", input: () => undefined },
  { path: "label.requestPayout", input: () => undefined },
  { path: "label.connectStatus", input: () => undefined },
  { path: "label.startConnectOnboarding", input: () => undefined },
  { path: "label.refreshConnect", input: () => undefined },
  { path: "label.connectDashboardLink", input: () => undefined },
  { path: "artist.becomeArtist", input: () => ({ name: "Anonymous Artist" }) },
  { path: "artist.genres", input: () => undefined },
  { path: "artist.profile", input: () => undefined },
  { path: "artist.updateProfile", input: () => ({ bio: "Anonymous bio" }) },
  { path: "artist.createTrack", input: validTrack },
  { path: "artist.updateTrack", input: (f) => ({ trackId: f.track.id, title: "Hijacked" }) },
  { path: "artist.licenseTiers", input: (f) => ({ trackId: f.track.id }) },
  {
    path: "artist.saveLicenseTier",
    input: (f) => ({
      trackId: f.track.id,
      kind: "commercial",
      name: "C",
      priceCents: 5000,
      terms: "t",
    }),
  },
  {
    path: "artist.retireLicenseTier",
    input: (f) => ({ trackId: f.track.id, kind: "commercial" }),
  },
  { path: "artist.releases", input: () => undefined },
  { path: "artist.release", input: (f) => ({ releaseId: f.release.id }) },
  { path: "artist.createRelease", input: validRelease },
  { path: "artist.updateRelease", input: (f) => ({ releaseId: f.release.id, title: "X" }) },
  { path: "artist.publishRelease", input: (f) => ({ releaseId: f.release.id }) },
  { path: "artist.unpublishRelease", input: (f) => ({ releaseId: f.release.id }) },
  { path: "artist.deleteRelease", input: (f) => ({ releaseId: f.release.id }) },
  { path: "promoter.getOrCreateReleaseLink", input: (f) => ({ releaseId: f.otherRelease.id }) },
  { path: "artist.publishTrack", input: (f) => ({ trackId: f.unpublished.id }) },
  { path: "artist.unpublishTrack", input: (f) => ({ trackId: f.track.id }) },
  { path: "artist.deleteTrack", input: (f) => ({ trackId: f.track.id }) },
  { path: "artist.myTracks", input: () => undefined },
  { path: "artist.sales", input: () => ({ limit: 10 }) },
  { path: "artist.stats", input: () => undefined },
  { path: "artist.sourceReport", input: () => ({ period: "30d", groupBy: "src" }) },
  { path: "artist.postTemplates", input: () => undefined },
  { path: "artist.savePostTemplate", input: () => ({ network: "x", body: "{{url}}" }) },
  { path: "artist.resetPostTemplate", input: () => ({ network: "x" }) },
  { path: "promoter.me", input: () => undefined },
  { path: "promoter.getOrCreateLink", input: (f) => ({ trackId: f.track.id }) },
  { path: "promoter.links", input: () => undefined },
  { path: "promoter.terms", input: () => undefined },
  { path: "promoter.acceptTerms", input: () => ({ version: 1 }) },
  { path: "promoter.taxStatus", input: () => undefined },
  { path: "promoter.myCode", input: () => undefined },
  { path: "promoter.progress", input: () => undefined },
  { path: "notification.list", input: () => ({}) },
  { path: "notification.unreadCount", input: () => undefined },
  { path: "notification.markRead", input: () => ({ all: true }) },
  { path: "notification.mutedTypes", input: () => undefined },
  { path: "notification.setMuted", input: () => ({ type: "badge_earned", muted: true }) },
  { path: "promoter.claimCode", input: () => ({ code: "ANON-CODE", percentBps: 500 }) },
  { path: "promoter.setCodeStatus", input: () => ({ status: "PAUSED" }) },
  { path: "promoter.submitTaxForm", input: () => W9 },
  { path: "promoter.stats", input: () => undefined },
  { path: "promoter.sourceReport", input: () => ({ period: "30d", groupBy: "src" }) },
  { path: "promoter.promoPosts", input: (f) => ({ trackId: f.track.id }) },
  { path: "promoter.recruits", input: () => ({}) },
  { path: "promoter.pageLinkCode", input: () => undefined },
  { path: "artist.pressKit", input: () => undefined },
  { path: "artist.updatePressKit", input: () => ({ oneSheet: "Anonymous one-sheet" }) },
  { path: "account.setMarketingEmails", input: () => ({ subscribed: false }) },
  { path: "admin.onboarding.steps", input: () => undefined },
  { path: "admin.onboarding.saveStep", input: () => ONBOARDING_STEP },
  { path: "admin.onboarding.resetStep", input: () => ({ step: 1 }) },
  { path: "promoter.updateProfile", input: () => ({ displayName: "Anon" }) },
  { path: "promoter.application", input: () => undefined },
  { path: "promoter.submitApplication", input: () => APPLICATION },
  { path: "account.settings", input: () => undefined },
  { path: "leaderboard.myPosition", input: () => ({ period: "month" }) },
  { path: "leaderboard.me", input: () => ({ period: "month", metric: "sales" }) },
  { path: "account.update", input: () => ({ name: "Anon" }) },
  {
    path: "account.changePassword",
    input: () => ({ currentPassword: "anything-1", newPassword: "anything-2" }),
  },
  { path: "admin.sales", input: () => ({ limit: 10 }) },
  ...["promoter", "artist"].flatMap((area) =>
    [
      "earnings",
      "ledger",
      "payouts",
      "payoutEligibility",
      "requestPayout",
      "connectStatus",
      "startConnectOnboarding",
      "refreshConnect",
      "connectDashboardLink",
    ].map((name) => ({
      path: `${area}.${name}`,
      input: () => undefined,
    })),
  ),
  { path: "admin.refundSale", input: () => ({ saleId: "x" }) },
  { path: "admin.payouts", input: () => ({ limit: 10 }) },
  { path: "admin.reconcilePayouts", input: () => undefined },
  { path: "admin.verifyLedger", input: () => undefined },
  { path: "admin.sandboxTransferMode", input: () => undefined },
  { path: "admin.setSandboxTransferMode", input: () => ({ mode: "fail" }) },
  { path: "admin.sandboxOpenDispute", input: () => ({ saleId: "x" }) },
  { path: "admin.sandboxCloseDispute", input: () => ({ disputeId: "dp_x", outcome: "won" }) },
  { path: "admin.sandboxSubscriptions", input: () => undefined },
  { path: "admin.sandboxRenewSubscription", input: () => ({ subscriptionId: "x" }) },
  { path: "admin.sandboxSetCardDeclines", input: () => ({ subscriptionId: "x", declines: true }) },
  { path: "admin.disputes", input: () => undefined },
  { path: "admin.settings.get", input: () => undefined },
  { path: "admin.postTemplates", input: () => undefined },
  { path: "admin.savePostTemplate", input: () => ({ network: "x", body: "{{url}}" }) },
  { path: "admin.resetPostTemplate", input: () => ({ network: "x" }) },
  { path: "admin.settings.update", input: () => ({ values: { holdDays: 7 }, reason: "shorter" }) },
  { path: "admin.audit.list", input: () => ({ limit: 10 }) },
  { path: "admin.overview", input: () => ({}) },
  { path: "admin.adjustBalance", input: () => ADJUST },
  { path: "admin.tiers.list", input: () => undefined },
  { path: "admin.tiers.upsert", input: () => TIER },
  { path: "admin.tiers.delete", input: () => ({ id: "x" }) },
  { path: "admin.tiers.recompute", input: () => undefined },
  { path: "admin.milestones.list", input: () => undefined },
  { path: "admin.milestones.upsert", input: () => MILESTONE },
  { path: "admin.milestones.delete", input: () => ({ id: "x" }) },
  { path: "admin.milestones.awardNow", input: () => undefined },
  { path: "admin.resources.list", input: () => undefined },
  { path: "admin.resources.upsert", input: () => RESOURCE },
  { path: "admin.resources.delete", input: () => ({ id: "x" }) },
  { path: "admin.contests.list", input: () => undefined },
  { path: "admin.contests.upsert", input: () => CONTEST() },
  { path: "admin.contests.cancel", input: () => ({ id: "x" }) },
  { path: "contest.me", input: () => ({ id: "x" }) },
  { path: "landing.mine", input: () => undefined },
  { path: "landing.trackOptions", input: () => ({}) },
  { path: "landing.handleAvailable", input: () => ({ handle: "pat-picks" }) },
  { path: "landing.save", input: () => ({ handle: "anon-page", headline: "Anon" }) },
  { path: "admin.landingPages.list", input: () => ({}) },
  { path: "admin.landingPages.takeDown", input: () => ({ landingPageId: "x", reason: "Spam" }) },
  { path: "admin.landingPages.restore", input: () => ({ landingPageId: "x" }) },
  { path: "live.events", input: () => undefined },
  { path: "admin.promoters.list", input: () => ({ limit: 10 }) },
  {
    path: "admin.promoters.setStatus",
    input: () => ({ promoterId: "x", status: "SUSPENDED", reason: "Clicks from one network" }),
  },
  { path: "admin.promoters.applicationCount", input: () => undefined },
  { path: "admin.promoters.approve", input: () => ({ promoterId: "x", reason: "Welcome aboard" }) },
  { path: "admin.promoters.reject", input: () => ({ promoterId: "x", reason: "Tell us more" }) },
  { path: "admin.terms.get", input: () => undefined },
  { path: "admin.terms.publish", input: () => ({ body: "t".repeat(300), summary: "A change" }) },
  { path: "admin.people.search", input: () => ({ limit: 10 }) },
  { path: "admin.people.get", input: () => ({ userId: "x" }) },
  {
    path: "admin.links.setDisabled",
    input: () => ({ linkId: "x", disabled: true, reason: "Spam" }),
  },
  { path: "admin.tracks.list", input: () => ({ limit: 10 }) },
  { path: "admin.releases.list", input: () => ({ limit: 10 }) },
  {
    path: "admin.releases.takedown",
    input: (f) => ({ releaseId: f.release.id, reason: "Copyright" }),
  },
  {
    path: "admin.releases.restore",
    input: (f) => ({ releaseId: f.release.id, reason: "Restore" }),
  },
  { path: "admin.tracks.takedown", input: (f) => ({ trackId: f.track.id, reason: "Copyright" }) },
  { path: "admin.tracks.restore", input: (f) => ({ trackId: f.track.id, reason: "Restore" }) },
  { path: "admin.fraud.queue", input: () => ({ limit: 10 }) },
  { path: "admin.fraud.release", input: () => ({ commissionId: "x", reason: "Reviewed" }) },
  { path: "admin.fraud.reject", input: () => ({ commissionId: "x", reason: "Fraud" }) },
  { path: "admin.fraud.holdPromoter", input: () => ({ promoterId: "x", reason: "Review" }) },
  {
    path: "discount.create",
    input: () => ({ code: "ANON10", type: "PERCENT", value: 1000, scope: "PLATFORM" }),
  },
  { path: "discount.update", input: () => ({ id: "x", status: "PAUSED" }) },
  { path: "discount.list", input: () => ({}) },
  { path: "campaign.create", input: () => CAMPAIGN },
  { path: "campaign.update", input: () => ({ id: "x", name: "Hijacked" }) },
  { path: "campaign.action", input: () => ({ id: "x", action: "cancel" }) },
  { path: "campaign.list", input: () => ({}) },
  { path: "campaign.stats", input: () => ({ id: "x" }) },
  { path: "admin.tax.list", input: () => ({ limit: 10 }) },
  { path: "admin.tax.review", input: () => ({ formId: "x", decision: "VERIFIED" }) },
  { path: "admin.reports.list", input: () => ({ limit: 10 }) },
  {
    path: "admin.reports.resolve",
    input: () => ({ reportId: "x", outcome: "DISMISSED", note: "Nothing to do" }),
  },
  { path: "jobs.overview", input: () => undefined },
  { path: "jobs.failed", input: () => ({ limit: 10 }) },
  { path: "jobs.retry", input: () => ({ queue: "email.deliver", id: JOB_ID }) },
  { path: "jobs.retryEmail", input: () => ({ id: "x" }) },
  // Open platform (issue 15): API keys and webhooks.
  { path: "apiKey.list", input: () => undefined },
  { path: "apiKey.create", input: () => ({ name: "Key", scopes: ["stats:read"] }) },
  { path: "apiKey.revoke", input: () => ({ keyId: "x" }) },
  { path: "apiKey.adminList", input: () => ({ limit: 10 }) },
  { path: "apiKey.setRateLimit", input: () => ({ keyId: "x", perHour: 5, reason: "Because" }) },
  { path: "webhook.list", input: () => undefined },
  {
    path: "webhook.create",
    input: () => ({ url: "https://hooks.example.com/in", events: ["sale.completed"] }),
  },
  { path: "webhook.update", input: () => ({ endpointId: "e", description: "x" }) },
  { path: "webhook.delete", input: () => ({ endpointId: "e" }) },
  { path: "webhook.rotateSecret", input: () => ({ endpointId: "e" }) },
  { path: "webhook.revealSecret", input: () => ({ endpointId: "e" }) },
  { path: "webhook.deliveries", input: () => ({ endpointId: "e" }) },
  { path: "webhook.replay", input: () => ({ deliveryId: "d" }) },
  { path: "webhook.sendTest", input: () => ({ endpointId: "e", type: "sale.completed" }) },
  { path: "webhook.adminList", input: () => ({}) },
];

/** Admins only: the jobs page's and the admin console's procedures. */
const ADMIN_ONLY_JOBS = SIGN_IN_REQUIRED.filter(
  (p) => p.path.startsWith("jobs.") || p.path.startsWith("admin."),
);

/** Artist only: each called by a signed-in user without an artist profile. */
const ARTIST_ONLY = SIGN_IN_REQUIRED.filter(
  (p) => p.path.startsWith("artist.") && !["artist.becomeArtist", "artist.genres"].includes(p.path),
);

/** Ownership: the artist acting on another artist's track. */
const OTHER_ARTISTS_TRACK: { path: string; input: (f: Fixtures) => unknown }[] = [
  {
    path: "artist.updateTrack",
    input: (f) => ({ trackId: f.otherTrack.id, title: "Hijacked", priceCents: 50 }),
  },
  { path: "artist.publishTrack", input: (f) => ({ trackId: f.otherTrack.id }) },
  { path: "artist.unpublishTrack", input: (f) => ({ trackId: f.otherTrack.id }) },
  { path: "artist.deleteTrack", input: (f) => ({ trackId: f.otherTrack.id }) },
  {
    path: "artist.sourceReport",
    input: (f) => ({ period: "all", groupBy: "src", trackId: f.otherTrack.id }),
  },
  { path: "artist.licenseTiers", input: (f) => ({ trackId: f.otherTrack.id }) },
  {
    path: "artist.saveLicenseTier",
    input: (f) => ({
      trackId: f.otherTrack.id,
      kind: "commercial",
      name: "C",
      priceCents: 5000,
      terms: "t",
    }),
  },
  {
    path: "artist.retireLicenseTier",
    input: (f) => ({ trackId: f.otherTrack.id, kind: "commercial" }),
  },
];

/** Ownership: the artist acting on another artist's release (issue 16 §1). */
const OTHER_ARTISTS_RELEASE: { path: string; input: (f: Fixtures) => unknown }[] = [
  { path: "artist.release", input: (f) => ({ releaseId: f.otherRelease.id }) },
  {
    path: "artist.updateRelease",
    input: (f) => ({ releaseId: f.otherRelease.id, title: "Hijacked" }),
  },
  { path: "artist.publishRelease", input: (f) => ({ releaseId: f.otherRelease.id }) },
  { path: "artist.unpublishRelease", input: (f) => ({ releaseId: f.otherRelease.id }) },
  { path: "artist.deleteRelease", input: (f) => ({ releaseId: f.otherRelease.id }) },
];

/** Public procedures without input: nothing a caller sends can be wrong. */
const NO_INPUT_PUBLIC = ["buyer.genres", "buyer.viewer", "contest.list"];

describe("bad input and access: every procedure answers a readable 4xx and changes nothing", () => {
  let h: Harness;
  let f: Fixtures;
  const users = {} as Record<Role, { id: string | null; caller: Caller }>;

  const procedureOf = (role: Role, path: string) => {
    // Nested routers ("admin.settings.update") are objects of procedures on the caller.
    let node: unknown = users[role].caller;
    for (const part of path.split("."))
      node = node == null ? undefined : (node as Record<string, unknown>)[part];
    if (typeof node !== "function") throw new Error(`No procedure ${path} on the router.`);
    return node as (input?: unknown) => Promise<unknown>;
  };

  /** The error a server-side caller gets, or fails the test when the call succeeds. */
  const rejectionOf = async (role: Role, path: string, input: unknown): Promise<TRPCError> => {
    const call = procedureOf(role, path);
    const outcome = await call(input).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (outcome.ok)
      throw new Error(
        `${path} accepted ${JSON.stringify(input)} and returned ${JSON.stringify(outcome.value)}.`,
      );
    expect(outcome.error).toBeInstanceOf(TRPCError);
    return outcome.error as TRPCError;
  };

  /** What a web or mobile client receives: the same call through the fetch adapter. */
  const overHttp = async (role: Role, path: string, input: unknown) => {
    const type = procedures[path]?._def.type;
    const url = new URL(`/api/trpc/${path}`, "http://localhost");
    const payload = JSON.stringify(superjson.serialize(input));
    if (type === "query" && input !== undefined) url.searchParams.set("input", payload);
    // A query (and a subscription, opened as SSE) is a GET; a mutation a POST.
    if (type === "subscription" && input !== undefined) url.searchParams.set("input", payload);
    const req =
      type === "query" || type === "subscription"
        ? new Request(url, {
            headers: type === "subscription" ? { accept: "text/event-stream" } : {},
          })
        : new Request(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: payload,
          });
    const userId = users[role].id;
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req,
      createContext: () =>
        createTRPCContext({
          headers: req.headers,
          session: userId ? { user: { id: userId } } : null,
          db: h.db,
        }),
    });
    if (type === "subscription") {
      // SSE: the stream opens (200) and its first event after `connected` is the error, whose
      // `data.httpStatus` is what a client reads.
      const text = await res.text();
      const m = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (!m) throw new Error(`${path} over SSE sent no error: ${text.slice(0, 200)}`);
      const error = superjson.deserialize<{
        message: string;
        data: { code: string; httpStatus: number };
      }>(JSON.parse(m[1]!) as SuperJSONResult);
      return { status: error.data.httpStatus, error };
    }
    const body = (await res.json()) as { error?: SuperJSONResult };
    if (!body.error)
      throw new Error(`${path} over HTTP accepted ${payload} (status ${res.status}).`);
    return {
      status: res.status,
      error: superjson.deserialize<{ message: string; data: { code: string; httpStatus: number } }>(
        body.error,
      ),
    };
  };

  const expectReadable = (message: string, mentions: RegExp) => {
    expect(message.trim()).not.toBe("");
    // A JSON dump of validation issues starts with "[" or "{"; people need a sentence.
    expect(message.trimStart()).not.toMatch(/^[[{]/);
    expect(message).toMatch(mentions);
  };

  const snapshot = async () => ({
    trackCount: await h.db.track.count(),
    saleCount: await h.db.sale.count(),
    linkCount: await h.db.affiliateLink.count(),
    tracks: await h.db.track.findMany({ orderBy: { id: "asc" } }),
    links: await h.db.affiliateLink.findMany({ orderBy: { id: "asc" } }),
    artists: await h.db.artistProfile.findMany({ orderBy: { id: "asc" } }),
    promoters: await h.db.promoterProfile.findMany({ orderBy: { id: "asc" } }),
    uploads: await h.db.upload.count(),
    users: await h.db.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, email: true, passwordHash: true, sessionVersion: true },
    }),
    settings: await h.db.programSetting.findMany({ orderBy: { key: "asc" } }),
    audit: await h.db.auditLog.count(),
    postTemplates: await h.db.postTemplate.findMany({ orderBy: { id: "asc" } }),
    reports: await h.db.promoterReport.findMany({ orderBy: { id: "asc" } }),
    apiKeys: await h.db.apiKey.findMany({ orderBy: { id: "asc" } }),
    endpoints: await h.db.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
    releases: await h.db.release.findMany({
      orderBy: { id: "asc" },
      include: { tracks: { orderBy: { position: "asc" } } },
    }),
  });

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Bad Input Artist" });
    const other = await h.makeUser({ artistName: "Other Artist" });
    const user = await h.makeUser();
    const admin = await h.makeUser();
    await h.db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });

    const track = (
      await h.makeTrack(artist, { title: "Bad Input Track", priceCents: 800, minPriceCents: 300 })
    ).track;
    const unpublished = (await h.makeTrack(artist, { title: "Unpublished Track" })).track;
    await artist.caller.artist.unpublishTrack({ trackId: unpublished.id });
    const deleted = (await h.makeTrack(artist, { title: "Deleted Track" })).track;
    await artist.caller.artist.deleteTrack({ trackId: deleted.id });
    const noAffiliate = (await h.makeTrack(artist, { title: "No Affiliate Track" })).track;
    await artist.caller.artist.updateTrack({ trackId: noAffiliate.id, affiliateEnabled: false });
    const otherTrack = (await h.makeTrack(other, { title: "Other Track" })).track;
    // The artist's API key and webhook endpoint: another user's ids for the sweep (issue 15).
    const artistKeyId = (
      await createApiKey(
        { userId: artist.id, key: { name: "Artist key", scopes: ["stats:read"] } },
        h.db,
      )
    ).apiKey.id;
    const artistEndpointId = (
      await h.db.webhookEndpoint.create({
        data: {
          userId: artist.id,
          url: "https://hooks.example.com/artist",
          events: ["sale.completed"],
          secret: "whsec_YXJ0aXN0LXNlY3JldC1mb3ItdGVzdHM=",
        },
      })
    ).id;
    // Releases (issue 16 §1): published ones of each artist and the artist's draft.
    const artistProfileId = track.artistId;
    const otherProfileId = otherTrack.artistId;
    const release = await h.db.release.create({
      data: {
        artistId: artistProfileId,
        slug: "bad-input-release",
        title: "Bad Input Release",
        priceCents: 1000,
        published: true,
        publishedAt: new Date(),
        tracks: { create: [{ trackId: track.id, position: 1 }] },
      },
    });
    const draftRelease = await h.db.release.create({
      data: {
        artistId: artistProfileId,
        slug: "bad-input-draft-release",
        title: "Draft Release",
        priceCents: 1000,
        tracks: { create: [{ trackId: unpublished.id, position: 1 }] },
      },
    });
    const otherRelease = await h.db.release.create({
      data: {
        artistId: otherProfileId,
        slug: "other-release",
        title: "Other Release",
        priceCents: 1000,
        published: true,
        publishedAt: new Date(),
        tracks: { create: [{ trackId: otherTrack.id, position: 1 }] },
      },
    });
    const otherArtwork = await h.db.upload.create({
      data: {
        ownerId: other.id,
        kind: "ARTWORK",
        storageKey: "artwork/bad-input-other.png",
        contentType: "image/png",
        originalFilename: "other.png",
        sizeBytes: 1,
        sha256: "0",
      },
    });
    f = {
      track,
      unpublished,
      deleted,
      noAffiliate,
      otherTrack,
      artistKeyId,
      artistEndpointId,
      release,
      draftRelease,
      otherRelease,
      otherArtwork,
    };

    users.anon = { id: null, caller: await h.callerFor(null) };
    users.user = { id: user.id, caller: await h.callerFor(user.id) };
    users.artist = { id: artist.id, caller: await h.callerFor(artist.id) };
    users.admin = { id: admin.id, caller: await h.callerFor(admin.id) };
    // Promoter profiles are created on first use; create them now so that first use is not
    // mistaken for a write made by a rejected call.
    for (const role of ["user", "artist", "admin"] as const) await users[role].caller.promoter.me();
  });
  afterAll(async () => {
    await h.close();
  });

  test("this file covers every procedure of the router", () => {
    const covered = new Set(
      [...BAD_INPUT, ...SIGN_IN_REQUIRED, ...OTHER_ARTISTS_TRACK, ...OTHER_ARTISTS_RELEASE]
        .map((x) => x.path)
        .concat(NO_INPUT_PUBLIC),
    );
    expect([...covered].sort()).toEqual(Object.keys(procedures).sort());
  });

  describe("bad input", () => {
    test.each(BAD_INPUT)(
      "$path rejects $problem with $status, a readable message, and no change to the database",
      async ({ path, caller, input, status, mentions }) => {
        const before = await snapshot();
        const error = await rejectionOf(caller, path, input(f));
        const httpStatus = getHTTPStatusCodeFromError(error);
        expect(httpStatus, error.message).toBeGreaterThanOrEqual(400);
        expect(httpStatus, error.message).toBeLessThan(500);
        expect(httpStatus, error.message).toBe(status);

        const wire = await overHttp(caller, path, input(f));
        expect(wire.status).toBe(status);
        expectReadable(wire.error.message, mentions);

        expect(await snapshot()).toEqual(before);
      },
    );

    // One test over the whole table rather than one per row: server-side callers get their
    // readable Zod message from one place (the appErrors middleware in trpc.ts), so a single
    // regression there would otherwise fail every row at once.
    test("every rejection a server-side caller gets carries the same readable message, not a JSON dump of Zod issues", async () => {
      const unreadable: string[] = [];
      for (const { path, caller, problem, input, mentions } of BAD_INPUT) {
        const { message } = await rejectionOf(caller, path, input(f));
        if (message.trim() === "" || /^[[{]/.test(message.trimStart()) || !mentions.test(message))
          unreadable.push(`${path} (${problem}): ${JSON.stringify(message.slice(0, 60))}`);
      }
      expect(unreadable).toEqual([]);
    });
  });

  describe("access", () => {
    test.each(SIGN_IN_REQUIRED)(
      '$path answers 401 "Sign in to do that." to an anonymous caller',
      async ({ path, input }) => {
        const before = await snapshot();
        const error = await rejectionOf("anon", path, input(f));
        expect(error.code).toBe("UNAUTHORIZED");
        expect(getHTTPStatusCodeFromError(error)).toBe(401);
        expect(error.message).toBe("Sign in to do that.");
        const wire = await overHttp("anon", path, input(f));
        expect(wire.status).toBe(401);
        expect(wire.error.message).toBe("Sign in to do that.");
        expect(await snapshot()).toEqual(before);
      },
    );

    test("a caller with an invalid bearer token answers 401 saying the session token is not valid", async () => {
      const caller = await h.callerFor(null, { authorization: "Bearer not-a-real-token" });
      const error = await caller.promoter.me().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect(getHTTPStatusCodeFromError(error as TRPCError)).toBe(401);
      expect((error as TRPCError).message).toBe("That session token is not valid: sign in again.");
    });

    test.each(ARTIST_ONLY)(
      "$path answers 403 to a signed-in user without an artist profile",
      async ({ path, input }) => {
        const before = await snapshot();
        const error = await rejectionOf("user", path, input(f));
        expect(error.code).toBe("FORBIDDEN");
        expect(getHTTPStatusCodeFromError(error)).toBe(403);
        expectReadable(error.message, /Create your artist profile first/);
        expect(await snapshot()).toEqual(before);
      },
    );

    test.each(["user", "artist"] as const)(
      "admin.sales answers 403 Admins only. to a signed-in %s who is not an admin",
      async (role) => {
        const error = await rejectionOf(role, "admin.sales", { limit: 10 });
        expect(error.code).toBe("FORBIDDEN");
        expect(getHTTPStatusCodeFromError(error)).toBe(403);
        expect(error.message).toBe("Admins only.");
      },
    );

    test.each(
      ADMIN_ONLY_JOBS.flatMap((p) => (["user", "artist"] as const).map((role) => ({ ...p, role }))),
    )(
      "$path answers 403 Admins only. to a signed-in $role who is not an admin",
      async ({ path, input, role }) => {
        const error = await rejectionOf(role, path, input(f));
        expect(error.code).toBe("FORBIDDEN");
        expect(getHTTPStatusCodeFromError(error)).toBe(403);
        expect(error.message).toBe("Admins only.");
        const wire = await overHttp(role, path, input(f));
        expect(wire.status).toBe(403);
      },
    );

    test.each(OTHER_ARTISTS_TRACK)(
      "$path answers 404 for another artist's track and leaves that track untouched",
      async ({ path, input }) => {
        const before = await snapshot();
        const error = await rejectionOf("artist", path, input(f));
        expect(error.code).toBe("NOT_FOUND");
        expect(getHTTPStatusCodeFromError(error)).toBe(404);
        expectReadable(
          error.message,
          new RegExp(`Track ${f.otherTrack.id} was not found among your tracks`),
        );
        expect(await snapshot()).toEqual(before);
        expect(
          await h.db.track.findUniqueOrThrow({ where: { id: f.otherTrack.id } }),
        ).toMatchObject({ published: true, deletedAt: null, title: "Other Track" });
      },
    );
    test.each(OTHER_ARTISTS_RELEASE)(
      "$path answers 404 for another artist's release and leaves it untouched",
      async ({ path, input }) => {
        const before = await snapshot();
        const error = await rejectionOf("artist", path, input(f));
        expect(error.code).toBe("NOT_FOUND");
        expect(getHTTPStatusCodeFromError(error)).toBe(404);
        expectReadable(
          error.message,
          new RegExp(`Release ${f.otherRelease.id} was not found among your releases`),
        );
        expect(await snapshot()).toEqual(before);
        expect(
          await h.db.release.findUniqueOrThrow({ where: { id: f.otherRelease.id } }),
        ).toMatchObject({ published: true, deletedAt: null, title: "Other Release" });
      },
    );
  });

  describe("answers that are not errors", () => {
    test("discount.validate answers an unknown code with valid: false and the reason, not an error", async () => {
      expect(await users.anon.caller.discount.validate({ code: "X" })).toEqual({
        valid: false,
        code: "X",
        reason: 'Unknown discount code "X".',
      });
    });

    test("discount.validate normalises the code to upper case in its answer", async () => {
      expect(
        await users.anon.caller.discount.validate({ code: " summer10 ", slug: f.track.slug }),
      ).toEqual({ valid: false, code: "SUMMER10", reason: 'Unknown discount code "SUMMER10".' });
    });

    test("campaign.live answers an unknown track, or a track with no campaign, with an empty list, not an error", async () => {
      expect(await users.anon.caller.campaign.live({ trackId: "no-such-track" })).toEqual([]);
      expect(await users.anon.caller.campaign.live({ trackId: f.track.id })).toEqual([]);
    });

    test("buyer.genres takes no input: a stray input is ignored and the genre list comes back", async () => {
      const genres = await procedureOf("anon", "buyer.genres")({ junk: true });
      expect(Array.isArray(genres)).toBe(true);
    });

    test("buyer.viewer takes no input and answers only about the caller: null signed out, each role its own account", async () => {
      expect(await procedureOf("anon", "buyer.viewer")({ userId: users.artist.id })).toBeNull();
      for (const role of ["user", "artist", "admin"] as const) {
        const me = await h.db.user.findUniqueOrThrow({ where: { id: users[role].id! } });
        const viewer = await procedureOf(role, "buyer.viewer")({ userId: users.user.id });
        expect(viewer).toMatchObject({ email: me.email, isAdmin: role === "admin" });
      }
    });

    test("promoter.updateProfile ignores fields other than displayName and showOnLeaderboard (no writing click totals)", async () => {
      const me = await users.user.caller.promoter.me();
      const updateProfile = procedureOf("user", "promoter.updateProfile");
      await updateProfile({
        displayName: "Fair Player",
        clickCount: 999_999,
        earningsCents: 999_999,
        userId: users.artist.id,
      });
      expect(
        await h.db.promoterProfile.findUniqueOrThrow({ where: { id: me.promoter.id } }),
      ).toMatchObject({
        displayName: "Fair Player",
        clickCount: 0,
        earningsCents: 0n,
        userId: users.user.id,
      });
    });

    test("account procedures act on the caller only: an id in the input is ignored, and settings show only the caller's account", async () => {
      const before = await h.db.user.findUniqueOrThrow({ where: { id: users.artist.id! } });
      await procedureOf("user", "account.update")({ name: "Renamed Me", userId: users.artist.id });
      expect((await h.db.user.findUniqueOrThrow({ where: { id: users.user.id! } })).name).toBe(
        "Renamed Me",
      );
      expect((await h.db.user.findUniqueOrThrow({ where: { id: users.artist.id! } })).name).toBe(
        before.name,
      );
      for (const role of ["user", "artist", "admin"] as const) {
        const me = await h.db.user.findUniqueOrThrow({ where: { id: users[role].id! } });
        const settings = await procedureOf(role, "account.settings")({ userId: users.user.id });
        expect(settings).toMatchObject({ email: me.email });
      }
    });

    test("leaderboard.myPosition answers about the caller only, for each role: a user or promoter id in the input is ignored", async () => {
      const other = await h.db.promoterProfile.upsert({
        where: { userId: users.artist.id! },
        create: { userId: users.artist.id!, salesCount: 3, earningsCents: 4_200 },
        update: { salesCount: 3, earningsCents: 4_200 },
      });
      const myPosition = procedureOf("user", "leaderboard.myPosition");
      const mine = (await myPosition({
        period: "all",
        userId: users.artist.id,
        promoterId: other.id,
      })) as { ranked: boolean; value?: number };
      const own = await h.db.promoterProfile.findUnique({ where: { userId: users.user.id! } });
      expect(mine).toMatchObject({ ranked: (own?.earningsCents ?? 0n) > 0n });
      if (mine.ranked) expect(mine.value).toBe(Number(own!.earningsCents));
      const theirs = await procedureOf("artist", "leaderboard.myPosition")({ period: "all" });
      expect(theirs).toMatchObject({ ranked: true, value: 4_200 });
      // The admin, too, gets their own place only (no promoter profile: not on the board).
      const adminOwn = await h.db.promoterProfile.findUnique({
        where: { userId: users.admin.id! },
      });
      const adminView = (await procedureOf(
        "admin",
        "leaderboard.myPosition",
      )({
        period: "all",
        userId: users.artist.id,
        promoterId: other.id,
      })) as { ranked: boolean; value?: number };
      expect(adminView).toMatchObject({ ranked: (adminOwn?.earningsCents ?? 0n) > 0n });
      if (adminView.ranked) expect(adminView.value).toBe(Number(adminOwn!.earningsCents));
    });

    test("leaderboard.me answers about the caller only, for each role: a user or promoter id in the input is rejected or ignored", async () => {
      const other = await h.db.promoterProfile.upsert({
        where: { userId: users.artist.id! },
        create: { userId: users.artist.id!, salesCount: 3, earningsCents: 4_200 },
        update: { salesCount: 3, earningsCents: 4_200 },
      });
      const mine = (await procedureOf(
        "user",
        "leaderboard.me",
      )({
        period: "all",
        metric: "earnings",
        userId: users.artist.id,
        promoterId: other.id,
      })) as { ranked: boolean; value: number };
      const own = await h.db.promoterProfile.findUnique({ where: { userId: users.user.id! } });
      expect(mine).toMatchObject({ value: Number(own?.earningsCents ?? 0n) });
      const theirs = await procedureOf(
        "artist",
        "leaderboard.me",
      )({ period: "all", metric: "earnings" });
      expect(theirs).toMatchObject({ ranked: true, value: 4_200 });
    });

    test("buyer.startCheckout ignores a malformed attribution cookie instead of failing with a server error", async () => {
      // Cookies are client-controlled; "%E0%A4%A" is not valid percent-encoding.
      const buyer = await h.callerFor(null, {
        cookie: `${attributionCookieName(f.track.id)}=%E0%A4%A`,
      });
      const outcome = await buyer.buyer
        .startCheckout({ slug: f.track.slug, buyerEmail: "cookie@example.com" })
        .then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error: error as TRPCError }),
        );
      expect(
        outcome.ok ? null : { code: outcome.error.code, message: outcome.error.message },
      ).toBeNull();
      expect(outcome.ok && outcome.value.attributed).toBe(false);
    });
  });
});
