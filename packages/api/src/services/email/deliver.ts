import { createHash } from "node:crypto";

import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";

import { apiEnv } from "../env";
import { getSettings } from "../settings/settings";
import { emailEnv } from "./env";
import type { MailTransport } from "./mail-transport";
import { getMailTransport } from "./mail-transport";
import { emailRetryDelaySeconds } from "./retry-delay";

/**
 * A SENDING row whose claim is older than this was left by a sender that died (or lost its
 * database connection) mid-delivery: it is claimed again, in seconds. Longer than one SMTP
 * attempt can take (SMTP_TIMEOUTS_MS), so a live sender's row is never taken from it.
 */
export const EMAIL_SEND_LEASE_SECONDS = 300;
/** Rows claimed per round trip; they are sent side by side, so one stalled message holds no others back for long. */
const CLAIM_BATCH = 5;
/** Messages one run sends at most (the next run, seconds later, takes the rest). */
const RUN_LIMIT = 100;

/**
 * The renderer of `@fanfare/email`: React Email template + props to subject, HTML, text and any
 * extra headers (marketing mail's RFC 8058 `List-Unsubscribe`, derived from its props).
 */
export type RenderEmail = (
  template: string,
  props: unknown,
) => Promise<{ subject: string; html: string; text: string; headers?: Record<string, string> }>;

export type DeliverDeps = {
  db: PrismaClient;
  /** Default: SMTP when EMAIL_SERVER is set, the dev mailbox otherwise (`getMailTransport`). */
  transport?: MailTransport;
  /** Default: `renderEmail` of `@fanfare/email`. */
  render?: RenderEmail;
};

export type DeliverResult = { claimed: number; sent: number; retrying: number; dead: number };

type ClaimedRow = {
  id: string;
  idempotencyKey: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  template: string;
  props: Prisma.JsonValue | null;
  attempts: number;
  claimedAt: Date;
};

/**
 * The stable Message-ID of the message with this idempotency key:
 * `<sha256-hex(key)@host of APP_URL>`. Delivery is at least once (a sender that dies after the
 * server accepted a message sends it again once its lease ends); the same Message-ID on both
 * copies lets mail clients and the recipient's server recognise the duplicate (RFC 5322 §3.6.4).
 */
export function messageIdFor(idempotencyKey: string, appUrl = apiEnv().APP_URL): string {
  return `<${createHash("sha256").update(idempotencyKey).digest("hex")}@${new URL(appUrl).hostname}>`;
}

/**
 * Templates whose message carries a credential (a single-use link that signs someone in or sets
 * their password): their props and bodies are dropped once the message went out over SMTP or is
 * dead, so neither the outbox, an admin's mailbox view nor a backup holds a usable link.
 */
export const CREDENTIAL_TEMPLATES: ReadonlySet<string> = new Set(["password-reset", "magic-link"]);
const CREDENTIAL_REDACTED =
  "(Removed after delivery: this message carried a single-use sign-in or reset link.)";

/**
 * Drains the email outbox (the `email.deliver` job). Each round claims up to five due rows in one
 * short statement (QUEUED or FAILED whose `nextAttemptAt` has come, or SENDING whose claim is
 * older than `leaseSeconds`; `FOR UPDATE SKIP LOCKED`, so concurrent senders in any number of
 * processes take disjoint rows), marking them SENDING with `claimedAt = now` and one more
 * attempt. Rendering and sending happen after that statement committed, outside any
 * transaction: no network I/O ever holds a database connection (the embedded database has one).
 * Then each row becomes:
 * - SENT, with the rendered subject, text and HTML, its Message-ID and `sentAt`;
 * - QUEUED again with `nextAttemptAt = now + emailRetryDelaySeconds(attempts)` and the error,
 *   when the transport failed (refused, timed out, unreachable);
 * - DEAD with the error after EMAIL_MAX_ATTEMPTS attempts, or at once when the template cannot
 *   render (a permanent failure: retrying cannot fix it). DEAD rows are shown to admins.
 * Rows with `props` are rendered by `renderEmail(template, props)`; rows without (written before
 * templates existed) are sent with their stored text and HTML. Each write back is guarded by the
 * row's own claim (`status = SENDING AND claimedAt = ours`), so a sender whose lease ran out
 * cannot overwrite the outcome of the sender that took the row over. Idempotent: a SENT or DEAD
 * row is never claimed again.
 * @param opts.now the clock of this run (tests pass it); default the current time.
 * @param opts.limit messages sent at most in this run (default 100).
 * @returns how many rows were claimed, sent, put back for a retry, and declared dead.
 */
export async function deliverDueEmails(
  deps: DeliverDeps,
  opts: { now?: Date; limit?: number; leaseSeconds?: number } = {},
): Promise<DeliverResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? RUN_LIMIT;
  const leaseCutoff = new Date(
    now.getTime() - (opts.leaseSeconds ?? EMAIL_SEND_LEASE_SECONDS) * 1000,
  );
  const ctx = {
    db: deps.db,
    now,
    transport: deps.transport ?? getMailTransport(),
    render: deps.render ?? loadRenderer,
    from: emailEnv().EMAIL_FROM,
    maxAttempts: (await getSettings()).EMAIL_MAX_ATTEMPTS,
  };
  const result: DeliverResult = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
  const leaseMs = (opts.leaseSeconds ?? EMAIL_SEND_LEASE_SECONDS) * 1000;
  const started = performance.now();
  while (result.claimed < limit) {
    // Each claim is stamped with the time it is made (the run's clock plus the time elapsed), so a
    // row claimed late in a slow run still has its whole lease; and a run stops claiming once it
    // has used half the lease, so no claim it holds can run out while it is still sending.
    const elapsedMs = performance.now() - started;
    if (elapsedMs > leaseMs / 2) break;
    const claimAt = new Date(now.getTime() + elapsedMs);
    const rows = await claimDueEmails(deps.db, {
      now: claimAt,
      leaseCutoff: new Date(leaseCutoff.getTime() + elapsedMs),
      n: Math.min(CLAIM_BATCH, limit - result.claimed),
    });
    if (!rows.length) break;
    result.claimed += rows.length;
    for (const outcome of await Promise.all(rows.map((row) => deliverOne(row, ctx))))
      if (outcome !== "lost") result[outcome]++;
  }
  return result;
}

