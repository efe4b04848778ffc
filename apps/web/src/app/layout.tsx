import type { Metadata } from "next";
import Link from "next/link";

import { NavAccount } from "~/components/nav-account";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fanfare", template: "%s · Fanfare" },
  description: "Buy music straight from artists, and earn by promoting the tracks you love.",
};

/**
 * The root layout is the same for every visitor (no session read here), so public pages can be
 * served from cache; the signed-in part of the nav is a client island (`NavAccount`). React
 * Query and the tRPC client (`TRPCReactProvider`) are provided by the sections that use them
 * (dashboard, admin, purchase), so a track page does not ship them.
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
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
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 whitespace-nowrap px-4 py-3 sm:gap-x-6"
          >
            <Link href="/" className="text-lg font-bold tracking-tight text-brand-600">
              Fanfare
            </Link>
            <Link href="/" className="text-sm text-zinc-700 hover:text-ink">
              Discover
            </Link>
            <Link href="/leaderboard" className="text-sm text-zinc-700 hover:text-ink">
              Leaderboard
            </Link>
            <div className="ml-auto flex flex-wrap items-center justify-end gap-x-4 gap-y-1 text-sm">
              <NavAccount />
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
