import type { PrismaClient, Resource } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { AdminResource, ResourceCategory, ResourceInput } from "@fanfare/validators";
import { RESOURCE_CATEGORIES, ZResourceInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { claimImageUpload, publicImageUrl } from "../media/images";

/**
 * The resource center (issue 14 §8): swipe files, post templates, FAQs, best practices and
 * pictures, written by admins and shown to everyone at `/resources` once published.
 */

/** A published resource as `/resources/<slug>` shows it. */
export type PublicResource = {
  slug: string;
  title: string;
  category: ResourceCategory;
  summary: string;
  /** Markdown (rendered without raw HTML). */
  body: string;
  imageUrl: string | null;
  /** ISO date of the last change. */
  updatedAt: string;
};

/** One category of the list at `/resources`, in `RESOURCE_CATEGORIES` order. */
export type ResourceGroup = {
  category: ResourceCategory;
  resources: Omit<PublicResource, "body">[];
};

const categoryOf = (c: string): ResourceCategory =>
  (RESOURCE_CATEGORIES as readonly string[]).includes(c) ? (c as ResourceCategory) : "guide";

const toPublic = (r: Resource): PublicResource => ({
  slug: r.slug,
  title: r.title,
  category: categoryOf(r.category),
  summary: r.summary,
  body: r.body,
  imageUrl: publicImageUrl(r.imageKey),
  updatedAt: r.updatedAt.toISOString(),
});

const toAdmin = (r: Resource): AdminResource => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  category: categoryOf(r.category),
  summary: r.summary,
  body: r.body,
  imageUrl: publicImageUrl(r.imageKey),
  published: r.published,
  position: r.position,
  updatedAt: r.updatedAt,
});

/** What the audit log keeps of a resource (not the body: its length only). */
const auditOf = (r: Resource) => ({
  slug: r.slug,
  title: r.title,
  category: r.category,
  summary: r.summary,
  bodyLength: r.body.length,
  imageKey: r.imageKey,
  published: r.published,
  position: r.position,
});

/**
 * The published resources by category (categories without any are left out), each ordered by
 * position, then title. JSON-safe (dates as ISO strings) for the page cache.
 */
export async function listPublishedResources(db: PrismaClient): Promise<ResourceGroup[]> {
  const rows = await db.resource.findMany({
    where: { published: true },
    orderBy: [{ position: "asc" }, { title: "asc" }],
  });
  return RESOURCE_CATEGORIES.map((category) => ({
    category,
    resources: rows
      .filter((r) => r.category === category)
      .map((r) => {
        const { body: _body, ...rest } = toPublic(r);
        return rest;
      }),
  })).filter((g) => g.resources.length > 0);
}

/** The published resource at `/resources/<slug>`; null for none or a draft. */
export async function getPublishedResource(
  input: { slug: string },
  db: PrismaClient,
): Promise<PublicResource | null> {
  const r = await db.resource.findUnique({ where: { slug: input.slug.toLowerCase() } });
  return r?.published ? toPublic(r) : null;
}

/** Every resource, drafts included, for the admin page: by category, position, title. */
export async function adminListResources(db: PrismaClient): Promise<AdminResource[]> {
  const rows = await db.resource.findMany({
    orderBy: [{ category: "asc" }, { position: "asc" }, { title: "asc" }],
  });
  const order = (c: string) => (RESOURCE_CATEGORIES as readonly string[]).indexOf(c);
  return rows.sort((a, b) => order(a.category) - order(b.category)).map(toAdmin);
}

/**
 * Creates a resource, or replaces resource `id`; audited (`resource.create` /
 * `resource.update`), and the resource center's cache is expired. `imageUploadId` must be the
 * admin's own IMAGE upload (null removes the picture, absent keeps it).
 * @throws AppError NOT_FOUND (no resource `id`), CONFLICT with `field` "slug" when another
 *   resource has the slug, BAD_INPUT for an upload that is not the admin's picture.
 */
export async function upsertResource(
  input: ResourceInput,
  actor: { userId: string },
  db: PrismaClient,
): Promise<AdminResource> {
  const { id, imageUploadId, ...data } = ZResourceInput.parse(input);
  const imageKey =
    imageUploadId === undefined
      ? undefined
      : imageUploadId === null
        ? null
        : await claimImageUpload(
            { userId: actor.userId, uploadId: imageUploadId, field: "imageUploadId" },
            db,
          );
  const clashError = () =>
    new AppError(
      "CONFLICT",
      `Cannot save "${data.title}": another resource already uses the slug "${data.slug}".`,
      { field: "slug" },
    );
  const fields = {
    ...data,
    updatedById: actor.userId,
    ...(imageKey !== undefined ? { imageKey } : {}),
  };
  const saved = await db
    .$transaction(async (tx) => {
      const before = id ? await tx.resource.findUnique({ where: { id } }) : null;
      if (id && !before) throw new AppError("NOT_FOUND", `Resource ${id} was not found.`);
      const clash = await tx.resource.findFirst({
        where: { slug: data.slug, ...(id ? { NOT: { id } } : {}) },
        select: { id: true },
      });
      if (clash) throw clashError();
      const r = id
        ? await tx.resource.update({ where: { id }, data: fields })
        : await tx.resource.create({ data: fields });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: before ? "resource.update" : "resource.create",
        subjectType: "resource",
        subjectId: r.id,
        ...(before ? { before: auditOf(before) } : {}),
        after: auditOf(r),
      });
      return r;
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw clashError();
      throw e;
    });
  invalidatePublicPages([publicTags.resources]);
  return toAdmin(saved);
}

/**
 * Deletes a resource; audited (`resource.delete`, keeping its body's length, not the body), and
 * the resource center's cache is expired.
 * @throws AppError NOT_FOUND (no resource `id`).
 */
export async function deleteResource(
  input: { id: string },
  actor: { userId: string },
  db: PrismaClient,
): Promise<{ id: string; slug: string }> {
  const r = await db.$transaction(async (tx) => {
    const before = await tx.resource.findUnique({ where: { id: input.id } });
    if (!before) throw new AppError("NOT_FOUND", `Resource ${input.id} was not found.`);
    await tx.resource.delete({ where: { id: before.id } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "resource.delete",
      subjectType: "resource",
      subjectId: before.id,
      before: auditOf(before),
    });
    return before;
  });
  invalidatePublicPages([publicTags.resources]);
  return { id: r.id, slug: r.slug };
}
