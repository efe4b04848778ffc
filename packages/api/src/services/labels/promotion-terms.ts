import { DEFAULT_COMMISSION_BPS } from "@fanfare/validators";

import { AppError } from "../app-error";
import type { ActingLabel } from "./acting";

/** Who edits a track or release: the artist themself (`actingLabel` null) or their label. */
export type CatalogEditor = {
  /** The label acting for the artist (trpc's `ctx.actingLabel`), or null/absent: the artist. */
  actingLabel?: ActingLabel | null;
  /** The artist's name, for the refusal's message. */
  artistName?: string;
};

/** A product's promotion terms: its commission rate (basis points) and affiliate switch. */
export type PromotionTerms = { commissionBps: number; affiliateEnabled: boolean };

/** What a new track or release gets unless its artist chooses otherwise. */
export const DEFAULT_PROMOTION_TERMS: PromotionTerms = {
  commissionBps: DEFAULT_COMMISSION_BPS,
  affiliateEnabled: true,
};

/**
 * Refuses a label acting for an artist (issue 16 §5) that would change a product's promotion
 * terms: the commission is funded from the artist's share, and the label could raise it and then
 * earn it through its own affiliate links, so only the artist sets it (and turns promotion on or
 * off). Prices stay the label's to set. `current` is the product's terms, or
 * `DEFAULT_PROMOTION_TERMS` for a new one; `requested` the edit's fields (absent: kept). The
 * artist themself (`editor.actingLabel` null) passes. Pure.
 * @throws AppError FORBIDDEN on `commissionBps` ("Only <artist> can change the commission rate of
 *   their music …") or `affiliateEnabled`.
 */
export function assertLabelKeepsPromotionTerms(
  editor: CatalogEditor,
  current: PromotionTerms,
  requested: { commissionBps?: number; affiliateEnabled?: boolean },
): void {
  const label = editor.actingLabel;
  if (!label) return;
  const artist = editor.artistName ?? "the artist";
  if (requested.commissionBps !== undefined && requested.commissionBps !== current.commissionBps)
    throw new AppError(
      "FORBIDDEN",
      `Only ${artist} can change the commission rate of their music: ${label.name} acting for them keeps it at ${current.commissionBps} basis points.`,
      { field: "commissionBps" },
    );
  if (
    requested.affiliateEnabled !== undefined &&
    requested.affiliateEnabled !== current.affiliateEnabled
  )
    throw new AppError(
      "FORBIDDEN",
      `Only ${artist} can turn promotion by affiliate links ${current.affiliateEnabled ? "off" : "on"} for their music: ${label.name} acting for them keeps it ${current.affiliateEnabled ? "on" : "off"}.`,
      { field: "affiliateEnabled" },
    );
}
