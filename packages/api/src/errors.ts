import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { TRPCError } from "@trpc/server";

import type { AppErrorCode } from "./services/app-error";
import { AppError } from "./services/app-error";

/** The one table mapping domain error codes to tRPC codes. */
export const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  GONE: "NOT_FOUND",
  TERMS_REQUIRED: "PRECONDITION_FAILED",
  TAX_FORM_REQUIRED: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  PAYMENT_PROVIDER: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** Converts an AppError into the TRPCError a client sees; other errors pass through. */
export function toTRPCError(e: unknown): unknown {
  if (e instanceof AppError)
    return new TRPCError({ code: TRPC_CODE[e.code], message: e.message, cause: e });
  return e;
}

export { AppError };
