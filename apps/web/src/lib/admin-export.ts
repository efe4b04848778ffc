import { Readable } from "node:stream";

import type { PrismaClient } from "@fanfare/db";

import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

/**
 * The admin behind an export request: `{ userId }`, or the response to send instead (401 signed
 * out, 403 not an admin).
 */
export async function exportingAdmin(
  req: Request,
  db: PrismaClient,
): Promise<{ userId: string } | { response: Response }> {
  const userId = await requestUserId(req, db);
  if (!userId) return { response: jsonError(401, "Sign in as an admin to export.") };
  const user = await db.user.findUnique({ where: { id: userId }, select: { isAdmin: true } });
  if (!user?.isAdmin) return { response: jsonError(403, "Admins only.") };
  return { userId };
}

/** A CSV stream as a download that no cache keeps (it carries personal data). */
export function csvAttachment(stream: Readable, fileName: string): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
