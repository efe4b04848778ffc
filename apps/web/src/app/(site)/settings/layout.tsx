import { TRPCReactProvider } from "~/trpc/react";

/** The settings pages' React Query and tRPC client (the root layout has none). */
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
