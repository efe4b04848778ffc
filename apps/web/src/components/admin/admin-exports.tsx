"use client";

import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { buttonVariants, Card, Field, Input, Select } from "@fanfare/ui";
import type { ExportKind } from "@fanfare/validators";
import { EXPORT_KINDS, ZExportInput } from "@fanfare/validators";

const LABELS: Record<ExportKind, string> = {
  sales: "Sales (amounts, split, refunds, buyer, promoter)",
  commissions: "Commissions (status, holds, rejections, payout)",
  payouts: "Payouts (payee, amount, status, transfer)",
  ledger: "Ledger entries (every posting with its balance after)",
};

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * CSV exports for any period (issue 11 §6): pick what and which UTC days; the file streams from
 * `/api/admin/export/<kind>` (money in integer cents, instants ISO 8601 UTC).
 */
export function AdminExports() {
  const now = new Date();
  const [kind, setKind] = useState<ExportKind>("sales");
  const [from, setFrom] = useState(
    day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))),
  );
  const [to, setTo] = useState(day(new Date(now.getTime() + 86_400_000)));
  const parsed = ZExportInput.safeParse({ kind, from, to });
  const href = parsed.success
    ? `/api/admin/export/${kind}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
    : null;
  return (
    <Card>
      <section aria-labelledby="exports-h" className="space-y-4">
        <div>
          <h2 id="exports-h" className="text-lg font-semibold">
            Exports
          </h2>
          <p className="text-sm text-zinc-600">
            CSV for a spreadsheet or your accountant: money in integer cents, times in UTC. The last
            day is not included. Each export is recorded in the audit log.
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="w-80">
            <Field id="export-kind" label="What">
              <Select
                id="export-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as ExportKind)}
              >
                {EXPORT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {LABELS[k]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="w-44">
            <Field id="export-from" label="From (UTC)">
              <Input
                id="export-from"
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </Field>
          </div>
          <div className="w-44">
            <Field id="export-to" label="To, not included (UTC)">
              <Input
                id="export-to"
                type="date"
                value={to}
                onChange={(e) => setTo(e.target.value)}
              />
            </Field>
          </div>
          {href ? (
            <a href={href} download className={buttonVariants({})} data-testid="export-download">
              Download CSV
            </a>
          ) : null}
        </div>
        {!parsed.success ? <Alert>{parsed.error.issues[0]?.message}</Alert> : null}
      </section>
    </Card>
  );
}
