"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";

import { Button } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";

type State =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "done"; already: boolean }
  | { kind: "failed"; message: string };

/**
 * The body of `/unsubscribe?token=…`: what unsubscribing stops (marketing mail only), and the
 * confirm button that POSTs the token to /api/unsubscribe. The answer's reason is shown as is
 * (a bad token: 400 with why; too many tries: 429).
 */
export function UnsubscribeConfirm() {
  const token = useSearchParams().get("token") ?? "";
  const [state, setState] = useState<State>({ kind: "idle" });

  if (!token)
    return (
      <p className="text-sm text-zinc-700" data-testid="unsubscribe-no-token">
        This page needs the unsubscribe link from one of our emails. Signed in, you can turn
        marketing emails off in your{" "}
        <Link href="/settings" className="font-medium text-brand-600 underline">
          settings
        </Link>
        .
      </p>
    );

  if (state.kind === "done")
    return (
      <div className="space-y-2 text-sm text-zinc-700" data-testid="unsubscribe-done">
        <p className="font-medium">
          {state.already ? "You were already unsubscribed." : "You are unsubscribed."}
        </p>
        <p>
          We won&apos;t send you tips and program news any more. Receipts, payout notices and
          security emails still arrive. Changed your mind? Turn marketing emails back on in your{" "}
          <Link href="/settings" className="font-medium text-brand-600 underline">
            settings
          </Link>
          .
        </p>
      </div>
    );

  const confirm = async () => {
    setState({ kind: "busy" });
    try {
      const res = await fetch(`/api/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      const body = (await res.json().catch(() => ({}))) as {
        error?: string;
        alreadyUnsubscribed?: boolean;
      };
      if (res.ok) setState({ kind: "done", already: !!body.alreadyUnsubscribed });
      else
        setState({
          kind: "failed",
          message: body.error ?? `Could not unsubscribe (HTTP ${res.status}): try again.`,
        });
    } catch {
      setState({ kind: "failed", message: "Could not reach Fanfare: check your connection." });
    }
  };

  return (
    <div className="space-y-4 text-sm text-zinc-700">
      <p>
        Stop marketing emails from Fanfare, such as the tips for new promoters? Receipts, payout
        notices and security emails still arrive.
      </p>
      <Button
        type="button"
        pending={state.kind === "busy"}
        onClick={() => void confirm()}
        data-testid="unsubscribe-confirm"
      >
        Unsubscribe
      </Button>
      {state.kind === "failed" ? <Alert>{state.message}</Alert> : null}
    </div>
  );
}
