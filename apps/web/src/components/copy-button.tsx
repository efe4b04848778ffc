"use client";

import { useState } from "react";

import { Button } from "@fanfare/ui";
import { toast } from "@fanfare/ui/toast";

/**
 * Copies text to the clipboard and says so on the button (politely, for screen readers too);
 * when the browser refuses the clipboard (an insecure context, a denied permission) a toast says
 * so instead, and the text stays selectable next to it.
 */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          toast.error("Your browser blocked copying", {
            description: "Select the text and copy it yourself.",
          });
          return;
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </Button>
  );
}
