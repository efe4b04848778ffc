import "server-only";

import { TRPCError } from "@trpc/server";

import { api } from "~/trpc/server";

/**
 * Whether payments run in the offline sandbox, as the API sees it: `admin.sandboxTransferMode`
 * answers FORBIDDEN when real Stripe keys are configured. For admins only (others get FORBIDDEN too).
 */
export async function isSandboxPayments(): Promise<boolean> {
  try {
    await (await api()).admin.sandboxTransferMode();
    return true;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "FORBIDDEN") return false;
    throw e;
  }
}
