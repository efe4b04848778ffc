import Link from "next/link";

import { formatBps } from "@fanfare/validators/money";

import { Countdown } from "./countdown";

/** A live campaign as lists show it (dates as Date, or ISO strings from the page cache). */
export type LiveCampaignItem = {
  id: string;
  name: string;
  scope: "PLATFORM" | "ARTIST" | "TRACKS";
  commissionBps: number | null;
  discountBps: number | null;
  endsAt: Date | string;
  artistName: string | null;
};

/** What a campaign gives, in words: "15% off · 40% commission". */
export function campaignOffer(c: Pick<LiveCampaignItem, "commissionBps" | "discountBps">) {
  return [
    c.discountBps ? `${formatBps(c.discountBps)} off` : null,
    c.commissionBps ? `${formatBps(c.commissionBps)} commission` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * The campaigns live now (issue 12 §3: "Track pages, discover and the promoter dashboard show
 * live campaigns with a countdown"): each with what it gives, whose music, and the time left
 * (counted down in the browser). An artist's campaign links to their tracks on discover.
 * Renders nothing when none is live.
 */
export function LiveCampaigns({
  campaigns,
  title = "Live campaigns",
}: {
  campaigns: LiveCampaignItem[];
  title?: string;
}) {
  if (campaigns.length === 0) return null;
  return (
    <section aria-labelledby="live-campaigns-h" className="space-y-2" data-testid="live-campaigns">
      <h2 id="live-campaigns-h" className="text-lg font-semibold">
        {title}
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {campaigns.map((c) => (
          <li key={c.id} className="space-y-1 rounded-xl bg-brand-50 p-4 ring-1 ring-brand-100">
            <p className="font-semibold">{c.name}</p>
            <p className="text-sm text-zinc-700">
              {campaignOffer(c)}
              {c.artistName ? (
                <>
                  {" "}
                  on{" "}
                  <Link
                    href={`/?q=${encodeURIComponent(c.artistName)}`}
                    className="font-medium text-brand-700 underline"
                  >
                    {c.artistName}
                  </Link>
                </>
              ) : c.scope === "PLATFORM" ? (
                " on every track"
              ) : (
                " on chosen tracks"
              )}
            </p>
            <Countdown endsAt={c.endsAt} className="text-xs font-medium text-brand-700" />
          </li>
        ))}
      </ul>
    </section>
  );
}
