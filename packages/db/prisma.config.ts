import path from "node:path";
import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations run through Prisma's WebAssembly schema engine
// (src/migrate.ts), because the native engine cannot be downloaded on our machines.
export default defineConfig({
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
});
