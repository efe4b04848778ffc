import { promoterLabel } from "../artist/sales";

/**
 * How a promoter appears on a public board (issue 13 §4, privacy): their display name only when
 * they opted in (`showOnLeaderboard`), otherwise initials ("Mara Pine" → "M. P."), taken from
 * the display name if they set one, else their account name, else their email's local part.
 * So a name a promoter typed but did not choose to show never leaves the server, not even
 * spelled out in another field.
 */
export function leaderboardLabel(p: {
  displayName: string | null;
  showOnLeaderboard: boolean;
  user: { name: string | null; email: string };
}): string {
  if (p.showOnLeaderboard) return promoterLabel(p);
  return promoterLabel({
    displayName: null,
    user: { name: p.displayName ?? p.user.name, email: p.user.email },
  });
}
