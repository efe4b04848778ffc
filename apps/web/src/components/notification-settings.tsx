"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Loading } from "@fanfare/ui";
import { Switch } from "@fanfare/ui/switch";
import type { NotificationType } from "@fanfare/validators";

import { useTRPC } from "~/trpc/react";

/**
 * The settings' Notifications section (issue 13 §7: "each type can be muted; email for the
 * important ones"): one switch per type (on = notified), saying which types also email. Turning
 * one off stops both its bell notification and its email from then on.
 */
export function NotificationSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const prefs = useQuery(trpc.notification.mutedTypes.queryOptions());
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const setMuted = useMutation(
    trpc.notification.setMuted.mutationOptions({
      onSuccess: (next) => qc.setQueryData(trpc.notification.mutedTypes.queryKey(), next),
    }),
  );

  const toggle = async (type: NotificationType, label: string, on: boolean) => {
    setFailure(null);
    setSaved(null);
    try {
      await setMuted.mutateAsync({ type, muted: !on });
      setSaved(`${label}: ${on ? "on" : "off"}.`);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : "Could not save: try again.");
    }
  };

  return (
    <section aria-labelledby="notifications-h" className="space-y-4">
      <div>
        <h2 id="notifications-h" className="font-semibold">
          Notifications
        </h2>
        <p className="text-sm text-zinc-600">
          What the bell tells you about. Turning a type off also stops its email.
        </p>
      </div>
      {prefs.error ? (
        <Alert>{prefs.error.message}</Alert>
      ) : !prefs.data ? (
        <Loading label="Loading your notification settings…" rows={4} />
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="notification-settings">
          {prefs.data.map((t) => {
            const id = `notify-${t.type}`;
            return (
              <li key={t.type} className="flex items-center justify-between gap-4 py-3">
                <div>
                  <p id={id} className="text-sm font-medium">
                    {t.label}
                  </p>
                  <p id={`${id}-hint`} className="text-xs text-zinc-500">
                    {t.email ? "In the bell and by email" : "In the bell only"}
                  </p>
                </div>
                <Switch
                  checked={!t.muted}
                  aria-labelledby={id}
                  aria-describedby={`${id}-hint`}
                  disabled={setMuted.isPending && setMuted.variables?.type === t.type}
                  onCheckedChange={(on) => void toggle(t.type, t.label, on)}
                  data-testid={id}
                />
              </li>
            );
          })}
        </ul>
      )}
      {failure ? <Alert>{failure}</Alert> : null}
      <p role="status" className={saved ? "text-sm text-green-700" : "sr-only"}>
        {saved}
      </p>
    </section>
  );
}
