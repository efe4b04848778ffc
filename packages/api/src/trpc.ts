/**
 * tRPC setup: context, the error formatter and the role procedures.
 * Routers stay thin; the rules live in `services/`.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

import { bearerFromHeader, resolveBearerToken } from "@fanfare/auth/server";
import type { ApiKeyScope, PrismaClient } from "@fanfare/db";
import { getDb } from "@fanfare/db";
import { ACT_AS_COOKIE, ACT_AS_HEADER } from "@fanfare/validators";
import type { OpenApiMeta } from "trpc-to-openapi";

import { toTRPCError } from "./errors";
import { AppError } from "./services/app-error";
import { getOrCreatePromoterProfile } from "./services/affiliate/promoter-profile";
import { readCookie } from "./services/affiliate/clicks";
import type { ActingLabel } from "./services/labels/acting";
import { resolveActingArtist } from "./services/labels/acting";
import { auditActingMutation } from "./services/labels/acting-audit";
import { getOwnLabelOrThrow } from "./services/labels/label-profile";
import { looksLikeApiKey } from "./services/platform/api-key-format";
import type { ApiKeyAuth } from "./services/platform/api-keys";

export type SessionLike = { user?: { id?: string | null } | null } | null;

async function loadUser(db: PrismaClient, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, isAdmin: true, artist: true, promoter: true },
  });
}
export type ContextUser = NonNullable<Awaited<ReturnType<typeof loadUser>>>;

/**
 * The artist a label user asks to act for (issue 16 §5): the `x-fanfare-act-as-artist` header,
 * else the `ff_act_as` cookie; null when neither is set. Only a request; `artistProcedure` checks
 * the label's contract on every call.
 */
function actAsArtistIdOf(headers: Headers): string | null {
  const id = headers.get(ACT_AS_HEADER) ?? readCookie(headers.get("cookie"), ACT_AS_COOKIE);
  return id ? id.trim().slice(0, 64) || null : null;
}

/**
 * Builds the context of one request: the web app passes the next-auth session; API clients
 * (the mobile app) send `Authorization: Bearer <token>`. The REST API (`/api/v1/`, issue 15)
 * passes the API key it authenticated (`apiKey`, services/platform/rest-handler.ts): the key's
 * owner is the user and no session or bearer token is read. An API key sent to the app's own
 * endpoint is never accepted: it is not a session token.
 */
export async function createTRPCContext(opts: {
  headers: Headers;
  session: SessionLike;
  db?: PrismaClient;
  apiKey?: ApiKeyAuth | null;
}) {
  const db = opts.db ?? (await getDb());
  const apiKey = opts.apiKey ?? null;
  if (apiKey) {
    const user = await loadUser(db, apiKey.userId);
    // An API key always acts as its owner: no acting for an artist over the REST API.
    return { db, headers: opts.headers, user, authProblem: null, apiKey, actAsArtistId: null };
  }
  let userId = opts.session?.user?.id ?? null;
  let authProblem: string | null = null;
  const bearer = bearerFromHeader(opts.headers.get("authorization"));
  if (!userId && bearer && looksLikeApiKey(bearer))
    authProblem =
      "API keys work only with the REST API (/api/v1/, see /docs/api), not as a session token.";
  else if (!userId && bearer) {
    const r = await resolveBearerToken(db, bearer);
    if (r.ok) userId = r.userId;
    else
      authProblem =
        r.reason === "expired"
          ? "Your session has expired: sign in again."
          : "That session token is not valid: sign in again.";
  }
  const user = userId ? await loadUser(db, userId) : null;
  return {
    db,
    headers: opts.headers,
    user,
    authProblem,
    apiKey: null as ApiKeyAuth | null,
    actAsArtistId: actAsArtistIdOf(opts.headers) as string | null,
  };
}
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

