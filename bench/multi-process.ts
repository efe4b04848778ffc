/**
 * Issue 9 §4, more than one machine: two web processes (WORKERS=off) and workers (`pnpm
 * worker`, MULTI_WORKERS, default 2 so "runs once" has a competitor) on one PostgreSQL database
 * (optionally REDIS_URL for the rate limits: `--redis`), behind a small Node reverse proxy that
 * hands requests round robin to the two processes and appends the client address to
 * X-Forwarded-For (the web processes trust one hop: TRUSTED_PROXY_HOPS=1). Shows, and prints as
 * checks:
 *   1. click dedupe: one visitor's clicks, sequential and concurrent, reaching both processes,
 *      count once;
 *   2. sign-in rate limit: with RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP=4, attempts 1-4 (wrong
 *      password) answer 401 and the 5th and later 429, whichever process gets them;
 *   3. webhooks: each signed completion delivered to both processes at once completes its sale
 *      once (one commission each);
 *   4. jobs: every email the outbox holds is delivered exactly once (a local SMTP sink counts
 *      Message-IDs) although two workers poll it;
 *   5. payouts: two payout batches run at the same moment in two processes pay each payee once
 *      (one payout per payee, balances not overdrawn) and `pnpm ledger:verify` passes;
 * and a throughput figure: the track page through the proxy (both processes) next to one
 * process direct.
 *
 *   pnpm --filter @fanfare/bench multi-process [--redis]      (or pnpm bench --multi)
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import {
  cleanEnv,
  completionEvents,
  findTarget,
  freshPgDatabase,
  insertPendingSales,
  measure,
  pnpmCommand,
  root,
  seedDemo,
  signEvents,
  sleep,
  startWebServer,
  withDb,
} from "./lib";

const [pnpmCmd, ...pnpmLead] = pnpmCommand();
const useRedis = process.argv.includes("--redis");
const basePort = Number(process.env.BENCH_MULTI_PORT ?? 3340);
const workers = Number(process.env.MULTI_WORKERS ?? 2);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const checks: { name: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail: string) => {
  checks.push({ name, ok, detail });
  console.log(`  ${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
};

/** A minimal SMTP sink: accepts every message and counts them by Message-ID. */
function startSmtpSink(port: number) {
  const received = new Map<string, number>();
  const server = net.createServer((sock) => {
    sock.write("220 bench-smtp ESMTP\r\n");
    let buf = "";
    let inData = false;
    sock.on("data", (chunk) => {
      buf += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const message = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          const id = /^Message-ID:\s*(<[^>]+>)/im.exec(message)?.[1] ?? "(none)";
          received.set(id, (received.get(id) ?? 0) + 1);
          sock.write("250 2.0.0 queued\r\n");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO") sock.write("250-bench-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (cmd === "DATA") {
          inData = true;
          sock.write("354 end with <CRLF>.<CRLF>\r\n");
        } else if (cmd === "QUIT") sock.end("221 bye\r\n");
        else sock.write("250 OK\r\n");
      }
    });
    sock.on("error", () => undefined);
  });
  server.listen(port, "127.0.0.1");
  return { received, close: () => new Promise((r) => server.close(r)) };
}

/** Round-robin reverse proxy over `targets`; appends the peer to X-Forwarded-For; names the backend. */
function startProxy(port: number, targets: number[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const served = new Map<number, number>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = targets[next++ % targets.length]!;
    served.set(target, (served.get(target) ?? 0) + 1);
    const xff = req.headers["x-forwarded-for"];
    const peer = req.socket.remoteAddress ?? "";
    const headers = { ...req.headers, "x-forwarded-for": xff ? `${String(xff)}, ${peer}` : peer };
    const up = http.request(
      { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers, agent },
      (r) => {
        res.writeHead(r.statusCode ?? 502, { ...r.headers, "x-bench-backend": String(target) });
        r.pipe(res);
      },
    );
    up.on("error", (e) => res.writeHead(502).end(String(e)));
    req.pipe(up);
  });
  server.listen(port, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((r) => server.close(r)),
  };
}

const children: ChildProcess[] = [];
/** Signals a child's whole process group (pnpm → sh → tsx → node). */
const killGroup = (c: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (c.pid && c.exitCode === null) process.kill(-c.pid, signal);
  } catch {
    // already gone
  }
};
process.on("exit", () => {
  for (const c of children) killGroup(c, "SIGKILL");
});

