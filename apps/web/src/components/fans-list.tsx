import type { LeaderboardRow } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { plural } from "~/lib/format";

/**
 * An artist's top fans as a ranked list: rank, the promoter's public label (initials unless they
 * chose to show their name), sales, clicks and what they earned. The same list on the artist's
 * public page (rendered into the cached HTML) and on their dashboard (`ArtistTopFans`), so the
 * artist sees exactly what visitors see. No hooks: usable from server and client components.
 */
export function FansList({ rows }: { rows: LeaderboardRow[] }) {
  return (
    <ol className="space-y-2">
      {rows.map((f) => (
        <li
          key={f.promoterId}
          className="flex items-center justify-between gap-3 rounded-lg bg-white px-4 py-2 ring-1 ring-zinc-200"
        >
          <span className="min-w-0 truncate">
            <span className="mr-2 font-mono text-sm text-zinc-500">#{f.rank}</span>
            {f.label}
          </span>
          <span className="shrink-0 text-sm text-zinc-600">
            {plural(f.sales, "sale")} · {plural(f.clicks, "click")} · {formatCents(f.earningsCents)}{" "}
            earned
          </span>
        </li>
      ))}
    </ol>
  );
}
