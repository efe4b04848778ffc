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
  const subject = emailSubject(email.template, email.props);
  // JSON.stringify turns Dates into ISO strings, which the templates' schemas read back.
  const props = JSON.stringify(email.props);
  const inserted = await tx.$executeRaw`
    INSERT INTO "EmailOutbox" ("id", "idempotencyKey", "to", "subject", "template", "props", "status", "attempts", "nextAttemptAt", "createdAt")
    VALUES (${`em_${randomUUID()}`}, ${email.idempotencyKey}, ${email.to}, ${subject}, ${email.template}, ${props}::jsonb, 'QUEUED', 0, now(), now())
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  return inserted > 0;
}
