import { TRPCReactProvider } from "~/trpc/react";

/** The subscriptions page's React Query and tRPC client (the root layout has none). */
export default function SubscriptionsLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
