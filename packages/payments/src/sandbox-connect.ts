/**
 * The sandbox's Stripe Connect: Express accounts and their onboarding, transfers from the
 * platform and their reversals, with the rules Stripe applies (docs.stripe.com/connect/
 * express-accounts, docs.stripe.com/connect/separate-charges-and-transfers).
 *
 * | kind              | id                   | data                                              |
 * | ----------------- | -------------------- | ------------------------------------------------- |
 * | "connect_account" | `acct_sandbox_...`   | the account, its balance and paid-out cents, event |
 * | "transfer"        | `tr_sandbox_...`     | the transfer with its reversals                   |
 *
 * The connected account's balance is what was transferred to it, minus reversals, minus what
 * `payOutSandboxBalance` paid out to its bank: a reversal needs that balance, as in Stripe.
 */
import { createHash } from "node:crypto";

import type { PrismaClient } from "@fanfare/db";

import { paymentsEnv } from "./env";
import { PaymentsError } from "./errors";
import {
  parseConnectAccountInput,
  parseId,
  parseOnboardingLinkInput,
  parseReverseTransferInput,
  parseTransferGroup,
  parseTransferInput,
} from "./provider-input";
import type {
  SandboxAccount,
  SandboxDelivery,
  SandboxTransfer,
  SandboxTransferReversal,
} from "./sandbox-objects";
import type { StoredEvent, Tx } from "./sandbox-store";
import {
  accountInvalid,
  deliverEvent,
  fromJson,
  lockRow,
  noSuchResource,
  nowSeconds,
  randomToken,
  readSetting,
  runIdempotent,
  storeEvent,
  toJson,
  toStripeRequestError,
  TX_OPTIONS,
  writeSetting,
} from "./sandbox-store";
import { singleTransferOfGroup, toConnectAccountStatus } from "./stripe-provider";
import type {
  ConnectAccountStatus,
  CreateAccountOnboardingLinkInput,
  CreateConnectAccountInput,
  CreatedTransfer,
  CreatedTransferReversal,
  CreateTransferInput,
  FoundTransfer,
  ReverseTransferInput,
} from "./types";

type AccountRecord = {
  account: SandboxAccount;
  /** Transferred in, minus reversals, minus paid out; cents. */
  balanceCents: number;
  /** Simulated payouts to the account's bank; cents. */
  paidOutCents: number;
  /** The `account.updated` event of onboarding, redelivered when onboarding is completed again. */
  onboardedEvent?: StoredEvent;
};

type TransferRecord = { transfer: SandboxTransfer };

