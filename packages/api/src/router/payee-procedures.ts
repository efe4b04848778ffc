import { getPayments } from "@fanfare/payments";
import { ZLedgerInput, ZPageInput } from "@fanfare/validators";

import {
  connectDashboardLink,
  getConnectStatus,
  refreshConnectAccount,
  startConnectOnboarding,
} from "../services/payouts/connect";
import { getEarnings, listLedger, listPayouts, toPayoutView } from "../services/payouts/earnings";
import type { Payee } from "../services/payouts/payee";
import { getPayoutEligibility, requestPayout } from "../services/payouts/payouts";
import type { labelProcedure, ownArtistProcedure, promoterProcedure } from "../trpc";

type PayeeCtx = { db: Parameters<typeof getEarnings>[1]; user: { id: string; email: string } };

/**
 * The money procedures an artist, a promoter and a label share (earnings, ledger, payouts, Connect),
 * built once for each role's procedure and its way of naming the payee. The artist's are built on
 * `ownArtistProcedure`: a label acting for an artist never reaches them (issue 16 §5).
 */
export function payeeProcedures<
  P extends typeof ownArtistProcedure | typeof promoterProcedure | typeof labelProcedure,
>(procedure: P, payeeOf: (ctx: never) => Payee) {
  const payee = payeeOf as (ctx: unknown) => Payee;
  const proc = procedure as unknown as typeof promoterProcedure;
  return {
    earnings: proc.query(({ ctx }) => getEarnings({ payee: payee(ctx) }, ctx.db)),
    ledger: proc
      .input(ZLedgerInput.optional())
      .query(({ ctx, input }) => listLedger({ payee: payee(ctx), page: input }, ctx.db)),
    payouts: proc
      .input(ZPageInput.optional())
      .query(({ ctx, input }) => listPayouts({ payee: payee(ctx), page: input }, ctx.db)),
    payoutEligibility: proc.query(({ ctx }) => getPayoutEligibility({ payee: payee(ctx) }, ctx.db)),
    requestPayout: proc.mutation(async ({ ctx }) =>
      toPayoutView(
        await requestPayout({ payee: payee(ctx) }, { db: ctx.db, payments: getPayments(ctx.db) }),
      ),
    ),
    connectStatus: proc.query(({ ctx }) => getConnectStatus(payee(ctx), ctx.db)),
    startConnectOnboarding: proc.mutation(({ ctx }) =>
      startConnectOnboarding(
        { payee: payee(ctx), email: (ctx as PayeeCtx).user.email },
        { db: ctx.db, payments: getPayments(ctx.db) },
      ),
    ),
    refreshConnect: proc.mutation(({ ctx }) =>
      refreshConnectAccount(payee(ctx), { db: ctx.db, payments: getPayments(ctx.db) }),
    ),
    connectDashboardLink: proc.mutation(({ ctx }) =>
      connectDashboardLink(payee(ctx), { db: ctx.db, payments: getPayments(ctx.db) }),
    ),
  };
}
