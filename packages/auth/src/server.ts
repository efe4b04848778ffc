// Framework-free helpers, safe to import from the API package and scripts.
export { hashPassword, verifyPassword } from "./password";
export {
  issueBearerToken,
  resolveBearerToken,
  revokeBearerToken,
  bearerFromHeader,
} from "./bearer";
export type { BearerResult } from "./bearer";
