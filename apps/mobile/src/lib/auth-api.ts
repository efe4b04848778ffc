import { z } from "zod";

import { ZSignInInput } from "@fanfare/validators";

import { apiUrl } from "./env";
import type { StoredSession } from "./token-store";

/** A sign-in failure with a message meant for the person signing in. */
export class SignInError extends Error {
  override name = "SignInError";
}

const ZTokenResponse = z.object({ token: z.string().min(1), expires: z.string() });
const ZErrorResponse = z.object({ error: z.string() });

/** What to say when the API cannot be reached at all. */
export function unreachableMessage(): string {
  return `Cannot reach Fanfare at ${apiUrl()}. Check your connection and try again.`;
}

/**
 * Exchanges email and password for a bearer token: `POST {API_URL}/api/auth/token`.
 * @returns the token and its expiry (ISO 8601).
 * @throws SignInError with the server's reason (401 wrong credentials, 400 malformed input),
 *   a validation message, or an unreachable-server message.
 */
export async function requestToken(input: {
  email: string;
  password: string;
}): Promise<StoredSession> {
  const parsed = ZSignInInput.safeParse(input);
  if (!parsed.success) throw new SignInError(parsed.error.issues.map((i) => i.message).join(" "));

  let res: Response;
  try {
    res = await fetch(`${apiUrl()}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(parsed.data),
    });
  } catch {
    throw new SignInError(unreachableMessage());
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ZErrorResponse.safeParse(body);
    throw new SignInError(
      err.success ? err.data.error : `Sign-in failed (HTTP ${res.status}). Try again.`,
    );
  }
  const ok = ZTokenResponse.safeParse(body);
  if (!ok.success)
    throw new SignInError("The server answered sign-in with something unexpected. Try again.");
  return ok.data;
}

/**
 * Revokes a bearer token on the server (`DELETE /api/auth/token`). Best effort: signing out on
 * the device must not depend on the network, so failures are swallowed.
 */
export async function revokeToken(token: string): Promise<void> {
  try {
    await fetch(`${apiUrl()}/api/auth/token`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    // Offline: the token stays valid on the server until it expires; the device forgets it.
  }
}
