import { useQueryClient } from "@tanstack/react-query";
import * as WebBrowser from "expo-web-browser";
import { useCallback } from "react";
import { Linking } from "react-native";

import { useTRPC } from "./trpc";

/**
 * Opens the website's payout setup page (`connectStatus.onboardingUrl`, which hands over to
 * Stripe Connect onboarding) in the in-app browser, or the system browser where there is none;
 * afterwards the Connect status and payout eligibility are reloaded, since either may have moved.
 */
export function useOpenOnboarding(): (url: string) => Promise<void> {
  const promoter = useTRPC().promoter;
  const queryClient = useQueryClient();
  return useCallback(
    async (url: string) => {
      try {
        await WebBrowser.openBrowserAsync(url);
      } catch {
        await Linking.openURL(url);
      } finally {
        void queryClient.invalidateQueries(promoter.connectStatus.queryFilter());
        void queryClient.invalidateQueries(promoter.payoutEligibility.queryFilter());
      }
    },
    [promoter, queryClient],
  );
}
