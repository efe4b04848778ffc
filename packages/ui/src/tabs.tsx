"use client";

import type { ComponentProps } from "react";
import * as TabsPrimitive from "@radix-ui/react-tabs";

import { cn } from "./index";

/**
 * Tabs on Radix (arrow keys move between tabs, Home / End jump, `aria-selected`,
 * `aria-controls` and the panel's `aria-labelledby` wired): `Tabs` holds the value,
 * `TabsList` (give it an `aria-label`) the pill-shaped `TabsTrigger`s, `TabsContent` each panel
 * (only the selected one is mounted).
 */
export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List className={cn("flex flex-wrap gap-1", className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        "rounded-full bg-white px-3 py-1 text-sm text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
        "data-[state=active]:bg-ink data-[state=active]:font-semibold data-[state=active]:text-white data-[state=active]:ring-ink",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return (
    <TabsPrimitive.Content
      className={cn(
        "space-y-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
        className,
      )}
      {...props}
    />
  );
}