/** What a new Express individual account must provide before payouts (a plausible subset). */
const ONBOARDING_REQUIREMENTS = [
  "business_type",
  "external_account",
  "individual.dob.day",
  "individual.dob.month",
  "individual.dob.year",
  "individual.email",
  "individual.first_name",
  "individual.last_name",
  "individual.ssn_last_4",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

/** Stripe's account links expire after a few minutes; the sandbox says 300 s. */
const ACCOUNT_LINK_LIFETIME_SECONDS = 300;

const TRANSFER_MODE_SETTING = "transfer_mode";

export type SandboxTransferMode = "succeed" | "fail";

async function readAccount(db: PrismaClient | Tx, accountId: string) {
  const row = await db.sandboxObject.findUnique({ where: { id: accountId } });
  return row?.kind === "connect_account" ? fromJson<AccountRecord>(row.data) : null;
}

/**
 * Creates a sandbox Express account (`acct_sandbox_...`), like `POST /v1/accounts`: details not
 * submitted, charges and payouts disabled, `transfers` capability inactive, requirements due,
 * `metadata.ownerRef`. Idempotent on `input.idempotencyKey` as Stripe is.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `idempotency_error`.
 */
export async function createSandboxConnectAccount(
  db: PrismaClient,
  input: CreateConnectAccountInput,
): Promise<{ accountId: string }> {
  const v = parseConnectAccountInput(input);
  const params = {
    controller: "express",
    capabilities: { transfers: { requested: true } },
    email: v.email,
    country: v.country ?? null,
    metadata: { ownerRef: v.ownerRef },
  };
  const { value } = await runIdempotent<{ accountId: string }>(
    db,
    {
      key: v.idempotencyKey,
      endpoint: "/v1/accounts",
      params,
      action: `Cannot create connected account for ${v.ownerRef}`,
    },
    async (tx) => {
      const account: SandboxAccount = {
        id: `acct_sandbox_${randomToken(16)}`,
        object: "account",
        business_type: null,
        capabilities: { transfers: "inactive" },
        charges_enabled: false,
        controller: {
          fees: { payer: "application" },
          is_controller: true,
          losses: { payments: "application" },
          requirement_collection: "stripe",
          stripe_dashboard: { type: "express" },
          type: "application",
        },
        country: v.country ?? "US",
        created: nowSeconds(),
        details_submitted: false,
        email: v.email,
        external_accounts: { object: "list", data: [] },
        metadata: { ownerRef: v.ownerRef },
        payouts_enabled: false,
        requirements: {
          current_deadline: null,
          currently_due: [...ONBOARDING_REQUIREMENTS],
          disabled_reason: "requirements.past_due",
          errors: [],
          eventually_due: [...ONBOARDING_REQUIREMENTS],
          past_due: [...ONBOARDING_REQUIREMENTS],
          pending_verification: [],
        },
        type: "express",
      };
      const record: AccountRecord = { account, balanceCents: 0, paidOutCents: 0 };
      await tx.sandboxObject.create({
        data: { id: account.id, kind: "connect_account", data: toJson(record) },
      });
      return { ok: true, value: { accountId: account.id } };
    },
  );
  return value;
}

/**
 * The sandbox's onboarding link: `${APP_URL}/sandbox/connect/<accountId>?return=<returnUrl>&
 * refresh=<refreshUrl>` (both URL-encoded), expiring in 300 s. The page there completes
 * onboarding with `completeSandboxOnboarding` and sends the user to `return`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `account_invalid` for an
 *   unknown account.
 */
export async function createSandboxOnboardingLink(
  db: PrismaClient,
  input: CreateAccountOnboardingLinkInput,
): Promise<{ url: string; expiresAt: Date }> {
  const v = parseOnboardingLinkInput(input);
  if (!(await readAccount(db, v.accountId))) {
    throw toStripeRequestError(
      `Cannot create onboarding link for ${v.accountId}`,
      accountInvalid(v.accountId),
    );
  }
  const query = new URLSearchParams({ return: v.returnUrl, refresh: v.refreshUrl });
  return {
    url: `${paymentsEnv().APP_URL}/sandbox/connect/${v.accountId}?${query.toString()}`,
    expiresAt: new Date((nowSeconds() + ACCOUNT_LINK_LIFETIME_SECONDS) * 1000),
  };
}

/**
 * The stored account's onboarding and capability state, as `getConnectAccountStatus` reads it
 * from Stripe.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `account_invalid`.
 */
export async function getSandboxConnectAccountStatus(
  db: PrismaClient,
  accountId: string,
): Promise<ConnectAccountStatus> {
  const id = parseId("acct", accountId, "read connected account status");
  const record = await readAccount(db, id);
  if (!record) {
    throw toStripeRequestError(`Cannot read connected account ${id}`, accountInvalid(id));
  }
  return toConnectAccountStatus(record.account);
}

/**
 * The sandbox Express Dashboard link: `${APP_URL}/sandbox/connect/<accountId>/dashboard`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `account_invalid`.
 */
export async function createSandboxLoginLink(
  db: PrismaClient,
  accountId: string,
): Promise<{ url: string }> {
  const id = parseId("acct", accountId, "create dashboard login link");
  if (!(await readAccount(db, id))) {
    throw toStripeRequestError(`Cannot create dashboard login link for ${id}`, accountInvalid(id));
  }
  return { url: `${paymentsEnv().APP_URL}/sandbox/connect/${id}/dashboard` };
}

/**
 * The stored account with its sandbox balances (cents), or null: for the sandbox onboarding and
 * dashboard pages.
 */
export async function getSandboxConnectAccount(
  db: PrismaClient,
  accountId: string,
): Promise<{ account: SandboxAccount; balanceCents: number; paidOutCents: number } | null> {
  const record = await readAccount(db, accountId);
  return record
    ? {
        account: record.account,
        balanceCents: record.balanceCents,
        paidOutCents: record.paidOutCents,
      }
    : null;
}

/** Stripe's test routing number, the sandbox form's default. */
export const SANDBOX_ROUTING_NUMBER = "110000000";

/**
 * The account number the sandbox onboarding form suggests for `accountId`: 12 digits derived
 * from the id, so two accounts onboarded with the defaults never share a bank account (which
 * the fraud score counts as a signal). Typing another account's number reproduces the signal.
 */
export function sandboxDefaultAccountNumber(accountId: string): string {
  const digest = createHash("sha256").update(accountId).digest();
  return `000${(digest.readUInt32BE(0) % 1_000_000_000).toString().padStart(9, "0")}`;
}

/**
 * The fingerprint of a bank account, as Stripe gives one: the same routing and account number
 * give the same 16-character fingerprint on every account of the platform.
 */
export function sandboxBankFingerprint(routingNumber: string, accountNumber: string): string {
  return createHash("sha256")
    .update(`${routingNumber}:${accountNumber}`)
    .digest("base64url")
    .slice(0, 16);
}

/**
 * Completes onboarding as if the user finished Stripe's hosted form: details submitted, charges
 * and payouts enabled, `transfers` active, nothing due, and the bank account (`bankAccount`, or
 * the test routing number and `sandboxDefaultAccountNumber`) as the payout account, with its
 * fingerprint. Stores and POSTs a signed
 * `account.updated` event (with `account` and `data.previous_attributes`, as Stripe sends
 * Connect events) to `webhookUrl`. Completing again redelivers the same event.
 * @returns the receiver's status (0 and `deliveryError` when unreachable) and the event id.
 * @throws PaymentsError CONNECT_ACCOUNT_NOT_FOUND.
 */
export async function completeSandboxOnboarding(
  db: PrismaClient,
  opts: {
    accountId: string;
    webhookUrl: string;
    bankAccount?: { routingNumber: string; accountNumber: string };
  },
): Promise<SandboxDelivery> {
  const event = await db.$transaction(async (tx) => {
    const row = await lockRow(tx, opts.accountId, "connect_account");
    if (!row) {
      throw new PaymentsError(
        "CONNECT_ACCOUNT_NOT_FOUND",
        `Cannot complete sandbox onboarding of ${opts.accountId}: no such connected account.`,
      );
    }
    const record = fromJson<AccountRecord>(row.data);
    if (record.onboardedEvent) return record.onboardedEvent;
    const before = record.account;
    const routing = opts.bankAccount?.routingNumber ?? SANDBOX_ROUTING_NUMBER;
    const number = opts.bankAccount?.accountNumber ?? sandboxDefaultAccountNumber(before.id);
    const account: SandboxAccount = {
      ...before,
      external_accounts: {
        object: "list",
        data: [
          {
            id: `ba_sandbox_${randomToken(16)}`,
            object: "bank_account",
            account: before.id,
            country: before.country,
            currency: "usd",
            default_for_currency: true,
            fingerprint: sandboxBankFingerprint(routing, number),
            last4: number.slice(-4),
            routing_number: routing,
          },
        ],
      },
      business_type: null,
      capabilities: { transfers: "active" },
      charges_enabled: true,
      details_submitted: true,
      payouts_enabled: true,
      requirements: {
        ...before.requirements,
        currently_due: [],
        disabled_reason: null,
        eventually_due: [],
        past_due: [],
      },
    };
    const created = await storeEvent(tx, "account.updated", account, {
      account: account.id,
      previousAttributes: {
        capabilities: before.capabilities,
        charges_enabled: before.charges_enabled,
        details_submitted: before.details_submitted,
        external_accounts: before.external_accounts ?? { object: "list", data: [] },
        payouts_enabled: before.payouts_enabled,
        requirements: {
          currently_due: before.requirements.currently_due,
          disabled_reason: before.requirements.disabled_reason,
          eventually_due: before.requirements.eventually_due,
          past_due: before.requirements.past_due,
        },
      },
    });
    const next: AccountRecord = { ...record, account, onboardedEvent: created };
    await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
    return created;
  }, TX_OPTIONS);
  return deliverEvent(db, event, opts.webhookUrl);
}

/**
 * Decides how the next sandbox transfers end: "succeed" (default) or "fail", where
 * `createTransfer` is refused with a non-retryable `account_invalid`. Stored, so it holds for
 * every process on this database.
 */
export async function setSandboxTransferMode(
  db: PrismaClient,
  mode: SandboxTransferMode,
): Promise<void> {
  await writeSetting(db, TRANSFER_MODE_SETTING, mode);
}

/** The sandbox transfer mode: "succeed" unless set to "fail". */
export async function getSandboxTransferMode(db: PrismaClient | Tx): Promise<SandboxTransferMode> {
  return readSetting<SandboxTransferMode>(db, TRANSFER_MODE_SETTING, "succeed");
}

/**
 * A sandbox transfer (`tr_sandbox_...`) from the platform to a connected account, like
 * `POST /v1/transfers`, idempotent on `input.idempotencyKey` (a refusal is saved under the key
 * and replayed too, as Stripe does). Adds the amount to the account's balance. Refused
 * (non-retryable) when the destination's `transfers` capability is not active yet
 * (`insufficient_capabilities_for_transfer`) and in "fail" mode (`account_invalid`).
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing` for an
 *   unknown destination, `idempotency_error`, and the refusals above).
 */
export async function createSandboxTransfer(
  db: PrismaClient,
  input: CreateTransferInput,
): Promise<CreatedTransfer> {
  const v = parseTransferInput(input);
  const action = `Cannot create transfer of ${v.amountCents} cents to ${v.destination} (group ${v.transferGroup})`;
  const { value } = await runIdempotent<CreatedTransfer>(
    db,
    {
      key: v.idempotencyKey,
      endpoint: "/v1/transfers",
      params: {
        amount: v.amountCents,
        currency: v.currency,
        destination: v.destination,
        transfer_group: v.transferGroup,
        metadata: v.metadata,
      },
      action,
    },
    async (tx) => {
      const row = await lockRow(tx, v.destination, "connect_account");
      if (!row) {
        throw toStripeRequestError(
          action,
          noSuchResource("destination", v.destination, "destination"),
        );
      }
      const record = fromJson<AccountRecord>(row.data);
      if (record.account.capabilities.transfers !== "active") {
        return {
          ok: false,
          error: {
            statusCode: 400,
            type: "invalid_request_error",
            code: "insufficient_capabilities_for_transfer",
            param: "destination",
            message:
              "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
          },
        };
      }
      if ((await getSandboxTransferMode(tx)) === "fail") {
        return {
          ok: false,
          error: {
            statusCode: 400,
            type: "invalid_request_error",
            code: "account_invalid",
            param: "destination",
            message: `The destination account '${v.destination}' cannot receive transfers: it is restricted or was disconnected from the platform (sandbox transfer mode "fail").`,
          },
        };
      }
      const transfer: SandboxTransfer = {
        id: `tr_sandbox_${randomToken(24)}`,
        object: "transfer",
        amount: v.amountCents,
        amount_reversed: 0,
        balance_transaction: null,
        created: nowSeconds(),
        currency: v.currency,
        description: null,
        destination: v.destination,
        livemode: false,
        metadata: v.metadata,
        reversals: { object: "list", data: [], has_more: false, total_count: 0, url: "" },
        reversed: false,
        source_transaction: null,
        transfer_group: v.transferGroup,
      };
      transfer.reversals.url = `/v1/transfers/${transfer.id}/reversals`;
      await tx.sandboxObject.create({
        data: {
          id: transfer.id,
          kind: "transfer",
          data: toJson({ transfer } satisfies TransferRecord),
        },
      });
      const next: AccountRecord = { ...record, balanceCents: record.balanceCents + v.amountCents };
      await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
      return { ok: true, value: { transferId: transfer.id, amountCents: transfer.amount } };
    },
  );
  return value;
}

/** The stored sandbox transfer with its reversals, or null. */
export async function getSandboxTransfer(
  db: PrismaClient,
  transferId: string,
): Promise<SandboxTransfer | null> {
  const row = await db.sandboxObject.findUnique({ where: { id: transferId } });
  return row?.kind === "transfer" ? fromJson<TransferRecord>(row.data).transfer : null;
}

/**
 * The sandbox transfer of a group, like `GET /v1/transfers?transfer_group=...`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; TRANSFER_GROUP_AMBIGUOUS for several transfers.
 */
export async function findSandboxTransferByGroup(
  db: PrismaClient,
  transferGroup: string,
): Promise<FoundTransfer | null> {
  const group = parseTransferGroup(transferGroup);
  const rows = await db.sandboxObject.findMany({
    where: { kind: "transfer", data: { path: ["transfer", "transfer_group"], equals: group } },
    orderBy: { createdAt: "desc" },
  });
  return singleTransferOfGroup(
    group,
    rows.map((r) => fromJson<TransferRecord>(r.data).transfer),
  );
}

/**
 * A sandbox transfer reversal (`trr_sandbox_...`), like `POST /v1/transfers/:id/reversals`,
 * idempotent on `input.idempotencyKey`. Takes the amount from the connected account's balance
 * back to the platform. Refused (non-retryable, saved under the key) when the amount exceeds the
 * transfer's unreversed remainder (`amount_too_large`) or the account's balance
 * (`balance_insufficient`: paid out already; the platform carries the debt).
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing` for an
 *   unknown transfer, `idempotency_error`, and the refusals above).
 */
export async function reverseSandboxTransfer(
  db: PrismaClient,
  input: ReverseTransferInput,
): Promise<CreatedTransferReversal> {
  const v = parseReverseTransferInput(input);
  const action = `Cannot reverse ${v.amountCents} cents of transfer ${v.transferId}`;
  const metadata = v.metadata ?? {};
  const { value } = await runIdempotent<CreatedTransferReversal>(
    db,
    {
      key: v.idempotencyKey,
      endpoint: `/v1/transfers/${v.transferId}/reversals`,
      params: { amount: v.amountCents, metadata },
      action,
    },
    async (tx) => {
      const unlocked = await tx.sandboxObject.findUnique({ where: { id: v.transferId } });
      if (unlocked?.kind !== "transfer") {
        throw toStripeRequestError(action, noSuchResource("transfer", v.transferId, "id"));
      }
      // Account first, then transfer: the order every writer of both rows takes.
      const destination = fromJson<TransferRecord>(unlocked.data).transfer.destination;
      const accountRow = await lockRow(tx, destination, "connect_account");
      const transferRow = await lockRow(tx, v.transferId, "transfer");
      if (!accountRow || !transferRow) {
        throw new Error(`Sandbox transfer ${v.transferId} or its account ${destination} vanished.`);
      }
      const account = fromJson<AccountRecord>(accountRow.data);
      const { transfer } = fromJson<TransferRecord>(transferRow.data);
      const remaining = transfer.amount - transfer.amount_reversed;
      if (v.amountCents > remaining) {
        return {
          ok: false,
          error: {
            statusCode: 400,
            type: "invalid_request_error",
            code: "amount_too_large",
            param: "amount",
            message: `Transfer ${transfer.id} has ${remaining} cents left to reverse; ${v.amountCents} cents is more than that.`,
          },
        };
      }
      if (account.balanceCents < v.amountCents) {
        return {
          ok: false,
          error: {
            statusCode: 400,
            type: "invalid_request_error",
            code: "balance_insufficient",
            message: `Insufficient funds in the connected account ${destination} to reverse ${v.amountCents} cents: its available balance is ${account.balanceCents} cents.`,
          },
        };
      }
      const reversal: SandboxTransferReversal = {
        id: `trr_sandbox_${randomToken(24)}`,
        object: "transfer_reversal",
        amount: v.amountCents,
        balance_transaction: null,
        created: nowSeconds(),
        currency: transfer.currency,
        destination_payment_refund: null,
        metadata,
        source_refund: null,
        transfer: transfer.id,
      };
      const amountReversed = transfer.amount_reversed + v.amountCents;
      const nextTransfer: SandboxTransfer = {
        ...transfer,
        amount_reversed: amountReversed,
        reversed: amountReversed === transfer.amount,
        reversals: {
          ...transfer.reversals,
          data: [reversal, ...transfer.reversals.data],
          total_count: transfer.reversals.total_count + 1,
        },
      };
      await tx.sandboxObject.update({
        where: { id: transfer.id },
        data: { data: toJson({ transfer: nextTransfer } satisfies TransferRecord) },
      });
      const nextAccount: AccountRecord = {
        ...account,
        balanceCents: account.balanceCents - v.amountCents,
      };
      await tx.sandboxObject.update({
        where: { id: destination },
        data: { data: toJson(nextAccount) },
      });
      return { ok: true, value: { reversalId: reversal.id, amountCents: reversal.amount } };
    },
  );
  return value;
}

/**
 * Simulates a payout from a connected account to its bank: moves `amountCents` (default: the
 * whole balance) from its balance to paid out, so that later reversals can find no balance, as
 * happens in Stripe once the account's payout schedule ran.
 * @returns the balance and paid-out cents afterwards.
 * @throws PaymentsError CONNECT_ACCOUNT_NOT_FOUND; INVALID_PAYMENTS_INPUT for an amount that is
 *   not a positive integer within the balance.
 */
export async function payOutSandboxBalance(
  db: PrismaClient,
  opts: { accountId: string; amountCents?: number },
): Promise<{ balanceCents: number; paidOutCents: number }> {
  return db.$transaction(async (tx) => {
    const row = await lockRow(tx, opts.accountId, "connect_account");
    if (!row) {
      throw new PaymentsError(
        "CONNECT_ACCOUNT_NOT_FOUND",
        `Cannot pay out sandbox account ${opts.accountId}: no such connected account.`,
      );
    }
    const record = fromJson<AccountRecord>(row.data);
    const amount = opts.amountCents ?? record.balanceCents;
    if (!Number.isInteger(amount) || amount < 0 || amount > record.balanceCents) {
      throw new PaymentsError(
        "INVALID_PAYMENTS_INPUT",
        `Cannot pay out ${amount} cents from sandbox account ${opts.accountId}: its balance is ${record.balanceCents} cents.`,
      );
    }
    const next: AccountRecord = {
      ...record,
      balanceCents: record.balanceCents - amount,
      paidOutCents: record.paidOutCents + amount,
    };
    await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
    return { balanceCents: next.balanceCents, paidOutCents: next.paidOutCents };
  }, TX_OPTIONS);
}
