"use client";

import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useState } from "react";

import { ZLinkCode } from "@fanfare/validators";

// Radix Dialog and the form load on the first click, not with every track page.
const ReportPromoterSheet = dynamic(
  () => import("./report-promoter-sheet").then((m) => m.ReportPromoterSheet),
  { ssr: false },
);

/**
 * "Report this promoter" on a cached track page (issue 11 §2): shown only to a visitor who
 * arrived through a promoter's link, which the browser reads from `?ref=` (the cached HTML is the
 * same for everyone and never names a promoter). Opens the report form in a sheet.
 */
export function ReportPromoterAction() {
  const code = ZLinkCode.safeParse(useSearchParams().get("ref") ?? "");
  const [open, setOpen] = useState(false);
  // Mounted from the first click on, so a sent report's confirmation survives closing the sheet.
  const [opened, setOpened] = useState(false);
  if (!code.success) return null;
  return (
    <div>
      <button
        type="button"
        aria-haspopup="dialog"
        className="rounded text-sm text-zinc-600 underline underline-offset-2 hover:text-ink focus-visible:outline-2 focus-visible:outline-brand-600"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        data-testid="report-promoter"
      >
        Report this promoter
      </button>
      {opened ? <ReportPromoterSheet code={code.data} open={open} onOpenChange={setOpen} /> : null}
    </div>
  );
}
