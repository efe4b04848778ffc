import Link from "next/link";

import { getPasswordResetTokenState } from "@fanfare/api/services/users/password-reset";
import { getDb } from "@fanfare/db";
import { Alert } from "@fanfare/ui/alert";
import { Card } from "@fanfare/ui";

import { ResetPasswordForm } from "~/components/auth-forms";

export const dynamic = "force-dynamic";
// The token is a secret: never indexed. Other sites never see it in a Referer either: the
// site-wide Referrer-Policy (strict-origin-when-cross-origin) sends them the origin only. (Not
// "no-referrer" here: browsers then send "Origin: null" and Next refuses the server action.)
export const metadata = { title: "Choose a new password", robots: { index: false } };

const UNUSABLE = {
  unknown: "This reset link is not valid.",
  used: "This reset link was already used.",
  expired: "This reset link has expired.",
} as const;

/** The page a reset email links to: the new-password form, or why the link no longer works. */
export default async function ResetPasswordPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const state = await getPasswordResetTokenState({ token }, await getDb());
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Choose a new password</h1>
      <Card>
        {state === "valid" ? (
          <ResetPasswordForm token={token} />
        ) : (
          <div className="space-y-4">
            <Alert>
              {UNUSABLE[state]} Ask for a new one; it works once and for a limited time.
            </Alert>
            <Link href="/forgot-password" className="text-sm font-medium text-brand-600">
              Email me a new link
            </Link>
          </div>
        )}
      </Card>
    </div>
  );
}
