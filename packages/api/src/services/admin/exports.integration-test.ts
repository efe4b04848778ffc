import { text } from "node:stream/consumers";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { EXPORT_COLUMNS, exportCsv, neutraliseFormula } from "./exports";

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** CSV exports for any period (issue 11 §6): streamed, cents and UTC, formulas neutralised. */
describe("CSV exports", () => {
  let h: Harness;
  let adminId = "";
  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
    const artist = await h.makeUser({ artistName: "Export Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, title: "=HYPERLINK(1)" });
    const buyer = await h.callerFor(null);
    for (const email of ["one@example.com", "two@example.com"]) {
      const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail: email });
      const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
      await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  test("sales of the period, one line each under the header, in cents, with formulas neutralised", async () => {
    const { stream, fileName } = await exportCsv(
      { kind: "sales", from: day(-1), to: day(1) },
      { userId: adminId },
      h.db,
    );
    expect(fileName).toBe(`fanfare-sales-${day(-1)}-to-${day(1)}.csv`);
    const lines = (await text(stream)).trim().split("\n");
    expect(lines[0]).toBe(EXPORT_COLUMNS.sales.join(","));
    expect(lines).toHaveLength(3);
    const amount = EXPORT_COLUMNS.sales.indexOf("amountCents");
    const title = EXPORT_COLUMNS.sales.indexOf("trackTitle");
    const cells = lines[1]!.split(",");
    expect(cells[amount]).toBe("1000");
    expect(cells[title]).toBe("'=HYPERLINK(1)");
    expect(
      await h.db.auditLog.findFirst({ where: { action: "export.csv", actorId: adminId } }),
    ).toMatchObject({ subjectId: "sales", after: { from: day(-1), to: day(1) } });
  });

  test("the ledger export lists every entry of the period; a period before it is empty", async () => {
    const all = await h.db.ledgerEntry.count();
    const { stream } = await exportCsv(
      { kind: "ledger", from: day(-1), to: day(1) },
      { userId: adminId },
      h.db,
    );
    expect((await text(stream)).trim().split("\n")).toHaveLength(all + 1);
    const before = await exportCsv(
      { kind: "ledger", from: day(-30), to: day(-2) },
      { userId: adminId },
      h.db,
    );
    expect((await text(before.stream)).trim()).toBe(EXPORT_COLUMNS.ledger.join(","));
  });

  test("a reversed or unbounded range is refused with the reason", async () => {
    await expect(
      exportCsv({ kind: "sales", from: day(1), to: day(-1) }, { userId: adminId }, h.db),
    ).rejects.toThrow("To must be after From.");
    await expect(
      exportCsv(
        { kind: "payouts", from: "2020-01-01", to: "2026-01-01" },
        { userId: adminId },
        h.db,
      ),
    ).rejects.toThrow("Export at most 366 days at a time.");
  });

  test.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["Night Drive", "Night Drive"],
    ["a=b", "a=b"],
  ])("neutraliseFormula(%j) = %j", (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });
});
