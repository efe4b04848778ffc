import { Card } from "@fanfare/ui";

import { ForgotPasswordForm } from "~/components/auth-forms";

export const metadata = { title: "Forgot password" };

/** "Forgot password?": the reset link goes out through the outbox (the dev mailbox locally). */
export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Forgot your password?</h1>
      <Card>
        <ForgotPasswordForm />
      </Card>
    </div>
  );
}
