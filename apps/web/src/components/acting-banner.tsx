import { stopActingAction } from "~/app/(site)/dashboard/label/actions";
import { api, getContext } from "~/trpc/server";

/**
 * "Acting for <artist> as <label> — Stop" at the top of the artist dashboard while a label acts
 * for a roster artist (the `ff_act_as` cookie, issue 16 §5). When the label may no longer act
 * (the contract ended, catalog management was not granted), it says why and still offers Stop.
 * Renders nothing for a user acting as themselves. A server component: the cookie is httpOnly.
 */
export async function ActingBanner() {
  const ctx = await getContext();
  if (!ctx.user || !ctx.actAsArtistId) return null;
  const acting = await (await api()).label.acting();
  if (!acting) return null;
  return (
    <div
      role="status"
      data-testid="acting-banner"
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-600/20"
    >
      <span>
        {acting.artist ? (
          <>
            Acting for <strong>{acting.artist.name}</strong> as <strong>{acting.label.name}</strong>
            . Their earnings, payouts, page and buyers stay theirs.
          </>
        ) : (
          acting.problem
        )}
      </span>
      <form action={stopActingAction}>
        <button type="submit" className="font-semibold underline underline-offset-2">
          Stop
        </button>
      </form>
    </div>
  );
}
