import { z } from "zod";

import { MAX_COMMISSION_BPS, PLATFORM_FEE_BPS } from "./money";

/**
 * The affiliate program's settings an admin edits in the console (issue 11 §1): each with its
 * label, unit, default, bounds and the environment variable that overrides it. The server's
 * accessor (packages/api/src/services/settings/program-settings.ts) and the console's form both
 * read this one table. Money is integer cents, rates basis points, durations whole days or seconds.
 */
export const PROGRAM_SETTING_DEFS = {
  platformFeeBps: {
    label: "Platform fee",
    unit: "bps",
    env: "PLATFORM_FEE_BPS",
    default: PLATFORM_FEE_BPS,
    min: 0,
    // With the highest commission an artist may set, the artist's share stays ≥ 0.
    max: 10_000 - MAX_COMMISSION_BPS,
    help: "Taken from every sale before the artist's share; the promoter's commission is the artist's rate on the price.",
  },
  holdDays: {
    label: "Holding period",
    unit: "days",
    env: "COMMISSION_HOLD_DAYS",
    default: 14,
    min: 0,
    max: 180,
    help: "Days a sale's shares stay pending (refund window) before they are payable. Each sale keeps the period it completed under.",
  },
  payoutMinimumCents: {
    label: "Payout minimum",
    unit: "cents",
    env: "PAYOUT_MINIMUM_CENTS",
    default: 500,
    min: 1,
    max: 1_000_000,
    help: "The smallest payable balance a payee may withdraw.",
  },
  attributionWindowDays: {
    label: "Attribution window",
    unit: "days",
    env: "ATTRIBUTION_WINDOW_DAYS",
    default: 30,
    min: 1,
    max: 365,
    help: "How long after a counted click a purchase is credited to the promoter (last click wins).",
  },
  clickDedupeWindowSeconds: {
    label: "Click dedupe window",
    unit: "seconds",
    env: "CLICK_DEDUPE_WINDOW_SECONDS",
    default: 3_600,
    min: 60,
    max: 604_800,
    help: "Repeat visits by one visitor to one link inside this window count as one click.",
  },
} as const;

export type ProgramSettingKey = keyof typeof PROGRAM_SETTING_DEFS;
export const PROGRAM_SETTING_KEYS = Object.keys(PROGRAM_SETTING_DEFS) as ProgramSettingKey[];
export type ProgramSettings = Record<ProgramSettingKey, number>;

/** One setting's value: a whole number inside the setting's bounds, said in its own words. */
export function programSettingSchema(key: ProgramSettingKey) {
  const d = PROGRAM_SETTING_DEFS[key];
  return z
    .number({ message: `${d.label} must be a number.` })
    .int(`${d.label} must be a whole number of ${d.unit}.`)
    .min(d.min, `${d.label} must be at least ${d.min} ${d.unit}.`)
    .max(d.max, `${d.label} must be at most ${d.max.toLocaleString("en-US")} ${d.unit}.`);
}

/**
 * `admin.settings.update`'s input: the settings to change (at least one), each validated by its
 * own schema, and why (kept in the audit log).
 */
export const ZUpdateProgramSettingsInput = z
  .object({
    values: z
      .object(
        Object.fromEntries(
          PROGRAM_SETTING_KEYS.map((k) => [k, programSettingSchema(k).optional()]),
        ) as { [K in ProgramSettingKey]: z.ZodOptional<ReturnType<typeof programSettingSchema>> },
      )
      .strict(),
    reason: z
      .string()
      .trim()
      .min(3, "Say why you change the settings (at least 3 characters).")
      .max(500, "Keep the reason under 500 characters."),
  })
  .refine((v) => Object.values(v.values).some((x) => x !== undefined), {
    message: "Change at least one setting.",
    path: ["values"],
  });
export type UpdateProgramSettingsInput = z.infer<typeof ZUpdateProgramSettingsInput>;

/**
 * The console's settings form: every setting as typed (a whole number in its unit) and the
 * reason. Output: `admin.settings.update`'s input with every setting (the server saves those
 * that differ from what is saved).
 */
export const programSettingsFormSchema = z
  .object({
    values: z.object(
      Object.fromEntries(PROGRAM_SETTING_KEYS.map((k) => [k, z.string()])) as Record<
        ProgramSettingKey,
        z.ZodString
      >,
    ),
    reason: z.string(),
  })
  .transform((v, ctx) => {
    const values: Partial<ProgramSettings> = {};
    for (const key of PROGRAM_SETTING_KEYS) {
      const raw = v.values[key].trim();
      const parsed = programSettingSchema(key).safeParse(raw === "" ? Number.NaN : Number(raw));
      if (!parsed.success)
        ctx.addIssue({
          code: "custom",
          path: ["values", key],
          message: parsed.error.issues[0]?.message ?? "Invalid value.",
        });
      else values[key] = parsed.data;
    }
    const reason = v.reason.trim();
    if (reason.length < 3)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Say why you change the settings (at least 3 characters).",
      });
    return { values, reason };
  });
