import { TRPCClientError } from "@trpc/client";

import type { AppRouter } from "@fanfare/api";

import { unreachableMessage } from "./auth-api";

export function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/** The API refused our credentials (expired, revoked or missing token). */
export function isUnauthorized(error: unknown): boolean {
  return isTRPCClientError(error) && error.data?.code === "UNAUTHORIZED";
}

/** The API asks the promoter to accept the program's terms first (`data.appCode`, issue 11 §2). */
export function isTermsRequired(error: unknown): boolean {
  return isTRPCClientError(error) && error.data?.appCode === "TERMS_REQUIRED";
}

/**
 * The server's message for one form field (`data.fieldErrors`, packages/api/src/trpc.ts: a zod
 * issue's path or an AppError's `field`), or null when the error is not about that field.
 */
export function fieldError(error: unknown, field: string): string | null {
  if (!isTRPCClientError(error)) return null;
  const fieldErrors = error.data?.fieldErrors as Record<string, string[] | undefined> | null;
  return fieldErrors?.[field]?.[0] ?? null;
}

/** 4xx answers are the server's final word: retrying will not change them. */
export function isClientError(error: unknown): boolean {
  const status = isTRPCClientError(error) ? error.data?.httpStatus : undefined;
  return typeof status === "number" && status >= 400 && status < 500;
}

/**
 * What to tell the person about a failed call: the server's message (written for people, see
 * packages/api/src/trpc.ts), or a connection problem when no answer came back.
 */
export function describeError(error: unknown): string {
  if (isTRPCClientError(error)) {
    // No `data` means no tRPC answer: the request never reached the API or the body was not tRPC.
    if (!error.data) return unreachableMessage();
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}
