import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";

describe("receipt re-send is limited per IP", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("an IP gets 10 re-sends an hour (RATE_LIMIT_RESEND_PER_IP_HOUR), then TOO_MANY_REQUESTS; another IP is not affected", async () => {
    const attacker = await h.callerFor(null, { "x-fanfare-peer-ip": "203.0.113.9" });
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const e = await attacker.buyer
        .resendReceipt({ token: "t".repeat(43) })
        .catch((err: unknown) => err);
      codes.push(e instanceof TRPCError ? e.code : "ok");
    }
    expect(codes).toEqual([
      ...Array<string>(10).fill("NOT_FOUND"),
      "TOO_MANY_REQUESTS",
      "TOO_MANY_REQUESTS",
    ]);
    const other = await h.callerFor(null, { "x-fanfare-peer-ip": "198.51.100.9" });
    await expect(other.buyer.resendReceipt({ token: "t".repeat(43) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
