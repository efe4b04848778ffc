import { z } from "zod";

import { ZSubmitPromoterReportInput } from "@fanfare/validators";

import { requestClientIp } from "../services/affiliate/clicks";
import { readBrowserSessionId } from "../services/affiliate/sightings";
import { submitPromoterReport } from "../services/program/reports";
import { consumeRateLimit } from "../services/rate-limit";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** Public reports from visitors (issue 11 §2); the admin side is `admin.reports`. */
export const reportRouter = createTRPCRouter({
  /**
   * "Report this promoter", from a track page reached through a link or a link in an email: no
   * account needed; limited per IP (`promoterReportPerIp`, RATE_LIMIT_REPORT_PER_IP_HOUR). Like
   * every mutation it passes the cross-site (Origin) check of the HTTP route first. The answer is
   * the same whether a new report was stored or the reporter's open one stands.
   */
  submit: publicProcedure
    .input(ZSubmitPromoterReportInput)
    .output(z.object({ received: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await consumeRateLimit("promoterReportPerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
      await submitPromoterReport(
        {
          data: input,
          reporter: {
            ip: requestClientIp(ctx.headers),
            userAgent: ctx.headers.get("user-agent"),
            sessionId: readBrowserSessionId(ctx.headers.get("cookie")),
          },
        },
        ctx.db,
      );
      return { received: true as const };
    }),
});
