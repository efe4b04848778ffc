import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { BuyFormLicenseTier } from "./buy-form";
import { BuyForm } from "./buy-form";

const base = {
  slug: "night-drive",
  priceCents: 1000,
  minPriceCents: null,
  currency: "usd",
  downloadTerms: { days: 7, downloads: 5 },
};
const tiers: BuyFormLicenseTier[] = [
  {
    id: "tier_c",
    kind: "commercial",
    name: "Commercial use",
    priceCents: 5000,
    terms: "One commercial project.",
    termsVersion: 2,
  },
  {
    id: "tier_s",
    kind: "sync",
    name: "Sync",
    priceCents: 25_000,
    terms: "One film.",
    termsVersion: 1,
  },
];

describe("BuyForm's licence choice (issue 16 §4)", () => {
  test("a track with tiers offers the personal licence (chosen) and each tier with its price and terms", () => {
    const html = renderToStaticMarkup(<BuyForm {...base} licenseTiers={tiers} />);
    expect(html).toContain("Licence</legend>");
    expect(html).toContain("Personal use (included)");
    expect(html).toMatch(/Commercial use<\/span> <span[^>]*>\$50\.00/);
    expect(html).toMatch(/Sync<\/span> <span[^>]*>\$250\.00/);
    expect(html.match(/Read the terms/g)).toHaveLength(2);
    expect(html).toContain("One commercial project.");
    expect(html).toContain("Terms version 2");
    // The personal licence is chosen first: the track's price shows.
    expect(html).toMatch(/data-testid="price">\$10\.00</);
    expect(html.match(/type="radio"[^>]*checked=""/g)).toHaveLength(1);
  });

  test("no tiers (a release, or a track without them): no licence choice", () => {
    const html = renderToStaticMarkup(<BuyForm {...base} />);
    expect(html).not.toContain("licence-choice");
    expect(html).not.toContain("Read the terms");
    const release = renderToStaticMarkup(
      <BuyForm {...base} product="release" release={{ noun: "album", trackCount: 3 }} />,
    );
    expect(release).not.toContain("licence-choice");
  });
});
