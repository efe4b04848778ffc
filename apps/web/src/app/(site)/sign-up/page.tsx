import { recruiterForSignUp } from "@fanfare/api/services/affiliate/recruits";
import { getDb } from "@fanfare/db";
import { Card } from "@fanfare/ui";

import { SignUpForm } from "~/components/auth-forms";

export const metadata = { title: "Sign up" };

/**
 * Sign-up. With `?ref=<promoter code>` from a recruit link (issue 14 §6) naming an active promoter,
 * the form carries the code and says who invited the person; the account records the recruiter.
 */
export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; ref?: string | string[] }>;
}) {
  const { next, ref } = await searchParams;
  const code = typeof ref === "string" ? ref.trim().toLowerCase() : null;
  const recruiter = await recruiterForSignUp(code, await getDb());
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Create your Fanfare account</h1>
      {recruiter ? (
        <p className="mb-4 text-sm text-zinc-700" data-testid="sign-up-recruiter">
          Invited by <strong>{recruiter.label}</strong>
        </p>
      ) : null}
      <Card>
        <SignUpForm next={next} recruitCode={recruiter ? (code ?? undefined) : undefined} />
      </Card>
    </div>
  );
}
