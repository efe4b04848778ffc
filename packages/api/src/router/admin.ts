import { ZAdminSalesInput } from "@fanfare/validators";

import { listSalesForAdmin } from "../services/admin/list-sales";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  sales: adminProcedure.input(ZAdminSalesInput).query(({ ctx, input }) => listSalesForAdmin(input, ctx.db)),
});
