import { describe, expect, test } from "vitest";

import { AppError } from "../app-error";
import type { ActingLabel } from "./acting";
import { idsOfInput } from "./acting-audit";
import { catalogRowFor } from "./catalog-view";
import { assertLabelKeepsPromotionTerms, DEFAULT_PROMOTION_TERMS } from "./promotion-terms";

const label: ActingLabel = { id: "lab1", name: "Act Label", contractId: "lc1", userId: "u1" };
const acting = { actingLabel: label, artistName: "Ana" };
const current = { commissionBps: 2500, affiliateEnabled: true };

const refusal = (f: () => void): AppError | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e as AppError;
  }
};

describe("assertLabelKeepsPromotionTerms", () => {
  test.each<[string, { commissionBps?: number; affiliateEnabled?: boolean; priceCents?: number }]>([
    ["the rate unchanged", { commissionBps: 2500 }],
    ["the rate absent", {}],
    ["the price only (the label's to set)", { priceCents: 900 }],
    ["the affiliate switch as it is", { affiliateEnabled: true }],
  ])("lets a label acting for the artist edit with %s", (_, requested) => {
    expect(refusal(() => assertLabelKeepsPromotionTerms(acting, current, requested))).toBeNull();
  });

  test.each([
    [
      "a higher rate",
      { commissionBps: 5000 },
      "commissionBps",
      /^Only Ana can change the commission rate of their music/,
    ],
    [
      "a lower rate",
      { commissionBps: 1000 },
      "commissionBps",
      /^Only Ana can change the commission rate of their music/,
    ],
    [
      "promotion turned off",
      { affiliateEnabled: false },
      "affiliateEnabled",
      /^Only Ana can turn promotion by affiliate links off/,
    ],
  ])(
    "refuses a label acting for the artist %s (FORBIDDEN on its field)",
    (_, requested, field, msg) => {
      const e = refusal(() => assertLabelKeepsPromotionTerms(acting, current, requested));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: "FORBIDDEN", field });
      expect(e!.message).toMatch(msg);
    },
  );

  test("a new product's terms are the defaults: 2000 bps, promotion on", () => {
    expect(DEFAULT_PROMOTION_TERMS).toEqual({ commissionBps: 2000, affiliateEnabled: true });
    expect(
      refusal(() =>
        assertLabelKeepsPromotionTerms(acting, DEFAULT_PROMOTION_TERMS, { commissionBps: 2001 }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  test("the artist themself changes anything", () => {
    for (const editor of [{}, { actingLabel: null, artistName: "Ana" }])
      expect(
        refusal(() =>
          assertLabelKeepsPromotionTerms(editor, current, {
            commissionBps: 5000,
            affiliateEnabled: false,
          }),
        ),
      ).toBeNull();
  });
});

describe("catalogRowFor", () => {
  const row = {
    id: "t1",
    salesCount: 3,
    clickCount: 9,
    grossCents: 3000,
    artistCents: 2100,
    commissionsCents: 600,
  };
  test("a label acting sees the counts and no money totals", () => {
    expect(catalogRowFor(row, label)).toEqual({
      id: "t1",
      salesCount: 3,
      clickCount: 9,
      grossCents: null,
      artistCents: null,
      commissionsCents: null,
    });
  });
  test("the artist sees the row as it is", () => {
    expect(catalogRowFor(row, null)).toEqual(row);
  });
});

describe("idsOfInput", () => {
  test.each([
    [
      "ids and id lists, no free text",
      { trackId: "t1", title: "Secret", priceCents: 900, trackIds: ["a", "b"] },
      { trackId: "t1", trackIds: ["a", "b"] },
    ],
    ["upload ids", { masterUploadId: "u1", artworkUploadId: null }, { masterUploadId: "u1" }],
    ["an id cut to 64 characters", { releaseId: "r".repeat(80) }, { releaseId: "r".repeat(64) }],
    ["no input", undefined, {}],
    ["a list input", ["x"], {}],
  ])("keeps %s", (_, input, ids) => {
    expect(idsOfInput(input)).toEqual(ids);
  });
});
