import { Card } from "@fanfare/ui";

import { SignUpForm } from "~/components/auth-forms";

export const metadata = { title: "Sign up" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Create your Fanfare account</h1>
      <Card>
        <SignUpForm next={next} />
      </Card>
    </div>
  );
}
