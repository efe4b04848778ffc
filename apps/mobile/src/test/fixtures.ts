/** Typed sample data: promoter Pia with two links, as the API would answer after superjson. */
import type { RouterOutputs } from "@fanfare/api";
import { NOTIFICATION_TYPE_KEYS, NOTIFICATION_TYPES } from "@fanfare/validators";

type Promoter = RouterOutputs["promoter"];
type EarningsSummary = Promoter["earnings"];
type PayoutEligibility = Promoter["payoutEligibility"];
type PayoutsPage = Promoter["payouts"];
type ConnectStatus = Promoter["connectStatus"];

export const PIA_PROMOTER_ID = "prom_pia";

export const me: RouterOutputs["promoter"]["me"] = {
  id: "user_pia",
  email: "promoter@fanfare.local",
  name: "Pia Promoter",
  isAdmin: false,
  artist: null,
  promoter: {
    id: PIA_PROMOTER_ID,
    displayName: "Pia P.",
    showOnLeaderboard: true,
    status: "ACTIVE",
    statusReason: null,
    appliedAt: null,
  },
};

const day = (i: number) => {
  const d = new Date(Date.UTC(2026, 10, 1 + i));
  return d.toISOString().slice(0, 10);
};

export const earnings: EarningsSummary = {
  currency: "usd",
  pendingCents: 1250,
  payableCents: 4320,
  inTransitCents: 1000,
  paidCents: 15075,
  holdDays: 14,
  minimumPayoutCents: 500,
  todayCents: 125,
  weekCents: 2250,
  monthCents: 7300,
  series: Array.from({ length: 30 }, (_, i) => ({
    date: day(i),
    cents: i % 3 === 0 ? 250 * (i % 5) : 0,
  })),
};

export const noEarnings: EarningsSummary = {
  ...earnings,
  pendingCents: 0,
  payableCents: 0,
  inTransitCents: 0,
  paidCents: 0,
  todayCents: 0,
  weekCents: 0,
  monthCents: 0,
  series: earnings.series.map((p) => ({ ...p, cents: 0 })),
};

const track = (over: Partial<RouterOutputs["promoter"]["links"][number]["track"]>) => ({
  id: "trk_night",
  slug: "night-drive",
  title: "Night Drive",
  artistName: "Mara Vox",
  priceCents: 400,
  commissionBps: 3000,
  artworkUrl: null,
  previewUrl: null,
  ...over,
});

export const links: RouterOutputs["promoter"]["links"] = [
  {
    id: "lnk_1",
    code: "k3m9x2pq",
    kind: "track",
    url: "http://localhost:3000/t/night-drive?ref=k3m9x2pq",
    disabled: false,
    disabledReason: null,
    active: true,
    clickCount: 120,
    salesCount: 6,
    commissionCents: 720,
    conversionBps: 500,
    createdAt: new Date("2026-11-02T10:00:00Z"),
    track: track({}),
  },
  {
    id: "lnk_2",
    code: "p7r2tzq8",
    kind: "track",
    url: "http://localhost:3000/t/sunrise-theme?ref=p7r2tzq8",
    disabled: false,
    disabledReason: null,
    active: false,
    clickCount: 3,
    salesCount: 0,
    commissionCents: 0,
    conversionBps: 0,
    createdAt: new Date("2026-11-01T10:00:00Z"),
    track: track({
      id: "trk_sun",
      slug: "sunrise-theme",
      title: "Sunrise Theme",
      artistName: "Edie",
      commissionBps: 2500,
    }),
  },
];

type PublicTrack = RouterOutputs["buyer"]["trackBySlug"];

