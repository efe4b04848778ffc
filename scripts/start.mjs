// `npm start`: installs dependencies, prepares the database (embedded PGlite under .data/
// unless DATABASE_URL is set), loads demo data once, builds and serves http://localhost:3000.
import { pnpm } from "./pnpm.mjs";

pnpm(["install", "--frozen-lockfile"]);
pnpm(["--filter", "@fanfare/db", "generate"]);
pnpm(["--filter", "@fanfare/db", "migrate"]);
pnpm(["--filter", "@fanfare/api", "seed"]);
pnpm(["--filter", "@fanfare/web", "build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
pnpm(["--filter", "@fanfare/web", "start"]);
