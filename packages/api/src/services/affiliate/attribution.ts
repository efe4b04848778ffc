import type { PrismaClient, SelfReferralReason } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";

import type { CandidateClick } from "./choose-attributed-click";
import { attributionModelOf, chooseAttributedClick } from "./choose-attributed-click";
import { newLinkCode } from "./links";
import type { ProductRef } from "../catalog/products";
import { productColumns } from "../catalog/products";
import { selfReferralReason } from "./self-referral";
import { programSettings } from "../settings/program-settings";

export type Attribution =
  | {
      attributed: true;
      /** The click credited; null when the buyer's promoter code attributed the sale. */
      clickId: string | null;
      linkId: string;
      promoterId: string;
      promoterUserId: string;
    }
  | {
      attributed: false;
      reason: "self_referral";
      /** Which hard signal stopped the commission (stored in `Sale.selfReferral`). */
      selfReferral: SelfReferralReason;
      /** The click, link and promoter the sale would otherwise be attributed to (for the fraud signal). */
      clickId: string | null;
      linkId: string;
      promoterId: string;
    }
  | {
      attributed: false;
      reason:
        | "no_click"
        | "unknown_click"
        | "other_track"
        | "expired"
        | "other_session"
        | "bot"
        | "link_disabled"
        | "promoter_inactive"
        | "affiliate_off";
    };

/** What attribution reads of a click: its link's state and promoter, its product's program. */
const CLICK_FACTS = {
  link: { include: { promoter: { include: { user: { select: { id: true, email: true } } } } } },
  track: { select: { affiliateEnabled: true, artist: { select: { userId: true } } } },
  release: { select: { affiliateEnabled: true, artist: { select: { userId: true } } } },
} satisfies Prisma.ClickEventInclude;

type ClickWithFacts = Prisma.ClickEventGetPayload<{ include: typeof CLICK_FACTS }>;

/** A loaded click as a candidate of `chooseAttributedClick`, the row kept beside it. */
const asCandidate = (row: ClickWithFacts, fromCookie: boolean): Candidate => {
  // A click names its link's product: a track or a release (CHECKed, exactly one).
  const product = (row.track ?? row.release)!;
  return {
    id: row.id,
    createdAt: row.createdAt,
    isBot: row.isBot,
    counted: row.counted,
    linkDisabled: row.link.disabled,
    promoterStatus: row.link.promoter.status,
    affiliateEnabled: product.affiliateEnabled,
    fromCookie,
    facts: {
      clickId: row.id,
      linkId: row.linkId,
      promoterId: row.link.promoterId,
      promoterUser: row.link.promoter.user,
      artistUserId: product.artist.userId,
    },
  };
};

