import { Campaigns } from "~/components/campaigns";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Campaigns" };

/** The platform's campaigns, and every artist's (issue 12 §3). */
export default async function AdminCampaignsPage() {
  await requireAdmin("/admin/campaigns");
  return <Campaigns actor="ADMIN" />;
}
