import type { Prisma, PrismaClient } from "@fanfare/db";
import type {
  AdminOnboardingStep,
  OnboardingStepNumber,
  SaveOnboardingStepInput,
} from "@fanfare/validators";
import {
  ONBOARDING_STEPS,
  ZResetOnboardingStepInput,
  ZSaveOnboardingStepInput,
} from "@fanfare/validators";

import { writeAudit } from "../audit/audit-log";
import type { OnboardingStepContent } from "./default-steps";
import { DEFAULT_ONBOARDING_STEPS } from "./default-steps";

type Tx = Prisma.TransactionClient;

/** A step in force: the admin's row, or the built-in default (`isDefault`). */
export type EffectiveOnboardingStep = OnboardingStepContent & {
  step: OnboardingStepNumber;
  isDefault: boolean;
  updatedAt: Date | null;
};

/**
 * The seven steps in force, in step order: each `OnboardingEmailStep` row where an admin saved
 * one, else `DEFAULT_ONBOARDING_STEPS` (issue 14 §8: "a step without a row uses the default in
 * code"). One query.
 */
export async function loadOnboardingSteps(
  db: PrismaClient | Tx,
): Promise<EffectiveOnboardingStep[]> {
  const rows = await db.onboardingEmailStep.findMany();
  const byStep = new Map(rows.map((r) => [r.step, r]));
  return ONBOARDING_STEPS.map((step) => {
    const row = byStep.get(step);
    return row
      ? {
          step,
          dayOffset: row.dayOffset,
          subject: row.subject,
          body: row.body,
          enabled: row.enabled,
          isDefault: false,
          updatedAt: row.updatedAt,
        }
      : { step, ...DEFAULT_ONBOARDING_STEPS[step], isDefault: true, updatedAt: null };
  });
}

/**
 * The admin page (`admin.onboarding.steps`): the seven steps in force, each with how many
 * promoters it was sent to and passed over for (`OnboardingEmailSend`, one grouped query).
 */
export async function listOnboardingStepsForAdmin(
  db: PrismaClient,
): Promise<AdminOnboardingStep[]> {
  const [steps, counts] = await Promise.all([
    loadOnboardingSteps(db),
    db.onboardingEmailSend.groupBy({ by: ["step", "sent"], _count: { _all: true } }),
  ]);
  const count = (step: number, sent: boolean) =>
    counts.find((c) => c.step === step && c.sent === sent)?._count._all ?? 0;
  return steps.map((s) => ({
    step: s.step,
    dayOffset: s.dayOffset,
    subject: s.subject,
    body: s.body,
    enabled: s.enabled,
    isDefault: s.isDefault,
    updatedAt: s.updatedAt,
    sentCount: count(s.step, true),
    passedOverCount: count(s.step, false),
  }));
}

/** What the audit log keeps of a step (the body's length, not the body). */
const auditOf = (s: OnboardingStepContent, isDefault: boolean) => ({
  dayOffset: s.dayOffset,
  subject: s.subject,
  bodyLength: s.body.length,
  enabled: s.enabled,
  builtin: isDefault,
});

/**
 * Saves an admin's content for one step (`admin.onboarding.saveStep`): upserts its
 * `OnboardingEmailStep` row and writes the audit row (`onboarding.saveStep`, before and after) in
 * one transaction. The next email of that step uses it; emails already queued keep their text.
 * @throws ZodError (BAD_REQUEST) for a step outside 1–7, a day outside 0–60, an empty or
 *   over-long subject (200) or body (10,000), or an unknown `{{variable}}` or stray braces in
 *   either (`onboardingTemplateProblem`).
 */
export async function saveOnboardingStep(
  input: SaveOnboardingStepInput,
  actor: { userId: string },
  db: PrismaClient,
): Promise<AdminOnboardingStep[]> {
  const data = ZSaveOnboardingStepInput.parse(input);
  await db.$transaction(async (tx) => {
    const before = (await loadOnboardingSteps(tx)).find((s) => s.step === data.step)!;
    const fields = {
      dayOffset: data.dayOffset,
      subject: data.subject,
      body: data.body,
      enabled: data.enabled,
      updatedById: actor.userId,
    };
    await tx.onboardingEmailStep.upsert({
      where: { step: data.step },
      create: { step: data.step, ...fields },
      update: fields,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "onboarding.saveStep",
      subjectType: "onboarding_step",
      subjectId: String(data.step),
      before: auditOf(before, before.isDefault),
      after: auditOf(data, false),
    });
  });
  return listOnboardingStepsForAdmin(db);
}

/**
 * Brings one step back to its built-in content (`admin.onboarding.resetStep`): deletes its row,
 * audited (`onboarding.resetStep`). Nothing is written when the step already was the default.
 * @throws ZodError (BAD_REQUEST) for a step outside 1–7.
 */
export async function resetOnboardingStep(
  input: { step: number },
  actor: { userId: string },
  db: PrismaClient,
): Promise<AdminOnboardingStep[]> {
  const { step } = ZResetOnboardingStepInput.parse(input);
  await db.$transaction(async (tx) => {
    const before = await tx.onboardingEmailStep.findUnique({ where: { step } });
    if (!before) return;
    await tx.onboardingEmailStep.delete({ where: { step } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "onboarding.resetStep",
      subjectType: "onboarding_step",
      subjectId: String(step),
      before: auditOf(before, false),
      after: auditOf(DEFAULT_ONBOARDING_STEPS[step as OnboardingStepNumber], true),
    });
  });
  return listOnboardingStepsForAdmin(db);
}
