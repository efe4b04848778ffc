import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type { AdminPeopleInput } from "@fanfare/validators";
import { ZAdminPeopleInput } from "@fanfare/validators";

import { likeLiteral } from "../shared/like";
import { AppError } from "../app-error";
import { ledgerAccountId } from "../ledger/post-transaction";
import { pageArgs, paginate } from "../pagination";
import { listedSubscriptionSelect, withProduct } from "../catalog/products";

/**
 * The console's people search (issue 11 §6): users whose email or name contains the query
 * (case-insensitive), newest first, with their roles and promoter standing; cursor pages by id.
 * Without a query, everyone.
 */
export async function searchPeople(raw: AdminPeopleInput, db: PrismaClient) {
  const input = ZAdminPeopleInput.parse(raw);
  // `%` and `_` typed into the search box are literal characters (`likeLiteral`).
  const q = input.query ? likeLiteral(input.query) : undefined;
  const rows = await db.user.findMany({
    where: q
      ? {
          OR: [
            { email: { contains: q, mode: "insensitive" } },
            { name: { contains: q, mode: "insensitive" } },
            { artist: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      createdAt: true,
      artist: { select: { id: true, name: true } },
      promoter: { select: { id: true, status: true, salesCount: true, earningsCents: true } },
    },
  });
  return paginate(rows, input, (u) => ({
    ...u,
    promoter: u.promoter ? { ...u.promoter, earningsCents: cents(u.promoter.earningsCents) } : null,
  }));
}

/** How many rows each list of a person's page shows (newest first). */
const PERSON_LIST_LIMIT = 20;

/**
 * One person as the console shows them (issue 11 §6): account and roles; as a promoter, their
 * standing, totals, open reports from visitors (`openReports`), links (with any admin's
 * disabling), held commissions and latest commissions;
 * as an artist, their tracks and releases (with any takedown) and latest sales; as a label
 * (issue 16 §5), its open and active contracts; their balances per role
 * (pending and payable, cents); and the audit trail of everything done to them, their promoter
 * profile, links, tracks and the commissions shown.
 * @throws AppError NOT_FOUND for an unknown user id.
 */
export async function getPerson(input: { userId: string }, db: PrismaClient) {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      emailVerified: true,
      createdAt: true,
      artist: {
        select: {
          id: true,
          name: true,
          slug: true,
          tracks: {
            where: { deletedAt: null },
            orderBy: { createdAt: "desc" },
            select: {
              id: true,
              title: true,
              slug: true,
              published: true,
              takenDownAt: true,
              takedownReason: true,
              salesCount: true,
              grossCents: true,
              priceCents: true,
              commissionBps: true,
            },
          },
          // Releases (issue 16 §1), moderated in /admin/releases.
          releases: {
            where: { deletedAt: null },
            orderBy: { createdAt: "desc" },
            select: {
              id: true,
              title: true,
              slug: true,
              kind: true,
              published: true,
              takenDownAt: true,
              takedownReason: true,
              salesCount: true,
              grossCents: true,
              priceCents: true,
            },
          },
        },
      },
      // A label (issue 16 §5): its roster and its balances.
      label: {
        select: {
          id: true,
          name: true,
          slug: true,
          contracts: {
            where: { status: { in: ["active", "invited"] } },
            orderBy: { invitedAt: "desc" },
            select: {
              id: true,
              status: true,
              labelShareBps: true,
              startsAt: true,
              endsAt: true,
              artist: { select: { name: true, slug: true } },
            },
          },
        },
      },
      promoter: {
        select: {
          id: true,
          displayName: true,
          status: true,
          statusReason: true,
          statusChangedAt: true,
          fraudScore: true,
          fraudScoredAt: true,
          fraudScoreDetail: true,
          clickCount: true,
          salesCount: true,
          earningsCents: true,
          links: {
            orderBy: { createdAt: "desc" },
            select: {
              id: true,
              code: true,
              disabled: true,
              disabledReason: true,
              clickCount: true,
              salesCount: true,
              commissionCents: true,
              track: { select: { title: true, slug: true } },
              release: { select: { title: true, slug: true } },
            },
          },
        },
      },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", `User ${input.userId} does not exist.`);
  const promoterId = user.promoter?.id ?? null;
  const artistId = user.artist?.id ?? null;
  const accountIds = [
    ...(promoterId
      ? [
          ledgerAccountId("PROMOTER_PENDING", promoterId),
          ledgerAccountId("PROMOTER_BALANCE", promoterId),
        ]
      : []),
    ...(artistId
      ? [ledgerAccountId("ARTIST_PENDING", artistId), ledgerAccountId("ARTIST_BALANCE", artistId)]
      : []),
    ...(user.label
      ? [
          ledgerAccountId("LABEL_PENDING", user.label.id),
          ledgerAccountId("LABEL_BALANCE", user.label.id),
        ]
      : []),
  ];
  const subjects = [
    user.id,
    ...(promoterId ? [promoterId] : []),
    ...(user.promoter?.links.map((l) => l.id) ?? []),
    ...(user.artist?.tracks.map((t) => t.id) ?? []),
  ];
  const [accounts, commissions, artistSales, openReports, taxForm] = await Promise.all([
    db.ledgerAccount.findMany({ where: { id: { in: accountIds } } }),
    promoterId
      ? db.commission.findMany({
          where: { promoterId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: PERSON_LIST_LIMIT,
          select: {
            id: true,
            saleId: true,
            amountCents: true,
            reversedCents: true,
            status: true,
            heldAt: true,
            holdReason: true,
            rejectReason: true,
            createdAt: true,
            track: { select: { title: true } },
            release: { select: { title: true } },
            ...listedSubscriptionSelect,
          },
        })
      : [],
    artistId
      ? db.sale.findMany({
          where: { artistId, status: { in: ["COMPLETED", "REFUNDED"] } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: PERSON_LIST_LIMIT,
          select: {
            id: true,
            amountCents: true,
            artistCents: true,
            reversedCents: true,
            currency: true,
            status: true,
            completedAt: true,
            track: { select: { title: true } },
            release: { select: { title: true } },
            ...listedSubscriptionSelect,
          },
        })
      : [],
    // Visitors' reports of the promoter still waiting in /admin/reports (issue 11 §2).
    promoterId ? db.promoterReport.count({ where: { promoterId, status: "OPEN" } }) : 0,
    // The tax form on file (issue 11 §4), without the encrypted tax id.
    promoterId
      ? db.taxForm.findFirst({
          where: { promoterId, supersededAt: null },
          select: { kind: true, status: true, taxIdLast4: true, country: true, createdAt: true },
        })
      : null,
  ]);
  // Decisions on the commissions shown (review, rejection) belong to the trail too.
  const audit = await db.auditLog.findMany({
    where: { subjectId: { in: [...subjects, ...commissions.map((c) => c.id)] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PERSON_LIST_LIMIT,
  });
  const balance = (id: string) => cents(accounts.find((a) => a.id === id)?.balanceCents ?? 0);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    emailVerified: user.emailVerified != null,
    createdAt: user.createdAt,
    promoter: user.promoter
      ? {
          ...user.promoter,
          openReports,
          taxForm,
          earningsCents: cents(user.promoter.earningsCents),
          pendingCents: balance(ledgerAccountId("PROMOTER_PENDING", user.promoter.id)),
          payableCents: balance(ledgerAccountId("PROMOTER_BALANCE", user.promoter.id)),
          // A link, commission or sale is of a track or a release (issue 16 §1): `track` is it.
          links: user.promoter.links.map((l) => ({
            ...withProduct(l),
            commissionCents: cents(l.commissionCents),
          })),
          commissions: commissions.map((c) => withProduct(c)),
        }
      : null,
    artist: user.artist
      ? {
          ...user.artist,
          pendingCents: balance(ledgerAccountId("ARTIST_PENDING", user.artist.id)),
          payableCents: balance(ledgerAccountId("ARTIST_BALANCE", user.artist.id)),
          tracks: user.artist.tracks.map((t) => ({ ...t, grossCents: cents(t.grossCents) })),
          releases: user.artist.releases.map((r) => ({ ...r, grossCents: cents(r.grossCents) })),
          sales: artistSales.map((s) => withProduct(s)),
        }
      : null,
    label: user.label
      ? {
          ...user.label,
          pendingCents: balance(ledgerAccountId("LABEL_PENDING", user.label.id)),
          payableCents: balance(ledgerAccountId("LABEL_BALANCE", user.label.id)),
        }
      : null,
    audit,
  };
}
