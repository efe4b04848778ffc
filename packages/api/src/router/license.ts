import { ZVerifyLicenseInput } from "@fanfare/validators";

import { renderLicenseCertificate } from "../services/licenses/certificate";
import { licenseCertificateData, verifyLicense } from "../services/licenses/verify";
import { consumeRateLimit } from "../services/rate-limit";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * Licences (issue 16 §4), public: anyone holding a key may check it and fetch its certificate.
 * A malformed key is refused by the input schema before any database read; then each call costs
 * a point of `licenseVerifyPerIp` (keys are 80 random bits: guessing is hopeless, the limit
 * guards the box).
 */
export const licenseRouter = createTRPCRouter({
  /** Whether the licence stands, what it covers and its holder (`LicenseVerification`). */
  verify: publicProcedure.input(ZVerifyLicenseInput).query(async ({ ctx, input }) => {
    await consumeRateLimit("licenseVerifyPerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
    return verifyLicense(input, ctx.db);
  }),
  /**
   * The licence's certificate (`renderLicenseCertificate`) as base64 with its file name, for the
   * web's GET /api/licenses/<key>/certificate.pdf.
   */
  certificate: publicProcedure.input(ZVerifyLicenseInput).query(async ({ ctx, input }) => {
    await consumeRateLimit("licenseVerifyPerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
    const data = await licenseCertificateData(input, ctx.db);
    const pdf = await renderLicenseCertificate(data);
    return { fileName: `fanfare-licence-${data.key}.pdf`, pdfBase64: pdf.toString("base64") };
  }),
});
