import { GeistSans } from "geist/font/sans";
import { AudioLines } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

import { Toaster } from "@fanfare/ui/toast";

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
    <html lang="en" className={GeistSans.variable}>
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
            className="mx-auto flex min-h-14 max-w-6xl items-center gap-x-6 px-4 py-2"
          >
            <Link
              href="/"
              className="flex items-center gap-2 text-lg font-bold tracking-tight text-brand-600"
            >
              <span
                aria-hidden
                className="flex size-7 items-center justify-center rounded-lg bg-brand-600 text-white"
              >
                <AudioLines className="size-4" />
              </span>
              Fanfare
            </Link>
            <NavAccount />
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-8 text-sm text-zinc-500">
          <Link href="/terms" className="hover:text-ink">
            Promoter terms
          </Link>
        </footer>
        <Toaster />
      </body>
    </html>
  );
}
