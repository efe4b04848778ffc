import type { LucideIcon } from "lucide-react";
import {
  Banknote,
  CalendarCheck,
  Flame,
  Lock,
  Medal,
  MousePointerClick,
  Rocket,
  ShoppingBag,
  Trophy,
} from "lucide-react";

import { cn } from "@fanfare/ui";
import type { BadgeIcon, BadgeLevel } from "@fanfare/validators";

/** Each badge icon name (`BADGE_ICONS`) as a lucide icon. */
const ICONS: Record<BadgeIcon, LucideIcon> = {
  pointer: MousePointerClick,
  bag: ShoppingBag,
  flame: Flame,
  rocket: Rocket,
  cash: Banknote,
  trophy: Trophy,
  medal: Medal,
  calendar: CalendarCheck,
};

/** A level's colours: the medal's tint, with text that keeps AA contrast on it. */
const LEVEL_STYLES: Record<BadgeLevel, string> = {
  bronze: "bg-amber-100 text-amber-800 ring-amber-600/40",
  silver: "bg-zinc-100 text-zinc-700 ring-zinc-400/60",
  gold: "bg-yellow-100 text-yellow-800 ring-yellow-500/50",
  platinum: "bg-sky-100 text-sky-800 ring-sky-500/50",
};

/**
 * A badge's medal: its icon on its level's tint (a lock on the corner while not earned yet).
 * `small`: the 32 px size of a landing page's badge row.
 */
export function BadgeMedal({
  icon,
  level,
  locked,
  small = false,
}: {
  icon: BadgeIcon;
  level: BadgeLevel;
  locked?: boolean;
  small?: boolean;
}) {
  const Icon = ICONS[icon];
  return (
    <span
      aria-hidden
      className={cn(
        "relative flex shrink-0 items-center justify-center rounded-full ring-2",
        small ? "size-8" : "size-11",
        locked ? "bg-zinc-50 text-zinc-400 ring-zinc-200" : LEVEL_STYLES[level],
      )}
    >
      <Icon className={small ? "size-4" : "size-5"} />
      {locked ? (
        <Lock className="absolute -right-0.5 -bottom-0.5 size-4 rounded-full bg-white p-0.5 text-zinc-500" />
      ) : null}
    </span>
  );
}
