import { describe, expect, test } from "vitest";

import { postbackTemplateProblem, ZCreateWebhookEndpointInput } from "@fanfare/validators";

import { fillPostbackUrl, formatMinorUnits } from "./postback";

describe("postback templating", () => {
  test.each([
    [1234, "usd", "12.34"],
    [5, "usd", "0.05"],
    [0, "usd", "0.00"],
    [100000, "eur", "1000.00"],
    [-250, "usd", "-2.50"],
    [1234, "jpy", "1234"],
    [1234, "bhd", "1.234"],
  ])("%i minor units of %s are %s", (units, currency, text) => {
    expect(formatMinorUnits(units, currency)).toBe(text);
  });

  test("fills every placeholder from the sale event, URL-encoded, amounts in major units", () => {
    const url = fillPostbackUrl(
      "https://network.example/pb?cid={click_id}&oid={sale_id}&amt={amount}&com={commission}&cur={currency}&sub={sub_id}&ev={event}",
      "sale.completed",
      {
        clickId: "abc&x=1 2",
        saleId: "sale_1",
        amountCents: 1299,
        commissionCents: 260,
        currency: "usd",
        sourceTag: "news/letter",
      },
    );
    expect(url).toBe(
      "https://network.example/pb?cid=abc%26x%3D1%202&oid=sale_1&amt=12.99&com=2.60&cur=USD&sub=news%2Fletter&ev=sale.completed",
    );
    // The filled value stayed one query parameter.
    expect(new URL(url).searchParams.get("cid")).toBe("abc&x=1 2");
    expect(new URL(url).searchParams.get("x")).toBeNull();
  });

  test("absent values (no network click id, no source tag) become empty strings", () => {
    expect(
      fillPostbackUrl("https://n.example/{sale_id}?cid={click_id}&sub={sub_id}", "sale.refunded", {
        saleId: "s1",
        clickId: null,
        amountCents: 500,
        currency: "usd",
      }),
    ).toBe("https://n.example/s1?cid=&sub=");
  });

  test.each([".", "..", "..."])(
    "a click id of %j cannot rewrite the path (dot segments): it is left empty",
    (clickId) => {
      const url = fillPostbackUrl("https://net.example/track/{click_id}/conv", "sale.completed", {
        clickId,
        sourceTag: "..",
      });
      expect(url).toBe("https://net.example/track//conv");
      expect(new URL(url).pathname).toBe("/track//conv");
      expect(
        fillPostbackUrl("https://net.example/{sub_id}/{click_id}?c={click_id}", "sale.completed", {
          clickId,
          sourceTag: "..",
        }),
      ).toBe("https://net.example//?c=");
    },
  );

  test("dots inside a value are kept: only a value made only of dots is dropped", () => {
    const url = fillPostbackUrl("https://net.example/track/{click_id}/conv", "sale.completed", {
      clickId: "..a.b..",
    });
    expect(url).toBe("https://net.example/track/..a.b../conv");
    expect(new URL(url).pathname).toBe("/track/..a.b../conv");
  });

  test.each([
    ["https://n.example/pb?cid={click_id}&amt={amount}", null],
    ["https://n.example/{sale_id}/{event}", null],
    ["https://n.example/pb?cid={clickid}", "Unknown placeholder {clickid}"],
    ["https://n.example/pb?cid={CLICK_ID}", "Unknown placeholder {CLICK_ID}"],
    ["https://n.example/pb?cid={click_id", "unmatched { or }"],
    ["https://n.example/pb?cid=click_id}", "unmatched { or }"],
    ["https://{sub_id}.n.example/pb", "only appear in the path or query"],
    ["https://n.example:{amount}/pb", "only appear in the path or query"],
    ["https://n.example", null],
    ["not a url {click_id}", "Enter a full URL"],
  ])("template %s: %s", (template, problem) => {
    const found = postbackTemplateProblem(template);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  test("the create form refuses unknown placeholders, placeholders in a webhook URL, and postbacks on other events", () => {
    const bad = ZCreateWebhookEndpointInput.safeParse({
      kind: "postback",
      url: "https://n.example/pb?x={foo}",
      events: ["sale.completed", "payout.paid"],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain(
      "url: Unknown placeholder {foo}: use {click_id}, {sale_id}, {amount}, {commission}, {currency}, {sub_id}, {event}.",
    );
    expect(messages).toContain(
      "events: Postbacks fire on sale.completed and sale.refunded only, not payout.paid.",
    );
    const webhook = ZCreateWebhookEndpointInput.safeParse({
      kind: "webhook",
      url: "https://n.example/pb?x={click_id}",
      events: ["sale.completed"],
    });
    expect(webhook.error?.issues[0]?.message).toMatch(
      /Placeholders like \{click_id\} are for postbacks/,
    );
    expect(
      ZCreateWebhookEndpointInput.parse({
        kind: "postback",
        url: " https://n.example/pb?cid={click_id} ",
        events: ["sale.completed", "sale.completed"],
      }),
    ).toEqual({
      kind: "postback",
      url: "https://n.example/pb?cid={click_id}",
      description: "",
      events: ["sale.completed"],
    });
  });
});
