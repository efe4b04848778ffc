import { AdminNav } from "~/components/admin/admin-nav";
import { isSandboxMode } from "~/lib/sandbox";
import { requireAdmin } from "~/lib/require-user";
import { TRPCReactProvider } from "~/trpc/react";

export const dynamic = "force-dynamic";

/** The admin console: admins only (each page checks again, as layouts and pages render apart). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin("/admin");
  const sandbox = await isSandboxMode();
  return (
    <TRPCReactProvider>
      <div className="space-y-6">
        <div className="space-y-3">
          <h1 className="text-2xl font-bold">Admin console</h1>
          <AdminNav sandbox={sandbox} />
        </div>
        {children}
      </div>
    </TRPCReactProvider>
  );
}