const db = await freshPgDatabase(`fanfare_bench_multi_${process.pid}`);
const smtpPort = basePort + 9;
const smtp = startSmtpSink(smtpPort);
const shared = {
  ...db.env,
  WORKERS: "off",
  TRUSTED_PROXY_HOPS: "1",
  COMMISSION_HOLD_DAYS: "0",
  RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP: "4",
  EMAIL_SERVER: `smtp://127.0.0.1:${smtpPort}`,
  REDIS_URL: useRedis ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : undefined,
};
const result: Record<string, unknown> = { redis: useRedis, workers };
try {
  console.log(
    `multi-process: PostgreSQL${useRedis ? " + Redis" : ""}, 2 web processes (WORKERS=off), ${workers} worker(s), a round-robin proxy`,
  );
  let t = performance.now();
  seedDemo(db, { COMMISSION_HOLD_DAYS: "0" });
  console.log(`  seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const prep = await withDb(db, async (prisma) => {
    const target = await findTarget(prisma);
    const { getWebhookSecret } = await import("@fanfare/payments");
    const secret = await getWebhookSecret(prisma);
    const ids = await insertPendingSales(prisma, "multi_", 40, { spread: false });
    return { target, secret, events: await completionEvents(prisma, ids) };
  });

  const ports = [basePort + 1, basePort + 2];
  const webs = await Promise.all(
    ports.map((port) =>
      startWebServer({
        port,
        env: { ...shared, APP_URL: `http://127.0.0.1:${basePort}` },
        log: path.join(os.tmpdir(), `fanfare-multi-web-${port}.log`),
      }),
    ),
  );
  const proxy = startProxy(basePort, ports);
  const appUrl = proxy.url;
  const env = cleanEnv({ ...shared, APP_URL: appUrl });

  // 1. Click dedupe across processes: 10 sequential clicks, then 10 concurrent, one visitor.
  const ua = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 multi-${process.pid}`;
  const clickUrl = `${appUrl}/t/${prep.target.slug}?ref=${prep.target.code}`;
  const backends = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const r = await fetch(clickUrl, { headers: { "user-agent": ua } });
    await r.arrayBuffer();
    backends.add(r.headers.get("x-bench-backend") ?? "?");
  }
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      const r = await fetch(clickUrl, { headers: { "user-agent": ua } });
      await r.arrayBuffer();
      backends.add(r.headers.get("x-bench-backend") ?? "?");
    }),
  );

  // 2. Sign-in rate limit shared: 6 wrong passwords in a row for one account from one client.
  const statuses: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await fetch(`${appUrl}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "promoter@fanfare.local", password: `wrong-guess-${i}` }),
    });
    await r.arrayBuffer();
    statuses.push(`${r.status}@${r.headers.get("x-bench-backend")}`);
  }
  const codes = statuses.map((s) => s.split("@")[0]);
  check(
    "sign-in rate limit shared (limit 4 per account and IP)",
    codes.slice(0, 4).every((c) => c === "401") && codes.slice(4).every((c) => c === "429"),
    `attempts answered ${statuses.join(", ")} (status@backend port)`,
  );

  // 3. Webhooks: each completion to both processes at the same moment.
  await signEvents(prep.events, prep.secret);
  const answers: Record<string, number> = {};
  await Promise.all(
    prep.events.flatMap((e) =>
      ports.map(async (port) => {
        const r = await fetch(`http://127.0.0.1:${port}/api/webhooks/stripe`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": e.signature! },
          body: e.body,
        });
        const b = (await r.json()) as { status?: string };
        const k = `${r.status} ${b.status ?? ""}`.trim();
        answers[k] = (answers[k] ?? 0) + 1;
      }),
    ),
  );

  // 4 and 5 need the workers: start them now (emails queued by the seed and the sales above).
  const before = new Date();
  for (let i = 0; i < workers; i++) {
    const w = spawn(pnpmCmd, [...pnpmLead, "--filter", "@fanfare/api", "worker"], {
      cwd: root,
      env,
      detached: true,
      stdio: [
        "ignore",
        fs.openSync(path.join(os.tmpdir(), `fanfare-multi-worker-${i}.log`), "w"),
        "inherit",
      ],
    });
    children.push(w);
  }

  // 5. Two payout batches at once, in two processes.
  const batch = () =>
    new Promise<string>((resolve) => {
      const c = spawn(pnpmCmd, [...pnpmLead, "--filter", "@fanfare/api", "payouts:batch"], {
        cwd: root,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      c.stdout.on("data", (d: Buffer) => (out += d.toString()));
      c.stderr.on("data", (d: Buffer) => (out += d.toString()));
      c.on("exit", () =>
        resolve(out.split("\n").find((l) => l.startsWith("payouts:batch:")) ?? out.slice(-300)),
      );
    });
  const batchOut = await Promise.all([batch(), batch()]);

  // Throughput through the proxy, while the workers drain the outbox.
  const track = `/t/${prep.target.slug}`;
  const viaProxy = await measure({ url: `${appUrl}${track}`, seconds, warmupSeconds: 2 });
  const direct = await measure({
    url: `http://127.0.0.1:${ports[0]}${track}`,
    seconds,
    warmupSeconds: 1,
  });
  result.proxyPerSecond = viaProxy.rps;
  result.directPerSecond = direct.rps;
  console.log(
    `  track page through the proxy (2 processes): ${Math.round(viaProxy.rps)} req/s, p95 ${Math.round(viaProxy.p95)} ms; one process direct: ${Math.round(direct.rps)} req/s`,
  );

  // Wait for the outbox to drain (workers poll every 5 s).
  let pending = -1;
  const until = Date.now() + 180_000;
  await withDb(db, async (prisma) => {
    const [c] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT COUNT(*)::int AS n FROM "ClickEvent" WHERE "userAgent" = ${ua} AND "counted"`;
    const [all] = await prisma.$queryRaw<
      { n: number }[]
    >`SELECT COUNT(*)::int AS n FROM "ClickEvent" WHERE "userAgent" = ${ua}`;
    check(
      "click dedupe across processes",
      c?.n === 1,
      `${all?.n} clicks of one visitor recorded through backends ${[...backends].sort().join(" and ")}, ${c?.n} counted`,
    );
    const [s] = await prisma.$queryRaw<{ done: number; commissions: number }[]>`
      SELECT COUNT(*) FILTER (WHERE s."status" = 'COMPLETED')::int AS done, COUNT(c."id")::int AS commissions
      FROM "Sale" s LEFT JOIN "Commission" c ON c."saleId" = s."id" WHERE s."id" LIKE 'multi_%'`;
    check(
      "webhook completions delivered to both processes apply once",
      s?.done === prep.events.length && s?.commissions === prep.events.length,
      `${prep.events.length} events x 2 processes answered ${JSON.stringify(answers)}; ${s?.done} sales completed, ${s?.commissions} commissions`,
    );
    for (;;) {
      const [p] = await prisma.$queryRaw<
        { n: number }[]
      >`SELECT COUNT(*)::int AS n FROM "EmailOutbox" WHERE "status" IN ('QUEUED', 'SENDING')`;
      pending = p?.n ?? 0;
      if (pending === 0 || Date.now() > until) break;
      await sleep(2000);
    }
    const sent = await prisma.emailOutbox.findMany({
      where: { status: "SENT" },
      select: { messageId: true },
    });
    const twice = [...smtp.received.values()].filter((n) => n > 1).length;
    const missing = sent.filter((r) => !r.messageId || !smtp.received.has(r.messageId)).length;
    check(
      `email job delivers each message once (${workers} workers)`,
      pending === 0 && twice === 0 && missing === 0 && smtp.received.size === sent.length,
      `${sent.length} SENT rows, ${smtp.received.size} distinct Message-IDs received by SMTP, ${twice} received more than once, ${missing} SENT but not received, ${pending} still queued`,
    );
    const payouts = await prisma.$queryRaw<{ payeeId: string; n: number }[]>`
      SELECT "payeeId", COUNT(*)::int AS n FROM "Payout" WHERE "requestedAt" >= ${before} GROUP BY "payeeId"`;
    const [neg] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT COUNT(*)::int AS n FROM "LedgerAccount" WHERE "type" IN ('ARTIST_BALANCE', 'PROMOTER_BALANCE') AND "balanceCents" < 0`;
    const verify = spawnSync(pnpmCmd, [...pnpmLead, "--filter", "@fanfare/api", "ledger:verify"], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    check(
      "two concurrent payout batches pay each payee once",
      payouts.length > 0 && payouts.every((p) => p.n === 1) && verify.status === 0,
      `${payouts.length} payee(s) paid, payouts per payee ${JSON.stringify(payouts.map((p) => p.n))}; batches said: ${batchOut.map((b) => `"${b.trim()}"`).join(" / ")}; ledger:verify ${verify.status === 0 ? "passes" : "FAILS"}${neg?.n ? `; ${neg.n} negative balances (clawbacks of the seed)` : ""}`,
    );
  });
  result.served = Object.fromEntries(proxy.served);
  await proxy.close();
  await Promise.all(webs.map((w) => w.stop()));
} finally {
  for (const c of children) killGroup(c, "SIGTERM");
  await sleep(3000);
  for (const c of children) killGroup(c, "SIGKILL");
  await smtp.close();
  await db.drop().catch(() => undefined);
}

result.checks = checks;
if (process.env.BENCH_RESULT_JSON)
  fs.writeFileSync(process.env.BENCH_RESULT_JSON, JSON.stringify(result, null, 2));
const failed = checks.filter((c) => !c.ok).length;
console.log(
  `multi-process: ${checks.length - failed}/${checks.length} checks hold; ${Math.round(result.proxyPerSecond as number)} req/s through the proxy`,
);
process.exit(failed ? 1 : 0);
