import { Suspense } from "react";

import { Card } from "@fanfare/ui";

import { ReportPromoterPage } from "~/components/report-promoter-page";

export const metadata = { title: "Report a promoter", robots: { index: false, follow: false } };

/**
 * "Report this promoter" from an email (issue 11 §2): `/report?ref=<code>`, the address the
 * buyer's receipt links to when a promoter's link brought the sale. The page is the same for
 * everyone (a static shell: nothing personal is rendered or cached on the server); the link code
 * is read from the address in the browser and the report goes to `report.submit`.
 */
export default function ReportPage() {
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">Report a promoter</h1>
      <Card>
        <Suspense fallback={null}>
          <ReportPromoterPage />
        </Suspense>
      </Card>
    </div>
  );
}
