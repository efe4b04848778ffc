"use client";

import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { cn } from "@fanfare/ui";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@fanfare/ui/dropdown-menu";
import { timeAgo } from "@fanfare/validators/time";

import { trpcMutation, trpcQuery } from "~/lib/trpc-fetch";

/** How often the bell asks for the unread count while the tab is visible (a live push comes later). */
export const UNREAD_POLL_MS = 60_000;
/** How many notifications the bell's list shows. */
const LIST_SIZE = 10;

type Item = RouterOutputs["notification"]["list"]["items"][number];

/** The island's fetch client passes dates as ISO strings (no superjson): read either. */
const dateOf = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/** "9+" beyond nine: the badge stays one small circle. */
const countLabel = (n: number) => (n > 9 ? "9+" : String(n));

// The unread count is shared by every bell on the page (the header has one for wide screens and
// one beside the phone menu; CSS shows one): one poller while any bell is mounted, reset when the
// last one goes (signing out unmounts them).
let unreadCount: number | null = null;
const listeners = new Set<() => void>();
let bells = 0;
let stopPolling: (() => void) | null = null;

function publishUnread(n: number | null) {
  unreadCount = n;
  for (const l of listeners) l();
}

/** Asks for the unread count now, unless the tab is hidden (the next focus asks). */
function refreshUnread() {
  if (document.visibilityState === "hidden") return;
  trpcQuery("notification", "unreadCount")
    .then((r) => publishUnread(r.count))
    .catch(() => undefined);
}

function mountBell(): () => void {
  if (bells++ === 0) {
    refreshUnread();
    const timer = window.setInterval(refreshUnread, UNREAD_POLL_MS);
    window.addEventListener("focus", refreshUnread);
    document.addEventListener("visibilitychange", refreshUnread);
    stopPolling = () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", refreshUnread);
      document.removeEventListener("visibilitychange", refreshUnread);
    };
  }
  return () => {
    if (--bells > 0) return;
    stopPolling?.();
    stopPolling = null;
    publishUnread(null);
  };
}

function subscribeUnread(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The header's notification bell (issue 13 §7), for a signed-in user only (the layout is cached
 * and the same for everyone, so this island asks for the caller's own data in the browser): the
 * unread count as a badge, asked every minute while the tab is visible and whenever the window
 * regains focus (one poller for every bell on the page); opening it lists the latest notifications (title, body, time ago), each a link
 * that marks it read, and "Mark all read".
 */
export function NotificationBell() {
  const unread = useSyncExternalStore(
    subscribeUnread,
    () => unreadCount,
    () => null,
  );
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(mountBell, []);

  const loadList = () => {
    setError(null);
    trpcQuery("notification", "list", { limit: LIST_SIZE })
      .then((page) => {
        setItems(page.items);
        publishUnread(page.unreadCount);
      })
      .catch((e: unknown) =>
        setError(e instanceof Error ? e.message : "Could not load your notifications."),
      );
  };

  const markRead = (input: { ids: string[] } | { all: true }) => {
    const ids = "ids" in input ? new Set(input.ids) : null;
    const at = new Date();
    if (!ids) publishUnread(0);
    setItems(
      (list) =>
        list?.map((n) => (n.readAt || (ids && !ids.has(n.id)) ? n : { ...n, readAt: at })) ?? list,
    );
    trpcMutation("notification", "markRead", input)
      .then((r) => publishUnread(r.unreadCount))
      .catch(() => refreshUnread());
  };

  const count = unread ?? 0;
  return (
    <DropdownMenu onOpenChange={(open) => (open ? loadList() : undefined)}>
      <DropdownMenuTrigger
        data-testid="notification-bell"
        // The name holds the badge's visible text ("9+"), as WCAG 2.5.3 (label in name) asks.
        aria-label={count > 0 ? `Notifications, ${countLabel(count)} unread` : "Notifications"}
        className="relative rounded-full p-2 text-zinc-700 hover:bg-zinc-100 hover:text-ink focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <Bell aria-hidden className="size-5" />
        {count > 0 ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -top-0.5 -right-0.5 flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] leading-5 font-semibold text-white"
          >
            {countLabel(count)}
          </span>
        ) : null}
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-80 max-w-[calc(100vw-1rem)]">
        <div className="flex items-center justify-between gap-2">
          <DropdownMenuLabel className="text-sm font-semibold text-ink">
            Notifications
          </DropdownMenuLabel>
          {count > 0 ? (
            <DropdownMenuItem
              className="py-1 text-xs"
              onSelect={(e) => {
                // Stay open: the list shows the change.
                e.preventDefault();
                markRead({ all: true });
              }}
              data-testid="mark-all-read"
            >
              <CheckCheck aria-hidden />
              Mark all read
            </DropdownMenuItem>
          ) : null}
        </div>
        <DropdownMenuSeparator />
        {error ? (
          <p role="alert" className="px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        ) : items === null ? (
          <p role="status" className="px-3 py-2 text-sm text-zinc-500">
            Loading…
          </p>
        ) : items.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-zinc-500">No notifications yet.</p>
        ) : (
          <div className="max-h-96 overflow-y-auto" data-testid="notification-list">
            {items.map((n) => {
              const content = (
                <span className="flex w-full gap-2">
                  <span
                    aria-hidden
                    className={cn(
                      "mt-1.5 size-2 shrink-0 rounded-full",
                      n.readAt ? "bg-transparent" : "bg-brand-600",
                    )}
                  />
                  <span className="min-w-0 flex-1">
                    <span
                      className={cn(
                        "block text-sm",
                        n.readAt ? "text-zinc-700" : "font-semibold text-ink",
                      )}
                    >
                      {n.title}
                      {n.readAt ? null : <span className="sr-only"> (unread)</span>}
                    </span>
                    {n.body ? <span className="block text-xs text-zinc-600">{n.body}</span> : null}
                    <span className="block text-xs text-zinc-500">
                      {timeAgo(dateOf(n.createdAt))}
                    </span>
                  </span>
                </span>
              );
              const onSelect = () => (n.readAt ? undefined : markRead({ ids: [n.id] }));
              return n.href ? (
                <DropdownMenuItem key={n.id} asChild onSelect={onSelect}>
                  <Link href={n.href}>{content}</Link>
                </DropdownMenuItem>
              ) : (
                <DropdownMenuItem key={n.id} onSelect={onSelect}>
                  {content}
                </DropdownMenuItem>
              );
            })}
          </div>
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings#notifications-h" className="text-xs">
            Notification settings
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
