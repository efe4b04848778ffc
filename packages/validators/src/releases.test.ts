import { describe, expect, test } from "vitest";

import {
  dateToReleaseDay,
  RELEASE_FORM_FIELD_OF,
  releaseDayToDate,
  ZCreateReleaseInput,
  ZReleaseForm,
  ZReleaseIdInput,
  ZUpdateReleaseInput,
} from "./releases";

const valid = {
  title: "  Night Drives ",
  kind: "ep",
  priceCents: 1200,
  commissionBps: 2500,
  trackIds: ["t1", "t2", "t3"],
};

/** The first message per field path of a failed parse of `schema`. */
function messages(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: unknown[] } } },
  input: unknown,
): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error!.issues as { path: PropertyKey[]; message: string }[])
    out[i.path.join(".")] ??= i.message;
  return out;
}

describe("ZCreateReleaseInput (artist.createRelease)", () => {
  test("trims the title, keeps the track order, and fills the defaults", () => {
    expect(ZCreateReleaseInput.parse(valid)).toEqual({
      title: "Night Drives",
      kind: "ep",
      description: "",
      releaseDate: null,
      preorder: false,
      priceCents: 1200,
      commissionBps: 2500,
      affiliateEnabled: true,
      trackIds: ["t1", "t2", "t3"],
    });
    const { kind: _k, ...noKind } = valid;
    expect(ZCreateReleaseInput.parse(noKind).kind).toBe("album");
  });

  test("a pay-what-you-want release and a pre-order with its day", () => {
    const r = ZCreateReleaseInput.parse({
      ...valid,
      minPriceCents: 500,
      releaseDate: "2030-02-28",
      preorder: true,
      artworkUploadId: "up1",
    });
    expect(r).toMatchObject({
      minPriceCents: 500,
      releaseDate: "2030-02-28",
      preorder: true,
      artworkUploadId: "up1",
    });
  });

  test.each([
    [{ title: "   " }, "title", "Enter a title."],
    [{ title: "x".repeat(201) }, "title", "Title must be at most 200 characters."],
    [
      { title: "Bad\u0000" },
      "title",
      "Title contains a NUL character (U+0000), which is not allowed.",
    ],
    [{ kind: "lp" }, "kind", 'Kind must be "album", "ep" or "single".'],
    [
      { description: "d".repeat(5001) },
      "description",
      "Description must be at most 5000 characters.",
    ],
    [
      { priceCents: 49 },
      "priceCents",
      "Price must be at least 50 cents ($0.50, Stripe's minimum charge).",
    ],
    [{ priceCents: 100_001 }, "priceCents", "Price must be at most 100000 cents ($1,000)."],
    [{ priceCents: 9.99 }, "priceCents", "Price must be a whole number of cents."],
    [{ priceCents: undefined }, "priceCents", "Price is required."],
    [
      { minPriceCents: 1300 },
      "minPriceCents",
      "Minimum price cannot be above the suggested price.",
    ],
    [
      { minPriceCents: 10 },
      "minPriceCents",
      "Minimum price must be at least 50 cents ($0.50, Stripe's minimum charge).",
    ],
    [{ commissionBps: 999 }, "commissionBps", "Commission must be at least 10%."],
    [{ commissionBps: 5001 }, "commissionBps", "Commission must be at most 50%."],
    [
      { commissionBps: 20.5 },
      "commissionBps",
      "Commission rate must be a whole number of basis points.",
    ],
    [{ trackIds: [] }, "trackIds", "Choose at least one track."],
    [{ trackIds: undefined }, "trackIds", "Choose the release's tracks."],
    [{ trackIds: "t1" }, "trackIds", "Track ids must be a list."],
    [
      { trackIds: Array.from({ length: 101 }, (_, i) => `t${i}`) },
      "trackIds",
      "A release holds at most 100 tracks.",
    ],
    [
      { trackIds: ["t1", "t2", "t1"] },
      "trackIds",
      "Track t1 is listed twice: a track appears once on a release.",
    ],
    [{ trackIds: ["t1", ""] }, "trackIds.1", "Track id is required."],
    [{ trackIds: ["x".repeat(65)] }, "trackIds.0", "Track id is too long."],
    [
      { releaseDate: "2027-02-30" },
      "releaseDate",
      'Release date must be a real day written YYYY-MM-DD, like 2027-03-01; got "2027-02-30".',
    ],
    [
      { releaseDate: "03/01/2027" },
      "releaseDate",
      'Release date must be a real day written YYYY-MM-DD, like 2027-03-01; got "03/01/2027".',
    ],
    [
      { releaseDate: "2027-03-01T10:00:00Z" },
      "releaseDate",
      'Release date must be a real day written YYYY-MM-DD, like 2027-03-01; got "2027-03-01T10:00:00Z".',
    ],
    [{ releaseDate: "1899-12-31" }, "releaseDate", "Release date must be between 1900 and 2100."],
    [{ releaseDate: 20270301 }, "releaseDate", "Release date must be a date written YYYY-MM-DD."],
    [
      { preorder: true },
      "releaseDate",
      "A pre-order needs a release date: downloads open on that day.",
    ],
    [{ preorder: "yes" }, "preorder", "Pre-order must be true or false."],
    [{ affiliateEnabled: 1 }, "affiliateEnabled", "Promotion must be true or false."],
    [{ artworkUploadId: "" }, "artworkUploadId", "Artwork upload id is required."],
  ])("%o is refused on %s: %s", (patch, field, message) => {
    expect(messages(ZCreateReleaseInput, { ...valid, ...patch })[field]).toBe(message);
  });

  test("a pre-order in the past is accepted (it is simply out)", () => {
    expect(
      ZCreateReleaseInput.parse({ ...valid, releaseDate: "2001-01-01", preorder: true }).preorder,
    ).toBe(true);
  });
});

