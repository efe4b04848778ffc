import { Suspense } from "react";

import { Card } from "@fanfare/ui";

import { UnsubscribeConfirm } from "~/components/unsubscribe-confirm";

export const metadata = {
  title: "Unsubscribe",
  robots: { index: false, follow: false },
  // The address carries the user's token: it must not leak to another site as a Referer.
  referrer: "no-referrer" as const,
};

/**
 * `/unsubscribe?token=<signed token>`: the page a reader opens from the unsubscribe link in the
 * footer of marketing mail (issue 14 §8). Nothing happens on GET, because mail link scanners
 * open every link: the button POSTs to /api/unsubscribe (the RFC 8058 one-click endpoint). A
 * static shell: the token is read in the browser.
 */
export default function UnsubscribePage() {
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">Unsubscribe</h1>
      <Card>
        <Suspense fallback={null}>
          <UnsubscribeConfirm />
        </Suspense>
      </Card>
    </div>
  );
}
