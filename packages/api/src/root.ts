import { accountRouter } from "./router/account";
import { adminRouter } from "./router/admin";
import { adminJobsRouter } from "./router/admin-jobs";
import { artistRouter } from "./router/artist";
import { buyerRouter } from "./router/buyer";
import { campaignRouter } from "./router/campaign";
import { discountRouter } from "./router/discount";
import { leaderboardRouter } from "./router/leaderboard";
import { promoterRouter } from "./router/promoter";
import { reportRouter } from "./router/report";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  artist: artistRouter,
  promoter: promoterRouter,
  buyer: buyerRouter,
  admin: adminRouter,
  leaderboard: leaderboardRouter,
  discount: discountRouter,
  campaign: campaignRouter,
  jobs: adminJobsRouter,
  account: accountRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;
