import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { checkCredentials } from "../users/check-credentials";

/** Account settings (issue 10, defect 12): name, leaderboard profile, password. */
describe("account settings", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("settings show the caller's name, email and leaderboard profile; a new name is what the header shows", async () => {
    const u = await h.makeUser();
    await u.caller.promoter.me();
    expect(await u.caller.account.settings()).toEqual({
      name: u.name,
      email: u.email,
      hasPassword: true,
      marketingEmails: true,
      // The promoter profile starts with the account's name as its display name.
      promoter: { displayName: u.name, showOnLeaderboard: false },
    });
    expect(await u.caller.account.update({ name: "  Robin Fields " })).toEqual({
      name: "Robin Fields",
      email: u.email,
    });
    // The next request (a new context) sees the new name.
    expect(await (await h.callerFor(u.id)).buyer.viewer()).toMatchObject({ name: "Robin Fields" });
    await u.caller.promoter.updateProfile({ displayName: "Robin F.", showOnLeaderboard: true });
    expect((await u.caller.account.settings()).promoter).toEqual({
      displayName: "Robin F.",
      showOnLeaderboard: true,
    });
  });

  test("a password change needs the current password, then ends every session: the old password stops working, the new one works", async () => {
    const u = await h.makeUser();
    const ip = "203.0.113.77";
    await h.db.session.create({
      data: {
        sessionToken: `bearer-${u.id}`,
        userId: u.id,
        expires: new Date(Date.now() + 86_400_000),
      },
    });
    const before = await h.db.user.findUniqueOrThrow({ where: { id: u.id } });

    await expect(
      u.caller.account.changePassword({
        currentPassword: "not-the-password",
        newPassword: "a-brand-new-one",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(
      before.passwordHash,
    );

    expect(
      await u.caller.account.changePassword({
        currentPassword: "password-123",
        newPassword: "a-brand-new-one",
      }),
    ).toEqual({ signedOut: true });
    const after = await h.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await h.db.session.count({ where: { userId: u.id } })).toBe(0);
    expect(
      await checkCredentials({ email: u.email, password: "password-123", ip }, h.db),
    ).toBeNull();
    expect(
      await checkCredentials({ email: u.email, password: "a-brand-new-one", ip }, h.db),
    ).toMatchObject({ id: u.id, sessionVersion: before.sessionVersion + 1 });
  });
});
