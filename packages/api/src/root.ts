import { adminRouter } from "./router/admin";
import { artistRouter } from "./router/artist";
import { buyerRouter } from "./router/buyer";
import { discountRouter } from "./router/discount";
import { leaderboardRouter } from "./router/leaderboard";
import { promoterRouter } from "./router/promoter";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  artist: artistRouter,
  promoter: promoterRouter,
  buyer: buyerRouter,
  admin: adminRouter,
  leaderboard: leaderboardRouter,
  discount: discountRouter,
});

export type AppRouter = typeof appRouter;
