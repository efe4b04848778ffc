"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { ComponentProps, ReactNode } from "react";

import { cn } from "./index";

/**
 * A menu that opens from a button (Radix DropdownMenu: arrow keys, type-ahead, Escape, focus
 * returns to the trigger). Items are links (`asChild` around a `next/link`) or actions (`onSelect`).
 */
export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

/** The menu's panel, aligned to the trigger's end, above the page. */
export function DropdownMenuContent({
  className,
  children,
  align = "end",
}: {
  className?: string;
  children: ReactNode;
  align?: "start" | "center" | "end";
}) {
  return (
    <Menu.Portal>
      <Menu.Content
        align={align}
        sideOffset={6}
        className={cn(
          "z-50 min-w-48 rounded-xl bg-card p-1 text-sm text-ink shadow-lg ring-1 ring-line focus:outline-none",
          className,
        )}
      >
        {children}
      </Menu.Content>
    </Menu.Portal>
  );
}

/** One entry; highlighted while focused by pointer or keyboard. */
export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof Menu.Item>) {
  return (
    <Menu.Item
      {...props}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 outline-none select-none data-[highlighted]:bg-zinc-100 [&_svg]:size-4 [&_svg]:text-muted",
        className,
      )}
    />
  );
}

/** A non-interactive heading inside the menu (e.g. "Signed in as …"). */
export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof Menu.Label>) {
  return <Menu.Label {...props} className={cn("px-3 py-2 text-xs text-muted", className)} />;
}

export function DropdownMenuSeparator() {
  return <Menu.Separator className="my-1 h-px bg-line" />;
}
