/**
 * A database outage is an error, never "not found" (issue 10, defect 15): the production build
 * is started on a PostgreSQL address where nothing listens, and the track page and discover
 * answer 500, and show the error page in a browser ("Something went wrong on our side"), never
 * a 404 or an empty "No tracks found" that the page cache would keep for an hour. The process
 * itself must start and serve while the database is unreachable.
 * Run: `pnpm --filter @fanfare/web e2e:outage` (after `next build`; its own port, default 3102).
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { launchBrowser } from "./browser";

const PORT = Number(process.env.OUTAGE_PORT ?? 3102);
const BASE = `http://localhost:${PORT}`;

async function waitForServer(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode != null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      await fetch(`${BASE}/sign-in`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error("the server did not start");
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-outage-"));
  const log: string[] = [];
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      APP_URL: BASE,
      // Nothing listens on port 1: every query fails to connect.
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/fanfare_outage",
      FANFARE_DATA_DIR: dataDir,
      WORKERS: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  try {
    await waitForServer(child);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      for (const url of ["/t/night-drive", "/"]) {
        const res = await fetch(`${BASE}${url}`);
        await res.text();
        assert.equal(res.status, 500, `${url} during an outage answers 500, not ${res.status}`);
        await page.goto(`${BASE}${url}`);
        const error = page.getByTestId("error-page");
        await error.waitFor({ timeout: 60_000 });
        assert.match(
          (await error.textContent()) ?? "",
          /Something went wrong on our side/,
          `${url}: the error page says what happened`,
        );
        assert.equal(await page.getByText("No tracks found").count(), 0, `${url}: no listing`);
        assert.equal(await page.getByText(/not found/i).count(), 0, `${url}: not "not found"`);
        console.log(`  ${url}: 500, and the error page in the browser`);
      }
    } finally {
      await browser.close();
    }
    console.log("outage-e2e: 1 passed, 0 failed");
  } catch (e) {
    console.error(log.join("").slice(-4000));
    throw e;
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  console.log("outage-e2e: 0 passed, 1 failed");
  process.exit(1);
});
