"use client";

import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

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

import { pageLiveStream } from "~/lib/live-stream";
import { trpcMutation, trpcQuery } from "~/lib/trpc-fetch";

import type { UnreadStore } from "./notification-bell-store";
import { createUnreadStore } from "./notification-bell-store";

/** How many notifications the bell's list shows. */
const LIST_SIZE = 10;

type Item = RouterOutputs["notification"]["list"]["items"][number];

/** The island's fetch client passes dates as ISO strings (no superjson): read either. */
const dateOf = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/** "9+" beyond nine: the badge stays one small circle. */
const countLabel = (n: number) => (n > 9 ? "9+" : String(n));

// The unread count is shared by every bell on the page (notification-bell-store.ts), created in
// the browser on first use.
let pageStore: UnreadStore | null = null;
const store = (): UnreadStore =>
  (pageStore ??= createUnreadStore({
    fetchCount: () => trpcQuery("notification", "unreadCount").then((r) => r.count),
    stream: pageLiveStream(),
    win: window,
    doc: document,
  }));

/**
 * The header's notification bell (issue 13 §7), for a signed-in user only (the layout is cached
 * and the same for everyone, so this island asks for the caller's own data in the browser): the
 * unread count as a badge, pushed from the server (the page's `live.events` stream announces each
 * new notification; polled every minute only while the stream is down: notification-bell-store.ts);
 * opening it lists the latest notifications (title, body, time ago), each a link that marks it
 * read, and "Mark all read". An open list reloads when a notification arrives.
 */
export function NotificationBell() {
  const unread = useSyncExternalStore(
    (fn) => store().subscribe(fn),
    () => store().unread(),
    () => null,
  );
  const version = useSyncExternalStore(
    (fn) => store().subscribe(fn),
    () => store().version(),
    () => 0,
  );
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => store().mount(), []);
  const publishUnread = (n: number) => store().publish(n);
  const refreshUnread = () => store().refresh();

  const loadList = useCallback(() => {
    setError(null);
    trpcQuery("notification", "list", { limit: LIST_SIZE })
      .then((page) => {
        setItems(page.items);
        store().publish(page.unreadCount);
      })
      .catch((e: unknown) =>
        setError(e instanceof Error ? e.message : "Could not load your notifications."),
      );
  }, []);

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

  // A notification pushed while the list is open: show it.
  const seenVersion = useRef(version);
  useEffect(() => {
    if (version === seenVersion.current) return;
    seenVersion.current = version;
    if (open) loadList();
  }, [version, open, loadList]);

  const count = unread ?? 0;
  return (
    <DropdownMenu
      onOpenChange={(next) => {
        setOpen(next);
        if (next) loadList();
      }}
    >
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
