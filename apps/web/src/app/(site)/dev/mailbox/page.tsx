import Link from "next/link";
import { notFound } from "next/navigation";

import { findControlCharacter } from "@fanfare/validators";

import type { EmailOutbox, EmailStatus } from "@fanfare/db";
import { getDb } from "@fanfare/db";
import { renderEmail } from "@fanfare/email";
import { Badge, Button, EmptyState, Field, Input } from "@fanfare/ui";

import { webEnv } from "~/lib/env";
import { formatUtc } from "~/lib/format";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mailbox", robots: { index: false } };

const PAGE_SIZE = 25;
/** The newest few messages are shown open; the rest are one line each until opened. */
const OPEN_COUNT = 3;

/** Each delivery state (services/email/deliver.ts) with its badge colour and what it means. */
const STATUS: Record<
  EmailStatus,
  { tone: "amber" | "brand" | "green" | "red" | "zinc"; label: string }
> = {
  QUEUED: { tone: "amber", label: "Queued" },
  SENDING: { tone: "brand", label: "Sending" },
  SENT: { tone: "green", label: "Sent" },
  FAILED: { tone: "red", label: "Failed, will retry" },
  DEAD: { tone: "red", label: "Dead" },
};

type Content = { html: string | null; text: string; renderError?: string };

/**
 * A message's bodies: as sent (the sender stores what it rendered), or rendered now from its
 * template and props when it has not been sent yet (without EMAIL_SERVER mail may stay queued).
 */
async function contentOf(m: EmailOutbox): Promise<Content> {
  if (m.html != null || m.text != null) return { html: m.html, text: m.text ?? "" };
  if (m.props == null) return { html: null, text: "" };
  try {
    const r = await renderEmail(m.template, m.props);
    return { html: r.html, text: r.text };
  } catch (e) {
    return { html: null, text: "", renderError: (e as Error).message };
  }
}

/** The absolute links in a message's text part, in order, once each. */
function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s\]<>"]+/g) ?? [])];
}

