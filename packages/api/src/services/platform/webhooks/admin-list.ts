import type { PrismaClient } from "@fanfare/db";
import type {
  AdminWebhookEndpointOutput,
  WebhookEventName,
  WebhookKindName,
} from "@fanfare/validators";

import type { Page } from "../../pagination";
import { endpointState } from "./endpoints";

type Row = {
  id: string;
  kind: string;
  url: string;
  events: string[];
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  ownerId: string;
  email: string;
  name: string | null;
  paused: boolean;
  rank: number;
};

/**
 * Every user's endpoints for the admin console (issue 15 §4): disabled ones first, then failing
 * ones, then the rest, newest first within each group (cursor pagination over that order; an
 * endpoint whose state changes between pages may show twice or not at all, as in any live list).
 * Each with its owner and failure rates: attempts and failed attempts (no 2xx) over the last 24
 * hours and 7 days, counted from the delivery log.
 * @param input.limit 1–100 per page; `cursor` the last endpoint id of the previous page (an
 *   unknown one gives an empty page).
 */
export async function adminListWebhookEndpoints(
  input: { limit: number; cursor?: string | null; now?: Date },
  db: PrismaClient,
): Promise<Page<AdminWebhookEndpointOutput>> {
  const now = input.now ?? new Date();
  let after: { rank: number; createdAt: Date; id: string } | null = null;
  if (input.cursor) {
    const c = await db.webhookEndpoint.findUnique({
      where: { id: input.cursor },
      select: { id: true, createdAt: true, disabledAt: true, failingSince: true },
    });
    if (!c) return { items: [], nextCursor: null };
    after = { id: c.id, createdAt: c.createdAt, rank: c.disabledAt ? 0 : c.failingSince ? 1 : 2 };
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT e."id", e."kind", e."url", e."events", e."disabledAt", e."disabledReason", e."failingSince",
             e."createdAt", u."id" AS "ownerId", u."email", u."name",
             COALESCE(p."status"::text IN ('SUSPENDED', 'TERMINATED'), false) AS "paused",
             CASE WHEN e."disabledAt" IS NOT NULL THEN 0 WHEN e."failingSince" IS NOT NULL THEN 1 ELSE 2 END AS "rank"
      FROM "WebhookEndpoint" e
      JOIN "User" u ON u."id" = e."userId"
      LEFT JOIN "PromoterProfile" p ON p."userId" = e."userId"
    ) x
    WHERE ${after === null}::boolean
       OR x."rank" > ${after?.rank ?? 0}::int
       OR (x."rank" = ${after?.rank ?? 0}::int
           AND (x."createdAt", x."id") < (${(after?.createdAt ?? now).toISOString()}::timestamp(3), ${after?.id ?? ""}::text))
    ORDER BY x."rank", x."createdAt" DESC, x."id" DESC
    LIMIT ${input.limit + 1}::int`;
  const page = rows.slice(0, input.limit);
  const ids = page.map((r) => r.id);
  const day = new Date(now.getTime() - 86_400_000).toISOString();
  const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const stats = ids.length
    ? await db.$queryRaw<
        {
          endpointId: string;
          dayAttempts: number;
          dayFailed: number;
          weekAttempts: number;
          weekFailed: number;
        }[]
      >`
        SELECT d."endpointId",
          count(*) FILTER (WHERE a."at" >= ${day}::timestamp(3))::int AS "dayAttempts",
          count(*) FILTER (WHERE a."at" >= ${day}::timestamp(3) AND (a."status" IS NULL OR a."status" NOT BETWEEN 200 AND 299))::int AS "dayFailed",
          count(*)::int AS "weekAttempts",
          count(*) FILTER (WHERE a."status" IS NULL OR a."status" NOT BETWEEN 200 AND 299)::int AS "weekFailed"
        FROM "WebhookAttempt" a JOIN "WebhookDelivery" d ON d."id" = a."deliveryId"
        WHERE d."endpointId" = ANY (${ids}::text[]) AND a."at" >= ${week}::timestamp(3) AND a."at" <= ${now.toISOString()}::timestamp(3)
        GROUP BY d."endpointId"`
    : [];
  const byId = new Map(stats.map((s) => [s.endpointId, s]));
  const items = page.map((r): AdminWebhookEndpointOutput => {
    const s = byId.get(r.id);
    return {
      id: r.id,
      kind: r.kind as WebhookKindName,
      url: r.url,
      events: r.events as WebhookEventName[],
      owner: { id: r.ownerId, email: r.email, name: r.name },
      state: endpointState(r, r.paused),
      disabledAt: r.disabledAt,
      disabledReason: r.disabledReason,
      failingSince: r.failingSince,
      createdAt: r.createdAt,
      day: { attempts: s?.dayAttempts ?? 0, failed: s?.dayFailed ?? 0 },
      week: { attempts: s?.weekAttempts ?? 0, failed: s?.weekFailed ?? 0 },
    };
  });
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
