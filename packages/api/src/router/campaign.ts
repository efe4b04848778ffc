import {
  ZCampaignActionInput,
  ZCampaignStatsInput,
  ZCampaignStatsOutput,
  ZCreateCampaignInput,
  ZListCampaignsInput,
  ZLiveCampaignsInput,
  ZLiveCampaignsOutput,
  ZUpdateCampaignInput,
} from "@fanfare/validators";

import type { CampaignActor } from "../services/campaigns/campaigns";
import {
  campaignAction,
  campaignStats,
  createCampaign,
  listCampaigns,
  liveCampaigns,
  updateCampaign,
} from "../services/campaigns/campaigns";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

// The same reading of the caller as `discount.*`: admins manage every campaign (theirs are the
// platform's), artists their own; the services refuse anyone else.
const actorOf = (user: {
  id: string;
  isAdmin: boolean;
  artist: { id: string } | null;
}): CampaignActor => ({
  userId: user.id,
  isAdmin: user.isAdmin,
  artistId: user.artist?.id ?? null,
});

/** Campaigns (issue 12 §3): time-boxed commission boosts and discounts. */
export const campaignRouter = createTRPCRouter({
  /** A new DRAFT. Admins: any scope, the platform's; artists: their own tracks, funded by them. */
  create: protectedProcedure
    .input(ZCreateCampaignInput)
    .mutation(({ ctx, input }) => createCampaign(input, actorOf(ctx.user), ctx.db)),
  /** Edits a campaign that has not started. */
  update: protectedProcedure
    .input(ZUpdateCampaignInput)
    .mutation(({ ctx, input }) => updateCampaign(input, actorOf(ctx.user), ctx.db)),
  /** Schedules a draft, or cancels a campaign. */
  action: protectedProcedure
    .input(ZCampaignActionInput)
    .mutation(({ ctx, input }) => campaignAction(input, actorOf(ctx.user), ctx.db)),
  /** The campaigns the caller manages (an admin: all), newest first. */
  list: protectedProcedure
    .input(ZListCampaignsInput)
    .query(({ ctx, input }) => listCampaigns(input, actorOf(ctx.user), ctx.db)),
  /** Clicks, sales, revenue, commission and discount so far, against the period before (cents). */
  stats: protectedProcedure
    .input(ZCampaignStatsInput)
    .output(ZCampaignStatsOutput)
    .query(({ ctx, input }) => campaignStats(input, actorOf(ctx.user), ctx.db)),
  /** Public: the campaigns live now for a track, an artist's tracks, or all (soonest ending first). */
  live: publicProcedure
    .input(ZLiveCampaignsInput)
    .output(ZLiveCampaignsOutput)
    .query(({ ctx, input }) => liveCampaigns(ctx.db, new Date(), input)),
});
