/**
 * Migrations through Prisma's WebAssembly schema engine (`@prisma/schema-engine-wasm`), driven
 * with the same driver adapters the app uses. The native engine that `prisma migrate` needs is
 * downloaded at run time and cannot be fetched on our machines (shared/notes/toolchain-facts.md);
 * the folder layout and the `_prisma_migrations` table are the same as `prisma migrate deploy`.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as SchemaEngineTypes from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { repoRoot } from "./env";

const require = createRequire(import.meta.url);

/** Absolute path of packages/db, found from the repository root (bundlers move this file). */
export function dbPackageDir(): string {
  return path.join(repoRoot(), "packages", "db");
}

export const schemaDir = () => path.join(dbPackageDir(), "prisma", "schema");
export const migrationsDir = () => path.join(dbPackageDir(), "prisma", "migrations");

const FILTERS = { externalTables: [], externalEnums: [] };

type SchemaEngine = SchemaEngineTypes.SchemaEngine;

/**
 * Where the engine's .wasm file is. Found on disk from packages/db first, because bundlers
 * (Next's Turbopack) rewrite `require.resolve` into virtual paths.
 */
function schemaEngineWasmPath(): string {
  const direct = path.join(
    dbPackageDir(),
    "node_modules",
    "@prisma",
    "schema-engine-wasm",
    "schema_engine_bg.wasm",
  );
  if (fs.existsSync(direct)) return direct;
  return path.join(
    path.dirname(
      require.resolve("@prisma/schema-engine-wasm/schema_engine_bg", { paths: [dbPackageDir()] }),
    ),
    "schema_engine_bg.wasm",
  );
}

let enginePromise: Promise<typeof SchemaEngineTypes.SchemaEngine> | undefined;

/** Loads and instantiates the schema engine's WebAssembly module once per process. */
async function loadSchemaEngineClass(): Promise<typeof SchemaEngineTypes.SchemaEngine> {
  enginePromise ??= (async () => {
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Record<
      string,
      unknown
    > & {
      __wbg_set_wasm: (exports: Record<string, unknown>) => void;
      SchemaEngine: typeof SchemaEngineTypes.SchemaEngine;
    };
    const wasmPath = schemaEngineWasmPath();
    const bytes = fs.readFileSync(wasmPath);
    // @types/node 20 does not declare the WebAssembly global; this is its documented signature.
    const wasm = (
      globalThis as unknown as {
        WebAssembly: {
          instantiate: (
            b: Uint8Array,
            imports: object,
          ) => Promise<{ instance: { exports: Record<string, unknown> } }>;
        };
      }
    ).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg.SchemaEngine;
  })();
  return enginePromise;
}

/** Reads every `.prisma` file of the split schema as `[path, content]` pairs. */
export function readSchemaFiles(): { path: string; content: string }[] {
  return fs
    .readdirSync(schemaDir())
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => ({
      path: path.join(schemaDir(), f),
      content: fs.readFileSync(path.join(schemaDir(), f), "utf8"),
    }));
}

/** The migrations folder in the shape the engine expects. */
export function readMigrationsList(dir = migrationsDir()): SchemaEngineTypes.MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  // turbopackIgnore: the folder is read at run time from the checkout, not traced into bundles.
  const migrationDirectories = fs.existsSync(/*turbopackIgnore: true*/ dir)
    ? fs
        .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
        .map((name) => {
          const file = path.join(dir, name, "migration.sql");
          return {
            path: name,
            migrationFile: {
              path: "migration.sql",
              content: fs.existsSync(file)
                ? ({ tag: "ok", value: fs.readFileSync(file, "utf8") } as const)
                : ({ tag: "error", value: `missing ${file}` } as const),
            },
          };
        })
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

type ScriptAdapter = {
  executeScript: (script: string) => Promise<void>;
  client?: { query: (sql: string) => Promise<unknown> };
  onError?: (e: unknown) => never;
};

/**
 * `@prisma/adapter-pg` runs a migration script by splitting it on every ";", which breaks
 * PL/pgSQL bodies and comments that contain one. PostgreSQL's simple-query protocol runs a
 * multi-statement script as sent, so the script goes to the server whole.
 */
function wholeScriptAdapterFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  opened: { dispose: () => Promise<void> }[],
): SqlMigrationAwareDriverAdapterFactory {
  const patch = <T>(adapter: T): T => {
    const a = adapter as unknown as ScriptAdapter & { dispose?: () => Promise<void> };
    opened.push({ dispose: async () => void (await a.dispose?.()) });
    const client = a.client;
    if (factory.adapterName === "@prisma/adapter-pg" && client) {
      a.executeScript = async (script: string) => {
        try {
          await client.query(script);
        } catch (e) {
          if (a.onError) a.onError(e);
          throw e;
        }
      };
    }
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

async function withEngine<T>(
  rawAdapterFactory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  // Connections the engine opens are closed here: the engine does not dispose of them.
  const opened: { dispose: () => Promise<void> }[] = [];
  const adapterFactory = wholeScriptAdapterFactory(rawAdapterFactory, opened);
  const SchemaEngine = await loadSchemaEngineClass();
  const files = readSchemaFiles();
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    (log: string) => logs.push(log),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    // PGlite adapters share the caller's instance: their dispose is a no-op there.
    if (adapterFactory.adapterName === "@prisma/adapter-pg")
      await Promise.all(opened.map((o) => o.dispose()));
  }
}

/**
 * Applies every pending migration (idempotent: applied ones are skipped, as in
 * `prisma migrate deploy`).
 * @param adapterFactory a migration-aware driver adapter factory (PrismaPg or PrismaPGlite).
 * @returns the names of the migrations applied by this call.
 * @throws when a migration fails; its row in `_prisma_migrations` records the failure.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  return withEngine(adapterFactory, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: readMigrationsList(),
      filters: FILTERS,
    });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that brings a database built from the migrations up to the schema, computed on an
 * in-memory PGlite shadow database.
 * @returns `{ sql, drift }`: `drift` is true when the schema and the migrations differ.
 */
export async function diffMigrationsToSchema(): Promise<{ sql: string; drift: boolean }> {
  const shadow = new PGlite();
  try {
    return await withEngine(new PrismaPGlite(shadow), async (engine) => {
      const result = await engine.diff({
        from: { tag: "migrations", ...readMigrationsList() },
        to: { tag: "schemaDatamodel", files: readSchemaFiles() },
        script: true,
        exitCode: true,
        filters: FILTERS,
      });
      return { sql: result.stdout ?? "", drift: result.exitCode === 2 };
    });
  } finally {
    await shadow.close();
  }
}

/**
 * Writes a new migration folder `<UTC timestamp>_<name>/migration.sql` from the schema diff.
 * @returns the folder name, or null when the schema has no change to migrate.
 * @throws on a name that is not snake_case.
 */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`Migration name "${name}" must be snake_case (a-z, 0-9, _).`);
  const { sql, drift } = await diffMigrationsToSchema();
  if (!drift) return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  fs.mkdirSync(path.join(migrationsDir(), folder), { recursive: true });
  fs.writeFileSync(path.join(migrationsDir(), folder, "migration.sql"), sql);
  return folder;
}
