import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { contractInForce } from "./contracts";

describe("contractInForce: the label contract a sale records", () => {
  let h: Harness;
  let artistId: string;
  let labelId: string;
  const t0 = new Date("2026-01-01T00:00:00.000Z");
  const t1 = new Date("2026-07-01T00:00:00.000Z");

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Contract Artist" });
    artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id;
    const owner = await h.makeUser();
    labelId = (
      await h.db.labelProfile.create({
        data: { userId: owner.id, name: "Contract Label", slug: "contract-label" },
      })
    ).id;
  });
  afterAll(() => h.close());

  test("an artist without a contract has none in force", async () => {
    expect(await contractInForce(h.db, artistId, t0)).toBeNull();
  });

  test("an invitation not yet accepted is not in force", async () => {
    const invited = await h.db.labelContract.create({
      data: { labelId, artistId, labelShareBps: 3000, startsAt: t0 },
    });
    expect(await contractInForce(h.db, artistId, t1)).toBeNull();
    await h.db.labelContract.update({
      where: { id: invited.id },
      data: { status: "declined", respondedAt: t0 },
    });
  });

  test("an active contract is in force from startsAt (inclusive) until endsAt (exclusive)", async () => {
    const c = await h.db.labelContract.create({
      data: {
        labelId,
        artistId,
        status: "active",
        labelShareBps: 3000,
        startsAt: t0,
        endsAt: t1,
        respondedAt: t0,
      },
    });
    const inForce = { id: c.id, labelId, labelShareBps: 3000 };
    expect(await contractInForce(h.db, artistId, new Date(t0.getTime() - 1))).toBeNull();
    expect(await contractInForce(h.db, artistId, t0)).toEqual(inForce);
    expect(await contractInForce(h.db, artistId, new Date(t1.getTime() - 1))).toEqual(inForce);
    expect(await contractInForce(h.db, artistId, t1)).toBeNull();

    // Ended: never in force again, whatever its dates say.
    await h.db.labelContract.update({
      where: { id: c.id },
      data: { status: "ended", endedAt: t0 },
    });
    expect(await contractInForce(h.db, artistId, t0)).toBeNull();
  });

  test("an open-ended active contract is in force at any instant after its start, inside a transaction too", async () => {
    const c = await h.db.labelContract.create({
      data: {
        labelId,
        artistId,
        status: "active",
        labelShareBps: 7000,
        startsAt: t0,
        respondedAt: t0,
      },
    });
    const far = new Date("2099-12-31T23:59:59.999Z");
    expect(await h.db.$transaction((tx) => contractInForce(tx, artistId, far))).toEqual({
      id: c.id,
      labelId,
      labelShareBps: 7000,
    });
  });
});
