import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { PublishTermsInput } from "@fanfare/validators";
import { ZPublishTermsInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";

/** The terms in force: the highest published version, or null while none was ever published. */
export async function currentTerms(db: PrismaClient) {
  return db.programTerms.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, body: true, summary: true, publishedAt: true },
  });
}

/**
 * The terms as a promoter sees them: the version in force (null while none is published), and
 * which version they accepted last.
 */
export async function termsForUser(input: { userId: string }, db: PrismaClient) {
  const [terms, accepted] = await Promise.all([
    currentTerms(db),
    db.termsAcceptance.findFirst({
      where: { userId: input.userId },
      orderBy: { version: "desc" },
      select: { version: true, acceptedAt: true },
    }),
  ]);
  return {
    terms,
    acceptedVersion: accepted?.version ?? null,
    acceptedAt: accepted?.acceptedAt ?? null,
    mustAccept: terms != null && (accepted?.version ?? 0) < terms.version,
  };
}

/**
 * Refuses a new link until the promoter accepted the terms in force (issue 11 §2): existing
 * promoters included, and asked again when a new version is published. No terms published: no
 * gate. Only new links are gated; links a promoter already has keep working.
 * @throws AppError TERMS_REQUIRED (tRPC PRECONDITION_FAILED, `data.appCode`), naming the version.
 */
export async function assertTermsAccepted(input: { userId: string }, db: PrismaClient) {
  const t = await termsForUser(input, db);
  if (!t.mustAccept) return;
  throw new AppError(
    "TERMS_REQUIRED",
    t.acceptedVersion
      ? `The promoter terms changed (version ${t.terms!.version}): accept them to get new links.`
      : `Accept the promoter terms (version ${t.terms!.version}) to get your first link.`,
  );
}

/**
 * Records that the user accepted `version`, which must be the version in force (a stale page
 * that shows an older version cannot accept it). Idempotent.
 * @throws AppError NOT_FOUND (no terms published), CONFLICT (not the version in force).
 */
export async function acceptTerms(input: { userId: string; version: number }, db: PrismaClient) {
  const terms = await currentTerms(db);
  if (!terms) throw new AppError("NOT_FOUND", "No promoter terms are published.");
  if (terms.version !== input.version)
    throw new AppError(
      "CONFLICT",
      `Version ${input.version} is not the terms in force (version ${terms.version}): read them again.`,
    );
  await db.termsAcceptance.upsert({
    where: { userId_version: { userId: input.userId, version: input.version } },
    update: {},
    create: { userId: input.userId, version: input.version },
  });
  return termsForUser({ userId: input.userId }, db);
}

/**
 * Publishes the next version of the terms (the previous highest + 1): in force at once, so every
 * promoter accepts it before their next new link. Audited; `/terms` revalidated. Concurrent
 * publications cannot take one version twice (primary key); the loser is told to retry.
 * @throws AppError CONFLICT when another admin published at the same moment.
 */
export async function publishTerms(
  raw: PublishTermsInput,
  actor: { userId: string | null },
  db: PrismaClient,
) {
  const input = ZPublishTermsInput.parse(raw);
  const published = await db
    .$transaction(async (tx) => {
      const last = await tx.programTerms.findFirst({
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const version = (last?.version ?? 0) + 1;
      const row = await tx.programTerms.create({
        data: { version, body: input.body, summary: input.summary, publishedById: actor.userId },
        select: { version: true, summary: true, publishedAt: true },
      });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "terms.publish",
        subjectType: "terms",
        subjectId: String(version),
        before: last ? { version: last.version } : undefined,
        after: { version, summary: input.summary },
      });
      return row;
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("CONFLICT", "Another version was published just now: reload and retry.");
      throw e;
    });
  invalidatePublicPages([publicTags.terms]);
  return published;
}
