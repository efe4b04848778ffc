// `npm start`: installs dependencies, prepares the database (embedded PGlite under .data/
// unless DATABASE_URL is set), loads demo data once, builds and serves http://localhost:3000.
// The build never touches the database (public pages fill their cache on first request), so the
// demo seed and `next build` run side by side.
import { pnpm, pnpmAsync } from "./pnpm.mjs";

pnpm(["install", "--frozen-lockfile"]);
pnpm(["--filter", "@fanfare/db", "generate"]);
pnpm(["--filter", "@fanfare/db", "migrate"]);
await Promise.all([
  pnpmAsync(["--filter", "@fanfare/api", "seed"]),
  pnpmAsync(["--filter", "@fanfare/web", "build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } }),
]);
pnpm(["--filter", "@fanfare/web", "start"]);
