"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Switch } from "@fanfare/ui/switch";

import { useTRPC } from "~/trpc/react";

/**
 * The settings' "Marketing emails" switch (issue 14 §8): on = the onboarding tips and program
 * news arrive; off = `User.marketingOptOutAt` is set, as the one-click unsubscribe link does.
 * Receipts, payouts and security mail are not affected either way.
 */
export function MarketingEmailSettings({ subscribed }: { subscribed: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const set = useMutation(
    trpc.account.setMarketingEmails.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.account.settings.queryKey() }),
    }),
  );
  return (
    <section aria-labelledby="marketing-h" className="space-y-2">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h2 id="marketing-h" className="font-semibold">
            Marketing emails
          </h2>
          <p id="marketing-hint" className="text-sm text-zinc-600">
            Tips for new promoters and program news. Receipts, payout notices and security emails
            always arrive.
          </p>
        </div>
        <Switch
          checked={set.isPending ? !!set.variables?.subscribed : subscribed}
          aria-labelledby="marketing-h"
          aria-describedby="marketing-hint"
          disabled={set.isPending}
          onCheckedChange={(on) => {
            setSaved(null);
            void set
              .mutateAsync({ subscribed: on })
              .then(() => setSaved(on ? "Marketing emails: on." : "Marketing emails: off."));
          }}
          data-testid="marketing-emails"
        />
      </div>
      {saved ? (
        <p role="status" className="text-sm text-zinc-600">
          {saved}
        </p>
      ) : null}
      {set.error ? <Alert>{set.error.message}</Alert> : null}
    </section>
  );
}
