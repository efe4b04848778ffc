import {
  ZActAsArtistInput,
  ZCreateLabelInput,
  ZInviteArtistInput,
  ZLabelContractIdInput,
  ZLabelStatsOutput,
} from "@fanfare/validators";

import { AppError } from "../services/app-error";
import { resolveActingArtist } from "../services/labels/acting";
import { listArtistContracts, inviteArtist } from "../services/labels/invitations";
import { createLabel, findOwnLabel } from "../services/labels/label-profile";
import { getLabelStats } from "../services/labels/label-stats";
import { listRoster } from "../services/labels/roster";
import { transitionContract } from "../services/labels/transitions";
import { consumeRateLimit } from "../services/rate-limit";
import { createTRPCRouter, labelProcedure, protectedProcedure } from "../trpc";
import { payeeProcedures } from "./payee-procedures";

const contractAction =
  (action: "accept" | "decline" | "withdraw" | "end") =>
  ({
    ctx,
    input,
  }: {
    ctx: { user: { id: string }; db: Parameters<typeof transitionContract>[1] };
    input: { contractId: string };
  }) =>
    transitionContract({ userId: ctx.user.id, contractId: input.contractId, action }, ctx.db);

/**
 * Labels (issue 16 §5). Every procedure acts as the signed-in user (never as an artist a label
 * acts for): the label side finds the user's label, the artist side the user's own artist
 * profile; the services refuse anyone on neither side of a contract.
 */
export const labelRouter = createTRPCRouter({
  // The label's money (its LABEL shares): earnings, ledger, payouts and Connect, as an artist's.
  ...payeeProcedures(labelProcedure, (ctx: { label: { id: string } }) => ({
    type: "LABEL" as const,
    id: ctx.label.id,
  })),
  /** The caller's label, or null. */
  me: protectedProcedure.query(({ ctx }) => findOwnLabel({ userId: ctx.user.id }, ctx.db)),
  /** Creates the caller's label (idempotent); the slug comes from the name. */
  create: protectedProcedure
    .input(ZCreateLabelInput)
    .mutation(({ ctx, input }) => createLabel({ userId: ctx.user.id, data: input }, ctx.db)),
  /**
   * Invites an artist (page slug or email) with the label's share, term and canManage. Each call
   * costs a point of `labelInvitesPerUser` (the look-up by email must not list accounts).
   */
  invite: protectedProcedure.input(ZInviteArtistInput).mutation(async ({ ctx, input }) => {
    await consumeRateLimit("labelInvitesPerUser", ctx.user.id, { db: ctx.db });
    return inviteArtist({ userId: ctx.user.id, data: input }, ctx.db);
  }),
  /** The label's contracts: active, invited, ended, declined; each says whether it is in force. */
  roster: protectedProcedure.query(({ ctx }) => listRoster({ userId: ctx.user.id }, ctx.db)),
  /** Sales by artist and product and top promoters, integer cents as recorded on each sale. */
  stats: protectedProcedure
    .output(ZLabelStatsOutput)
    .query(({ ctx }) => getLabelStats({ userId: ctx.user.id }, ctx.db)),
  /** The label withdraws an open invitation. */
  withdraw: protectedProcedure.input(ZLabelContractIdInput).mutation(contractAction("withdraw")),
  /** Either side ends an active contract; past sales keep their label. */
  end: protectedProcedure.input(ZLabelContractIdInput).mutation(contractAction("end")),
  /** The caller's own artist's invitations, current contract and past ones. */
  myContracts: protectedProcedure.query(({ ctx }) =>
    listArtistContracts({ userId: ctx.user.id }, ctx.db),
  ),
  /** The invited artist accepts ("End your contract with <label> first" while one is active). */
  accept: protectedProcedure.input(ZLabelContractIdInput).mutation(contractAction("accept")),
  /** The invited artist declines. */
  decline: protectedProcedure.input(ZLabelContractIdInput).mutation(contractAction("decline")),
  /**
   * Whether the caller's label may act for `artistId` now (a contract in force with canManage):
   * the artist and label, or FORBIDDEN with the reason. The web checks it before setting the
   * acting cookie; every artist procedure checks it again.
   */
  canActFor: protectedProcedure.input(ZActAsArtistInput).query(async ({ ctx, input }) => {
    const { artist, label } = await resolveActingArtist(
      { userId: ctx.user.id, artistId: input.artistId },
      ctx.db,
    );
    return {
      artist: { id: artist.id, name: artist.name, slug: artist.slug },
      label: { id: label.id, name: label.name },
    };
  }),
  /**
   * What this request acts as, for the artist dashboard's banner: null when it acts as the user;
   * else the artist and label, or `problem` (the reason the label may no longer act) so the
   * banner can still offer Stop.
   */
  acting: protectedProcedure.query(async ({ ctx }) => {
    const artistId = ctx.actAsArtistId;
    if (!artistId || artistId === ctx.user.artist?.id) return null;
    try {
      const { artist, label } = await resolveActingArtist(
        { userId: ctx.user.id, artistId },
        ctx.db,
      );
      return {
        artistId,
        artist: { id: artist.id, name: artist.name, slug: artist.slug },
        label: { id: label.id, name: label.name },
        problem: null,
      };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { artistId, artist: null, label: null, problem: e.message };
    }
  }),
});