export const publicTrack: PublicTrack = {
  id: "trk_glass",
  slug: "glass-city",
  title: "Glass City",
  description: "Synth pop for late trains.",
  durationSeconds: 201,
  priceCents: 300,
  minPriceCents: null,
  currency: "usd",
  affiliateEnabled: true,
  commissionBps: 2000,
  published: true,
  publishedAt: new Date("2026-10-30T12:00:00Z"),
  artist: { id: "art_1", name: "Neon Lanes", slug: "neon-lanes" },
  genre: { slug: "synth-pop", name: "Synth pop" },
  payWhatYouWant: false,
  commissionAtPriceCents: 60,
  downloadTerms: { days: 7, downloads: 5 },
  artworkUrl: "/api/media/artwork/trk_glass",
  previewUrl: "/api/media/preview/trk_glass",
  isOwner: false,
};

export const discoverPage: RouterOutputs["buyer"]["discover"] = {
  items: [(({ isOwner: _o, ...t }) => t)(publicTrack)],
  nextCursor: null,
};

const boardRow = (
  rank: number,
  promoterId: string,
  label: string,
  earningsCents: number,
  sales: number,
  clicks: number,
) => ({
  rank,
  promoterId,
  label,
  value: earningsCents,
  sales,
  clicks,
  earningsCents,
  conversionBps: Math.floor((sales * 20_000 + clicks) / (2 * clicks)),
});

/** The week's earnings board (`leaderboard.top`): Rafa, then Pia (you), then J. D. */
export const leaderboard: RouterOutputs["leaderboard"]["top"] = {
  disabled: false,
  minClicks: 20,
  computedAt: "2026-11-20T12:00:00.000Z",
  rows: [
    boardRow(1, "prom_top", "Rafa R.", 9900, 33, 400),
    boardRow(2, PIA_PROMOTER_ID, "Pia P.", 4320, 12, 150),
    boardRow(3, "prom_3", "J. D.", 150, 1, 30),
  ],
};

/** Pia's place on the week's earnings board: #2, $55.81 short of passing #1 (9900 − 4320 + 1). */
export const myPosition: RouterOutputs["leaderboard"]["me"] = {
  disabled: false,
  ranked: true,
  rank: 2,
  value: 4320,
  total: 3,
  gap: 5581,
  qualifies: true,
  clicksToQualify: 0,
  minClicks: 20,
  showOnLeaderboard: false,
};

export const eligibility: PayoutEligibility = {
  canRequest: true,
  reason: null,
  payableCents: 4320,
  minimumPayoutCents: 500,
  taxFormUrl: null,
};

export const payoutsPage: PayoutsPage = {
  items: [
    {
      id: "po_2",
      amountCents: 2500,
      status: "PROCESSING",
      failureReason: null,
      requestedAt: new Date("2026-11-15T09:00:00Z"),
      paidAt: null,
    },
    {
      id: "po_1",
      amountCents: 12575,
      status: "PAID",
      failureReason: null,
      requestedAt: new Date("2026-10-01T09:00:00Z"),
      paidAt: new Date("2026-10-03T09:00:00Z"),
    },
    {
      id: "po_0",
      amountCents: 600,
      status: "FAILED",
      failureReason: "The bank rejected the transfer: account closed.",
      requestedAt: new Date("2026-09-01T09:00:00Z"),
      paidAt: null,
    },
  ],
  nextCursor: null,
};

export const connectEnabled: ConnectStatus = {
  status: "enabled",
  payoutsEnabled: true,
  requirementsDue: [],
  stripeAccountId: "acct_1Pia",
  onboardingUrl: "http://localhost:3000/dashboard/promoter/earnings?connect=start",
};

type MyCode = RouterOutputs["promoter"]["myCode"];

/** Pia before claiming a code: the program allows up to 10 % off. */
export const noCode: MyCode = { code: null, maxPercentBps: 1000, suggestion: "PARTNER-PIAP" };

/** Pia's code, 10 % off, used on 4 sales that gave buyers $1.60 off in all. */
export const myCode: MyCode = {
  ...noCode,
  code: {
    id: "dc_pia",
    code: "PARTNER-PIAP",
    percentBps: 1000,
    status: "ACTIVE",
    usesCount: 4,
    discountGivenCents: 160,
    createdAt: new Date("2026-11-20T10:00:00Z"),
  },
};

type Progress = RouterOutputs["promoter"]["progress"];

