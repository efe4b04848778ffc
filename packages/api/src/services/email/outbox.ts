import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@fanfare/db";
import type { EmailProps, EmailTemplateName } from "@fanfare/email";
import { emailSubject } from "@fanfare/email";

type Tx = Prisma.TransactionClient;

/** One message to queue: a template of `@fanfare/email` and its props. */
export type QueuedEmail<T extends EmailTemplateName = EmailTemplateName> = {
  /** Deterministic per message ("receipt:<saleId>:<n>"): the same key never queues twice. */
  idempotencyKey: string;
  to: string;
  template: T;
  /** The template's props (links as paths plus `appUrl`, money in cents, dates as Date). */
  props: EmailProps<T>;
};

/**
 * Queues an email in the same transaction as the change it reports (transactional outbox), once
 * per idempotency key: a retried job or a duplicate event queues nothing new. Stores the
 * template, its props (JSON) and its subject; the HTML and text are rendered when the message is
 * sent (`services/email/deliver.ts` → `renderEmail`), never inside the caller's transaction.
 *
 * The props are validated here (computing the subject parses them), so a caller that builds
 * them wrong fails in its tests rather than at delivery.
 * @returns whether a row was inserted (false: the key was already queued).
 * @throws Error on an unknown template or invalid props (naming the fields).
 */
export async function enqueueEmail<T extends EmailTemplateName>(
  tx: Tx | PrismaClient,
  email: QueuedEmail<T>,
): Promise<boolean> {
  return (await enqueueEmails(tx, [email]))[0]!;
}

/**
 * `enqueueEmail` for several messages in one statement (a completed sale queues its artist's and
 * its promoter's), each once per idempotency key; every message's props are validated first.
 * @returns for each message, in order, whether a row was inserted.
 * @throws Error on an unknown template or invalid props (naming the fields); nothing is queued.
 */
export async function enqueueEmails(
  tx: Tx | PrismaClient,
  emails: QueuedEmail[],
): Promise<boolean[]> {
  if (emails.length === 0) return [];
  const subjects = emails.map((e) => emailSubject(e.template, e.props));
  // JSON.stringify turns Dates into ISO strings, which the templates' schemas read back.
  const inserted = await tx.$queryRaw<{ idempotencyKey: string }[]>`
    INSERT INTO "EmailOutbox" ("id", "idempotencyKey", "to", "subject", "template", "props", "status", "attempts", "nextAttemptAt", "createdAt")
    SELECT "id", "idempotencyKey", "to", "subject", "template", "props"::jsonb, 'QUEUED', 0, now(), now()
    FROM unnest(${emails.map(() => `em_${randomUUID()}`)}::text[], ${emails.map((e) => e.idempotencyKey)}::text[],
      ${emails.map((e) => e.to)}::text[], ${subjects}::text[], ${emails.map((e) => e.template)}::text[],
      ${emails.map((e) => JSON.stringify(e.props))}::text[])
      WITH ORDINALITY AS e("id", "idempotencyKey", "to", "subject", "template", "props", "n")
    ORDER BY "n"
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "idempotencyKey"`;
  const keys = new Set(inserted.map((r) => r.idempotencyKey));
  // A key given twice in one call is queued once: the first message.
  const seen = new Set<string>();
  return emails.map((e) => {
    const first = !seen.has(e.idempotencyKey);
    seen.add(e.idempotencyKey);
    return first && keys.has(e.idempotencyKey);
  });
}
