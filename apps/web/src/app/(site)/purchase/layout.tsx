import { TRPCReactProvider } from "~/trpc/react";

/** The purchase page polls through React Query and tRPC (the root layout has none). */
export default function PurchaseLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
