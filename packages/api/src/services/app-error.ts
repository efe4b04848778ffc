/**
 * The one error type services throw. `code` is a domain code; `packages/api/src/errors.ts` maps
 * each to a tRPC code and HTTP status. Messages say what failed, why, and which id.
 */
export type AppErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "GONE"
  /** The promoter must accept the program's current terms first (issue 11 §2). */
  | "TERMS_REQUIRED"
  /** A US promoter's payout reaches the year's 1099-NEC threshold without a W-9 (issue 11 §4). */
  | "TAX_FORM_REQUIRED"
  | "RATE_LIMITED"
  | "PAYMENT_PROVIDER"
  | "INTERNAL";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Optional field the error is about, so forms can show it next to that field. */
  readonly field?: string;

  constructor(code: AppErrorCode, message: string, opts: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.field = opts.field;
  }
}

/** HTTP status for each domain code (route handlers outside tRPC use it). */
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  TERMS_REQUIRED: 412,
  TAX_FORM_REQUIRED: 412,
  RATE_LIMITED: 429,
  PAYMENT_PROVIDER: 502,
  INTERNAL: 500,
};