/**
 * The email outbox, newest first: what Fanfare sent or would send (without EMAIL_SERVER, mail
 * stays here). Each message shows its HTML in a sandboxed frame (no scripts, no navigation), its
 * links, its plain-text part, its delivery status, attempts and last error. Anyone may read it in
 * local development; in production only admins.
 */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string; cursor?: string }>;
}) {
  const production = webEnv().NODE_ENV === "production";
  const { user } = await getContext();
  // Not found rather than "forbidden": the page need not exist for anyone else.
  if (production && !user?.isAdmin) notFound();
  const raw = await searchParams;
  // Query values with control characters (a NUL breaks the database driver) are ignored.
  const clean = (v: string | undefined) => (v && !findControlCharacter(v) ? v : undefined);
  const sp = { to: clean(raw.to), cursor: clean(raw.cursor) };
  const to = sp.to?.trim() || undefined;
  const db = await getDb();
  const where = to ? { to: { equals: to, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    db.emailOutbox.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE + 1,
      ...(sp.cursor ? { cursor: { id: sp.cursor }, skip: 1 } : {}),
    }),
    db.emailOutbox.count({ where }),
  ]);
  const emails = rows.slice(0, PAGE_SIZE);
  const contents = await Promise.all(emails.map(contentOf));
  const older = rows.length > PAGE_SIZE ? emails.at(-1)?.id : undefined;
  const href = (q: { to?: string; cursor?: string }) =>
    `/dev/mailbox?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Mailbox</h1>
          <p className="text-sm text-zinc-600">
            The email outbox, newest first: {total} {total === 1 ? "message" : "messages"}
            {to ? ` to ${to}` : ""}.{" "}
            {production ? "Admins only." : "Open to everyone in local development."}
          </p>
        </div>
        {user?.isAdmin ? (
          <Link href="/admin" className="text-sm text-brand-600">
            Back to the admin console
          </Link>
        ) : null}
      </div>
      <form method="get" action="/dev/mailbox" className="flex flex-wrap items-end gap-3">
        <div className="w-80">
          <Field id="mailbox-to" label="Recipient">
            <Input
              id="mailbox-to"
              name="to"
              type="email"
              defaultValue={to}
              placeholder="someone@example.com"
            />
          </Field>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {to ? (
          <Link href="/dev/mailbox" className="py-2 text-sm text-brand-600">
            Show all
          </Link>
        ) : null}
      </form>
      {!emails.length ? (
        <EmptyState title={to ? `No emails to ${to}` : "No emails yet"}>
          Receipts, sign-in links and payout notices appear here as they are queued.
        </EmptyState>
      ) : (
        <ol className="space-y-2" data-testid="mailbox">
          {emails.map((m, i) => {
            const content = contents[i]!;
            const status = STATUS[m.status];
            const links = linksIn(content.text);
            return (
              <li
                key={m.id}
                className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-200"
                data-testid="mail"
                data-template={m.template}
                data-status={m.status}
              >
                <details open={!sp.cursor && i < OPEN_COUNT} className="group">
                  <summary className="flex cursor-pointer list-none flex-wrap items-start justify-between gap-2 px-5 py-3">
                    <span className="min-w-0">
                      <span className="block font-semibold" data-testid="mail-subject">
                        {m.subject}
                      </span>
                      <span className="block text-sm text-zinc-600">
                        To <span data-testid="mail-to">{m.to}</span> ·{" "}
                        <code className="text-xs">{m.template}</code> · {formatUtc(m.createdAt)} UTC
                      </span>
                    </span>
                    <span className="flex items-center gap-2 text-xs text-zinc-500">
                      {m.attempts > 0 ? (
                        <span data-testid="mail-attempts">
                          {m.attempts} {m.attempts === 1 ? "attempt" : "attempts"}
                        </span>
                      ) : null}
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </span>
                  </summary>
                  <div className="space-y-3 border-t border-zinc-100 px-5 py-3">
                    {m.error ? (
                      <p className="text-sm text-red-700" data-testid="mail-error">
                        {m.status === "DEAD" ? "Gave up" : "Last attempt failed"}: {m.error}
                        {m.status === "FAILED"
                          ? ` · next attempt ${formatUtc(m.nextAttemptAt)} UTC`
                          : ""}
                      </p>
                    ) : null}
                    {m.status === "SENT" && m.sentAt ? (
                      <p className="text-xs text-zinc-500">
                        Sent {formatUtc(m.sentAt)} UTC
                        {m.messageId ? ` · Message-ID ${m.messageId}` : ""}
                      </p>
                    ) : null}
                    {content.renderError ? (
                      <p className="text-sm text-red-700" data-testid="mail-render-error">
                        Cannot render this message: {content.renderError}
                      </p>
                    ) : null}
                    {links.length ? (
                      <ul className="space-y-1 text-sm">
                        {links.map((url) => (
                          <li key={url} className="truncate">
                            <a
                              href={url}
                              className="text-brand-600 underline"
                              data-testid="mail-link"
                            >
                              {url}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {content.html ? (
                      // An empty sandbox: the message's HTML runs no script and navigates nowhere.
                      <iframe
                        title={`Email: ${m.subject}`}
                        srcDoc={content.html}
                        sandbox=""
                        className="h-[28rem] w-full rounded-lg ring-1 ring-zinc-200"
                        data-testid="mail-html"
                      />
                    ) : null}
                    {content.text ? (
                      <details open={!content.html}>
                        <summary className="cursor-pointer text-sm text-zinc-600">
                          Plain text
                        </summary>
                        <pre
                          className="mt-2 overflow-x-auto font-sans text-sm whitespace-pre-wrap text-zinc-800"
                          data-testid="mail-text"
                        >
                          {content.text}
                        </pre>
                      </details>
                    ) : null}
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      )}
      <div className="flex gap-4 text-sm">
        {sp.cursor ? (
          <Link href={href({ to })} className="text-brand-600">
            Newest
          </Link>
        ) : null}
        {older ? (
          <Link href={href({ to, cursor: older })} className="text-brand-600">
            Older emails
          </Link>
        ) : null}
      </div>
    </div>
  );
}
