import { redirect } from "next/navigation";

import { auth } from "@fanfare/auth";

/** The signed-in session, or a redirect to sign in that comes back to `path`. */
export async function requireSession(path: string) {
  const session = await auth();
  if (!session?.user?.id) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return session;
}
