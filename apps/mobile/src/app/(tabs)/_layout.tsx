import Ionicons from "@expo/vector-icons/Ionicons";
import { Tabs } from "expo-router";
import type { ColorValue } from "react-native";

import { colors } from "~/components/theme";

type IconName = React.ComponentProps<typeof Ionicons>["name"];

const icon =
  (name: IconName) =>
  ({ color, size }: { color: ColorValue; size: number }) => (
    <Ionicons name={name} color={color} size={size} />
  );

export default function TabsLayout() {
  return (
    <Tabs screenOptions={{ tabBarActiveTintColor: colors.accent, headerTintColor: colors.text }}>
      <Tabs.Screen
        name="index"
        options={{ title: "Earnings", tabBarIcon: icon("wallet-outline") }}
      />
      <Tabs.Screen name="links" options={{ title: "Links", tabBarIcon: icon("link-outline") }} />
      <Tabs.Screen
        name="payouts"
        options={{ title: "Payouts", tabBarIcon: icon("cash-outline") }}
      />
      <Tabs.Screen
        name="leaderboard"
        options={{ title: "Leaderboard", tabBarIcon: icon("trophy-outline") }}
      />
      <Tabs.Screen
        name="profile"
        options={{ title: "Profile", tabBarIcon: icon("person-circle-outline") }}
      />
    </Tabs>
  );
}
