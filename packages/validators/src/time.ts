/**
 * Times as the apps show them, with no dependency (the web header's notification bell imports
 * this file alone, `@fanfare/validators/time`, so cached public pages do not ship zod for it).
 */

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date (UTC): the bell's times. */
export function timeAgo(at: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d ago`;
  return at.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
