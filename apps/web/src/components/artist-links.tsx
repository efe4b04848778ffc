import { ExternalLink } from "lucide-react";

import { pillVariants } from "@fanfare/ui";

/**
 * An artist's own links as pills (the artist page and the press kit): the label, opened in a new
 * tab with no referrer, no ranking credit and no `window.opener` (links the artist wrote). Nothing
 * when there are none.
 */
export function ArtistLinks({
  name,
  links,
}: {
  name: string;
  links: readonly { label: string; url: string }[];
}) {
  if (links.length === 0) return null;
  return (
    <ul
      className="flex flex-wrap justify-center gap-2 sm:justify-start"
      aria-label={`${name} elsewhere`}
    >
      {links.map((l, i) => (
        <li key={`${i}-${l.url}`}>
          <a
            href={l.url}
            target="_blank"
            rel="noopener noreferrer nofollow ugc"
            className={`${pillVariants()} gap-1`}
          >
            {l.label}
            <ExternalLink aria-hidden className="h-3.5 w-3.5" />
          </a>
        </li>
      ))}
    </ul>
  );
}
