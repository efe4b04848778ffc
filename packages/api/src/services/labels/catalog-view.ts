import type { ActingLabel } from "./acting";

/** A track's or release's running money totals (cents), the artist's own figures. */
type MoneyTotals = { grossCents: number; artistCents: number; commissionsCents: number };

/** A catalog row as a label acting for the artist sees it: the money totals null. */
export type CatalogRow<T extends MoneyTotals> = Omit<T, keyof MoneyTotals> & {
  grossCents: number | null;
  artistCents: number | null;
  commissionsCents: number | null;
};

/**
 * The artist's track or release `row` as `actingLabel` may see it (issue 16 §5): a label acting
 * for the artist manages the catalog but not the artist's money, so the row's totals of gross,
 * artist share and commissions (cents, all time, sales before any contract included) are null;
 * counts (`salesCount`, `clickCount`) stay. For the artist themself (`actingLabel` null) the row
 * is returned as is. Pure.
 */
export function catalogRowFor<T extends MoneyTotals>(
  row: T,
  actingLabel: ActingLabel | null,
): CatalogRow<T> {
  if (!actingLabel) return row;
  return { ...row, grossCents: null, artistCents: null, commissionsCents: null };
}

/** `catalogRowFor` over a list. */
export const catalogRowsFor = <T extends MoneyTotals>(
  rows: T[],
  actingLabel: ActingLabel | null,
): CatalogRow<T>[] => rows.map((r) => catalogRowFor(r, actingLabel));
