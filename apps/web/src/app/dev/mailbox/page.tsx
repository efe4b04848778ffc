import Link from "next/link";
import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import { Badge, Button, EmptyState, Field, Input } from "@fanfare/ui";

import { webEnv } from "~/lib/env";
import { formatUtc } from "~/lib/format";
import { getContext } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mailbox", robots: { index: false } };

const PAGE_SIZE = 25;
/** The newest few messages are shown open; the rest are one line each until opened. */
const OPEN_COUNT = 3;
const tone = { QUEUED: "amber", SENT: "green", FAILED: "red" } as const;

/**
 * The email outbox, newest first: what Fanfare sent or would send (without EMAIL_SERVER, mail
 * stays queued here). Anyone may read it in local development; in production only admins.
 */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string; cursor?: string }> }) {
  const production = webEnv().NODE_ENV === "production";
  const { user } = await getContext();
  // Not found rather than "forbidden": the page need not exist for anyone else.
  if (production && !user?.isAdmin) notFound();
  const sp = await searchParams;
  const to = sp.to?.trim() || undefined;
  const db = await getDb();
  const where = to ? { to: { equals: to, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    db.emailOutbox.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: PAGE_SIZE + 1, ...(sp.cursor ? { cursor: { id: sp.cursor }, skip: 1 } : {}) }),
    db.emailOutbox.count({ where }),
  ]);
  const emails = rows.slice(0, PAGE_SIZE);
  const older = rows.length > PAGE_SIZE ? emails.at(-1)?.id : undefined;
  const href = (q: { to?: string; cursor?: string }) => `/dev/mailbox?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Mailbox</h1>
          <p className="text-sm text-zinc-600">
            The email outbox, newest first: {total} {total === 1 ? "message" : "messages"}{to ? ` to ${to}` : ""}. {production ? "Admins only." : "Open to everyone in local development."}
          </p>
        </div>
        {user?.isAdmin ? <Link href="/admin" className="text-sm text-brand-600">Back to the admin console</Link> : null}
      </div>
      <form method="get" action="/dev/mailbox" className="flex flex-wrap items-end gap-3">
        <div className="w-80">
          <Field id="mailbox-to" label="Recipient">
            <Input id="mailbox-to" name="to" type="email" defaultValue={to} placeholder="someone@example.com" />
          </Field>
        </div>
        <Button type="submit" variant="secondary">Filter</Button>
        {to ? <Link href="/dev/mailbox" className="py-2 text-sm text-brand-600">Show all</Link> : null}
      </form>
      {!emails.length ? (
        <EmptyState title={to ? `No emails to ${to}` : "No emails yet"}>Receipts and payout notices appear here as they are queued.</EmptyState>
      ) : (
        <ol className="space-y-2" data-testid="mailbox">
          {emails.map((m, i) => (
            <li key={m.id} className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-200" data-testid="mail">
              <details open={!sp.cursor && i < OPEN_COUNT} className="group">
                <summary className="flex cursor-pointer list-none flex-wrap items-start justify-between gap-2 px-5 py-3">
                  <span className="min-w-0">
                    <span className="block font-semibold" data-testid="mail-subject">{m.subject}</span>
                    <span className="block text-sm text-zinc-600">
                      To <span data-testid="mail-to">{m.to}</span> · <code className="text-xs">{m.template}</code> · {formatUtc(m.createdAt)} UTC
                    </span>
                  </span>
                  <Badge tone={tone[m.status]}>{m.status.charAt(0) + m.status.slice(1).toLowerCase()}</Badge>
                </summary>
                <pre className="overflow-x-auto border-t border-zinc-100 px-5 py-3 font-sans text-sm whitespace-pre-wrap text-zinc-800">{m.text}</pre>
                {m.error ? <p className="px-5 pb-3 text-sm text-red-700">Sending failed: {m.error}</p> : null}
              </details>
            </li>
          ))}
        </ol>
      )}
      <div className="flex gap-4 text-sm">
        {sp.cursor ? <Link href={href({ to })} className="text-brand-600">Newest</Link> : null}
        {older ? <Link href={href({ to, cursor: older })} className="text-brand-600">Older emails</Link> : null}
      </div>
    </div>
  );
}
