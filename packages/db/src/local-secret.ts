import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { dataDir } from "./env";

const cache = new Map<string, string>();

/**
 * A local secret kept in `<dataDir>/secrets.json`, generated (32 random bytes, base64url) the first
 * time it is asked for. For development and single-instance installs; production sets the
 * corresponding environment variable instead.
 */
export function localSecret(name: string): string {
  const hit = cache.get(name);
  if (hit) return hit;
  const file = path.join(dataDir(), "secrets.json");
  let all: Record<string, string> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    all = {};
  }
  if (!all[name]) {
    all[name] = randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  cache.set(name, all[name]);
  return all[name];
}
