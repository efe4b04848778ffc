"use client";

import { Toaster as Sonner, toast } from "sonner";

/**
 * Short-lived confirmations ("Link copied", "Track published") on sonner: one `<Toaster />` in
 * the root layout, `toast.success(text)` anywhere in a client component. Toasts sit in a polite
 * live region, so screen readers hear them without losing focus; errors about a form stay
 * next to the form (`Alert`), never only in a toast.
 */
export function Toaster() {
  return (
    <Sonner
      position="bottom-center"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!rounded-xl !border-line !bg-card !font-sans !text-ink !shadow-lg",
          description: "!text-muted",
          success: "[&_[data-icon]]:!text-success",
          error: "[&_[data-icon]]:!text-danger",
        },
      }}
    />
  );
}

export { toast };
