// Framework-free helpers, safe to import from the API package and scripts.
export { revokeAccessMadeBeforeClaim } from "./account-claim";
export {
  ARGON2_PARAMS,
  checkPassword,
  DEFAULT_PASSWORD_HASH_LIMITS,
  dummyPasswordHash,
  hashPassword,
  PasswordHashBusyError,
  verifyPassword,
} from "./password";
export type { PasswordCheck, PasswordHashLimits } from "./password";
export {
  issueBearerToken,
  resolveBearerToken,
  revokeBearerToken,
  bearerFromHeader,
} from "./bearer";
export type { BearerResult } from "./bearer";
export {
  authSecret,
  buildMagicLink,
  MAGIC_LINK_MAX_AGE_SECONDS,
  normalizeMagicLinkEmail,
} from "./magic-link";
export type { MagicLink } from "./magic-link";
