import type { Settings } from "../settings/settings";

/**
 * The named rate limits of the platform. Each is `points` per `durationSeconds`, keyed as the
 * comment says. Values come from `getSettings()` (packages/api/src/services/settings/settings.ts).
 *
 * Sign-in and token issuance (OWASP Authentication Cheat Sheet, "Protect Against Automated
 * Attacks": limit per account and per source, without letting an attacker lock a victim out):
 * - `signInPerAccountIp`: key `<email>|<ip>`, strict (default 10 per 15 min).
 * - `signInPerIp`: key `<ip>`, any account (credential stuffing from one address; default 60).
 * - `signInPerAccount`: key `<email>`, only a high ceiling (default 500) so a flood from many IPs
 *   cannot lock the owner out; a password reset by email always works.
 */
export const RATE_LIMIT_RULES = [
  "signInPerAccountIp",
  "signInPerIp",
  "signInPerAccount",
  /** key: IP. */
  "signUpPerIp",
  /** key: IP. */
  "passwordResetPerIp",
  /** key: the normalised email the reset is asked for (whether or not the account exists). */
  "passwordResetPerAccount",
  /** key: IP. Magic sign-in links mail a credential like reset links: the same budget, own counters. */
  "magicLinkPerIp",
  /** key: the normalised email the link is asked for. */
  "magicLinkPerAccount",
  /** key: IP. */
  "receiptResendPerIp",
  /** key: IP. "Report this promoter" (public, no account). */
  "promoterReportPerIp",
  /** key: IP. `discount.validate` as a buyer types (public): guessing codes costs points. */
  "discountValidatePerIp",
  /** key: User.id. */
  "uploadsPerUser",
  /** key: IP. Views reported by landing pages and embedded players (POST /api/views, public). */
  "pageViewsPerIp",
  /** key: IP. The oEmbed endpoint (GET /api/oembed, public; CMS servers call it). */
  "oembedPerIp",
  /**
   * key: IP. The one-click unsubscribe (POST /api/unsubscribe, public: RFC 8058 posts come from
   * mail providers' servers, many users behind one address, hence a generous default).
   */
  "unsubscribePerIp",
  /**
   * key: IP. Share cards drawn (GET /api/og/…, public; ~75 ms of CPU each, so the limit guards
   * the box; unfurlers share addresses, hence a generous default, and caches keep a card an hour).
   */
  "ogCardsPerIp",
  /**
   * key: User.id. Webhook endpoint creates and changes, test events and replays (issue 15 §3): each
   * may resolve the user's host name or send a request to it.
   */
  "webhookActionsPerUser",
  /** key: User.id. API keys created and revoked (issue 15 §1): revoked keys stay as rows. */
  "apiKeyActionsPerUser",
  /**
   * key: IP. REST API requests refused for their key (missing, malformed, unknown, revoked or
   * expired: 401), counted only on such a failure, so guessing key prefixes is slow; over it the
   * address is refused (429) before any key is looked up.
   */
  "apiAuthFailuresPerIp",
  /** key: IP. Licence verifications and certificates (issue 16 §4: `/license/<key>`, public). */
  "licenseVerifyPerIp",
  /**
   * key: User.id. Label invitations sent (`label.invite`, issue 16 §5): each looks up an artist by
   * page address or email, so the limit keeps the look-up from being a way to list accounts.
   */
  "labelInvitesPerUser",
  /**
   * key: User.id. Catalog subscription checkouts started (issue 16 §3): each makes a row and a
   * Checkout Session at the processor.
   */
  "subscriptionStartPerUser",
  /**
   * key: IP. Download formats asked for from a purchase page (`buyer.prepareFormat`, issue 16
   * §2): each may queue transcodes for every track of a release.
   */
  "formatPreparePerIp",
] as const;

export type RateLimitRule = (typeof RATE_LIMIT_RULES)[number];

const HOUR = 3600;
const MINUTE = 60;

