"use client";

import { Sheet, SheetContent } from "@fanfare/ui/sheet";

import { ReportPromoterForm } from "./report-promoter-form";

/**
 * The report form in the kit's sheet (Radix Dialog: focus trap, Escape, labelled), loaded only
 * when a visitor opens it (`ReportPromoterAction`), so track pages do not ship it to everyone.
 */
export function ReportPromoterSheet({
  code,
  open,
  onOpenChange,
}: {
  code: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent title="Report this promoter">
        <ReportPromoterForm code={code} source="page" idPrefix="report-sheet" />
      </SheetContent>
    </Sheet>
  );
}
