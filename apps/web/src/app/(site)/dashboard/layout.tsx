import { TRPCReactProvider } from "~/trpc/react";

/** The dashboards' React Query and tRPC client (the root layout has none: cached pages skip it). */
export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
