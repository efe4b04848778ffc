import { SiteChrome } from "~/components/site-chrome";

/** Every page of the site (all but `/embed/*`) inside the header and footer. */
export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return <SiteChrome>{children}</SiteChrome>;
}
