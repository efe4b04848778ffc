/**
 * Test harness for integration tests: a fresh database, a caller per user, real audio, and a
 * webhook receiver that runs exactly what POST /api/webhooks/stripe runs.
 */
import type { PrismaClient } from "@fanfare/db";
import type { TestDb } from "@fanfare/db/testing";
import { createTestDb } from "@fanfare/db/testing";
import { completeSandboxCheckout } from "@fanfare/payments";

import { createCaller } from "../index";
import { startLocalWebhookEndpoint } from "../services/checkout/webhook-endpoint";
import { getStorage, ingestUpload, synthesizeTone } from "../services/media";
import { signUp } from "../services/users/sign-up";
import { createTRPCContext } from "../trpc";

/**
 * @param opts.testDb a database to use instead of a fresh one from `createTestDb` (migrated; the
 *   harness closes it).
 */
export async function setupHarness(opts: { testDb?: TestDb } = {}) {
  const t = opts.testDb ?? (await createTestDb());
  const db = t.db;

  /** A tRPC caller as a signed-in user (or anonymous), with optional request headers. */
  const callerFor = async (userId: string | null, headers: Record<string, string> = {}) =>
    createCaller(
      await createTRPCContext({
        headers: new Headers(headers),
        session: userId ? { user: { id: userId } } : null,
        db,
      }),
    );

  let n = 0;
  const makeUser = async (
    opts: { artistName?: string; email?: string; recruitCode?: string } = {},
  ) => {
    n++;
    const email = opts.email ?? `user${n}-${Date.now()}@example.com`;
    const user = await signUp(
      {
        name: `User ${n}`,
        email,
        password: "password-123",
        artistName: opts.artistName,
        recruitCode: opts.recruitCode,
      },
      db,
    );
    return { ...user, caller: await callerFor(user.id) };
  };

  /** A signed-up user who is an admin (the console's procedures). */
  const makeAdmin = async () => {
    const user = await makeUser();
    await db.user.update({ where: { id: user.id }, data: { isAdmin: true } });
    return { ...user, caller: await callerFor(user.id) };
  };

  /** Creates and publishes a track with a real synthesised master; returns it and the master bytes. */
  const makeTrack = async (
    artist: { id: string; caller: Awaited<ReturnType<typeof callerFor>> },
    opts: {
      priceCents?: number;
      minPriceCents?: number | null;
      commissionBps?: number;
      title?: string;
      format?: "wav" | "mp3" | "flac";
    } = {},
  ) => {
    const format = opts.format ?? "wav";
    const bytes = await synthesizeTone({ seconds: 3, frequencyHz: 440, format });
    const upload = await ingestUpload({
      db,
      storage: getStorage(),
      ownerId: artist.id,
      kind: "MASTER",
      filename: `master.${format}`,
      bytes,
    });
    const track = await artist.caller.artist.createTrack({
      title: opts.title ?? "Test Track",
      priceCents: opts.priceCents ?? 1000,
      minPriceCents: opts.minPriceCents ?? null,
      commissionBps: opts.commissionBps ?? 2000,
      masterUploadId: upload.id,
    });
    await artist.caller.artist.publishTrack({ trackId: track.id });
    return { track, masterBytes: bytes };
  };

  // The webhook route, minus Next: the same function the route handler calls.
  const endpoint = await startLocalWebhookEndpoint(db);
  const webhookUrl = endpoint.url;

  /**
   * A buyer arrives through the promoter's link (a counted click, carried by the attribution
   * cookie), checks out and pays in the sandbox. @returns the sale id.
   */
  const sellThroughLink = async (
    link: { id: string },
    track: { id: string; slug: string },
    buyerEmail = `b${Math.random().toString(36).slice(2)}@example.com`,
  ) => {
    const click = await db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: `v${Math.random()}`,
        landingPath: `/t/${track.slug}`,
        counted: true,
      },
    });
    const buyer = await callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
    const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    await completeSandboxCheckout(db, { sessionId, webhookUrl });
    return checkout.saleId;
  };

  return {
    db: db as PrismaClient,
    /** The database's handle (PGlite instance or PostgreSQL URL), e.g. for the job runner. */
    testDb: t,
    callerFor,
    makeUser,
    makeAdmin,
    makeTrack,
    webhookUrl,
    sellThroughLink,
    close: async () => {
      await endpoint.close();
      await t.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof setupHarness>>;
