import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { listPayoutsForAdmin } from "./list-payouts";

describe("admin lists (admin.payouts): payees by name, cursor pages", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  test("each payout names its payee; pages of 2 walk every payout once, newest first", async () => {
    const artist = await h.makeUser({ artistName: "Listed Artist" });
    const promoter = await h.makeUser();
    const artistProfile = await h.db.artistProfile.findUniqueOrThrow({
      where: { userId: artist.id },
    });
    const promoterProfile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    await h.db.promoterProfile.update({
      where: { id: promoterProfile.id },
      data: { displayName: "Pat the Promoter" },
    });
    const base = Date.now();
    // At most one payout in flight per payee (a database rule): older ones failed or were paid.
    const statuses = ["FAILED", "FAILED", "PAID", "REQUESTED", "REQUESTED"] as const;
    const made: { id: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const toArtist = i % 2 === 0;
      made.push(
        await h.db.payout.create({
          data: {
            payeeType: toArtist ? "ARTIST" : "PROMOTER",
            payeeId: toArtist ? artistProfile.id : promoterProfile.id,
            accountId: toArtist
              ? `ARTIST_BALANCE:${artistProfile.id}`
              : `PROMOTER_BALANCE:${promoterProfile.id}`,
            connectAccountId: "acct_listed",
            amountCents: 500n + BigInt(i),
            idempotencyKey: `payout:listed-${base}-${i}`,
            status: statuses[i],
            requestedAt: new Date(base + i * 1000),
          },
        }),
      );
    }
    const mine = <T extends { id: string }>(items: T[]) =>
      items.filter((p) => made.some((m) => m.id === p.id));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listPayoutsForAdmin({ limit: 2, cursor }, h.db);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...mine(page.items).map((p) => p.id));
      for (const p of mine(page.items)) {
        expect(typeof p.amountCents).toBe("number");
        if (p.payeeType === "ARTIST")
          expect(p).toMatchObject({ payeeName: "Listed Artist", payeeEmail: artist.email });
        else expect(p).toMatchObject({ payeeName: "Pat the Promoter", payeeEmail: promoter.email });
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(cursor).toBeNull();
    // Newest request first, each once.
    expect(seen).toEqual([...made].reverse().map((m) => m.id));

    const paid = await listPayoutsForAdmin({ limit: 50, status: "PAID" }, h.db);
    expect(mine(paid.items).map((p) => p.id)).toEqual([made[2]!.id]);
    expect(paid.items.every((p) => p.status === "PAID")).toBe(true);

    // An unknown cursor is an empty page, never another list's rows.
    const unknown = await listPayoutsForAdmin({ limit: 2, cursor: "no-such-payout" }, h.db);
    expect(unknown).toEqual({ items: [], nextCursor: null });
  });
});
