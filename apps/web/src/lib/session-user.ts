import { auth } from "~/auth";
import { bearerFromHeader, resolveBearerToken } from "@fanfare/auth/server";
import type { PrismaClient } from "@fanfare/db";

/** The signed-in user's id for a route handler: the Auth.js cookie, else a bearer token. */
export async function requestUserId(req: Request, db: PrismaClient): Promise<string | null> {
  const session = await auth();
  if (session?.user?.id) return session.user.id;
  const token = bearerFromHeader(req.headers.get("authorization"));
  if (!token) return null;
  const r = await resolveBearerToken(db, token);
  return r.ok ? r.userId : null;
}