const tierRows = (unlockedUpTo: number): Progress["tiers"] =>
  [
    { name: "Bronze", rank: 0, bonusBps: 0 },
    { name: "Silver", rank: 1, bonusBps: 300 },
    { name: "Gold", rank: 2, bonusBps: 500 },
  ].map((t) => ({ ...t, unlocked: t.rank <= unlockedUpTo }));

const goldPerks = [
  {
    icon: "⭐",
    title: "Featured promoter",
    description: "Your links are suggested to artists looking for promoters.",
  },
];

/** Pia's badges: a Silver "Ten sales" (newest) and a Bronze "First sale". */
export const piaBadges: Progress["badges"] = [
  {
    key: "ten_sales",
    name: "Ten sales",
    description: "10 sales through your links and codes.",
    level: "silver",
    icon: "flame",
    instance: "",
    detail: "10 sales",
    awardedAt: new Date("2026-11-20T09:00:00Z"),
  },
  {
    key: "first_sale",
    name: "First sale",
    description: "A fan bought a track through you.",
    level: "bronze",
    icon: "bag",
    instance: "",
    detail: "Your first sale",
    awardedAt: new Date("2026-10-02T15:30:00Z"),
  },
];

/** What Pia has still to earn: 88 more sales to Hundred sales, and a contest place. */
export const piaNextBadges: Progress["nextBadges"] = [
  {
    key: "hundred_sales",
    name: "Hundred sales",
    description: "100 sales through your links and codes.",
    level: "gold",
    icon: "rocket",
    hint: "88 more sales to go",
    value: 12,
    target: 100,
  },
  {
    key: "contest_winner",
    name: "Contest winner",
    description: "Won a place in a Fanfare contest.",
    level: "platinum",
    icon: "trophy",
    hint: "Win a place in a contest",
    value: null,
    target: null,
  },
];

/** A program with no tiers: the fake API's default, under which the tier card shows nothing. */
export const noTiersProgress: Progress = {
  tier: null,
  next: null,
  value: null,
  tiers: [],
  milestones: [],
  badges: [],
  nextBadges: [],
};

/** Pia at Silver (+3%, payouts from $20.00), 12 of Gold's 25 sales in 90 days: 13 to go. */
export const silverProgress: Progress = {
  tier: {
    id: "tier_silver",
    name: "Silver",
    rank: 1,
    bonusBps: 300,
    payoutMinimumCents: 2000,
    perks: [
      {
        icon: "🎧",
        title: "Early previews",
        description: "Hear new releases a week before they go out.",
        link: "https://fanfare.local/previews",
      },
    ],
  },
  next: {
    name: "Gold",
    metric: "SALES",
    threshold: 25,
    windowDays: 90,
    value: 12,
    missing: 13,
    bonusBps: 500,
    perks: goldPerks,
  },
  value: { metric: "SALES", windowDays: 90, value: 12 },
  tiers: tierRows(1),
  milestones: [],
  badges: piaBadges,
  nextBadges: piaNextBadges,
};

/** Pia at Gold, the top tier (+5%, the program's payout minimum), 31 sales in 90 days. */
export const topTierProgress: Progress = {
  tier: {
    id: "tier_gold",
    name: "Gold",
    rank: 2,
    bonusBps: 500,
    payoutMinimumCents: null,
    perks: goldPerks,
  },
  next: null,
  value: { metric: "SALES", windowDays: 90, value: 31 },
  tiers: tierRows(2),
  milestones: [],
  badges: [],
  nextBadges: [],
};

/** Pia before any tier: 2 of Bronze's 5 sales in 30 days. */
export const noTierProgress: Progress = {
  tier: null,
  next: {
    name: "Bronze",
    metric: "SALES",
    threshold: 5,
    windowDays: 30,
    value: 2,
    missing: 3,
    bonusBps: 0,
    perks: [],
  },
  value: { metric: "SALES", windowDays: 30, value: 2 },
  tiers: tierRows(-1),
  milestones: [],
  badges: [],
  nextBadges: [],
};

