import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { publishTerms } from "./terms";

const BODY = `## Fanfare promoter terms\n\n${"Promote honestly; never buy through your own link. ".repeat(6)}`;

/**
 * Terms of service with versions (issue 11 §2): a promoter accepts the version in force before
 * their next new link (existing promoters included), and again after a new version; the API
 * answers a typed TERMS_REQUIRED.
 */
describe("promoter terms", () => {
  let h: Harness;
  let adminId = "";
  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  test("no terms published: no gate; once published, a new link waits for acceptance, existing links do not", async () => {
    const artist = await h.makeUser({ artistName: "Terms Artist" });
    const { track } = await h.makeTrack(artist);
    const { track: second } = await h.makeTrack(artist, { title: "Second" });
    const promoter = await h.makeUser();
    const first = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });

    const v1 = await publishTerms(
      { body: BODY, summary: "First version of the program terms." },
      { userId: adminId },
      h.db,
    );
    expect(v1.version).toBe(1);
    // The existing link is still returned; a new one is refused with the typed code.
    expect((await promoter.caller.promoter.getOrCreateLink({ trackId: track.id })).code).toBe(
      first.code,
    );
    const refusal = await promoter.caller.promoter
      .getOrCreateLink({ trackId: second.id })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect((refusal as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((refusal as TRPCError).message).toBe(
      "Accept the promoter terms (version 1) to get your first link.",
    );
    expect(await promoter.caller.promoter.terms()).toMatchObject({
      mustAccept: true,
      acceptedVersion: null,
      terms: { version: 1, summary: "First version of the program terms." },
    });

    // Accepting a version that is not in force is refused; the one in force opens the gate.
    await expect(promoter.caller.promoter.acceptTerms({ version: 2 })).rejects.toThrow(
      "Version 2 is not the terms in force (version 1): read them again.",
    );
    expect(await promoter.caller.promoter.acceptTerms({ version: 1 })).toMatchObject({
      mustAccept: false,
      acceptedVersion: 1,
    });
    await promoter.caller.promoter.getOrCreateLink({ trackId: second.id });

    // A new version asks again.
    await publishTerms(
      { body: `${BODY} Disclose your links.`, summary: "Links must be disclosed as ads." },
      { userId: adminId },
      h.db,
    );
    const { track: third } = await h.makeTrack(artist, { title: "Third" });
    await expect(promoter.caller.promoter.getOrCreateLink({ trackId: third.id })).rejects.toThrow(
      "The promoter terms changed (version 2): accept them to get new links.",
    );
    await promoter.caller.promoter.acceptTerms({ version: 2 });
    await promoter.caller.promoter.getOrCreateLink({ trackId: third.id });
    expect(
      await h.db.auditLog.count({ where: { action: "terms.publish", actorId: adminId } }),
    ).toBe(2);
  });
});
