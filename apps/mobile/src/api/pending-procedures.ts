/**
 * Earnings, payouts and Stripe Connect procedures that are being added to `promoter` on main.
 * Until they are on this branch's AppRouter, this file states their contract (issue #4) and is
 * the one place that casts; the screens use `usePromoterPayoutsApi()` exactly as they would use
 * `useTRPC().promoter`. When the router has them, this file shrinks to
 * `export const usePromoterPayoutsApi = () => useTRPC().promoter;` and tsc checks the screens
 * against the real outputs.
 */
import type { DecorateProcedure, DefaultFeatureFlags } from "@trpc/tanstack-react-query";

import type { AppRouter } from "@fanfare/api";

import { useTRPC } from "~/lib/trpc";

export type EarningsSummary = {
  currency: string;
  pendingCents: number;
  payableCents: number;
  inTransitCents: number;
  paidCents: number;
  holdDays: number;
  minimumPayoutCents: number;
  todayCents: number;
  weekCents: number;
  monthCents: number;
  /** The last 30 days, oldest first; `date` is YYYY-MM-DD in UTC. */
  series: { date: string; cents: number }[];
};

export type PayoutStatus = "REQUESTED" | "PROCESSING" | "PAID" | "FAILED";

export type Payout = {
  id: string;
  amountCents: number;
  status: PayoutStatus;
  failureReason: string | null;
  requestedAt: Date;
  paidAt: Date | null;
};

export type PayoutsPage = { items: Payout[]; nextCursor: string | null };

export type PayoutEligibility = {
  canRequest: boolean;
  reason: string | null;
  payableCents: number;
  minimumPayoutCents: number;
};

export type ConnectStatus = {
  status: "not_started" | "pending" | "enabled";
  payoutsEnabled: boolean;
  requirementsDue: string[];
  onboardingUrl: string;
};

type Def<TInput, TOutput> = {
  input: TInput;
  output: TOutput;
  transformer: true;
  errorShape: AppRouter["_def"]["_config"]["$types"]["errorShape"];
  featureFlags: DefaultFeatureFlags;
};

type PromoterPayoutsApi = {
  earnings: DecorateProcedure<"query", Def<void, EarningsSummary>>;
  payouts: DecorateProcedure<
    "query",
    Def<{ cursor?: string | null; limit?: number } | void, PayoutsPage>
  >;
  payoutEligibility: DecorateProcedure<"query", Def<void, PayoutEligibility>>;
  requestPayout: DecorateProcedure<"mutation", Def<void, Payout>>;
  connectStatus: DecorateProcedure<"query", Def<void, ConnectStatus>>;
};

/** `useTRPC().promoter`, typed with the payout procedures' contract until main ships them. */
export function usePromoterPayoutsApi(): PromoterPayoutsApi {
  // The tRPC proxy builds any path at run time; only the type is missing.
  return useTRPC().promoter as unknown as PromoterPayoutsApi;
}
