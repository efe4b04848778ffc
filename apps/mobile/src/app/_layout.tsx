import { Stack } from "expo-router";
import { StatusBar } from "expo-status-bar";
import { StyleSheet, View } from "react-native";
import { SafeAreaProvider } from "react-native-safe-area-context";

import { LoadingState } from "~/components/states";
import { colors } from "~/components/theme";
import { SessionProvider, useSession } from "~/lib/session";
import { ApiProvider } from "~/lib/trpc";

// A deep link straight to a track still has the tabs underneath to go back to.
export const unstable_settings = { initialRouteName: "(tabs)" };

export default function RootLayout() {
  return (
    <SafeAreaProvider>
      <SessionProvider>
        <ApiProvider>
          <RootStack />
        </ApiProvider>
      </SessionProvider>
    </SafeAreaProvider>
  );
}

/**
 * Signed in: the tabs. Signed out: the sign-in screen (expo-router redirects between them when
 * the session changes, e.g. when the API says the token expired). Track pages open either way.
 */
function RootStack() {
  const { state } = useSession();
  const signedIn = state.status === "signed-in";
  return (
    <>
      <Stack
        screenOptions={{
          headerTintColor: colors.accent,
          contentStyle: { backgroundColor: colors.background },
        }}
      >
        <Stack.Protected guard={signedIn}>
          <Stack.Screen name="(tabs)" options={{ headerShown: false }} />
          <Stack.Screen name="notifications" options={{ title: "Notifications" }} />
          <Stack.Screen name="notification-settings" options={{ title: "Notification settings" }} />
        </Stack.Protected>
        <Stack.Protected guard={!signedIn}>
          <Stack.Screen name="sign-in" options={{ title: "Sign in", headerShown: false }} />
        </Stack.Protected>
        <Stack.Screen name="t/[slug]" options={{ title: "Track" }} />
      </Stack>
      {state.status === "loading" ? (
        <View style={styles.cover}>
          <LoadingState />
        </View>
      ) : null}
      <StatusBar style="dark" />
    </>
  );
}

const styles = StyleSheet.create({
  cover: {
    position: "absolute",
    top: 0,
    right: 0,
    bottom: 0,
    left: 0,
    backgroundColor: colors.background,
    justifyContent: "center",
  },
});
