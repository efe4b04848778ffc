import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";

import { AppError } from "../app-error";
import { apiEnv } from "../env";
import { markSharedBankDirty } from "../fraud/score-events";
import type { Payee } from "./payee";

export type ConnectStatus = {
  status: "not_started" | "pending" | "enabled";
  payoutsEnabled: boolean;
  requirementsDue: string[];
  stripeAccountId: string | null;
  /** The web page that starts or resumes onboarding (the mobile app opens it). */
  onboardingUrl: string;
};

const pagePath = (payee: Payee) =>
  payee.type === "ARTIST"
    ? "/dashboard/artist/earnings"
    : payee.type === "LABEL"
      ? "/dashboard/label/earnings"
      : "/dashboard/promoter/earnings";

/** The payee's Connect state as last reported by Stripe (webhook `account.updated` or a refresh). */
export async function getConnectStatus(payee: Payee, db: PrismaClient): Promise<ConnectStatus> {
  const acct = await db.connectAccount.findUnique({
    where: { payeeType_payeeId: { payeeType: payee.type, payeeId: payee.id } },
  });
  return {
    status: !acct ? "not_started" : acct.payoutsEnabled ? "enabled" : "pending",
    payoutsEnabled: acct?.payoutsEnabled ?? false,
    requirementsDue: acct?.requirementsDue ?? [],
    stripeAccountId: acct?.stripeAccountId ?? null,
    onboardingUrl: new URL(`${pagePath(payee)}?connect=start`, apiEnv().APP_URL).toString(),
  };
}

/**
 * Creates the payee's Express account on first use (idempotency key `connect:<type>:<id>`,
 * one row per payee) and returns a fresh onboarding link
 * (https://docs.stripe.com/connect/express-accounts#create-link).
 */
export async function startConnectOnboarding(
  input: { payee: Payee; email: string },
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const { db, payments } = deps;
  let acct = await db.connectAccount.findUnique({
    where: { payeeType_payeeId: { payeeType: input.payee.type, payeeId: input.payee.id } },
  });
  if (!acct) {
    const { accountId } = await payments.createConnectAccount({
      email: input.email,
      ownerRef: `${input.payee.type.toLowerCase()}:${input.payee.id}`,
      idempotencyKey: `connect:${input.payee.type}:${input.payee.id}`,
    });
    acct = await db.connectAccount
      .create({
        data: { payeeType: input.payee.type, payeeId: input.payee.id, stripeAccountId: accountId },
      })
      .catch(async (e: unknown) => {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
          return db.connectAccount.findUniqueOrThrow({
            where: { payeeType_payeeId: { payeeType: input.payee.type, payeeId: input.payee.id } },
          });
        }
        throw e;
      });
  }
  const base = apiEnv().APP_URL;
  const link = await payments.createAccountOnboardingLink({
    accountId: acct.stripeAccountId,
    refreshUrl: new URL(`${pagePath(input.payee)}?connect=start`, base).toString(),
    returnUrl: new URL(`${pagePath(input.payee)}?connect=return`, base).toString(),
  });
  return { url: link.url, stripeAccountId: acct.stripeAccountId };
}

/** Asks Stripe for the account's current capabilities and stores them (after onboarding returns). */
export async function refreshConnectAccount(
  payee: Payee,
  deps: { db: PrismaClient; payments: PaymentsProvider },
): Promise<ConnectStatus> {
  const acct = await deps.db.connectAccount.findUnique({
    where: { payeeType_payeeId: { payeeType: payee.type, payeeId: payee.id } },
  });
  if (acct) {
    const s = await deps.payments.getConnectAccountStatus(acct.stripeAccountId);
    await deps.db.connectAccount.update({
      where: { id: acct.id },
      data: {
        detailsSubmitted: s.detailsSubmitted,
        payoutsEnabled: s.payoutsEnabled,
        requirementsDue: s.requirementsDue,
        disabledReason: s.disabledReason,
        country: s.country,
        bankFingerprint: s.bankFingerprint,
      },
    });
    await markSharedBankDirty(deps.db, acct.stripeAccountId);
  }
  return getConnectStatus(payee, deps.db);
}

/** A one-time login link to the payee's Stripe Express dashboard. @throws AppError NOT_FOUND before onboarding. */
export async function connectDashboardLink(
  payee: Payee,
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const acct = await deps.db.connectAccount.findUnique({
    where: { payeeType_payeeId: { payeeType: payee.type, payeeId: payee.id } },
  });
  if (!acct)
    throw new AppError("NOT_FOUND", "You have no Stripe account yet: set up payouts first.");
  return deps.payments.createConnectLoginLink(acct.stripeAccountId);
}
