import { Stack, useLocalSearchParams } from "expo-router";

import { TrackScreen } from "~/screens/track-screen";

/** `fanfare://t/<slug>` (and `/t/<slug>` on the web build). */
export default function TrackRoute() {
  const { slug } = useLocalSearchParams<{ slug: string }>();
  return (
    <>
      <Stack.Screen options={{ title: "Track" }} />
      <TrackScreen slug={String(slug)} />
    </>
  );
}
