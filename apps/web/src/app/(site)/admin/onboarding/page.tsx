import { AdminOnboarding } from "~/components/admin/admin-onboarding";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Onboarding emails" };

/** The onboarding email sequence for new promoters (issue 14 §8): seven admin-edited steps. */
export default async function AdminOnboardingPage() {
  await requireAdmin("/admin/onboarding");
  return <AdminOnboarding />;
}
