import { LandingEditor } from "~/components/landing-editor";
import { requireSession } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your landing page" };

/** The promoter's landing page editor with its live preview (issue 14 §3). */
export default async function PromoterLandingPage() {
  await requireSession("/dashboard/promoter/landing");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Your landing page</h1>
        <p className="text-sm text-zinc-600">
          One page with the tracks you recommend, in your colours. Every buy from it is yours: its
          buttons use your links.
        </p>
      </div>
      <LandingEditor />
    </div>
  );
}
