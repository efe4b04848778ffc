"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";

import { ZLinkCode } from "@fanfare/validators";

import { ReportPromoterForm } from "./report-promoter-form";

/**
 * The body of `/report?ref=<code>`: the report form for the link code in the address, or, when
 * the address carries none (or a malformed one), what to do instead.
 */
export function ReportPromoterPage() {
  const code = ZLinkCode.safeParse(useSearchParams().get("ref") ?? "");
  if (!code.success)
    return (
      <div className="space-y-2 text-sm text-zinc-700" data-testid="report-no-code">
        <p>
          This page needs the promoter&apos;s link code. Open the report link from your email again,
          or use &ldquo;Report this promoter&rdquo; on the track page you reached through the
          promoter&apos;s link.
        </p>
        <Link href="/" className="font-medium text-brand-600">
          Discover music →
        </Link>
      </div>
    );
  return <ReportPromoterForm code={code.data} source="email" />;
}
