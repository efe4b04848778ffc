import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { publicTags, setPublicPageInvalidator } from "../cache/public-pages";
import { getStorage, ingestUpload, synthesizeArtwork } from "../media";
import {
  adminListResources,
  deleteResource,
  getPublishedResource,
  listPublishedResources,
  upsertResource,
} from "./resources";

/** The resource center (issue 14 §8): admin-written Markdown resources, public once published. */
describe("resource center", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  const invalidated: string[] = [];
  const tag = () => Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    setPublicPageInvalidator((tags) => invalidated.push(...tags));
  });
  afterAll(async () => {
    setPublicPageInvalidator(null);
    await h.close();
  });

  test("only published resources are public, grouped by category and ordered by position then title; every write is audited and expires the cache", async () => {
    const t = tag();
    const mk = (slug: string, category: "faq" | "guide", position: number, published = true) =>
      upsertResource(
        {
          slug: `${slug}-${t}`,
          title: `${slug} ${t}`,
          category,
          body: `# ${slug}\n\nBody.`,
          published,
          position,
        },
        { userId: admin.id },
        h.db,
      );
    invalidated.length = 0;
    const b = await mk("b-faq", "faq", 1);
    const a = await mk("a-faq", "faq", 1);
    const first = await mk("z-faq", "faq", 0);
    const draft = await mk("draft", "guide", 0, false);
    expect(invalidated).toEqual(Array(4).fill(publicTags.resources));

    const groups = await listPublishedResources(h.db);
    const faqs = groups
      .find((g) => g.category === "faq")!
      .resources.filter((r) => r.slug.endsWith(t));
    expect(faqs.map((r) => r.slug)).toEqual([first.slug, a.slug, b.slug]);
    expect(faqs[0]).not.toHaveProperty("body");
    expect(groups.flatMap((g) => g.resources).some((r) => r.slug === draft.slug)).toBe(false);
    expect(await getPublishedResource({ slug: draft.slug }, h.db)).toBeNull();
    expect(await getPublishedResource({ slug: a.slug.toUpperCase() }, h.db)).toMatchObject({
      title: a.title,
      body: "# a-faq\n\nBody.",
      category: "faq",
      imageUrl: null,
    });

    // Publishing the draft makes it public; the audit keeps before and after (not the body).
    await upsertResource(
      {
        id: draft.id,
        slug: draft.slug,
        title: draft.title,
        category: "guide",
        body: "New",
        published: true,
      },
      { userId: admin.id },
      h.db,
    );
    expect(await getPublishedResource({ slug: draft.slug }, h.db)).toMatchObject({ body: "New" });
    const audits = await h.db.auditLog.findMany({
      where: { subjectType: "resource", subjectId: draft.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((x) => x.action)).toEqual(["resource.create", "resource.update"]);
    expect(audits[1]).toMatchObject({
      actorId: admin.id,
      before: { published: false, bodyLength: draft.body.length },
      after: { published: true, bodyLength: 3 },
    });
    expect(await h.db.resource.findUnique({ where: { id: draft.id } })).toMatchObject({
      updatedById: admin.id,
    });

    // Delete: gone from the public pages and the admin list, audited, cache expired.
    invalidated.length = 0;
    await deleteResource({ id: b.id }, { userId: admin.id }, h.db);
    expect(invalidated).toEqual([publicTags.resources]);
    expect(await getPublishedResource({ slug: b.slug }, h.db)).toBeNull();
    expect((await adminListResources(h.db)).some((r) => r.id === b.id)).toBe(false);
    expect(
      await h.db.auditLog.findFirst({ where: { subjectId: b.id, action: "resource.delete" } }),
    ).toMatchObject({ before: { slug: b.slug } });
    await expect(deleteResource({ id: b.id }, { userId: admin.id }, h.db)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("a taken slug is a CONFLICT naming the slug, and nothing is written", async () => {
    const slug = `taken-${tag()}`;
    const input = { slug, title: "One", category: "swipe" as const, body: "Text" };
    const one = await upsertResource(input, { userId: admin.id }, h.db);
    const other = await upsertResource({ ...input, slug: `${slug}-2` }, { userId: admin.id }, h.db);
    const audits = await h.db.auditLog.count({ where: { subjectType: "resource" } });
    await expect(upsertResource(input, { userId: admin.id }, h.db)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`"${slug}"`),
    });
    await expect(
      upsertResource(
        { ...input, id: other.id, slug: slug.toUpperCase() },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    // Saving under its own slug is no conflict.
    await expect(
      upsertResource({ ...input, id: one.id, title: "One again" }, { userId: admin.id }, h.db),
    ).resolves.toMatchObject({ title: "One again" });
    expect(await h.db.auditLog.count({ where: { subjectType: "resource" } })).toBe(audits + 1);
    await expect(
      upsertResource({ ...input, id: "nope", slug: `${slug}-3` }, { userId: admin.id }, h.db),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the body is 1–20,000 characters of text (the database CHECKs the same), and the picture must be an IMAGE upload", async () => {
    const base = { slug: `long-${tag()}`, title: "Long", category: "guide" as const };
    const max = await upsertResource(
      { ...base, body: "x".repeat(20_000) },
      { userId: admin.id },
      h.db,
    );
    expect(max.body).toHaveLength(20_000);
    await expect(
      upsertResource({ ...base, body: "x".repeat(20_001) }, { userId: admin.id }, h.db),
    ).rejects.toThrow(/20,000/);
    await expect(
      upsertResource({ ...base, body: " \n " }, { userId: admin.id }, h.db),
    ).rejects.toThrow(/Write the body/);
    // The database refuses what the validator would (a write that skips the service).
    await expect(
      h.db.resource.update({ where: { id: max.id }, data: { body: "x".repeat(20_001) } }),
    ).rejects.toThrow();
    await expect(
      h.db.resource.update({ where: { id: max.id }, data: { slug: "Bad Slug" } }),
    ).rejects.toThrow();

    // A picture: the admin's own IMAGE upload; null removes it; absent keeps it.
    const upload = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: admin.id,
      kind: "IMAGE",
      filename: "card.png",
      bytes: await synthesizeArtwork({ sizePx: 64, hueDegrees: 200 }),
    });
    const withImage = await upsertResource(
      { ...base, id: max.id, body: "Pic", imageUploadId: upload.id, published: true },
      { userId: admin.id },
      h.db,
    );
    expect(withImage.imageUrl).toMatch(/^\/api\/images\/.+\.png$/);
    const kept = await upsertResource(
      { ...base, id: max.id, body: "Pic 2", published: true },
      { userId: admin.id },
      h.db,
    );
    expect(kept.imageUrl).toBe(withImage.imageUrl);
    const other = await h.makeUser();
    const foreign = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: other.id,
      kind: "IMAGE",
      filename: "x.png",
      bytes: await synthesizeArtwork({ sizePx: 64, hueDegrees: 200 }),
    });
    await expect(
      upsertResource(
        { ...base, id: max.id, body: "Pic", imageUploadId: foreign.id },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toMatchObject({ code: "BAD_INPUT", field: "imageUploadId" });
    expect(
      (
        await upsertResource(
          { ...base, id: max.id, body: "Pic", imageUploadId: null },
          { userId: admin.id },
          h.db,
        )
      ).imageUrl,
    ).toBeNull();
  });

  test("admin.resources.* are for admins only", async () => {
    const user = await h.makeUser();
    await expect(user.caller.admin.resources.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const saved = await admin.caller.admin.resources.upsert({
      slug: `via-trpc-${tag()}`,
      title: "Via tRPC",
      category: "faq",
      body: "Q & A",
      published: true,
    });
    expect(
      (await admin.caller.admin.resources.list()).find((r) => r.id === saved.id),
    ).toMatchObject({ published: true, category: "faq" });
    await admin.caller.admin.resources.delete({ id: saved.id });
  });
});
