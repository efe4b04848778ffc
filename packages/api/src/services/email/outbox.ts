import type { Prisma, PrismaClient } from "@fanfare/db";

import { emailEnv } from "./env";

type Tx = Prisma.TransactionClient;

export type OutgoingEmail = { idempotencyKey: string; to: string; subject: string; text: string; template: string; html?: string };

/**
 * Queues an email in the same transaction as the change it reports (transactional outbox), once
 * per idempotency key: a retried job or a duplicate event queues nothing new.
 */
export async function enqueueEmail(tx: Tx | PrismaClient, email: OutgoingEmail): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "EmailOutbox" ("id", "idempotencyKey", "to", "subject", "text", "html", "template", "status", "createdAt")
    VALUES (${`em_${email.idempotencyKey.replace(/[^A-Za-z0-9:_-]/g, "_")}`}, ${email.idempotencyKey}, ${email.to}, ${email.subject}, ${email.text}, ${email.html ?? null}, ${email.template}, 'QUEUED', now())
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
}

/**
 * Sends queued emails through SMTP (nodemailer) when EMAIL_SERVER is set. Without it, mail
 * stays in the outbox, readable at /dev/mailbox. Each message is claimed with a row lock
 * (SKIP LOCKED) so two senders never send the same one.
 * @returns how many were sent and how many failed.
 */
export async function sendQueuedEmails(db: PrismaClient, opts: { limit?: number } = {}) {
  const env = emailEnv();
  if (!env.EMAIL_SERVER) return { sent: 0, failed: 0, skipped: "EMAIL_SERVER is not set; mail stays in the outbox" };
  const nodemailer = await import("nodemailer");
  const transport = nodemailer.createTransport(env.EMAIL_SERVER);
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < (opts.limit ?? 100); i++) {
    const done = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "EmailOutbox" WHERE "status" = 'QUEUED' ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return false;
      const email = await tx.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
      try {
        await transport.sendMail({ from: env.EMAIL_FROM, to: email.to, subject: email.subject, text: email.text ?? undefined, html: email.html ?? undefined });
        await tx.emailOutbox.update({ where: { id: email.id }, data: { status: "SENT", sentAt: new Date() } });
        sent++;
      } catch (e) {
        await tx.emailOutbox.update({ where: { id: email.id }, data: { status: "FAILED", error: String((e as Error).message).slice(0, 500) } });
        failed++;
      }
      return true;
    });
    if (!done) break;
  }
  return { sent, failed };
}
