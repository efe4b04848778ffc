/**
 * `pnpm db:migrate` applies pending migrations to DATABASE_URL or the embedded database.
 * `pnpm db:migrate:new <name>` writes a new migration from the schema diff.
 */
import { openDb } from "../client";
import { applyMigrations, createMigration } from "../migrate";

const [command, name] = process.argv.slice(2);

if (command === "new") {
  if (!name) {
    console.error("Usage: pnpm db:migrate:new <snake_case_name>");
    process.exit(2);
  }
  const folder = await createMigration(name);
  console.log(
    folder
      ? `Wrote prisma/migrations/${folder}/migration.sql`
      : "No schema change: nothing to migrate.",
  );
} else {
  const handle = openDb();
  try {
    const applied = await applyMigrations(handle.adapterFactory);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
        : `Database (${handle.kind}) is up to date.`,
    );
  } finally {
    await handle.close();
  }
}
