/**
 * The steps of `/dashboard/promoter/start?track=<slug>` (issue 14 §7: a buyer who clicked
 * "Share this track and earn N%" and confirmed their email): accept the program's terms, send the
 * application when the program requires approval, then their link for the track.
 */
export type PromoterStartStep =
  /** No track to promote: none asked for, not found, promoter links off, or the viewer's own. */
  | { step: "no-track"; reason: string }
  /** The terms in force are not accepted yet (`promoter.terms` says `mustAccept`). */
  | { step: "terms" }
  /** A PENDING promoter: the application form, or "received" while it waits for a decision. */
  | { step: "application" }
  /** Everything done: make (or show) the link for the track. */
  | { step: "link" };

/** What the page knows, each from its query (`buyer.trackBySlug`, `promoter.terms`, `promoter.application`). */
export type PromoterStartFacts = {
  /**
   * The track (or the release, for `?release=`), or null when the parameter is missing or names
   * nothing on sale.
   */
  track: { title: string; affiliateEnabled: boolean; isOwner: boolean } | null;
  /** What the parameter names, in a sentence: "track" (the default) or "release". */
  noun?: "track" | "release";
  mustAcceptTerms: boolean;
  /** `promoter.application`'s state: NOT_NEEDED unless the promoter is PENDING. */
  applicationState: "NOT_NEEDED" | "NOT_APPLIED" | "APPLIED" | "REJECTED";
};

/**
 * Which step the page shows now, checked in order: a track that can be promoted (else the
 * dashboard link, with the reason); the terms; the application (any state but NOT_NEEDED: the
 * form, or its "received" card, since a PENDING promoter cannot get links); then the link.
 */
export function promoterStartStep(f: PromoterStartFacts): PromoterStartStep {
  const noun = f.noun ?? "track";
  if (!f.track) return { step: "no-track", reason: `This ${noun} is not on sale any more.` };
  if (!f.track.affiliateEnabled)
    return {
      step: "no-track",
      reason: `The artist has turned off promoter links for "${f.track.title}".`,
    };
  if (f.track.isOwner)
    return {
      step: "no-track",
      reason: `"${f.track.title}" is your own ${noun}: share its page instead.`,
    };
  if (f.mustAcceptTerms) return { step: "terms" };
  if (f.applicationState !== "NOT_NEEDED") return { step: "application" };
  return { step: "link" };
}

/**
 * The numbered steps shown above the page ("Step 2 of 3"): the terms, the application only when
 * the promoter must apply, and the link.
 */
export function promoterStartSteps(
  applicationNeeded: boolean,
): { key: "terms" | "application" | "link"; label: string }[] {
  return [
    { key: "terms" as const, label: "Accept the terms" },
    ...(applicationNeeded ? [{ key: "application" as const, label: "Apply" }] : []),
    { key: "link" as const, label: "Get your link" },
  ];
}
