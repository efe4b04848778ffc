import type { PrismaClient } from "@fanfare/db";

import { apiEnv } from "../env";
import { promoterCode } from "./recruits";

/**
 * What the link builder needs for page links (issue 14 §1): the promoter-level code
 * (`promoterCode`, assigned on first use; the code of recruit links too), the site's origin
 * (APP_URL) the links are built on, and the artists whose tracks the promoter links ("My artist
 * page links"), by name.
 * @returns `{ code, appUrl, artists: [{ id, name, slug }] }`.
 * @throws Error when the promoter does not exist.
 */
export async function pageLinkCode(
  input: { promoterId: string },
  db: PrismaClient,
): Promise<{
  code: string;
  appUrl: string;
  artists: { id: string; name: string; slug: string }[];
}> {
  const [code, artists] = await Promise.all([
    promoterCode(input.promoterId, db),
    db.artistProfile.findMany({
      where: { tracks: { some: { links: { some: { promoterId: input.promoterId } } } } },
      select: { id: true, name: true, slug: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return { code, appUrl: new URL(apiEnv().APP_URL).origin, artists };
}
