"use client";

import type { ReactNode } from "react";
import { useState } from "react";

import { buttonVariants } from "@fanfare/ui";
import { Sheet, SheetContent, SheetTrigger } from "@fanfare/ui/sheet";

/**
 * A console button that opens a sheet with a create or edit form. The form mounts on each opening
 * (fresh values); it calls `done(message)` when saved, which closes the sheet and reports the
 * message (`onMessage`, shown by the page's `ActionResult`).
 * @param editing true for an existing row's "Edit" (secondary button), false for "New …".
 */
export function FormSheet({
  label,
  title,
  editing,
  onMessage,
  children,
}: {
  label: string;
  title: string;
  editing: boolean;
  onMessage: (m: string) => void;
  children: (done: (message: string) => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger
        className={buttonVariants({ size: "sm", variant: editing ? "secondary" : "primary" })}
      >
        {label}
      </SheetTrigger>
      <SheetContent title={title}>
        {children((m) => {
          setOpen(false);
          onMessage(m);
        })}
      </SheetContent>
    </Sheet>
  );
}
