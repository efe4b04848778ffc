import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { publicTags, setPublicPageInvalidator } from "../cache/public-pages";
import { listReleasesForAdmin } from "./list-releases";

type User = Awaited<ReturnType<Harness["makeUser"]>>;
type Caller = User["caller"];

/** The tRPC error `p` rejects with (it must reject with one). */
async function trpcRejection(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

/**
 * Admin moderation of releases (issue 16 §1, as tracks, issue 11 §2 and §6): `admin.releases.*`
 * through the real router, against PostgreSQL.
 */
describe("admin.releases: take down, restore, list", () => {
  let h: Harness;
  let admin: User;
  let artist: User;
  let artistId = "";
  let trackId = "";
  /** Tags the services invalidated since the last reset. */
  let invalidated: string[] = [];
  let n = 0;

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Moderated Release Band" });
    artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id;
    trackId = (await h.makeTrack(artist, { title: "Release Opener" })).track.id;
    setPublicPageInvalidator((tags) => invalidated.push(...tags));
  });
  afterEach(() => {
    invalidated = [];
  });
  afterAll(async () => {
    setPublicPageInvalidator(null);
    await h.close();
  });

  /** A release of the artist's published track, created directly (published unless told). */
  async function makeRelease(
    opts: { title?: string; published?: boolean; owner?: string; track?: string } = {},
  ) {
    n++;
    const published = opts.published ?? true;
    return h.db.release.create({
      data: {
        artistId: opts.owner ?? artistId,
        slug: `moderated-release-${n}-${Date.now().toString(36)}`,
        title: opts.title ?? `Moderated Release ${n}`,
        priceCents: 1500,
        // One minute apart, in the order made: "newest first" is then certain.
        createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000),
        published,
        publishedAt: published ? new Date() : null,
        tracks: { create: [{ trackId: opts.track ?? trackId, position: 1 }] },
      },
    });
  }

  test("a taken-down release leaves the store, is audited, and its artist cannot republish it", async () => {
    const release = await makeRelease();
    const anon = await h.callerFor(null);
    expect(await anon.release.bySlug({ slug: release.slug })).toMatchObject({ id: release.id });

    const down = await admin.caller.admin.releases.takedown({
      releaseId: release.id,
      reason: "  Artwork infringes a trademark  ",
    });
    expect(down).toMatchObject({
      id: release.id,
      published: false,
      takedownReason: "Artwork infringes a trademark",
    });
    expect(down.takenDownAt).toBeInstanceOf(Date);
    const row = await h.db.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(row).toMatchObject({
      published: false,
      takedownReason: "Artwork infringes a trademark",
    });
    expect(row.takenDownAt).not.toBeNull();
    // Its page, its artist's page and discover are expired.
    expect(invalidated).toEqual(
      expect.arrayContaining([
        publicTags.release(release.id),
        publicTags.artist(artistId),
        publicTags.discover,
      ]),
    );

    // A visitor no longer finds it.
    const gone = await trpcRejection(anon.release.bySlug({ slug: release.slug }));
    expect(gone.code).toBe("NOT_FOUND");
    expect(gone.message).toBe(`No release at /r/${release.slug}.`);

    // Its artist cannot publish it again, and reads why.
    const refused = await trpcRejection(
      artist.caller.artist.publishRelease({ releaseId: release.id }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("was taken down by Fanfare: Artwork infringes a trademark");
    expect((await h.db.release.findUniqueOrThrow({ where: { id: release.id } })).published).toBe(
      false,
    );

    // Taking it down twice is a conflict that changes nothing.
    const twice = await trpcRejection(
      admin.caller.admin.releases.takedown({ releaseId: release.id, reason: "Again" }),
    );
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toBe(`Release "${release.title}" is already taken down.`);
    expect(
      (await h.db.release.findUniqueOrThrow({ where: { id: release.id } })).takedownReason,
    ).toBe("Artwork infringes a trademark");

    const audit = await h.db.auditLog.findMany({
      where: { subjectType: "release", subjectId: release.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      action: "release.takedown",
      before: { published: true },
      after: { published: false, reason: "Artwork infringes a trademark" },
    });
  });

  test("a restored release stays unpublished until its artist publishes it again; audited", async () => {
    const release = await makeRelease();
    await admin.caller.admin.releases.takedown({
      releaseId: release.id,
      reason: "Copyright claim by the label",
    });
    invalidated = [];

    const restored = await admin.caller.admin.releases.restore({
      releaseId: release.id,
      reason: "Claim withdrawn",
    });
    expect(restored).toMatchObject({
      id: release.id,
      published: false,
      takenDownAt: null,
      takedownReason: null,
    });
    expect(invalidated).toEqual(
      expect.arrayContaining([publicTags.release(release.id), publicTags.artist(artistId)]),
    );
    // Still not in the store: restoring does not publish.
    const anon = await h.callerFor(null);
    expect((await trpcRejection(anon.release.bySlug({ slug: release.slug }))).code).toBe(
      "NOT_FOUND",
    );

    // Restoring what is not taken down is a conflict.
    const again = await trpcRejection(
      admin.caller.admin.releases.restore({ releaseId: release.id, reason: "Again" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe(`Release "${release.title}" is not taken down.`);

    // The artist may publish it again, and visitors see it.
    await artist.caller.artist.publishRelease({ releaseId: release.id });
    expect(await anon.release.bySlug({ slug: release.slug })).toMatchObject({ id: release.id });

    const audit = await h.db.auditLog.findMany({
      where: { subjectType: "release", subjectId: release.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(audit.map((a) => a.action)).toEqual(["release.takedown", "release.restore"]);
    expect(audit[1]).toMatchObject({
      actorId: admin.id,
      before: { takenDown: true, reason: "Copyright claim by the label" },
      after: { takenDown: false, reason: "Claim withdrawn" },
    });
  });

  test("a draft can be taken down too; it stays unpublished and the audit records it was", async () => {
    const draft = await makeRelease({ published: false });
    await admin.caller.admin.releases.takedown({ releaseId: draft.id, reason: "Spam release" });
    const [entry] = await h.db.auditLog.findMany({ where: { subjectId: draft.id } });
    expect(entry).toMatchObject({ before: { published: false } });
    const refused = await trpcRejection(
      artist.caller.artist.publishRelease({ releaseId: draft.id }),
    );
    expect(refused.code).toBe("FORBIDDEN");
  });

  test("unknown and deleted releases are NOT_FOUND; a missing reason is refused; nothing changes", async () => {
    const auditBefore = await h.db.auditLog.count();
    for (const proc of ["takedown", "restore"] as const) {
      const unknown = await trpcRejection(
        admin.caller.admin.releases[proc]({ releaseId: "no-such-release", reason: "Copyright" }),
      );
      expect(unknown.code).toBe("NOT_FOUND");
      expect(unknown.message).toBe("Release no-such-release does not exist.");
    }
    const deleted = await makeRelease();
    await artist.caller.artist.deleteRelease({ releaseId: deleted.id });
    const del = await trpcRejection(
      admin.caller.admin.releases.takedown({ releaseId: deleted.id, reason: "Copyright" }),
    );
    expect(del.code).toBe("NOT_FOUND");
    expect(del.message).toBe(`Release ${deleted.id} does not exist.`);

    const release = await makeRelease();
    const noReason = await trpcRejection(
      admin.caller.admin.releases.takedown({ releaseId: release.id, reason: "  " }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(noReason.message).toContain("Say why (the artist reads it)");
    const long = await trpcRejection(
      admin.caller.admin.releases.takedown({ releaseId: release.id, reason: "x".repeat(1001) }),
    );
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toContain("Keep the reason under 1000 characters");
    expect(await h.db.release.findUniqueOrThrow({ where: { id: release.id } })).toMatchObject({
      published: true,
      takenDownAt: null,
    });
    expect(await h.db.auditLog.count()).toBe(auditBefore);
  });

  test("anonymous callers must sign in; signed-in non-admins (the release's own artist too) are refused", async () => {
    const release = await makeRelease();
    const outsider = await h.makeUser();
    const anon = await h.callerFor(null);
    const calls = (c: Caller) => [
      () => c.admin.releases.list({ limit: 10 }),
      () => c.admin.releases.takedown({ releaseId: release.id, reason: "Copyright" }),
      () => c.admin.releases.restore({ releaseId: release.id, reason: "Restore" }),
    ];
    for (const call of calls(anon)) {
      const e = await trpcRejection(call());
      expect(e.code).toBe("UNAUTHORIZED");
      expect(e.message).toBe("Sign in to do that.");
    }
    for (const caller of [outsider.caller, artist.caller]) {
      for (const call of calls(caller)) {
        const e = await trpcRejection(call());
        expect(e.code).toBe("FORBIDDEN");
        expect(e.message).toBe("Admins only.");
      }
    }
    expect(await h.db.release.findUniqueOrThrow({ where: { id: release.id } })).toMatchObject({
      published: true,
      takenDownAt: null,
    });
    expect(await h.db.auditLog.count({ where: { subjectId: release.id } })).toBe(0);
  });

  test("the list searches title, slug and artist name, filters by state and pages by cursor", async () => {
    const other = await h.makeUser({ artistName: "Quasar Lantern" });
    const otherArtistId = (
      await h.db.artistProfile.findUniqueOrThrow({ where: { userId: other.id } })
    ).id;
    const otherTrack = (await h.makeTrack(other, { title: "Lantern Song" })).track.id;
    const published = await makeRelease({ title: "Zephyr Listing Published" });
    const draft = await makeRelease({ title: "Zephyr Listing Draft", published: false });
    const down = await makeRelease({ title: "Zephyr Listing Down" });
    await admin.caller.admin.releases.takedown({
      releaseId: down.id,
      reason: "Sample not cleared",
    });
    const deleted = await makeRelease({ title: "Zephyr Listing Deleted" });
    await artist.caller.artist.deleteRelease({ releaseId: deleted.id });
    const byOther = await makeRelease({
      title: "Elsewhere EP",
      owner: otherArtistId,
      track: otherTrack,
    });

    const ids = (items: { id: string }[]) => items.map((r) => r.id);
    const list = (input: Parameters<Caller["admin"]["releases"]["list"]>[0]) =>
      admin.caller.admin.releases.list(input);

    // Title (any case, trimmed), newest first; the deleted one only under its own state.
    expect(ids((await list({ query: "  zephyr LISTING " })).items)).toEqual([
      down.id,
      draft.id,
      published.id,
    ]);
    expect(ids((await list({ query: "zephyr listing", state: "PUBLISHED" })).items)).toEqual([
      published.id,
    ]);
    expect(ids((await list({ query: "zephyr listing", state: "TAKEN_DOWN" })).items)).toEqual([
      down.id,
    ]);
    expect(ids((await list({ query: "zephyr listing", state: "DRAFT" })).items)).toEqual([
      draft.id,
    ]);
    expect(ids((await list({ query: "zephyr listing", state: "DELETED" })).items)).toEqual([
      deleted.id,
    ]);
    // Artist name and slug.
    expect(ids((await list({ query: "quasar lantern" })).items)).toEqual([byOther.id]);
    expect(ids((await list({ query: byOther.slug.toUpperCase() })).items)).toEqual([byOther.id]);
    // LIKE wildcards match themselves.
    expect((await list({ query: "zephyr%listing" })).items).toEqual([]);

    // The row: state, reason, artist, track count, money in cents as numbers.
    const [row] = (await list({ query: "Zephyr Listing Down" })).items;
    expect(row).toMatchObject({
      id: down.id,
      kind: "album",
      state: "TAKEN_DOWN",
      takedownReason: "Sample not cleared",
      artist: { id: artistId, userId: artist.id, name: "Moderated Release Band" },
      priceCents: 1500,
      trackCount: 1,
      salesCount: 0,
      grossCents: 0,
    });

    // Cursor pages of one row walk every match once, then end.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await list({ query: "zephyr listing", limit: 1, cursor });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual([down.id, draft.id, published.id]);

    // The service reads the same rules as the router.
    expect(
      ids((await listReleasesForAdmin({ query: "Elsewhere", state: "PUBLISHED" }, h.db)).items),
    ).toEqual([byOther.id]);
  });
});
