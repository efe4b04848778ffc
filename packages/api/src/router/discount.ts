import { ZDiscountCodeInput } from "@fanfare/validators";

import { validateDiscountCode } from "../services/discount/validate-code";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const discountRouter = createTRPCRouter({
  validate: publicProcedure
    .input(ZDiscountCodeInput)
    .query(({ ctx, input }) => validateDiscountCode(input, ctx.db)),
});
