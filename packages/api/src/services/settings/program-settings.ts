import type { Prisma, PrismaClient } from "@fanfare/db";
import type {
  ProgramSettingKey,
  ProgramSettings,
  UpdateProgramSettingsInput,
} from "@fanfare/validators";
import {
  PROGRAM_SETTING_DEFS,
  PROGRAM_SETTING_KEYS,
  programSettingSchema,
  ZUpdateProgramSettingsInput,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { writeAudit } from "../audit/audit-log";
import { programSettingVariables } from "../env";

type Db = PrismaClient | Prisma.TransactionClient;

/** The settings the cached public leaderboard pages depend on (issue 13 §4). */
const LEADERBOARD_SETTING_KEYS: ProgramSettingKey[] = [
  "leaderboardVisibility",
  "leaderboardMinClicks",
];

/** How long a process keeps the settings it read (issue 11: N processes agree within 5 s). */
export const SETTINGS_CACHE_MS = 5_000;

/** Where a setting's value comes from: its environment variable, an admin's save, or the default. */
export type SettingSource = "environment" | "saved" | "default";

/**
 * The environment's override of each setting, when its variable is set: a whole number inside
 * the setting's bounds (e.g. CI's `COMMISSION_HOLD_DAYS=0`).
 * @throws Error naming the variable when it is set to something else (a misconfigured process
 *   must not start charging the wrong fee).
 */
export function environmentOverrides(
  env: Record<string, string | undefined> = programSettingVariables(),
): Partial<ProgramSettings> {
  const out: Partial<ProgramSettings> = {};
  for (const key of PROGRAM_SETTING_KEYS) {
    const name = PROGRAM_SETTING_DEFS[key].env;
    const raw = env[name]?.trim();
    if (!raw) continue;
    const parsed = programSettingSchema(key).safeParse(Number(raw));
    if (!parsed.success)
      throw new Error(`${name}=${raw}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    out[key] = parsed.data;
  }
  return out;
}

/** Each setting's effective value and where it comes from, with what was saved beneath it. */
export type SettingState = {
  key: ProgramSettingKey;
  value: number;
  source: SettingSource;
  /** The value an admin saved (shown beneath an environment override), if any. */
  saved: number | null;
  default: number;
  updatedAt: Date | null;
};

/** Reads the saved rows and resolves every setting (`resolveSetting`), with where it came from. */
async function readSettings(db: Db): Promise<SettingState[]> {
  const { values: saved, updatedAt } = await readSaved(db);
  const env = currentOverrides();
  return PROGRAM_SETTING_KEYS.map((key) => ({
    key,
    value: resolveSetting(key, env, saved),
    source: env[key] != null ? "environment" : saved[key] != null ? "saved" : "default",
    saved: saved[key] ?? null,
    default: PROGRAM_SETTING_DEFS[key].default,
    updatedAt: updatedAt[key] ?? null,
  }));
}

/** The one precedence rule: the environment's override, else the saved value, else the default. */
function resolveSetting(
  key: ProgramSettingKey,
  env: Partial<ProgramSettings>,
  saved: Partial<ProgramSettings>,
): number {
  return env[key] ?? saved[key] ?? PROGRAM_SETTING_DEFS[key].default;
}

const CACHE = Symbol.for("fanfare.programSettingsCache");
type Cached = { at: number; saved: Promise<Partial<ProgramSettings>> };
type Holder = { [CACHE]?: WeakMap<object, Cached> };
const cacheOf = () => ((globalThis as Holder)[CACHE] ??= new WeakMap<object, Cached>());

let envMemo: { key: string; value: Partial<ProgramSettings> } | undefined;
/** `environmentOverrides()` parsed again only when one of its variables changed. */
function currentOverrides(): Partial<ProgramSettings> {
  const vars = programSettingVariables();
  const key = Object.values(vars)
    .map((v) => v ?? "")
    .join("\u0000");
  if (envMemo?.key !== key) envMemo = { key, value: environmentOverrides(vars) };
  return envMemo.value;
}

/**
 * The saved values and when each was saved. A row of an unknown key, or a value outside today's
 * bounds (the bounds tightened), is ignored: that setting falls back to its default.
 */
async function readSaved(db: Db): Promise<{
  values: Partial<ProgramSettings>;
  updatedAt: Partial<Record<ProgramSettingKey, Date>>;
}> {
  const rows = await db.programSetting.findMany();
  const values: Partial<ProgramSettings> = {};
  const updatedAt: Partial<Record<ProgramSettingKey, Date>> = {};
  for (const row of rows) {
    if (!(PROGRAM_SETTING_KEYS as string[]).includes(row.key)) continue;
    const key = row.key as ProgramSettingKey;
    const parsed = programSettingSchema(key).safeParse(row.value);
    if (!parsed.success) continue;
    values[key] = parsed.data;
    updatedAt[key] = row.updatedAt;
  }
  return { values, updatedAt };
}

/**
 * The program settings every rule reads (fee, holding period, payout minimum, attribution
 * window, click dedupe window), as numbers in each setting's unit: the environment's override,
 * else the saved value, else the default. Saved values are kept per process and database client
 * for at most SETTINGS_CACHE_MS, so several processes agree within 5 s of a change and the
 * click path pays a map lookup, not a query; the environment is read on every call. Pass the
 * base client, not a transaction (the cache is per client).
 * @throws Error naming an environment variable set to an invalid value.
 */
export async function programSettings(
  db: PrismaClient,
  now: number = Date.now(),
): Promise<ProgramSettings> {
  const cache = cacheOf();
  let hit = cache.get(db);
  if (!hit || now - hit.at >= SETTINGS_CACHE_MS) {
    const saved = readSaved(db).then((r) => r.values);
    hit = { at: now, saved };
    cache.set(db, hit);
    // A failed read is not kept: the next call asks the database again.
    saved.catch(() => cache.get(db)?.saved === saved && cache.delete(db));
  }
  const saved = await hit.saved;
  const env = currentOverrides();
  return Object.fromEntries(
    PROGRAM_SETTING_KEYS.map((k) => [k, resolveSetting(k, env, saved)]),
  ) as ProgramSettings;
}

/** Drops this process's cached settings for `db` (after a save here, and in tests). */
export function forgetProgramSettings(db: PrismaClient): void {
  cacheOf().delete(db);
}

/** The console's view: every setting with its value, source, saved value and default. */
export function getProgramSettingStates(db: PrismaClient): Promise<SettingState[]> {
  return readSettings(db);
}

/**
 * Saves the settings an admin changed and writes one audit row per changed setting (before and
 * after, the reason), in one transaction. Applies from then on: past sales keep the fee (their
 * recorded shares), holding period (`Sale.holdUntil`) and rates they were settled with.
 * A setting whose environment variable is set can be saved, but the override keeps winning (the
 * console says so).
 * @returns the settings after the save.
 * @throws AppError BAD_INPUT when nothing would change.
 */
export async function updateProgramSettings(
  input: UpdateProgramSettingsInput,
  actor: { userId: string },
  db: PrismaClient,
): Promise<SettingState[]> {
  const data = ZUpdateProgramSettingsInput.parse(input);
  const changedKeys = await db.$transaction(async (tx) => {
    const before = new Map((await readSettings(tx)).map((s) => [s.key, s]));
    const changed: ProgramSettingKey[] = [];
    for (const key of PROGRAM_SETTING_KEYS) {
      const next = data.values[key];
      if (next === undefined) continue;
      const old = before.get(key)!;
      if (old.saved === next || (old.saved === null && old.default === next)) continue;
      await tx.programSetting.upsert({
        where: { key },
        create: { key, value: next, updatedById: actor.userId },
        update: { value: next, updatedById: actor.userId },
      });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "settings.update",
        subjectType: "setting",
        subjectId: key,
        before: { value: old.saved ?? old.default, source: old.source },
        after: { value: next, reason: data.reason },
      });
      changed.push(key);
    }
    if (changed.length === 0)
      throw new AppError("BAD_INPUT", "Nothing to save: every value is already in force.", {
        field: "values",
      });
    return changed;
  });
  forgetProgramSettings(db);
  // The cached public boards show (or hide) what these settings decide.
  if (changedKeys.some((k) => LEADERBOARD_SETTING_KEYS.includes(k)))
    invalidatePublicPages([publicTags.leaderboard]);
  return readSettings(db);
}
