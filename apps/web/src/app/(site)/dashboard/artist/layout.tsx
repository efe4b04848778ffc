import { ActingBanner } from "~/components/acting-banner";

/**
 * Every artist dashboard page, with the banner saying so when a label acts for the artist
 * (issue 16 §5).
 */
export default function ArtistDashboardLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <ActingBanner />
      {children}
    </>
  );
}
