import { redirect } from "next/navigation";

import { auth } from "~/auth";

import { getContext } from "~/trpc/server";

/** The signed-in session, or a redirect to sign in that comes back to `path`. */
export async function requireSession(path: string) {
  const session = await auth();
  if (!session?.user?.id) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return session;
}

/** The signed-in admin's context user; others go to sign in (signed out) or their dashboard. */
export async function requireAdmin(path: string) {
  await requireSession(path);
  const { user } = await getContext();
  if (!user?.isAdmin) redirect("/dashboard");
  return user;
}