/**
 * Decides whether a purchase is attributed, and to which click, from the click the buyer's
 * cookie carries (`ff_ref_<trackId>`, overwritten by every recorded non-bot click on the track).
 *
 * The cookie is client-controlled, so everything is checked again here: the click must exist and
 * be for this track. The candidates are then ranked by the program's attribution model
 * (`attributionModel` setting) with `chooseAttributedClick`, which also decides eligibility (not
 * a bot, inside the window ATTRIBUTION_WINDOW_DAYS, its link enabled, its promoter ACTIVE, the
 * track's program on):
 * - Last click (default): the only candidate is the cookie's click, the visitor's latest click on
 *   the track in this browser (each click replaced the one before). No further query: this path
 *   reads what it read before the setting existed. When that click cannot be credited the sale
 *   is unattributed; an earlier promoter whose click it replaced is not looked up.
 * - First click: the cookie's click names the visitor (its `visitorHash`, SHA-256 of IP | user
 *   agent | salt), and the candidates are that visitor's non-bot clicks on this track inside the
 *   window (`earliestClicksPerLink`, served by the ClickEvent_visitorHash_idx hash index) plus the
 *   cookie's click; the earliest eligible one wins. Known limits of the visitor hash: a first click
 *   made from another network or browser (another hash) is not found, and the later click wins;
 *   two people sharing an IP and an identical user agent are one visitor.
 * The model in force when checkout starts decides: the sale records the chosen promoter, link
 * and click, and a later change of the setting never moves it.
 *
 * A promoter's personal discount code entered at checkout (`input.promoterCode`, issue 12 §2) is
 * one more candidate, with no click: it ranks ahead of every click under both models, so it beats
 * a cookie from another promoter; when its promoter is not ACTIVE, the track's program is off or
 * the promoter's link for the track is disabled, the clicks decide. A code's sale records the
 * promoter's link for the track (created on first use) and no click.
 *
 * Page links (issue 14 §1) are candidates too, from their own cookies (`input.pageClicks`): the
 * buyer's click on this track's artist's page (`ff_pa_<artistId>`, inside the window) and on
 * discover, a genre or a search (`ff_pd`, only when the click's `ff_sid` is the request's). Each is
 * eligible as a click is (not a bot, its promoter ACTIVE, the track's program on, the promoter's
 * link for the track not disabled) and ranked against the track click by the same model on their
 * times (`chooseAttributedClick`, ties to the track link). A page click that wins is made a
 * ClickEvent on the promoter's link for this track (`materialisePageClick`), so the sale records a
 * click like any other.
 *
 * Last, the hard self-referral signals (`selfReferralReason`) apply to the chosen click: the
 * signed-in buyer is its promoter, the buyer's email reaches the promoter's mailbox
 * (plus-addresses, Gmail dots), or the promoter is the track's artist; then the result is
 * `reason: "self_referral"` with the reason and the click's link and promoter, and the sale earns
 * no commission (no fall-through to another promoter's click).
 *
 * @param input.signedInUserId the user signed in at checkout, if any; `input.now` the time of the
 *   purchase (default now).
 */
export async function resolveAttribution(
  input: {
    clickId: string | null;
    /** The product bought: a track (`trackId`) or a release (`releaseId`, issue 16 §1). */
    trackId?: string;
    releaseId?: string;
    buyerEmail: string;
    signedInUserId?: string | null;
    /** The promoter whose personal discount code the buyer entered (issue 12 §2). */
    promoterCode?: { promoterId: string } | null;
    /**
     * Page-link clicks the buyer's cookies carry (issue 14 §1): `artistPageClickId` from
     * `ff_pa_<the track's artistId>`, `discoverPageClickId` from `ff_pd`, and the request's `ff_sid`
     * browser session (a discover click attributes only in the session it was made in).
     */
    pageClicks?: {
      artistPageClickId?: string | null;
      discoverPageClickId?: string | null;
      sessionId?: string | null;
    } | null;
    now?: Date;
  },
  db: PrismaClient,
): Promise<Attribution> {
  const now = input.now ?? new Date();
  const product: ProductRef = input.trackId
    ? { kind: "track", id: input.trackId }
    : { kind: "release", id: input.releaseId! };
  const candidates: Candidate[] = [];
  if (input.promoterCode)
    candidates.push(await codeCandidate(input.promoterCode, product, now, db));
  if (input.pageClicks)
    candidates.push(...(await pageClickCandidates(input.pageClicks, product, db)));
  const cookieClick = input.clickId
    ? await db.clickEvent.findUnique({ where: { id: input.clickId }, include: CLICK_FACTS })
    : null;
  const settings = await programSettings(db);
  const model = attributionModelOf(settings.attributionModel);
  const cookieOnProduct =
    cookieClick != null &&
    (product.kind === "track" ? cookieClick.trackId : cookieClick.releaseId) === product.id;
  if (cookieClick && cookieOnProduct) {
    candidates.push(asCandidate(cookieClick, true));
    // No cookie is ever set for a bot's click, so one naming a bot names no visitor to look up.
    if (model === ATTRIBUTION_MODELS.FIRST_CLICK && !cookieClick.isBot) {
      const since = new Date(now.getTime() - settings.attributionWindowDays * 86_400_000);
      const visitorClicks = await earliestClicksPerLink(
        {
          visitorHash: cookieClick.visitorHash,
          product,
          since,
          except: cookieClick.id,
        },
        db,
      );
      candidates.push(...visitorClicks.map((row) => asCandidate(row, false)));
    }
  }
  if (candidates.length === 0) {
    if (!input.clickId) return { attributed: false, reason: "no_click" };
    return { attributed: false, reason: cookieClick ? "other_track" : "unknown_click" };
  }
  const choice = chooseAttributedClick(model, candidates, {
    now,
    windowDays: settings.attributionWindowDays,
  });
  if (!choice.click) {
    // With no candidates at all `chooseAttributedClick` says "no_click"; the cookie's click is one.
    return {
      attributed: false,
      reason: choice.reason === "no_click" ? "unknown_click" : choice.reason,
    };
  }
  // A page click that wins becomes a click on the promoter's link for the bought track (uncounted,
  // at the page click's time, with its sources), so the sale is attributed exactly as a track
  // click's: Sale.clickId → that ClickEvent (commissions, the source report, fraud signals).
  const winner = choice.click.pageClick
    ? await materialisePageClick(choice.click.pageClick, choice.click.facts, product, db)
    : choice.click.facts;
  const selfReferral = selfReferralReason({
    promoterUserId: winner.promoterUser.id,
    promoterEmail: winner.promoterUser.email,
    artistUserId: winner.artistUserId,
    signedInUserId: input.signedInUserId,
    buyerEmail: input.buyerEmail,
  });
  if (selfReferral)
    return {
      attributed: false,
      reason: "self_referral",
      selfReferral,
      clickId: winner.clickId,
      linkId: winner.linkId,
      promoterId: winner.promoterId,
    };
  return {
    attributed: true,
    clickId: winner.clickId,
    linkId: winner.linkId,
    promoterId: winner.promoterId,
    promoterUserId: winner.promoterUser.id,
  };
}

