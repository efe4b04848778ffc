// Framework-free helpers, safe to import from the API package and scripts.
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
