"use server";

import { TRPCError } from "@trpc/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { ACT_AS_COOKIE } from "@fanfare/validators";

import { webEnv } from "~/lib/env";
import { api } from "~/trpc/server";

export type ActAsState = { error?: string };

/**
 * "Manage catalog" on the label dashboard (issue 16 §5): checks that the caller's label may act
 * for the artist now (`label.canActFor`: a contract in force with canManage), then sets the
 * acting cookie (`ff_act_as`, httpOnly, same-site lax, the whole site, 12 hours) and opens the
 * artist dashboard, where a banner says who acts for whom and offers Stop. The API checks the
 * contract again on every call, so the cookie is only a request.
 */
export async function actForArtistAction(
  artistId: string,
  _prev: ActAsState,
  _form: FormData,
): Promise<ActAsState> {
  try {
    await (await api()).label.canActFor({ artistId });
  } catch (e) {
    if (e instanceof TRPCError && e.code !== "INTERNAL_SERVER_ERROR") return { error: e.message };
    throw e;
  }
  (await cookies()).set(ACT_AS_COOKIE, artistId, {
    httpOnly: true,
    sameSite: "lax",
    secure: webEnv().APP_URL.startsWith("https:"),
    path: "/",
    maxAge: 12 * 60 * 60,
  });
  redirect("/dashboard/artist");
}

/** "Stop" on the acting banner: forgets the acting cookie and goes back to the label dashboard. */
export async function stopActingAction(): Promise<void> {
  (await cookies()).delete(ACT_AS_COOKIE);
  redirect("/dashboard/label");
}