/** What the winner of `chooseAttributedClick` attributes: a click, or a promoter code. */
type WinnerFacts = {
  clickId: string | null;
  linkId: string;
  promoterId: string;
  promoterUser: { id: string; email: string };
  artistUserId: string;
};
type Candidate = CandidateClick & {
  facts: WinnerFacts;
  /** A page-link click (issue 14 §1): its id, and the promoter's link for the track if one exists. */
  pageClick?: { id: string };
};

/** What a page click carries onto the ClickEvent it becomes. */
const PAGE_CLICK_FIELDS = {
  id: true,
  promoterId: true,
  scope: true,
  artistId: true,
  visitorHash: true,
  sessionId: true,
  userAgent: true,
  referer: true,
  landingPath: true,
  utmSource: true,
  utmMedium: true,
  utmCampaign: true,
  utmTerm: true,
  utmContent: true,
  sourceTag: true,
  isBot: true,
  counted: true,
  createdAt: true,
} as const satisfies Prisma.PageClickSelect;

/**
 * The page-link clicks (issue 14 §1) the buyer's cookies name, as candidates: the artist page's
 * when it is this track's artist's page (the cookie is client-controlled: the click's scope and
 * artist are checked here), the discover one when its scope is discover (`sameSession` says
 * whether its `ff_sid` is the request's; `chooseAttributedClick` refuses it otherwise). The
 * link is the promoter's existing link for the track (a disabled one makes the click
 * ineligible); when there is none yet the candidate carries an empty `linkId`, filled in by
 * `materialisePageClick` if it wins. Two statements at most (the clicks with their promoters,
 * then the links), none without a page cookie.
 */
async function pageClickCandidates(
  input: {
    artistPageClickId?: string | null;
    discoverPageClickId?: string | null;
    sessionId?: string | null;
  },
  product: ProductRef,
  db: PrismaClient,
): Promise<Candidate[]> {
  const ids = [input.artistPageClickId, input.discoverPageClickId].filter(
    (id): id is string => !!id,
  );
  if (ids.length === 0) return [];
  const [clicks, track] = await Promise.all([
    db.pageClick.findMany({
      where: { id: { in: ids } },
      select: {
        ...PAGE_CLICK_FIELDS,
        promoter: { select: { status: true, user: { select: { id: true, email: true } } } },
      },
    }),
    productProgram(product, db),
  ]);
  const usable = clicks.filter((c) =>
    c.id === input.artistPageClickId
      ? c.scope === "artist" && c.artistId === track.artistId
      : c.scope === "discover",
  );
  if (usable.length === 0) return [];
  const links = await db.affiliateLink.findMany({
    where: { ...productColumns(product), promoterId: { in: usable.map((c) => c.promoterId) } },
    select: { id: true, promoterId: true, disabled: true },
  });
  return usable.map((c) => {
    const link = links.find((l) => l.promoterId === c.promoterId);
    const scope = c.scope === "artist" ? ("artist" as const) : ("discover" as const);
    return {
      id: `page:${c.id}`,
      createdAt: c.createdAt,
      isBot: c.isBot,
      counted: c.counted,
      linkDisabled: link?.disabled ?? false,
      promoterStatus: c.promoter.status,
      affiliateEnabled: track.affiliateEnabled,
      pageScope: scope,
      sameSession: scope === "discover" && !!input.sessionId && c.sessionId === input.sessionId,
      pageClick: { id: c.id },
      facts: {
        clickId: null,
        linkId: link?.id ?? "",
        promoterId: c.promoterId,
        promoterUser: c.promoter.user,
        artistUserId: track.artist.userId,
      },
    };
  });
}

