"use server";

import { getDb } from "@fanfare/db";
import { redeliverSandboxEvent } from "@fanfare/payments";

import { isSandboxMode } from "~/lib/sandbox";
import { webEnv } from "~/lib/env";
import { getContext } from "~/trpc/server";

export type RedeliverResult = { ok: boolean; message: string };

/** Re-POSTs a stored sandbox event (same id and body, freshly signed) to our webhook route. Admins only. */
export async function redeliverEventAction(eventId: string): Promise<RedeliverResult> {
  const { user } = await getContext();
  if (!user?.isAdmin) return { ok: false, message: "Admins only." };
  if (!(await isSandboxMode()))
    return { ok: false, message: "Sandbox controls are off: real Stripe keys are configured." };
  try {
    const d = await redeliverSandboxEvent(
      await getDb(),
      eventId,
      new URL("/api/webhooks/stripe", webEnv().APP_URL).toString(),
    );
    const ok = d.status >= 200 && d.status < 300;
    return {
      ok,
      message: ok
        ? `Delivered ${eventId}: webhook answered ${d.status}.`
        : `Delivering ${eventId} failed: ${d.status ? `webhook answered ${d.status}` : (d.deliveryError ?? "unreachable")}.`,
    };
  } catch (e) {
    return {
      ok: false,
      message: e instanceof Error ? e.message : `Redelivering ${eventId} failed.`,
    };
  }
}
