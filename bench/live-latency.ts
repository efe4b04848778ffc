/**
 * Issue 13 §6: the delay from a sale's webhook commit to the promoter's screen.
 *
 * On a fresh PostgreSQL database with the demo seed, the production web server runs twice (two
 * processes, as behind a load balancer; `WORKERS=off`). The promoter's `live.events` stream is
 * opened on process A (SSE, with a bearer token, as the mobile app does); signed
 * `checkout.session.completed` webhooks are sent to process B, one at a time. Each message
 * carries `at`, the time the webhook's transaction committed (stamped in process B right after
 * the commit); the bench records when the message's bytes arrived. The delay is the webhook
 * commit → NOTIFY → LISTEN in A → the earnings re-read → SSE → the client. Same machine, same
 * clock. Also measured with the stream on the process that handled the webhook (no NOTIFY hop).
 *
 * Run: `pnpm --filter @fanfare/bench live-latency` (needs the web build). Prints p50, p95 and
 * max over `BENCH_LIVE_SALES` (default 40) sales per path. Goal: under 2 s.
 */
import { issueBearerToken } from "@fanfare/auth/server";

import {
  completionEvents,
  freshPgDatabase,
  hasProductionBuild,
  insertPendingSales,
  pct,
  printTable,
  seedDemo,
  signEvents,
  sleep,
  startWebServer,
  withDb,
} from "./lib";

const SALES = Number(process.env.BENCH_LIVE_SALES ?? 40);

type Msg = { type: string; at?: number };

/** Opens `live.events` on `base` with a bearer token; calls `onMessage` with each data message. */
async function openStream(
  base: string,
  token: string,
  onMessage: (m: Msg, receivedAt: number) => void,
) {
  const stop = new AbortController();
  const res = await fetch(`${base}/api/trpc/live.events`, {
    headers: { accept: "text/event-stream", authorization: `Bearer ${token}` },
    signal: stop.signal,
  });
  if (!res.ok || !res.body) throw new Error(`live.events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        const receivedAt = Date.now();
        buffer += chunk.value;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event:/m.test(block)) continue; // connected, ping
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (data) onMessage((JSON.parse(data) as { json: Msg }).json, receivedAt);
        }
      }
    } catch {
      // aborted
    }
  })();
  return () => stop.abort();
}

async function main() {
  if (!hasProductionBuild())
    throw new Error("Build the web app first: pnpm --filter @fanfare/web build");
  const db = await freshPgDatabase(`fanfare_bench_live_${process.pid}`);
  try {
    seedDemo(db);
    const prep = await withDb(db, async (prisma) => {
      const { getWebhookSecret } = await import("@fanfare/payments");
      const secret = await getWebhookSecret(prisma);
      // Copies of one seeded attributed sale: one promoter, whose stream we watch.
      const ids = await insertPendingSales(prisma, "bench_live_", SALES * 2, { spread: false });
      const events = await completionEvents(prisma, ids);
      const sale = await prisma.sale.findUniqueOrThrow({
        where: { id: ids[0]! },
        select: { promoter: { select: { userId: true } } },
      });
      const token = (await issueBearerToken(prisma, sale.promoter!.userId, "bench")).token;
      return { secret, events, token };
    });
    const env = { ...db.env, WORKERS: "off", COMMISSION_HOLD_DAYS: "0" };
    const a = await startWebServer({ port: 3340, env });
    const b = await startWebServer({ port: 3341, env });
    const rows: string[][] = [["path", "sales", "p50 ms", "p95 ms", "max ms", "goal"]];
    try {
      let next = 0;
      for (const [label, streamOn, webhookTo] of [
        ["stream on A, webhook to B (NOTIFY/LISTEN)", a, b],
        ["stream and webhook on A (in process)", a, a],
      ] as const) {
        const delays: number[] = [];
        let waiting: ((d: number) => void) | null = null;
        const close = await openStream(streamOn.base, prep.token, (m, receivedAt) => {
          if (m.type === "commission" && m.at) waiting?.(receivedAt - m.at);
        });
        await sleep(1000); // the stream's snapshot, and A's LISTEN session
        for (let i = 0; i < SALES; i++) {
          const e = prep.events[next++]!;
          await signEvents([e], prep.secret);
          const arrived = new Promise<number>((resolve) => (waiting = resolve));
          const res = await fetch(`${webhookTo.base}/api/webhooks/stripe`, {
            method: "POST",
            headers: { "content-type": "application/json", "stripe-signature": e.signature! },
            body: e.body,
          });
          if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
          const d = await Promise.race([arrived, sleep(10_000).then(() => Number.NaN)]);
          if (Number.isNaN(d)) throw new Error(`sale ${e.saleId}: no live event within 10 s`);
          delays.push(d);
        }
        close();
        const max = Math.max(...delays);
        rows.push([
          label,
          String(delays.length),
          pct(delays, 50).toFixed(0),
          pct(delays, 95).toFixed(0),
          max.toFixed(0),
          max < 2000 ? "< 2 s: met" : "< 2 s: NOT met",
        ]);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
    printTable(rows);
  } finally {
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
