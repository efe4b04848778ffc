import { Link, Stack } from "expo-router";

import { EmptyState } from "~/components/states";
import { Screen } from "~/components/ui";

export default function NotFound() {
  return (
    <>
      <Stack.Screen options={{ title: "Not found" }} />
      <Screen>
        <EmptyState title="Nothing here" body="That link does not lead to a screen of the app." />
        <Link href="/">Go to your earnings</Link>
      </Screen>
    </>
  );
}