/** Points and window of `rule` under `settings`. */
export function ruleLimits(
  rule: RateLimitRule,
  s: Settings,
): { points: number; durationSeconds: number } {
  switch (rule) {
    case "signInPerAccountIp":
      return {
        points: s.RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP,
        durationSeconds: s.RATE_LIMIT_SIGNIN_WINDOW_SECONDS,
      };
    case "signInPerIp":
      return {
        points: s.RATE_LIMIT_SIGNIN_PER_IP,
        durationSeconds: s.RATE_LIMIT_SIGNIN_WINDOW_SECONDS,
      };
    case "signInPerAccount":
      return {
        points: s.RATE_LIMIT_SIGNIN_PER_ACCOUNT,
        durationSeconds: s.RATE_LIMIT_SIGNIN_WINDOW_SECONDS,
      };
    case "signUpPerIp":
      return { points: s.RATE_LIMIT_SIGNUP_PER_IP_HOUR, durationSeconds: HOUR };
    case "passwordResetPerIp":
      return { points: s.RATE_LIMIT_RESET_PER_IP_HOUR, durationSeconds: HOUR };
    case "passwordResetPerAccount":
      return { points: s.RATE_LIMIT_RESET_PER_ACCOUNT_HOUR, durationSeconds: HOUR };
    case "magicLinkPerIp":
      return { points: s.RATE_LIMIT_RESET_PER_IP_HOUR, durationSeconds: HOUR };
    case "magicLinkPerAccount":
      return { points: s.RATE_LIMIT_RESET_PER_ACCOUNT_HOUR, durationSeconds: HOUR };
    case "receiptResendPerIp":
      return { points: s.RATE_LIMIT_RESEND_PER_IP_HOUR, durationSeconds: HOUR };
    case "promoterReportPerIp":
      return { points: s.RATE_LIMIT_REPORT_PER_IP_HOUR, durationSeconds: HOUR };
    case "discountValidatePerIp":
      return { points: s.RATE_LIMIT_DISCOUNT_PER_IP_HOUR, durationSeconds: HOUR };
    case "uploadsPerUser":
      return { points: s.RATE_LIMIT_UPLOADS_PER_USER_HOUR, durationSeconds: HOUR };
    case "pageViewsPerIp":
      return { points: s.RATE_LIMIT_PAGE_VIEWS_PER_IP_MINUTE, durationSeconds: MINUTE };
    case "oembedPerIp":
      return { points: s.RATE_LIMIT_OEMBED_PER_IP_MINUTE, durationSeconds: MINUTE };
    case "unsubscribePerIp":
      return { points: s.RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE, durationSeconds: MINUTE };
    case "ogCardsPerIp":
      return { points: s.RATE_LIMIT_OG_CARDS_PER_IP_MINUTE, durationSeconds: MINUTE };
    case "webhookActionsPerUser":
      return { points: s.RATE_LIMIT_WEBHOOK_ACTIONS_PER_USER_HOUR, durationSeconds: HOUR };
    case "apiKeyActionsPerUser":
      return { points: s.RATE_LIMIT_API_KEY_ACTIONS_PER_USER_HOUR, durationSeconds: HOUR };
    case "apiAuthFailuresPerIp":
      return { points: s.RATE_LIMIT_API_AUTH_FAILURES_PER_IP, durationSeconds: 15 * MINUTE };
    case "licenseVerifyPerIp":
      return { points: s.RATE_LIMIT_LICENSE_VERIFY_PER_IP_MINUTE, durationSeconds: MINUTE };
    case "labelInvitesPerUser":
      return { points: s.RATE_LIMIT_LABEL_INVITES_PER_USER_HOUR, durationSeconds: HOUR };
    case "subscriptionStartPerUser":
      return { points: s.RATE_LIMIT_SUBSCRIPTION_START_PER_USER_HOUR, durationSeconds: HOUR };
    case "formatPreparePerIp":
      return { points: s.RATE_LIMIT_FORMAT_PREPARE_PER_IP_MINUTE, durationSeconds: MINUTE };
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rate-limit rule ${String(unknown)}.`);
    }
  }
}

/** Accounts are keyed by their email, trimmed and lower-cased, so `A@x.com ` and `a@x.com` share a limit. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}
