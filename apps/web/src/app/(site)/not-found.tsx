import { NotFoundBody } from "../not-found";

export const metadata = { title: "Page not found" };

/** `notFound()` in any page of the site: the 404 body inside the site's layout. */
export default function SiteNotFound() {
  return <NotFoundBody />;
}
