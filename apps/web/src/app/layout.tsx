import { GeistSans } from "geist/font/sans";
import type { Metadata } from "next";

import { Toaster } from "@fanfare/ui/toast";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fanfare", template: "%s · Fanfare" },
  description: "Buy music straight from artists, and earn by promoting the tracks you love.",
};

/**
 * The root layout: the document, the font and the toaster, the same for every visitor (no session
 * read here), so public pages can be served from cache. The site's header and footer are
 * `SiteChrome`, given by the `(site)` group's layout to every page but the embeds (`/embed/*`,
 * framed by other sites, with no chrome). React Query and the tRPC client (`TRPCReactProvider`)
 * are provided by the sections that use them (dashboard, admin, purchase), so a track page does
 * not ship them.
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-screen">
        {children}
        <Toaster />
      </body>
    </html>
  );
}