/** "field: message; other.field: message" — what a person reads instead of zod's issue list. */
export function readableZodMessage(e: ZodError): string {
  return e.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/**
 * What a procedure may declare: its REST route (`openapi`, trpc-to-openapi: the `v1` router) and
 * the API key scope that route needs (`scope`; checked by `apiKeyScopes`).
 */
export type ProcedureMeta = OpenApiMeta<{ scope?: ApiKeyScope }>;

const withMeta = initTRPC.context<Context>().meta<ProcedureMeta>();

const t = withMeta.create({
  transformer: superjson,
  // Subscriptions over SSE (`live.events`, issue 13 §6): a ping every 15 s keeps proxies from
  // closing an idle stream, and a client that hears nothing for 30 s reconnects.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 30_000 },
  },
  errorFormatter: ({ shape, error }) => {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const app = error.cause instanceof AppError ? error.cause : null;
    // Unexpected errors are logged by the route; the client learns nothing about our internals.
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !app;
    return {
      ...shape,
      // A readable message instead of the raw issue list: the first problem, with its field.
      message: zod
        ? readableZodMessage(zod)
        : internal
          ? "Something went wrong on our side; it has been logged. Please try again."
          : shape.message,
      data: {
        ...shape.data,
        stack: internal ? undefined : shape.data.stack,
        fieldErrors: zod
          ? z.flattenError(zod).fieldErrors
          : app?.field
            ? { [app.field]: [app.message] }
            : null,
        appCode: app?.code ?? null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/**
 * Turns AppErrors thrown by services into TRPCErrors with the mapped code, and input validation
 * failures into BAD_REQUEST with a readable message (server-side callers see it too, not only
 * HTTP clients through the error formatter).
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) return { ...result, error: toTRPCError(cause) as TRPCError };
  // An output that fails its `.output` schema is our fault (INTERNAL_SERVER_ERROR), not the caller's.
  if (cause instanceof ZodError && result.error.code !== "INTERNAL_SERVER_ERROR")
    return {
      ...result,
      error: new TRPCError({ code: "BAD_REQUEST", message: readableZodMessage(cause), cause }),
    };
  return result;
});

/**
 * A request made with an API key (the REST API) may run only procedures that declare a scope
 * (`.meta({ scope })`, the `v1` router) the key holds: 403 naming the missing scope otherwise.
 * Requests without a key pass (sessions and bearer tokens are not scoped).
 */
const apiKeyScopes = t.middleware(({ ctx, meta, next }) => {
  if (!ctx.apiKey) return next();
  const scope = meta?.scope;
  if (!scope)
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "API keys work only with the routes of the REST API (/api/v1/, see /docs/api).",
    });
  if (!ctx.apiKey.scopes.includes(scope)) {
    const route = meta.openapi ? `${meta.openapi.method} ${meta.openapi.path}` : "this route";
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This API key lacks the scope "${scope}" that ${route} needs: create a key with it in Settings → API keys.`,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(apiKeyScopes);

/** Any signed-in user. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user)
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: ctx.authProblem ?? "Sign in to do that.",
    });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Every signed-in user is a promoter; the profile is created on first use. */
export const promoterProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const promoter =
    ctx.user.promoter ??
    (await getOrCreatePromoterProfile({ userId: ctx.user.id, displayName: ctx.user.name }, ctx.db));
  return next({ ctx: { ...ctx, promoter } });
});

const noArtistProfile = () =>
  new TRPCError({
    code: "FORBIDDEN",
    message: "Create your artist profile first (Dashboard -> Become an artist).",
  });

/**
 * The artist's catalog: users with an artist profile (`ctx.artist`), or a label acting for a
 * roster artist (issue 16 §5): when the request names an artist (`ctx.actAsArtistId`, the
 * `ff_act_as` cookie or `x-fanfare-act-as-artist` header) other than the user's own,
 * `ctx.artist` is that artist only while the user's label has a contract with them in force with
 * `canManage` (`resolveActingArtist`, FORBIDDEN with the reason otherwise), and
 * `ctx.actingLabel` records the label (null when the user acts as themselves). Procedures that
 * are the artist's alone (money, their page, buyer details) use `ownArtistProcedure`. While
 * acting, every mutation that succeeds is audit-logged (`label.act.<path>`), the catalog's
 * money totals are withheld (`catalogRowFor`, router/artist.ts) and the services refuse changes
 * to a product's commission rate or affiliate switch (`assertLabelKeepsPromotionTerms`).
 */
export const artistProcedure = protectedProcedure
  .use(async ({ ctx, next }) => {
    const actAs = ctx.actAsArtistId;
    if (actAs && actAs !== ctx.user.artist?.id) {
      const acting = await resolveActingArtist({ userId: ctx.user.id, artistId: actAs }, ctx.db);
      return next({
        ctx: { ...ctx, artist: acting.artist, actingLabel: acting.label as ActingLabel | null },
      });
    }
    const artist = ctx.user.artist;
    if (!artist) throw noArtistProfile();
    return next({ ctx: { ...ctx, artist, actingLabel: null as ActingLabel | null } });
  })
  // What a label did while acting: every mutation that succeeded, in the audit log
  // (`auditActingMutation`). Written after the change, outside its transaction; a failed write
  // fails the request, so a change the log misses is never answered as a plain success.
  .use(async ({ ctx, type, path, getRawInput, next }) => {
    const result = await next();
    if (type === "mutation" && result.ok && ctx.actingLabel)
      await auditActingMutation(ctx.db, {
        label: ctx.actingLabel,
        artistId: ctx.artist.id,
        path,
        input: await getRawInput(),
        result: result.data,
      });
    return result;
  });

/**
 * The user's own artist profile, never one a label acts for: earnings, the ledger, payouts,
 * Connect, the artist's page and press kit, sales with buyer details, the sales totals
 * (`artist.stats`) and the source report (issue 16 §5: a label is paid its own share and cannot
 * reach the artist's money). While the request acts for another artist it is refused, so a label
 * never mistakes its own figures for the artist's.
 */
export const ownArtistProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.actAsArtistId && ctx.actAsArtistId !== ctx.user.artist?.id)
    throw new TRPCError({
      code: "FORBIDDEN",
      message:
        "You are acting for another artist as their label: their earnings, payouts, Connect account, page and buyers are theirs alone. Stop acting for them to see your own.",
    });
  const artist = ctx.user.artist;
  if (!artist) throw noArtistProfile();
  return next({ ctx: { ...ctx, artist, actingLabel: null as ActingLabel | null } });
});

/**
 * Users with a label (issue 16 §5): `ctx.label`, the caller's own. FORBIDDEN ("create your label
 * first") without one. For the label's money (earnings, payouts, Connect).
 */
export const labelProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const label = await getOwnLabelOrThrow({ userId: ctx.user.id }, ctx.db);
  return next({ ctx: { ...ctx, label } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Admins only." });
  return next({ ctx });
});