/**
 * The promoter's link for a track, created on first use (as "Get your link" would), safe under a
 * concurrent first use. Used when a promoter code or a page link credits a track the promoter has
 * no link for yet.
 * @returns the link's id and whether an admin disabled it.
 */
async function promoterLinkFor(
  promoterId: string,
  product: ProductRef,
  db: PrismaClient,
): Promise<{ id: string; disabled: boolean }> {
  const where: Prisma.AffiliateLinkWhereUniqueInput =
    product.kind === "track"
      ? { promoterId_trackId: { promoterId, trackId: product.id } }
      : { promoterId_releaseId: { promoterId, releaseId: product.id } };
  return db.affiliateLink
    .upsert({
      where,
      create: { code: newLinkCode(), promoterId, ...productColumns(product) },
      update: {},
      select: { id: true, disabled: true },
    })
    .catch((e: unknown) => {
      // A concurrent first use created it: read the winner's link.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        return db.affiliateLink.findUniqueOrThrow({ where, select: { id: true, disabled: true } });
      throw e;
    });
}

/**
 * Makes a winning page click (issue 14 §1) a click on the promoter's link for the bought track:
 * the link (created on first use) and a `ClickEvent` with `pageClickId` = the page click,
 * `counted: false` (the page click itself was counted, in the source report; link and track
 * counters stay as they were), `createdAt` = the page click's time, and its visitor, session,
 * landing path, source tag and UTM values. A second checkout from the same page click reuses that
 * ClickEvent. `pageClickId` is unique, so when the page click already became a click on another
 * track's link (the buyer bought two tracks of the artist), this track's click is a copy without
 * `pageClickId`, itself reused by the next checkout of this track (same link, time and visitor).
 * @returns the winner's facts with the click and link filled in.
 */
