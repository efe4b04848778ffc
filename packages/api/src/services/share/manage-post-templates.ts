import type { PrismaClient } from "@fanfare/db";
import type { PostNetwork } from "@fanfare/validators";
import { POST_NETWORK_LABELS, POST_NETWORK_LIMITS, POST_NETWORKS } from "@fanfare/validators";

import { writeAudit } from "../audit/audit-log";
import {
  assertValidPostTemplate,
  DEFAULT_POST_TEMPLATES,
  effectivePostTemplates,
  fitPromoPost,
  SAMPLE_POST_VARIABLES,
} from "./post-templates";

/**
 * Editing the promo post templates (issue 14 §4): the platform's defaults (`PostTemplate` rows
 * with `artistId` "", admins, audited) and each artist's own for their tracks (rows with their
 * artist id, which win over the platform's for those tracks only). Resetting deletes the row, so
 * the next level down applies again: artist → platform → built-in (`DEFAULT_POST_TEMPLATES`).
 */

/** The platform's "artist id". */
const PLATFORM = "";

/** One network's template as an editor shows it. */
export type EditablePostTemplate = {
  network: PostNetwork;
  label: string;
  /** The network's limit (X: weighted, links as 23), null for none. */
  limit: number | null;
  /** The template in force for this editor's scope. */
  body: string;
  /** Where `body` comes from: the artist's own, the platform's default, or the built-in one. */
  source: "artist" | "platform" | "builtin";
  /** What a reset would bring back (the next level down). */
  defaultBody: string;
  /** `body` rendered with a sample track (Night Drive by Nova Lights) and link. */
  preview: string;
  previewLength: number;
};

function editable(
  network: PostNetwork,
  current: { body: string; source: EditablePostTemplate["source"] },
  defaultBody: string,
): EditablePostTemplate {
  const preview = fitPromoPost(network, current.body, SAMPLE_POST_VARIABLES);
  return {
    network,
    label: POST_NETWORK_LABELS[network],
    limit: POST_NETWORK_LIMITS[network],
    body: current.body,
    source: current.source,
    defaultBody,
    preview: preview.text,
    previewLength: preview.length,
  };
}

/** The platform's templates, one per network in `POST_NETWORKS` order (admin editor). */
export async function listPlatformPostTemplates(db: PrismaClient): Promise<EditablePostTemplate[]> {
  const current = await effectivePostTemplates({ artistId: PLATFORM }, db);
  return POST_NETWORKS.map((n) => editable(n, current[n], DEFAULT_POST_TEMPLATES[n]));
}

/**
 * The templates in force for an artist's tracks, one per network, each with what a reset would
 * bring back (the platform's default) (artist editor).
 */
export async function listArtistPostTemplates(
  input: { artistId: string },
  db: PrismaClient,
): Promise<EditablePostTemplate[]> {
  const [mine, platform] = await Promise.all([
    effectivePostTemplates({ artistId: input.artistId }, db),
    effectivePostTemplates({ artistId: PLATFORM }, db),
  ]);
  return POST_NETWORKS.map((n) => editable(n, mine[n], platform[n].body));
}

/**
 * Saves the artist's own template for one network (their tracks' posts use it from now on).
 * @throws AppError BAD_INPUT (field `body`) when the template does not parse, uses an unknown
 *   variable or a partial, lacks `{{url}}`, or is too long for the network.
 */
export async function saveArtistPostTemplate(
  input: { artistId: string; userId: string; network: PostNetwork; body: string },
  db: PrismaClient,
): Promise<EditablePostTemplate[]> {
  assertValidPostTemplate(input.network, input.body);
  await db.postTemplate.upsert({
    where: { network_artistId: { network: input.network, artistId: input.artistId } },
    create: {
      network: input.network,
      artistId: input.artistId,
      body: input.body,
      updatedById: input.userId,
    },
    update: { body: input.body, updatedById: input.userId },
  });
  return listArtistPostTemplates({ artistId: input.artistId }, db);
}

/** Removes the artist's own template for a network: the platform's default applies again. */
export async function resetArtistPostTemplate(
  input: { artistId: string; network: PostNetwork },
  db: PrismaClient,
): Promise<EditablePostTemplate[]> {
  await db.postTemplate.deleteMany({
    where: { network: input.network, artistId: input.artistId },
  });
  return listArtistPostTemplates({ artistId: input.artistId }, db);
}

/**
 * Saves the platform's default template for one network (every artist without their own uses
 * it from now on), with an audit row (before, after, reason) in the same transaction.
 * @throws AppError BAD_INPUT (field `body`) as `saveArtistPostTemplate`.
 */
export async function savePlatformPostTemplate(
  input: { userId: string; network: PostNetwork; body: string; reason?: string | null },
  db: PrismaClient,
): Promise<EditablePostTemplate[]> {
  assertValidPostTemplate(input.network, input.body);
  await db.$transaction(async (tx) => {
    const before = await tx.postTemplate.findUnique({
      where: { network_artistId: { network: input.network, artistId: PLATFORM } },
      select: { body: true },
    });
    await tx.postTemplate.upsert({
      where: { network_artistId: { network: input.network, artistId: PLATFORM } },
      create: {
        network: input.network,
        artistId: PLATFORM,
        body: input.body,
        updatedById: input.userId,
      },
      update: { body: input.body, updatedById: input.userId },
    });
    await writeAudit(tx, {
      actorId: input.userId,
      action: "postTemplate.save",
      subjectType: "postTemplate",
      subjectId: input.network,
      before: { body: before?.body ?? DEFAULT_POST_TEMPLATES[input.network], builtin: !before },
      after: { body: input.body, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
  return listPlatformPostTemplates(db);
}

/**
 * Removes the platform's template for a network (the built-in default applies again), audited.
 * Nothing is written when there was none.
 */
export async function resetPlatformPostTemplate(
  input: { userId: string; network: PostNetwork },
  db: PrismaClient,
): Promise<EditablePostTemplate[]> {
  await db.$transaction(async (tx) => {
    const before = await tx.postTemplate.findUnique({
      where: { network_artistId: { network: input.network, artistId: PLATFORM } },
      select: { body: true },
    });
    if (!before) return;
    await tx.postTemplate.delete({
      where: { network_artistId: { network: input.network, artistId: PLATFORM } },
    });
    await writeAudit(tx, {
      actorId: input.userId,
      action: "postTemplate.reset",
      subjectType: "postTemplate",
      subjectId: input.network,
      before: { body: before.body },
      after: { body: DEFAULT_POST_TEMPLATES[input.network], builtin: true },
    });
  });
  return listPlatformPostTemplates(db);
}
