"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@fanfare/ui";

/** The admin console's sections; the sandbox one only while payments run in the sandbox. */
export function AdminNav({ sandbox }: { sandbox: boolean }) {
  const pathname = usePathname();
  const items = [
    { href: "/admin/overview", label: "Overview" },
    { href: "/admin", label: "Sales" },
    { href: "/admin/people", label: "People" },
    { href: "/admin/tracks", label: "Tracks" },
    { href: "/admin/releases", label: "Releases" },
    { href: "/admin/landing-pages", label: "Landing pages" },
    { href: "/admin/promoters", label: "Promoters" },
    { href: "/admin/tiers", label: "Tiers" },
    { href: "/admin/milestones", label: "Milestones" },
    { href: "/admin/resources", label: "Resources" },
    { href: "/admin/onboarding", label: "Onboarding emails" },
    { href: "/admin/contests", label: "Contests" },
    { href: "/admin/fraud", label: "Fraud review" },
    { href: "/admin/reports", label: "Reports" },
    { href: "/admin/discounts", label: "Discount codes" },
    { href: "/admin/campaigns", label: "Campaigns" },
    { href: "/admin/tax", label: "Tax forms" },
    { href: "/admin/payouts", label: "Payouts" },
    { href: "/admin/ledger", label: "Ledger check" },
    { href: "/admin/jobs", label: "Jobs" },
    { href: "/admin/webhooks", label: "Webhooks" },
    { href: "/admin/api-keys", label: "API keys" },
    { href: "/admin/adjustments", label: "Adjustments" },
    { href: "/admin/exports", label: "Exports" },
    { href: "/admin/settings", label: "Settings" },
    { href: "/admin/share", label: "Share kit" },
    { href: "/admin/audit", label: "Audit log" },
    ...(sandbox ? [{ href: "/admin/sandbox", label: "Sandbox" }] : []),
    { href: "/dev/mailbox", label: "Mailbox" },
  ];
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-1 border-b border-zinc-200">
      {items.map((i) => {
        const current = pathname === i.href;
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              current
                ? "border-brand-600 font-semibold text-ink"
                : "border-transparent text-zinc-600 hover:text-ink",
            )}
          >
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}
