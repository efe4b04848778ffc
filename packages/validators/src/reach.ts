import { z } from "zod";

import { ZLandingHandle } from "./landing";
import { ZLinkCode } from "./reports";
import { ZSlug } from "./schemas";
import { zText } from "./text";

/**
 * A view reported by a public page (POST /api/views, issue 14 §3 and §5): a landing page
 * `/p/<handle>` when it is shown, or an embedded player `/embed/t/<slug>` on its first play,
 * with the promoter link's code when the embed carries `?ref=`.
 */
export const ZPageViewInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("landing"), handle: ZLandingHandle }),
    z.object({
      kind: z.literal("embed"),
      slug: zText("Slug").pipe(ZSlug),
      ref: ZLinkCode.nullish(),
    }),
  ],
  { error: 'Field `kind` must be "landing" or "embed".' },
);
export type PageViewInput = z.infer<typeof ZPageViewInput>;