describe("ZUpdateReleaseInput (artist.updateRelease)", () => {
  test("only the release id is required; absent fields stay absent, nulls clear", () => {
    expect(ZUpdateReleaseInput.parse({ releaseId: "r1" })).toEqual({ releaseId: "r1" });
    expect(
      ZUpdateReleaseInput.parse({
        releaseId: "r1",
        artworkUploadId: null,
        minPriceCents: null,
        releaseDate: null,
        trackIds: ["b", "a"],
      }),
    ).toEqual({
      releaseId: "r1",
      artworkUploadId: null,
      minPriceCents: null,
      releaseDate: null,
      trackIds: ["b", "a"],
    });
  });

  test.each([
    [{ releaseId: "" }, "releaseId", "Release id is required."],
    [{ releaseId: "r".repeat(65) }, "releaseId", "Release id is too long."],
    [{ releaseId: "r1", trackIds: [] }, "trackIds", "Choose at least one track."],
    [
      { releaseId: "r1", priceCents: 500, minPriceCents: 600 },
      "minPriceCents",
      "Minimum price cannot be above the suggested price.",
    ],
    [
      { releaseId: "r1", preorder: true, releaseDate: null },
      "releaseDate",
      "A pre-order needs a release date: downloads open on that day.",
    ],
    [{ releaseId: "r1", title: "" }, "title", "Enter a title."],
  ])("%o is refused on %s: %s", (input, field, message) => {
    expect(messages(ZUpdateReleaseInput, input)[field]).toBe(message);
  });

  test("a pre-order switched on alone is checked by the service against the stored date", () => {
    expect(ZUpdateReleaseInput.safeParse({ releaseId: "r1", preorder: true }).success).toBe(true);
  });
});

describe("ZReleaseIdInput", () => {
  test("names the field", () => {
    expect(messages(ZReleaseIdInput, {}).releaseId).toBe("Release id is required.");
    expect(ZReleaseIdInput.parse({ releaseId: "r1" })).toEqual({ releaseId: "r1" });
  });
});

describe("release days", () => {
  test("a day is its UTC midnight and back", () => {
    const d = releaseDayToDate("2028-02-29");
    expect(d?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(dateToReleaseDay(d!)).toBe("2028-02-29");
    expect(releaseDayToDate("2027-02-29")).toBeNull();
    expect(releaseDayToDate("2027-13-01")).toBeNull();
    expect(releaseDayToDate("27-03-01")).toBeNull();
  });
});

const form = {
  title: " Night Drives",
  kind: "album",
  description: "",
  releaseDate: "",
  preorder: false,
  price: "12",
  pwyw: false,
  minPrice: "5.00",
  commissionBps: 2000,
  affiliateEnabled: true,
  trackIds: ["t2", "t1"],
};

describe("ZReleaseForm (the web's release form)", () => {
  test("its output is what the API takes: dollars become cents, '' date becomes null", () => {
    const out = ZReleaseForm.parse(form);
    expect(out).toEqual({
      title: "Night Drives",
      kind: "album",
      description: "",
      releaseDate: null,
      preorder: false,
      priceCents: 1200,
      minPriceCents: null,
      commissionBps: 2000,
      affiliateEnabled: true,
      trackIds: ["t2", "t1"],
    });
    expect(ZCreateReleaseInput.parse(out)).toEqual(out);
    expect(ZUpdateReleaseInput.parse({ releaseId: "r1", ...out })).toEqual({
      releaseId: "r1",
      ...out,
    });
  });

  test("pay what you want and a pre-order", () => {
    expect(
      ZReleaseForm.parse({
        ...form,
        pwyw: true,
        minPrice: "$5",
        releaseDate: "2031-06-01",
        preorder: true,
      }),
    ).toMatchObject({ minPriceCents: 500, releaseDate: "2031-06-01", preorder: true });
  });

  test.each([
    [{ price: "abc" }, "price", "Enter price like 5 or 4.99."],
    [
      { pwyw: true, minPrice: "20" },
      "minPrice",
      "Minimum price cannot be above the suggested price.",
    ],
    [
      { preorder: true },
      "releaseDate",
      "A pre-order needs a release date: downloads open on that day.",
    ],
    [
      { releaseDate: "2031-02-31" },
      "releaseDate",
      'Release date must be a real day written YYYY-MM-DD, like 2027-03-01; got "2031-02-31".',
    ],
    [{ trackIds: [] }, "trackIds", "Choose at least one track."],
  ])("%o is refused on %s: %s", (patch, field, message) => {
    expect(messages(ZReleaseForm, { ...form, ...patch })[field]).toBe(message);
  });

  test("server errors on cents land on the dollar fields", () => {
    expect(RELEASE_FORM_FIELD_OF).toEqual({ priceCents: "price", minPriceCents: "minPrice" });
  });
});
