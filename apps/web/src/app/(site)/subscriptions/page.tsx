import { subscriberFormatOptions } from "@fanfare/api/services/subscriptions/downloads";

import { MySubscriptions } from "~/components/my-subscriptions";
import { loadArtistPage } from "~/lib/public-data";
import { requireSession } from "~/lib/require-user";
import type { SubscriberTrack } from "~/lib/subscription-view";
import { subscriptionEntitled } from "~/lib/subscription-view";
import { api, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Subscriptions" };

type Props = {
  searchParams: Promise<{ started?: string | string[]; format?: string | string[] }>;
};

/**
 * The signed-in user's catalog subscriptions (issue 16 §3), prefetched into the first HTML, with
 * each entitled subscription's download list: the artist's published tracks from the artist
 * page's cached public content (the download route checks the subscription again).
 * `?started=<id>` is where Checkout returns; `?format=` (one of the picker's formats, else the
 * original) is the links' format, as the picker leaves it in the address.
 */
export default async function SubscriptionsPage({ searchParams }: Props) {
  await requireSession("/subscriptions");
  const { started, format } = await searchParams;
  const formats = subscriberFormatOptions();
  const initialFormat = formats.find((f) => f.format === format)?.format ?? "original";
  await prefetch(trpc.subscription.mine.queryOptions());
  const mine = await (await api()).subscription.mine().catch(() => []);
  const entitled = [
    ...new Map(
      mine.filter((s) => subscriptionEntitled(s)).map((s) => [s.artist.id, s.artist]),
    ).values(),
  ];
  const tracksByArtist: Record<string, SubscriberTrack[]> = {};
  await Promise.all(
    entitled.map(async (a) => {
      const page = await loadArtistPage(a.slug);
      tracksByArtist[a.id] =
        page.status === "found"
          ? page.artist.tracks.map((t) => ({ id: t.id, title: t.title, slug: t.slug }))
          : [];
    }),
  );
  return (
    <HydrateClient>
      <div className="max-w-3xl space-y-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">Subscriptions</h1>
          <p className="text-sm text-zinc-600">
            Artists whose whole catalog you download for a monthly or yearly price.
          </p>
        </div>
        <MySubscriptions
          tracksByArtist={tracksByArtist}
          startedId={typeof started === "string" ? started : null}
          formats={formats}
          initialFormat={initialFormat}
        />
      </div>
    </HydrateClient>
  );
}
