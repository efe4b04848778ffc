import { z } from "zod";

import { closeSandboxDispute, createSandboxDispute, getPayments, getSandboxTransferMode, setSandboxTransferMode } from "@fanfare/payments";
import { ZAdminSalesInput, ZId, ZPageInput } from "@fanfare/validators";

import { listSalesForAdmin } from "../services/admin/list-sales";
import { AppError } from "../services/app-error";
import { apiEnv } from "../services/env";
import { verifyLedger } from "../services/ledger/verify-ledger";
import { reconcilePayouts, releaseDueSales } from "../services/payouts/payouts";
import { refundSale } from "../services/refunds/refund-sale";
import { adminProcedure, createTRPCRouter } from "../trpc";

const webhookUrl = () => new URL("/api/webhooks/stripe", apiEnv().APP_URL).toString();

/** Sandbox controls exist only while payments run in the offline sandbox. */
const sandboxProcedure = adminProcedure.use(({ ctx, next }) => {
  if (getPayments(ctx.db).mode !== "sandbox") throw new AppError("FORBIDDEN", "Sandbox controls are off: real Stripe keys are configured.");
  return next();
});

export const adminRouter = createTRPCRouter({
  sales: adminProcedure.input(ZAdminSalesInput).query(({ ctx, input }) => listSalesForAdmin(input, ctx.db)),
  /** Refunds a sale fully (no amount) or partly; idempotent per resulting total. */
  refundSale: adminProcedure
    .input(z.object({ saleId: ZId, amountCents: z.number().int("Amount must be whole cents.").positive("Amount must be positive.").optional() }))
    .mutation(({ ctx, input }) => refundSale(input, { db: ctx.db, payments: getPayments(ctx.db) })),
  payouts: adminProcedure
    .input(ZPageInput.extend({ status: z.enum(["REQUESTED", "PROCESSING", "PAID", "FAILED"]).optional() }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.payout.findMany({
        where: input.status ? { status: input.status } : {},
        orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
    }),
  /** Releases due holds and completes payouts stuck in PROCESSING (older than `olderThanSeconds`). */
  reconcilePayouts: adminProcedure
    .input(z.object({ olderThanSeconds: z.number().int().min(0).max(86_400).optional() }).optional())
    .mutation(async ({ ctx, input }) => {
      const released = await releaseDueSales(ctx.db);
      return { released, ...(await reconcilePayouts({ db: ctx.db, payments: getPayments(ctx.db) }, { olderThanSeconds: input?.olderThanSeconds ?? 0 })) };
    }),
  verifyLedger: adminProcedure.query(({ ctx }) => verifyLedger(ctx.db)),
  sandboxTransferMode: sandboxProcedure.query(({ ctx }) => getSandboxTransferMode(ctx.db)),
  setSandboxTransferMode: sandboxProcedure
    .input(z.object({ mode: z.enum(["succeed", "fail"]) }))
    .mutation(async ({ ctx, input }) => {
      await setSandboxTransferMode(ctx.db, input.mode);
      return getSandboxTransferMode(ctx.db);
    }),
  sandboxOpenDispute: sandboxProcedure
    .input(z.object({ saleId: ZId, amountCents: z.number().int().positive().optional() }))
    .mutation(async ({ ctx, input }) => {
      const sale = await ctx.db.sale.findUnique({ where: { id: input.saleId } });
      if (!sale?.stripePaymentIntentId) throw new AppError("BAD_INPUT", `Sale ${input.saleId} has no payment to dispute.`);
      return createSandboxDispute(ctx.db, { paymentIntentId: sale.stripePaymentIntentId, amountCents: input.amountCents, webhookUrl: webhookUrl() });
    }),
  sandboxCloseDispute: sandboxProcedure
    .input(z.object({ disputeId: z.string().min(1).max(100), outcome: z.enum(["won", "lost"]) }))
    .mutation(({ ctx, input }) => closeSandboxDispute(ctx.db, { disputeId: input.disputeId, outcome: input.outcome, webhookUrl: webhookUrl() })),
});
