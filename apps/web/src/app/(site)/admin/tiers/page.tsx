import { AdminTiers } from "~/components/admin/admin-tiers";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Tiers" };

/** Promoter tiers (issue 13 §1): rules, bonuses, payout minimums, perks, recompute. */
export default async function AdminTiersPage() {
  await requireAdmin("/admin/tiers");
  return <AdminTiers />;
}
