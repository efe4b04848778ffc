/** Writes theme.css from tokens.ts (`pnpm --filter @fanfare/tailwind-config generate`). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { themeCss } from "./tokens";

const out = fileURLToPath(new URL("./theme.css", import.meta.url));
writeFileSync(out, themeCss());
console.log(`wrote ${out}`);
