import { Alert } from "@fanfare/ui/alert";
import { Card } from "@fanfare/ui";

import { MagicLinkForm, SignInForm } from "~/components/auth-forms";

export const metadata = { title: "Sign in" };

/** What the raw Auth.js endpoints put in `?error=…&code=…` when they send the browser back here. */
function authErrorMessage(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (code === "rate_limited")
    return "Too many sign-in attempts; wait a few minutes, or reset your password.";
  if (code === "busy") return "The server is busy; try again in a moment.";
  if (error === "CredentialsSignin") return "Wrong email or password.";
  if (error === "Verification")
    return "That sign-in link has expired or was already used; ask for a new one.";
  return "Sign-in failed; try again.";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{
    next?: string;
    email?: string;
    reset?: string;
    error?: string;
    code?: string;
    "check-email"?: string;
  }>;
}) {
  const sp = await searchParams;
  const authError = authErrorMessage(sp.error, sp.code);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Sign in</h1>
      {sp["check-email"] ? (
        <p className="mb-4 rounded-lg bg-green-50 p-3 text-sm text-green-800">
          Check your inbox for a sign-in link.
        </p>
      ) : null}
      {sp.reset ? (
        <p role="status" className="mb-4 rounded-lg bg-green-50 p-3 text-sm text-green-800">
          Your password is changed and you are signed out everywhere. Sign in with the new one.
        </p>
      ) : null}
      {authError ? <Alert className="mb-4">{authError}</Alert> : null}
      <Card className="space-y-4">
        {/* `next` is checked again by the action (safeRedirectPath); it is only carried here. */}
        <SignInForm next={sp.next} email={sp.email} />
        <MagicLinkForm next={sp.next} />
      </Card>
    </div>
  );
}
