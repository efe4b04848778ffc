/**
 * Cursor pagination, the one way every list of the API pages: newest first, ordered so that
 * the row id breaks ties, one row more fetched than the page holds (to know whether a next page
 * exists), and the next page starting after the last row shown (its id is the cursor). A cursor
 * is opaque to clients; an unknown one gives an empty page, never rows of another list.
 */

/** One page of a list: its items and the cursor of the next page (null on the last page). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** The page a client asks for: how many items (1–50, `ZPageInput`) and after which cursor. */
export type PageRequest = { limit: number; cursor?: string | null };

/**
 * Prisma `findMany` arguments for one page: `limit + 1` rows, after the row whose id is
 * `cursor` (skipping it). Spread into a query whose `orderBy` ends with a unique key.
 */
export function pageArgs(page: PageRequest) {
  return {
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

/**
 * The page from the rows fetched with `limit + 1` (by `pageArgs` or a raw `LIMIT limit + 1`):
 * the first `limit` rows through `toItem`, and the last item's id as the next cursor when the
 * extra row came back.
 * @example paginate(rows, page, (s) => ({ id: s.id, amountCents: cents(s.amountCents) }))
 */
export function paginate<R, I extends { id: string }>(
  rows: R[],
  page: PageRequest,
  toItem: (row: R) => I,
): Page<I> {
  const items = rows.slice(0, page.limit).map(toItem);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
