import Link from "next/link";

import { recruiterForSignUp } from "@fanfare/api/services/affiliate/recruits";
import { getDb } from "@fanfare/db";
import { buttonVariants, Card } from "@fanfare/ui";

import { auth } from "~/auth";

export const dynamic = "force-dynamic";
export const metadata = {
  title: "Join Fanfare's promoter program",
  description: "Share the music you love and earn a commission on every sale you bring.",
};

/**
 * A recruit link's landing page `/join?ref=<promoter code>` (issue 14 §6): who invited the
 * visitor (the recruiter's public label; an unknown or inactive code just shows the program),
 * what promoting is, and the way to a new account that records the recruiter (`/sign-up?ref=`).
 * A signed-in visitor already has an account, and only new accounts can be recruited: they are
 * sent to their dashboard. Per request (the label depends on the code); nothing personal about
 * the visitor is shown.
 */
export default async function JoinPage({
  searchParams,
}: {
  searchParams: Promise<{ ref?: string | string[] }>;
}) {
  const { ref } = await searchParams;
  const code = typeof ref === "string" ? ref.trim().toLowerCase() : null;
  const [recruiter, session] = await Promise.all([recruiterForSignUp(code, await getDb()), auth()]);
  const signUp = `/sign-up?${new URLSearchParams({
    ...(recruiter && code ? { ref: code } : {}),
    next: "/dashboard/promoter",
  })}`;
  return (
    <article className="mx-auto max-w-xl space-y-6" data-testid="join">
      <header className="space-y-2 text-center">
        {recruiter ? (
          <p className="text-sm font-medium text-brand-700" data-testid="join-recruiter">
            {recruiter.label} invited you
          </p>
        ) : null}
        <h1 className="text-3xl font-bold text-ink">Earn by sharing the music you love</h1>
        <p className="text-zinc-700">
          Fanfare pays fans a commission on every track they help sell. Get your link to any track
          in one click, share it anywhere, and watch the sales come in.
        </p>
      </header>
      <Card className="space-y-4">
        <ul className="list-disc space-y-2 pl-6 text-sm text-zinc-700">
          <li>Artists set the commission on each track: 10&nbsp;% to 50&nbsp;% of the price.</li>
          <li>Clicks, sales and earnings on your dashboard, as they happen.</li>
          <li>Withdraw to your bank once your earnings clear the refund window.</li>
          <li>Landing pages, share cards, embeds and a link builder to reach your audience.</li>
        </ul>
        {session?.user?.id ? (
          <div className="space-y-3 text-sm">
            <p className="text-zinc-700">
              You already have a Fanfare account, so you can promote right away (invitations are for
              new accounts).
            </p>
            <Link href="/dashboard/promoter" className={buttonVariants({})}>
              Go to your promoter dashboard
            </Link>
          </div>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Link href={signUp} className={buttonVariants({})} data-testid="join-sign-up">
              Create your free account
            </Link>
            <Link href="/help/promoters" className="text-sm font-medium text-brand-700 underline">
              How promoting works
            </Link>
          </div>
        )}
      </Card>
    </article>
  );
}
