import { VerifyLedger } from "~/components/admin/verify-ledger";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Ledger check" };

export default async function AdminLedgerPage() {
  await requireAdmin("/admin/ledger");
  return <VerifyLedger />;
}
