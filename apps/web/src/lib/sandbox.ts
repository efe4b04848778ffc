import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import { getPayments } from "@fanfare/payments";

/**
 * The sandbox's stand-ins for Stripe's pages exist only while payments run offline: with real
 * Stripe keys they answer 404 and their actions do nothing (defence in depth: the sandbox
 * would otherwise sign events with the real webhook secret).
 */
export async function assertSandboxMode(): Promise<void> {
  if (!(await isSandboxMode())) notFound();
}

/** Whether payments run in the offline sandbox (no Stripe keys configured). */
export async function isSandboxMode(): Promise<boolean> {
  return getPayments(await getDb()).mode === "sandbox";
}
