import type { PayeeType, PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";

import { pageArgs, paginate } from "../pagination";
import type { PageRequest } from "../pagination";

export const PAYOUT_STATUSES = ["REQUESTED", "PROCESSING", "PAID", "FAILED"] as const;

/**
 * Every payout for the admin console, newest request first, optionally of one status, with who
 * it is for: `payeeName` (the artist's or label's name, else the promoter's display name, else
 * their user name) and `payeeEmail`. Amounts in cents; cursor pages by id (`pagination.ts`).
 */
export async function listPayoutsForAdmin(
  input: PageRequest & { status?: (typeof PAYOUT_STATUSES)[number] },
  db: PrismaClient,
) {
  const rows = await db.payout.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
  });
  const payees = (type: PayeeType) =>
    rows.filter((p) => p.payeeType === type).map((p) => p.payeeId);
  const [artists, promoters, labels] = await Promise.all([
    db.artistProfile.findMany({
      where: { id: { in: payees("ARTIST") } },
      select: { id: true, name: true, user: { select: { email: true } } },
    }),
    db.promoterProfile.findMany({
      where: { id: { in: payees("PROMOTER") } },
      select: { id: true, displayName: true, user: { select: { email: true, name: true } } },
    }),
    db.labelProfile.findMany({
      where: { id: { in: payees("LABEL") } },
      select: { id: true, name: true, user: { select: { email: true } } },
    }),
  ]);
  const artistById = new Map(artists.map((a) => [a.id, a]));
  const promoterById = new Map(promoters.map((p) => [p.id, p]));
  const labelById = new Map(labels.map((l) => [l.id, l]));
  return paginate(rows, input, (p) => {
    const a =
      p.payeeType === "ARTIST"
        ? artistById.get(p.payeeId)
        : p.payeeType === "LABEL"
          ? labelById.get(p.payeeId)
          : undefined;
    const pr = p.payeeType === "PROMOTER" ? promoterById.get(p.payeeId) : undefined;
    return {
      ...p,
      amountCents: cents(p.amountCents),
      payeeName: a?.name ?? pr?.displayName ?? pr?.user.name ?? null,
      payeeEmail: a?.user.email ?? pr?.user.email ?? null,
    };
  });
}
