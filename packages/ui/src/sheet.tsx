"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "./index";

/** A panel that slides over the page from the right (Radix Dialog: focus trap, Escape, labels). */
export const Sheet = Dialog.Root;
export const SheetTrigger = Dialog.Trigger;
export const SheetClose = Dialog.Close;

/**
 * The sheet's panel with its title and a close button, over a dimmed backdrop. Full height,
 * at most 20 rem and 85 % of the viewport wide, so it fits a 320 px phone.
 */
export function SheetContent({
  title,
  className,
  children,
}: {
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/40" />
      <Dialog.Content
        aria-describedby={undefined}
        className={cn(
          "fixed inset-y-0 right-0 z-50 flex w-80 max-w-[85vw] flex-col gap-1 overflow-y-auto bg-white p-4 shadow-xl focus:outline-none",
          className,
        )}
      >
        <div className="mb-2 flex items-center justify-between">
          <Dialog.Title className="text-lg font-semibold text-ink">{title}</Dialog.Title>
          <Dialog.Close
            aria-label="Close"
            className="rounded-lg p-2 text-zinc-600 hover:bg-zinc-100 hover:text-ink focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <X aria-hidden className="size-5" />
          </Dialog.Close>
        </div>
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}
