import type { PrismaClient } from "@fanfare/db";
import type { CreateLabelInput } from "@fanfare/validators";
import { ZCreateLabelInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { isUniqueViolation } from "../catalog/manage-tracks";
import { slugify, slugWithSuffix } from "../shared/slug";

/** A label account as its owner sees it. */
export type OwnLabel = { id: string; name: string; slug: string; createdAt: Date };

const labelSelect = { id: true, name: true, slug: true, createdAt: true } as const;

/**
 * Creates the label profile of `userId` (`label.create`; any signed-in user, idempotent: a user
 * has at most one label, and a second call returns it unchanged). The slug comes from the name
 * as an artist's does (`slugify`, a random suffix when taken; the database CHECKs its form).
 * @throws ZodError on a bad name; AppError CONFLICT when no free slug was found in four tries.
 */
export async function createLabel(
  input: { userId: string; data: CreateLabelInput },
  db: PrismaClient,
): Promise<OwnLabel> {
  const { name } = ZCreateLabelInput.parse(input.data);
  const existing = await db.labelProfile.findUnique({
    where: { userId: input.userId },
    select: labelSelect,
  });
  if (existing) return existing;
  const base = slugify(name, "label");
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await db.labelProfile.create({
        data: { userId: input.userId, name, slug: attempt === 0 ? base : slugWithSuffix(base) },
        select: labelSelect,
      });
    } catch (e) {
      if (isUniqueViolation(e, "userId"))
        return db.labelProfile.findUniqueOrThrow({
          where: { userId: input.userId },
          select: labelSelect,
        });
      if (!isUniqueViolation(e, "slug")) throw e;
    }
  }
  throw new AppError("CONFLICT", `Could not find a free label address for "${name}".`, {
    field: "name",
  });
}

/** The label of `userId`, or null when the user has none (`label.me`). */
export async function findOwnLabel(
  input: { userId: string },
  db: PrismaClient,
): Promise<OwnLabel | null> {
  return db.labelProfile.findUnique({ where: { userId: input.userId }, select: labelSelect });
}

/**
 * The label of `userId`.
 * @throws AppError FORBIDDEN when the user has no label profile.
 */
export async function getOwnLabelOrThrow(
  input: { userId: string },
  db: PrismaClient,
): Promise<OwnLabel> {
  const label = await findOwnLabel(input, db);
  if (!label)
    throw new AppError(
      "FORBIDDEN",
      `User ${input.userId} has no label: create your label first (Dashboard → Label).`,
    );
  return label;
}
