import { Card } from "@fanfare/ui";

import { MagicLinkForm, SignInForm } from "~/components/auth-forms";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; "check-email"?: string }>;
}) {
  const sp = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Sign in</h1>
      {sp["check-email"] ? (
        <p className="mb-4 rounded-lg bg-green-50 p-3 text-sm text-green-800">
          Check your inbox for a sign-in link.
        </p>
      ) : null}
      <Card className="space-y-4">
        <SignInForm next={sp.next} />
        <MagicLinkForm next={sp.next} />
      </Card>
    </div>
  );
}
