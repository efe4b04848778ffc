import { PromoterDashboard } from "~/components/promoter-dashboard";
import { requireSession } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Promoter dashboard" };

export default async function PromoterDashboardPage() {
  await requireSession("/dashboard/promoter");
  return <PromoterDashboard />;
}
