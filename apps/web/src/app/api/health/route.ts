import { getDb } from "@fanfare/db";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 with the database round-trip time, 503 when the database fails. */
export async function GET() {
  const started = performance.now();
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return Response.json({
      status: "ok",
      database: { ok: true, latencyMs: Math.round(performance.now() - started) },
      time: new Date().toISOString(),
    });
  } catch (e) {
    return Response.json(
      { status: "error", database: { ok: false, error: (e as Error).message } },
      { status: 503 },
    );
  }
}