type SourceReportAnswer = RouterOutputs["promoter"]["sourceReport"];

/** "Performance by source", last 30 days by source tag: two tags and the clicks without one. */
export const sourceReport: SourceReportAnswer = {
  period: "30d",
  groupBy: "src",
  since: new Date("2026-11-07T00:00:00Z"),
  rows: [
    {
      key: "newsletter",
      isNone: false,
      clicks: 40,
      sales: 4,
      conversionBps: 1000,
      earningsCents: 480,
    },
    {
      key: "ig_story",
      isNone: false,
      clicks: 25,
      sales: 1,
      conversionBps: 400,
      earningsCents: 120,
    },
    { key: "(none)", isNone: true, clicks: 55, sales: 1, conversionBps: 182, earningsCents: 120 },
  ],
  truncated: false,
};

/** A report with nothing in the period. */
export const emptySourceReport: SourceReportAnswer = {
  period: "30d",
  groupBy: "src",
  since: new Date("2026-11-07T00:00:00Z"),
  rows: [],
  truncated: false,
};

/** `promoter.promoPosts` for Night Drive, written with the link `url` (as the server would). */
export function promoPostsFor(url: string): RouterOutputs["promoter"]["promoPosts"] {
  const x = `Night Drive by Mara Vox, $4.00 on Fanfare ${url} #Synthwave`;
  return {
    trackId: "trk_night",
    url,
    posts: [
      { network: "x", label: "X", text: x, length: 0, limit: 280, shortened: false },
      {
        network: "instagram",
        label: "Instagram caption",
        text: `New favourite: Night Drive by Mara Vox 🎧\n\nGet it here: ${url}\n\n#Synthwave`,
        length: 0,
        limit: 2200,
        shortened: false,
      },
      {
        network: "tiktok",
        label: "TikTok caption",
        text: `Night Drive by Mara Vox ${url}`,
        length: 0,
        limit: 2200,
        shortened: false,
      },
      {
        network: "newsletter",
        label: "Newsletter blurb",
        text: `This week: Night Drive by Mara Vox. Listen and buy: ${url}`,
        length: 0,
        limit: null,
        shortened: false,
      },
    ],
  };
}

type Recruits = Promoter["recruits"];

/** `promoter.recruits` before anyone joined through the link. */
export const noRecruits: Recruits = {
  code: "pat7k3m9",
  url: "http://localhost:3000/join?ref=pat7k3m9",
  shareBps: 500,
  months: 12,
  recruits: 0,
  earnedCents: 0 as Recruits["earnedCents"],
  items: [],
  nextCursor: null,
};

/** `promoter.recruits` with one recruit who made a sale. */
export const someRecruits: Recruits = {
  ...noRecruits,
  recruits: 1,
  earnedCents: 13 as Recruits["earnedCents"],
  items: [
    {
      id: "pro_riley",
      label: "Riley R.",
      joinedAt: new Date("2026-11-20T10:00:00Z"),
      status: "ACTIVE",
      salesCount: 1,
      commissionCents: 250 as Recruits["earnedCents"],
      secondTierEndsAt: new Date("2027-11-20T10:00:00Z"),
      secondTierActive: true,
      earnedFromCents: 13 as Recruits["earnedCents"],
    },
  ],
};

/** `promoter.pageLinkCode`: the promoter-level code and the artists whose tracks they link. */
export const pageLinkInfo: Promoter["pageLinkCode"] = {
  code: "pat7k3m9",
  appUrl: "http://localhost:3000",
  artists: [{ id: "art_mara", name: "Mara Vox", slug: "mara-vox" }],
};

/** `notification.mutedTypes`: every type with its label and email, "Contests starting" muted. */
export const notificationPrefs: RouterOutputs["notification"]["mutedTypes"] =
  NOTIFICATION_TYPE_KEYS.map((type) => ({
    type,
    label: NOTIFICATION_TYPES[type].label,
    email: NOTIFICATION_TYPES[type].email,
    muted: type === "contest_started",
  }));
