"use client";

import type { ComponentProps } from "react";

import { cn } from "./index";

/**
 * An on/off switch in shadcn/ui's shape: a `button` with `role="switch"` and `aria-checked`
 * (Space and Enter toggle it, as a button), a track that turns brand-coloured when on and a
 * sliding thumb. Label it with `aria-label` or `aria-labelledby`; `onCheckedChange` gets the
 * new value.
 */
export function Switch({
  checked,
  onCheckedChange,
  className,
  disabled,
  ...props
}: Omit<ComponentProps<"button">, "onChange" | "role" | "type"> & {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60 motion-reduce:transition-none",
        checked ? "bg-brand-600" : "bg-zinc-300",
        className,
      )}
      {...props}
    >
      <span
        aria-hidden
        className={cn(
          "inline-block size-5 rounded-full bg-white shadow transition-transform motion-reduce:transition-none",
          checked ? "translate-x-5" : "translate-x-0.5",
        )}
      />
    </button>
  );
}
