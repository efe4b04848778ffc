// `npm test`: installs dependencies, generates the Prisma client and runs every package's tests
// (embedded PGlite by default; the real PostgreSQL server when DATABASE_URL is set).
import { pnpm } from "./pnpm.mjs";

pnpm(["install", "--frozen-lockfile"]);
pnpm(["--filter", "@fanfare/db", "generate"]);
// Two packages at a time: the small suites run beside the API's long one.
pnpm(["exec", "turbo", "run", "test", "--concurrency=2", "--output-logs=full"]);
