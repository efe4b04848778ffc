import type { Prisma } from "@fanfare/db";

import { writeAudit } from "../audit/audit-log";
import type { ActingLabel } from "./acting";

/** Ids the audit entry keeps from an input: fields named `id`, `…Id` or `…Ids` (strings). */
const ID_FIELD = /^(id|.+Id|.+Ids)$/;

/**
 * The ids in a procedure's `input` (`trackId`, `releaseId`, `trackIds`, `masterUploadId`, …),
 * each cut to 64 characters (the longest id `zId` accepts); other fields (titles, prices,
 * descriptions) are left out, as the audit log keeps no free text. Pure.
 */
export function idsOfInput(input: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!input || typeof input !== "object" || Array.isArray(input)) return out;
  for (const [key, value] of Object.entries(input)) {
    if (!ID_FIELD.test(key)) continue;
    if (typeof value === "string") out[key] = value.slice(0, 64);
    else if (Array.isArray(value))
      out[key] = value.filter((v): v is string => typeof v === "string").map((v) => v.slice(0, 64));
  }
  return out;
}

/**
 * Records what a label did while acting for an artist (issue 16 §5): one audit entry per artist
 * mutation that succeeded, action `label.act.<procedure path>` (e.g.
 * `label.act.artist.updateTrack`), actor the label's user, subject the artist, with the label
 * and contract it acted under, the ids of the input (`idsOfInput`) and the id of what the
 * mutation returned (`resultId`: the new track or release), when it returned one.
 */
export async function auditActingMutation(
  db: Prisma.TransactionClient,
  entry: { label: ActingLabel; artistId: string; path: string; input: unknown; result?: unknown },
): Promise<void> {
  const r = entry.result;
  const resultId =
    r && typeof r === "object" && "id" in r && typeof r.id === "string" ? r.id : undefined;
  await writeAudit(db, {
    actorId: entry.label.userId,
    action: `label.act.${entry.path}`,
    subjectType: "ArtistProfile",
    subjectId: entry.artistId,
    after: {
      labelId: entry.label.id,
      contractId: entry.label.contractId,
      input: idsOfInput(entry.input),
      ...(resultId ? { resultId } : {}),
    },
  });
}