async function materialisePageClick(
  pageClick: { id: string },
  facts: WinnerFacts,
  product: ProductRef,
  db: PrismaClient,
): Promise<WinnerFacts> {
  const link = await promoterLinkFor(facts.promoterId, product, db);
  const pc = await db.pageClick.findUniqueOrThrow({
    where: { id: pageClick.id },
    select: PAGE_CLICK_FIELDS,
  });
  const ofThisLink = (c: { id: string; linkId: string } | null) =>
    c && c.linkId === link.id ? { ...facts, clickId: c.id, linkId: link.id } : null;
  const linked = await db.clickEvent.findFirst({
    where: { pageClickId: pc.id },
    select: { id: true, linkId: true },
  });
  const reused = ofThisLink(linked);
  if (reused) return reused;
  const copy = {
    linkId: link.id,
    ...productColumns(product),
    visitorHash: pc.visitorHash,
    sessionId: pc.sessionId,
    userAgent: pc.userAgent,
    referer: pc.referer,
    landingPath: pc.landingPath,
    utmSource: pc.utmSource,
    utmMedium: pc.utmMedium,
    utmCampaign: pc.utmCampaign,
    utmTerm: pc.utmTerm,
    utmContent: pc.utmContent,
    sourceTag: pc.sourceTag,
    isBot: pc.isBot,
    counted: false,
    createdAt: pc.createdAt,
  };
  if (!linked) {
    try {
      const created = await db.clickEvent.create({
        data: { ...copy, pageClickId: pc.id },
        select: { id: true, linkId: true },
      });
      return { ...facts, clickId: created.id, linkId: link.id };
    } catch (e) {
      if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
      // A concurrent checkout made it first: use it when it is this link's.
      const raced = ofThisLink(
        await db.clickEvent.findFirst({
          where: { pageClickId: pc.id },
          select: { id: true, linkId: true },
        }),
      );
      if (raced) return raced;
    }
  }
  const earlier = await db.clickEvent.findFirst({
    where: {
      linkId: link.id,
      pageClickId: null,
      counted: false,
      createdAt: pc.createdAt,
      visitorHash: pc.visitorHash,
      landingPath: pc.landingPath,
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const click = earlier ?? (await db.clickEvent.create({ data: copy, select: { id: true } }));
  return { ...facts, clickId: click.id, linkId: link.id };
}

/**
 * The candidate a promoter code stands for (issue 12 §2): "clicked" at the purchase, with the
 * promoter's link for the track (created here on first use, as "Get your link" would; a code's
 * sale needs a link for the per-link totals) and its facts. Codes are claimed by ACTIVE promoters
 * who accepted the terms, so no terms check here; the status is re-read and decides eligibility.
 */
async function codeCandidate(
  code: { promoterId: string },
  product: ProductRef,
  now: Date,
  db: PrismaClient,
): Promise<Candidate> {
  const [promoter, track] = await Promise.all([
    db.promoterProfile.findUniqueOrThrow({
      where: { id: code.promoterId },
      select: { status: true, user: { select: { id: true, email: true } } },
    }),
    productProgram(product, db),
  ]);
  const link = await promoterLinkFor(code.promoterId, product, db);
  return {
    id: `code:${code.promoterId}`,
    createdAt: now,
    isBot: false,
    counted: true,
    linkDisabled: link.disabled,
    promoterStatus: promoter.status,
    affiliateEnabled: track.affiliateEnabled,
    viaCode: true,
    facts: {
      clickId: null,
      linkId: link.id,
      promoterId: code.promoterId,
      promoterUser: promoter.user,
      artistUserId: track.artist.userId,
    },
  };
}

/**
 * One visitor's non-bot clicks on one track since `since`, reduced to the earliest click of each
 * link (ties: a counted click, then the smaller id), with their facts; `except` left out. The
 * reduction changes no first-click outcome: everything else that decides eligibility (link
 * disabled, promoter status, the track's program) is the same for every click of a link, so a
 * link's later clicks could only win where its earliest would. It bounds the read by the number
 * of promoters' links the visitor opened, however often they reloaded them.
 */
async function earliestClicksPerLink(
  input: { visitorHash: string; product: ProductRef; since: Date; except: string },
  db: PrismaClient,
): Promise<ClickWithFacts[]> {
  const column = Prisma.raw(input.product.kind === "track" ? '"trackId"' : '"releaseId"');
  // Timestamps go in as ISO strings cast to timestamp(3): the columns hold UTC wall time.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT ON ("linkId") "id" FROM "ClickEvent"
    WHERE "visitorHash" = ${input.visitorHash}::text AND ${column} = ${input.product.id}::text
      AND NOT "isBot" AND "createdAt" >= ${input.since.toISOString()}::timestamp(3)
    ORDER BY "linkId", "createdAt", "counted" DESC, "id"`;
  const ids = rows.map((r) => r.id).filter((id) => id !== input.except);
  if (ids.length === 0) return [];
  return db.clickEvent.findMany({ where: { id: { in: ids } }, include: CLICK_FACTS });
}

/**
 * A product's affiliate program and seller, as attribution reads them: whether its program is on
 * (`affiliateEnabled`), its artist and the artist's user (the promoter-is-the-artist signal).
 * @throws Prisma's not-found error when the product does not exist (the caller loaded it).
 */
async function productProgram(
  product: ProductRef,
  db: PrismaClient,
): Promise<{ artistId: string; affiliateEnabled: boolean; artist: { userId: string } }> {
  const select = {
    artistId: true,
    affiliateEnabled: true,
    artist: { select: { userId: true } },
  } as const;
  return product.kind === "track"
    ? db.track.findUniqueOrThrow({ where: { id: product.id }, select })
    : db.release.findUniqueOrThrow({ where: { id: product.id }, select });
}