/** One statement (its own short transaction): due rows become SENDING, claimed by this run. */
function claimDueEmails(
  db: PrismaClient,
  q: { now: Date; leaseCutoff: Date; n: number },
): Promise<ClaimedRow[]> {
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" SET "status" = 'SENDING', "claimedAt" = ${q.now}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "EmailOutbox"
      WHERE ("status" IN ('QUEUED', 'FAILED') AND "nextAttemptAt" <= ${q.now})
         OR ("status" = 'SENDING' AND "claimedAt" < ${q.leaseCutoff})
      ORDER BY "nextAttemptAt", "id"
      LIMIT ${q.n}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "idempotencyKey", "to", "subject", "text", "html", "template", "props", "attempts", "claimedAt"`;
}

type DeliverContext = {
  db: PrismaClient;
  now: Date;
  transport: MailTransport;
  render: RenderEmail;
  from: string;
  maxAttempts: number;
};

/** Renders and sends one claimed row, then records the outcome ("lost": our claim was taken over). */
async function deliverOne(
  row: ClaimedRow,
  ctx: DeliverContext,
): Promise<"sent" | "retrying" | "dead" | "lost"> {
  const ours = { id: row.id, status: "SENDING" as const, claimedAt: row.claimedAt };
  let content: {
    subject: string;
    text: string;
    html: string | null;
    headers?: Record<string, string>;
  };
  try {
    content =
      row.props == null
        ? { subject: row.subject, text: row.text ?? "", html: row.html }
        : await ctx.render(row.template, row.props);
  } catch (e) {
    const error = `Cannot render template "${row.template}" (permanent, not retried): ${errorText(e)}`;
    const { count } = await ctx.db.emailOutbox.updateMany({
      where: ours,
      data: { status: "DEAD", error, claimedAt: null },
    });
    return count ? "dead" : "lost";
  }
  const messageId = messageIdFor(row.idempotencyKey);
  try {
    await ctx.transport.send({
      from: ctx.from,
      to: row.to,
      subject: content.subject,
      text: content.text,
      html: content.html ?? undefined,
      messageId,
      ...(content.headers && Object.keys(content.headers).length
        ? { headers: content.headers }
        : {}),
    });
  } catch (e) {
    const error = `Attempt ${row.attempts} of ${ctx.maxAttempts} failed: ${errorText(e)}`;
    const dead = row.attempts >= ctx.maxAttempts;
    const nextAttemptAt = new Date(ctx.now.getTime() + emailRetryDelaySeconds(row.attempts) * 1000);
    const scrubDead = dead && CREDENTIAL_TEMPLATES.has(row.template);
    const { count } = await ctx.db.emailOutbox.updateMany({
      where: ours,
      data: dead
        ? {
            status: "DEAD",
            error,
            claimedAt: null,
            ...(scrubDead ? { props: Prisma.DbNull, text: CREDENTIAL_REDACTED, html: null } : {}),
          }
        : { status: "QUEUED", error, nextAttemptAt, claimedAt: null },
    });
    return count ? (dead ? "dead" : "retrying") : "lost";
  }
  // A message that carries a credential (a reset or sign-in link) is not kept once it left for a
  // real mailbox: only the token's hash is stored anywhere else. Without EMAIL_SERVER the outbox
  // *is* the mailbox (/dev/mailbox), so there it stays readable.
  const scrub = ctx.transport.kind === "smtp" && CREDENTIAL_TEMPLATES.has(row.template);
  const { count } = await ctx.db.emailOutbox.updateMany({
    where: ours,
    data: {
      status: "SENT",
      subject: content.subject,
      text: scrub ? CREDENTIAL_REDACTED : content.text,
      html: scrub ? null : content.html,
      ...(scrub ? { props: Prisma.DbNull } : {}),
      messageId,
      sentAt: ctx.now,
      error: null,
      claimedAt: null,
    },
  });
  return count ? "sent" : "lost";
}

/** The renderer of `@fanfare/email`, loaded on first use (React is only needed when mail is sent). */
const loadRenderer: RenderEmail = async (template, props) => {
  const { renderEmail } = await import("@fanfare/email");
  return renderEmail(template, props);
};

/** The message of a failure with the SMTP response code when there is one, at most 1000 characters. */
function errorText(e: unknown): string {
  const err = e as { message?: unknown; responseCode?: unknown; code?: unknown };
  const message = typeof err.message === "string" ? err.message : String(e);
  const code =
    typeof err.responseCode === "number"
      ? `SMTP ${err.responseCode}: `
      : typeof err.code === "string"
        ? `${err.code}: `
        : "";
  return `${code}${message}`.slice(0, 1000);
}
