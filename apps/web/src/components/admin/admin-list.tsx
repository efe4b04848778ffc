"use client";

import type { ReactNode } from "react";

import { Button } from "@fanfare/ui";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@fanfare/ui/tabs";

/**
 * The console's lists share these: "Load more" under a paged (infinite) query, the line that
 * confirms an action (read out by screen readers), and status tabs over one list per status.
 */

/** "Load more" for a TanStack infinite query, shown while another page exists. */
export function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!list.hasNextPage) return null;
  return (
    <Button
      variant="secondary"
      pending={list.isFetchingNextPage}
      onClick={() => void list.fetchNextPage()}
    >
      Load more
    </Button>
  );
}

/** The confirmation of the last action (a live region, visually hidden while empty). */
export function ActionResult({ message, testId }: { message: string | null; testId: string }) {
  return (
    <p
      role="status"
      className={message ? "rounded-lg bg-green-50 p-3 text-sm text-green-800" : "sr-only"}
      data-testid={testId}
    >
      {message}
    </p>
  );
}

/** Tabs over one list per status: `render(value)` draws the list of that tab. */
export function StatusTabs<F extends string>({
  label,
  filters,
  value,
  onChange,
  render,
}: {
  label: string;
  filters: readonly { value: F; label: string }[];
  value: F;
  onChange: (value: F) => void;
  render: (value: F) => ReactNode;
}) {
  return (
    <Tabs value={value} onValueChange={(v) => onChange(v as F)}>
      <TabsList aria-label={label}>
        {filters.map((f) => (
          <TabsTrigger key={f.value} value={f.value}>
            {f.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {filters.map((f) => (
        <TabsContent key={f.value} value={f.value} className="mt-3">
          {render(f.value)}
        </TabsContent>
      ))}
    </Tabs>
  );
}
