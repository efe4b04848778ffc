/**
 * Test databases. With `DATABASE_URL` set, each call creates a fresh PostgreSQL database on that
 * server (copied from a migrated template, so a suite starts in milliseconds); without it, a
 * fresh in-memory PGlite with the migrations applied.
 */
import { randomBytes } from "node:crypto";

import { PrismaPg } from "@prisma/adapter-pg";

import type { DbHandle } from "./client";
import { openDb } from "./client";
import { dbEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";

/** The migrated template of this test run: unique per run, so concurrent runs never share one. */
const templateName = () =>
  (process.env.FANFARE_TEST_TEMPLATE ??= `fanfare_tpl_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const factory = new PrismaPg({ connectionString: withDatabase(url, "postgres"), max: 1 });
  const admin = new PrismaClient({ adapter: factory });
  try {
    await admin.$executeRawUnsafe(sql);
  } finally {
    await admin.$disconnect();
  }
}

// Process-wide, not per module instance: Vitest loads the globalSetup file once per project,
// and two projects of one run must share (and create once) the run's template.
const globalForTemplate = globalThis as unknown as { __fanfareTestTemplate?: Promise<void> };

/**
 * Builds the migrated template database once. Call it from Vitest's globalSetup so parallel
 * workers share one template; it sets FANFARE_TEST_TEMPLATE_READY for them. A second call in
 * the same process (a second Vitest project of the run) shares the first's template, and only
 * the first call's teardown drops it.
 */
export async function prepareTestTemplate(): Promise<() => Promise<void>> {
  const url = dbEnv().DATABASE_URL;
  if (!url) return async () => undefined;
  const first = globalForTemplate.__fanfareTestTemplate === undefined;
  await ensureTemplate(url, true);
  process.env.FANFARE_TEST_TEMPLATE_READY = "1";
  if (!first) return async () => undefined;
  const name = templateName();
  return async () => {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    globalForTemplate.__fanfareTestTemplate = undefined;
  };
}

async function ensureTemplate(url: string, force = false): Promise<void> {
  if (!force && process.env.FANFARE_TEST_TEMPLATE_READY === "1") return;
  return (globalForTemplate.__fanfareTestTemplate ??= (async () => {
    // Built once per run, so a changed migration is always picked up.
    const name = templateName();
    await adminQuery(url, `CREATE DATABASE ${name}`);
    const handle = openDb({ url: withDatabase(url, name) });
    try {
      await applyMigrations(handle.adapterFactory);
    } finally {
      await handle.close();
    }
  })());
}

export type TestDb = DbHandle & { url?: string };

/**
 * A fresh, migrated database for one test file. Call `close()` in `afterAll`; on PostgreSQL it
 * also drops the database.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = dbEnv().DATABASE_URL;
  if (!url) {
    const handle = openDb({ pgliteDir: "memory://" });
    await applyMigrations(handle.adapterFactory);
    return handle;
  }
  await ensureTemplate(url);
  const name = `fanfare_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  const dbUrl = withDatabase(url, name);
  const handle = openDb({ url: dbUrl });
  return {
    ...handle,
    url: dbUrl,
    close: async () => {
      await handle.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
