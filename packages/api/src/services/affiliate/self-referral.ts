import type { FraudSignalKind, SelfReferralReason, SightingKind } from "@fanfare/db";

/**
 * Domains whose mailboxes ignore dots in the local part: Gmail delivers `j.o.hn@gmail.com` to
 * `john@gmail.com` ("Dots don't matter in Gmail addresses", Google Gmail Help, answer 7436150),
 * and `googlemail.com` is the same mailbox as `gmail.com` (Google's former UK/DE domain).
 */
const DOT_INSENSITIVE_DOMAINS = new Set(["gmail.com"]);
const DOMAIN_ALIASES: Record<string, string> = { "googlemail.com": "gmail.com" };

/**
 * An email address in the form used to tell whether two addresses reach the same person (never
 * stored, never used to send): trimmed and lowercased; the `+tag` of a plus-address (RFC 5233
 * sub-addressing, offered by Gmail, Outlook, iCloud, Fastmail and most hosts) removed from the
 * local part; `googlemail.com` written `gmail.com`; and, for Gmail, the dots of the local part
 * removed. A `+` at the very start of the local part is kept (nothing would remain), and a
 * string without `@` is only trimmed and lowercased.
 *
 * Example: ` P.R.O.Moter+fanfare@GoogleMail.com ` → `promoter@gmail.com`.
 */
export function normaliseEmailForMatching(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (domain.endsWith(".")) domain = domain.slice(0, -1);
  domain = DOMAIN_ALIASES[domain] ?? domain;
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (DOT_INSENSITIVE_DOMAINS.has(domain)) local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}

/** Whether two email addresses reach the same mailbox, by `normaliseEmailForMatching`. */
export function sameMailbox(a: string, b: string): boolean {
  return normaliseEmailForMatching(a) === normaliseEmailForMatching(b);
}

export type SelfReferralFacts = {
  /** The user behind the attributed promoter profile. */
  promoterUserId: string;
  /** That user's account email. */
  promoterEmail: string;
  /** The user who owns the track's artist profile. */
  artistUserId: string;
  /** The user signed in when the purchase was made (checkout start), if any. */
  signedInUserId: string | null | undefined;
  /** The email the buyer pays with (at checkout start, or the one the processor reports). */
  buyerEmail: string;
};

/**
 * The hard self-referral signal of a purchase, or null when there is none: a sale with one earns
 * no commission. Checked in this order, the first that holds is the reason:
 * 1. PROMOTER_SIGNED_IN: the signed-in buyer is the promoter;
 * 2. BUYER_EMAIL_MATCHES_PROMOTER: the buyer's email reaches the promoter's account mailbox
 *    (`sameMailbox`: plus-addresses, Gmail dots, googlemail.com);
 * 3. PROMOTER_IS_ARTIST: the promoter is the track's artist.
 * Pure: callers load the facts (checkout start; the completion webhook may re-check with the
 * email the processor reports).
 */
export function selfReferralReason(facts: SelfReferralFacts): SelfReferralReason | null {
  if (facts.signedInUserId != null && facts.signedInUserId === facts.promoterUserId)
    return "PROMOTER_SIGNED_IN";
  if (sameMailbox(facts.buyerEmail, facts.promoterEmail)) return "BUYER_EMAIL_MATCHES_PROMOTER";
  if (facts.promoterUserId === facts.artistUserId) return "PROMOTER_IS_ARTIST";
  return null;
}

/** The soft fraud signal each sighting kind raises when the promoter's sighting matches a purchase. */
export const SOFT_SIGNAL_OF_SIGHTING: Record<SightingKind, FraudSignalKind> = {
  VISITOR_HASH: "PROMOTER_VISITOR_HASH_ON_PURCHASE",
  SESSION: "PROMOTER_SESSION_ON_PURCHASE",
};

/**
 * The soft signals of an attributed purchase: for each of the promoter's sightings (where they
 * were seen while signed in) whose value equals the purchase's visitor hash or `ff_sid` browser
 * session, the matching FraudSignalKind, once each. Soft signals never cancel the commission (a
 * friend on the same Wi-Fi and browser build shares a visitor hash); the admin's holds read them.
 */
export function softSignalKinds(input: {
  sightings: { kind: SightingKind; value: string }[];
  visitorHash: string | null | undefined;
  sessionId: string | null | undefined;
}): FraudSignalKind[] {
  const kinds = new Set<FraudSignalKind>();
  for (const s of input.sightings) {
    const purchaseValue = s.kind === "VISITOR_HASH" ? input.visitorHash : input.sessionId;
    if (purchaseValue && s.value === purchaseValue) kinds.add(SOFT_SIGNAL_OF_SIGHTING[s.kind]);
  }
  return [...kinds];
}
