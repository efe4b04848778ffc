import type { Metadata } from "next";

/** Embeds are shown inside other sites: never indexed as pages of their own. */
export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * The layout of the embeddable players (`/embed/*`, framed by other sites: see
 * src/lib/security-headers.ts). No site header or footer, and a transparent page with no minimum
 * height, so the frame shows only the player's card on the host page's own background.
 */
export default function EmbedLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      {/* The root layout's body is the site's: full height on a grey background. */}
      <style>{"body{background:transparent;min-height:0}"}</style>
      <main className="p-1">{children}</main>
    </>
  );
}
