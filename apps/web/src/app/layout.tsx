import type { Metadata } from "next";
import Link from "next/link";

import { auth } from "~/auth";

import { TRPCReactProvider } from "~/trpc/react";
import { getContext } from "~/trpc/server";

import { signOutAction } from "./(auth)/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fanfare", template: "%s · Fanfare" },
  description: "Buy music straight from artists, and earn by promoting the tracks you love.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  // Only signed-in pages pay for the user lookup (cached for the rest of the request).
  const isAdmin = session?.user ? ((await getContext()).user?.isAdmin ?? false) : false;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-brand-600">
              Fanfare
            </Link>
            <Link href="/" className="text-sm text-zinc-700 hover:text-ink">
              Discover
            </Link>
            <Link href="/leaderboard" className="text-sm text-zinc-700 hover:text-ink">
              Leaderboard
            </Link>
            <div className="ml-auto flex items-center gap-4 text-sm">
              {session?.user ? (
                <>
                  <Link href="/dashboard/promoter" className="text-zinc-700 hover:text-ink">
                    Promoter
                  </Link>
                  <Link href="/dashboard/artist" className="text-zinc-700 hover:text-ink">
                    Artist
                  </Link>
                  <Link href="/dashboard/earnings" className="text-zinc-700 hover:text-ink">
                    Earnings
                  </Link>
                  {isAdmin ? (
                    <Link href="/admin" className="text-zinc-700 hover:text-ink">
                      Admin
                    </Link>
                  ) : null}
                  <span className="hidden text-zinc-500 sm:inline" data-testid="signed-in-as">
                    {session.user.email}
                  </span>
                  <form action={signOutAction}>
                    <button type="submit" className="text-zinc-700 hover:text-ink">
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <Link href="/sign-in" className="text-zinc-700 hover:text-ink">
                    Sign in
                  </Link>
                  <Link
                    href="/sign-up"
                    className="rounded-lg bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700"
                  >
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </nav>
        </header>
        <TRPCReactProvider>
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
