import { accountRouter } from "./router/account";
import { adminRouter } from "./router/admin";
import { adminJobsRouter } from "./router/admin-jobs";
import { artistRouter } from "./router/artist";
import { buyerRouter } from "./router/buyer";
import { campaignRouter } from "./router/campaign";
import { contestRouter } from "./router/contest";
import { discountRouter } from "./router/discount";
import { labelRouter } from "./router/label";
import { landingRouter } from "./router/landing";
import { leaderboardRouter } from "./router/leaderboard";
import { licenseRouter } from "./router/license";
import { liveRouter } from "./router/live";
import { notificationRouter } from "./router/notification";
import { promoterRouter } from "./router/promoter";
import { releaseRouter } from "./router/release";
import { reportRouter } from "./router/report";
import { subscriptionRouter } from "./router/subscription";
import { webhookRouter } from "./router/webhook";
import { apiKeyRouter } from "./router/api-key";
import { v1Router } from "./router/v1";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  artist: artistRouter,
  promoter: promoterRouter,
  release: releaseRouter,
  buyer: buyerRouter,
  admin: adminRouter,
  leaderboard: leaderboardRouter,
  live: liveRouter,
  notification: notificationRouter,
  discount: discountRouter,
  campaign: campaignRouter,
  contest: contestRouter,
  landing: landingRouter,
  jobs: adminJobsRouter,
  account: accountRouter,
  report: reportRouter,
  webhook: webhookRouter,
  apiKey: apiKeyRouter,
  v1: v1Router,
  license: licenseRouter,
  label: labelRouter,
  subscription: subscriptionRouter,
});

export type AppRouter = typeof appRouter;
