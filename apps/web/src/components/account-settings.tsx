"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants, Card, Field, Input, Loading } from "@fanfare/ui";
import {
  ZChangePasswordInput,
  ZUpdateAccountInput,
  ZUpdatePromoterProfileInput,
} from "@fanfare/validators";

import { MarketingEmailSettings } from "./marketing-email-settings";
import { NotificationSettings } from "./notification-settings";
import { refreshViewer, setViewer } from "./viewer";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

/** A saved-or-failed line under a form, read out by screen readers. */
function Outcome({ ok, error }: { ok: string | null; error: string | null }) {
  if (error) return <Alert>{error}</Alert>;
  return (
    <p role="status" className={ok ? "text-sm text-green-700" : "sr-only"}>
      {ok}
    </p>
  );
}

type Settings = RouterOutputs["account"]["settings"];

/** The account's name (header, receipts); the email shown, not editable yet. */
function AccountForm({ data, onSaved }: { data: Settings; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useZodForm(ZUpdateAccountInput, { defaultValues: { name: data.name ?? "" } });
  const { failure, save } = useSave(form);
  const update = useMutation(trpc.account.update.mutationOptions());
  const errors = form.formState.errors;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit(async (input) => {
        setSaved(null);
        if (!(await save(() => update.mutateAsync(input)))) return;
        setSaved("Saved.");
        refreshViewer();
        await onSaved();
      })}
    >
      <h2 className="font-semibold">Account</h2>
      <Field
        id="name"
        label="Name"
        error={errors.name?.message}
        hint="Shown in the header and on your receipts."
      >
        <Input id="name" {...form.register("name")} invalid={!!errors.name} autoComplete="name" />
      </Field>
      <Field id="email" label="Email" hint="Your sign-in address; it cannot be changed here yet.">
        <Input id="email" value={data.email} readOnly disabled />
      </Field>
      <Button type="submit" pending={form.formState.isSubmitting}>
        Save
      </Button>
      <Outcome ok={saved} error={failure} />
    </form>
  );
}

/** The promoter's leaderboard profile: display name and whether to appear by it. */
function ProfileForm({
  promoter,
  onSaved,
}: {
  promoter: NonNullable<Settings["promoter"]>;
  onSaved: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useZodForm(ZUpdatePromoterProfileInput, {
    defaultValues: {
      displayName: promoter.displayName ?? "",
      showOnLeaderboard: promoter.showOnLeaderboard,
    },
  });
  const { failure, save } = useSave(form);
  const profile = useMutation(trpc.promoter.updateProfile.mutationOptions());
  const errors = form.formState.errors;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit(async (input) => {
        setSaved(null);
        if (!(await save(() => profile.mutateAsync(input)))) return;
        setSaved("Saved: leaderboards show it within a minute.");
        await onSaved();
      })}
    >
      <h2 className="font-semibold">Leaderboards</h2>
      <Field
        id="displayName"
        label="Display name"
        error={errors.displayName?.message}
        hint="The name leaderboards show when you appear by name."
      >
        <Input id="displayName" {...form.register("displayName")} invalid={!!errors.displayName} />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-1"
          {...form.register("showOnLeaderboard")}
          data-testid="show-on-leaderboard"
        />
        <span>
          Show my display name on leaderboards
          <span className="block text-zinc-500">Otherwise you appear by your initials only.</span>
        </span>
      </label>
      <Button type="submit" pending={form.formState.isSubmitting}>
        Save
      </Button>
      <Outcome ok={saved} error={failure} />
    </form>
  );
}

/** The password: the current one, then the new one; success signs this browser out too. */
function PasswordForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useZodForm(ZChangePasswordInput, {
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { failure, save } = useSave(form);
  const password = useMutation(trpc.account.changePassword.mutationOptions());
  const errors = form.formState.errors;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit(async (input) => {
        if (!(await save(() => password.mutateAsync(input)))) return;
        setViewer(null);
        router.push("/sign-in?next=/settings&reset=1");
      })}
    >
      <h2 className="font-semibold">Password</h2>
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <Input
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          {...form.register("currentPassword")}
          invalid={!!errors.currentPassword}
        />
      </Field>
      <Field
        id="newPassword"
        label="New password"
        error={errors.newPassword?.message}
        hint="At least 8 characters. Changing it signs you out on every device, this one included."
      >
        <Input
          id="newPassword"
          type="password"
          autoComplete="new-password"
          {...form.register("newPassword")}
          invalid={!!errors.newPassword}
        />
      </Field>
      <Button type="submit" pending={form.formState.isSubmitting}>
        Change password
      </Button>
      <Outcome ok={null} error={failure} />
    </form>
  );
}

/**
 * `/settings`: the account's name (shown in the header), the promoter's leaderboard profile
 * (display name and whether to appear by name), notifications (a switch per type), and the
 * password. Changing the password signs
 * the account out everywhere, this browser included, so it ends on the sign-in page. Each form
 * runs on `useZodForm` with the API's own input schema.
 */
export function AccountSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.account.settings.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.account.settings.queryKey() });
  const data = settings.data;

  if (settings.error) return <Alert>{settings.error.message}</Alert>;
  if (!data) return <Loading label="Loading your settings…" rows={4} />;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Settings</h1>
        <p className="text-sm text-zinc-600">Signed in as {data.email}</p>
      </div>
      <Card>
        <AccountForm data={data} onSaved={refresh} />
      </Card>
      {data.promoter ? (
        <Card>
          <ProfileForm promoter={data.promoter} onSaved={refresh} />
        </Card>
      ) : null}
      {data.promoter ? (
        <Card className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="font-semibold">Tax form</h2>
            <p className="text-sm text-zinc-600">
              A W-9 (US) or W-8BEN (elsewhere), needed before larger payouts.
            </p>
          </div>
          <Link
            href="/settings/tax"
            className={buttonVariants({ variant: "secondary", size: "sm" })}
          >
            Tax form
          </Link>
        </Card>
      ) : null}
      <Card className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="font-semibold">Webhooks</h2>
          <p className="text-sm text-zinc-600">
            Send your sales, commissions, payouts and clicks to your own tools or a network&apos;s
            postback URL.
          </p>
        </div>
        <Link
          href="/settings/webhooks"
          className={buttonVariants({ variant: "secondary", size: "sm" })}
        >
          Webhooks
        </Link>
      </Card>
      <Card>
        <NotificationSettings />
      </Card>
      <Card>
        <MarketingEmailSettings subscribed={data.marketingEmails} />
      </Card>
      {data.hasPassword ? (
        <Card>
          <PasswordForm />
        </Card>
      ) : null}
    </div>
  );
}
