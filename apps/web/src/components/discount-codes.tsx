"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import {
  Badge,
  Button,
  buttonVariants,
  Card,
  EmptyState,
  Field,
  Input,
  Loading,
  Select,
} from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { Sheet, SheetContent, SheetTrigger } from "@fanfare/ui/sheet";
import type { DiscountDurationName } from "@fanfare/validators";
import {
  describeDiscountDuration,
  discountCodeEditFormSchema,
  discountCodeEditFormValues,
  discountCodeFormSchema,
} from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore } from "./admin/admin-list";
import { CopyButton } from "./copy-button";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type CodeRow = RouterOutputs["discount"]["list"]["items"][number];

const STATUS_TONE = {
  ACTIVE: "green",
  PAUSED: "amber",
  EXPIRED: "zinc",
  ARCHIVED: "zinc",
} as const;

const off = (c: Pick<CodeRow, "type" | "value">) =>
  c.type === "PERCENT" ? `${formatBps(c.value)} off` : `${formatCents(c.value)} off`;

/** "10 % off · 3 months on subscriptions": the discount and how long it lasts on subscriptions. */
const offWithDuration = (c: Pick<CodeRow, "type" | "value" | "duration" | "durationMonths">) =>
  `${off(c)} · ${describeDiscountDuration(c)}`;

/** What each duration means (issue 16 §3; Stripe coupon durations). */
const DURATION_HELP =
  "A purchase is one payment: every choice discounts it once. On a catalog subscription: the first payment only, every payment of the first N months, or every payment. It cannot change once the code is in Stripe or used.";

/**
 * "On subscriptions": the code's duration (Stripe coupon durations,
 * docs.stripe.com/api/coupons/create) and, for "Repeating for N months", the months (1–36).
 * `fixed` (a code already used or mirrored in Stripe) shows the duration as text: it cannot
 * change any more (`updateDiscountCode` refuses).
 */
function DurationFields({
  prefix,
  duration,
  durationField,
  monthsField,
  durationError,
  monthsError,
  fixed,
}: {
  prefix: string;
  duration: DiscountDurationName;
  durationField: UseFormRegisterReturn<"duration">;
  monthsField: UseFormRegisterReturn<"durationMonths">;
  durationError?: string;
  monthsError?: string;
  fixed?: string;
}) {
  const id = `${prefix}-duration`;
  if (fixed)
    return (
      <div className="space-y-1 text-sm" data-testid={`${prefix}-duration-fixed`}>
        <div className="font-medium text-ink">On subscriptions</div>
        <div>{fixed}</div>
        <p className="text-xs text-zinc-500">
          Fixed: the code is in Stripe or has been used, and a Stripe coupon&apos;s duration cannot
          change. Archive the code and create another to change it.
        </p>
      </div>
    );
  return (
    <>
      <Field id={id} label="On subscriptions" error={durationError} hint={DURATION_HELP}>
        <Select
          id={id}
          aria-describedby={durationError ? `${id}-error` : `${id}-hint`}
          invalid={!!durationError}
          {...durationField}
        >
          <option value="ONCE">First payment only</option>
          <option value="REPEATING">Repeating for N months</option>
          <option value="FOREVER">Every payment</option>
        </Select>
      </Field>
      {duration === "REPEATING" ? (
        <Field
          id={`${prefix}-months`}
          label="Months (N)"
          error={monthsError}
          hint="1 to 36: the payments of the first N months get the discount."
        >
          <Input
            id={`${prefix}-months`}
            inputMode="numeric"
            aria-describedby={monthsError ? undefined : `${prefix}-months-hint`}
            {...monthsField}
            invalid={!!monthsError}
          />
        </Field>
      ) : null}
    </>
  );
}

/** The new-code form; `scope` follows the page: the platform (admins) or the artist's tracks. */
function NewCodeForm({
  scope,
  onDone,
}: {
  scope: "PLATFORM" | "ARTIST";
  onDone: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = useMemo(() => discountCodeFormSchema(scope), [scope]);
  const form = useZodForm(schema, {
    defaultValues: {
      code: "",
      description: "",
      type: "PERCENT",
      amount: "",
      maxUses: "",
      maxUsesPerEmail: "",
      minPrice: "",
      startsAt: "",
      expiresAt: "",
      duration: "ONCE",
      durationMonths: "",
    },
  });
  const { failure, save } = useSave(form, { value: "amount", minPriceCents: "minPrice" });
  const create = useMutation(trpc.discount.create.mutationOptions());
  const errors = form.formState.errors;
  const type = form.watch("type");
  const duration = form.watch("duration") ?? "ONCE";
  return (
    <form
      noValidate
      aria-label="New discount code"
      className="grid gap-4 md:grid-cols-3"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const c = await create.mutateAsync(input);
          await queryClient.invalidateQueries({ queryKey: trpc.discount.list.pathKey() });
          onDone(`Code ${c.code} created: ${offWithDuration(c)}.`);
          form.reset();
        });
      })}
    >
      <Field id="code-code" label="Code" error={errors.code?.message} hint="Letters, digits or -.">
        <Input
          id="code-code"
          autoComplete="off"
          {...form.register("code")}
          invalid={!!errors.code}
        />
      </Field>
      <Field id="code-type" label="Discount" error={errors.type?.message}>
        <Select id="code-type" {...form.register("type")}>
          <option value="PERCENT">Percentage off</option>
          <option value="FIXED">Amount off (USD)</option>
        </Select>
      </Field>
      <Field
        id="code-amount"
        label={type === "PERCENT" ? "Percent" : "Dollars"}
        error={errors.amount?.message}
      >
        <Input
          id="code-amount"
          inputMode="decimal"
          {...form.register("amount")}
          invalid={!!errors.amount}
        />
      </Field>
      <Field
        id="code-description"
        label="Description (buyers see it)"
        error={errors.description?.message}
      >
        <Input id="code-description" {...form.register("description")} />
      </Field>
      <Field
        id="code-max"
        label="Maximum uses"
        error={errors.maxUses?.message}
        hint="Empty: no limit."
      >
        <Input
          id="code-max"
          inputMode="numeric"
          {...form.register("maxUses")}
          invalid={!!errors.maxUses}
        />
      </Field>
      <Field id="code-per-email" label="Uses per buyer" error={errors.maxUsesPerEmail?.message}>
        <Input
          id="code-per-email"
          inputMode="numeric"
          {...form.register("maxUsesPerEmail")}
          invalid={!!errors.maxUsesPerEmail}
        />
      </Field>
      <Field id="code-min" label="Minimum price (USD)" error={errors.minPrice?.message}>
        <Input
          id="code-min"
          inputMode="decimal"
          {...form.register("minPrice")}
          invalid={!!errors.minPrice}
        />
      </Field>
      <Field id="code-starts" label="Starts (UTC)" error={errors.startsAt?.message}>
        <Input id="code-starts" type="datetime-local" {...form.register("startsAt")} />
      </Field>
      <Field id="code-expires" label="Expires (UTC)" error={errors.expiresAt?.message}>
        <Input id="code-expires" type="datetime-local" {...form.register("expiresAt")} />
      </Field>
      <DurationFields
        prefix="code"
        duration={duration}
        durationField={form.register("duration")}
        monthsField={form.register("durationMonths")}
        durationError={errors.duration?.message}
        monthsError={errors.durationMonths?.message}
      />
      <div className="space-y-2 md:col-span-3">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Create code
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

const editCodeSchema = discountCodeEditFormSchema();

/**
 * The edit form of one code: its description and limits, filled with the current values; empty
 * clears a limit. The code, type and value stay (the server has no way to change them).
 */
function EditCodeForm({ code, onDone }: { code: CodeRow; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(editCodeSchema, { defaultValues: discountCodeEditFormValues(code) });
  const { failure, save } = useSave(form, { minPriceCents: "minPrice" });
  const update = useMutation(trpc.discount.update.mutationOptions());
  const errors = form.formState.errors;
  const duration = form.watch("duration");
  return (
    <form
      noValidate
      aria-label={`Edit code ${code.code}`}
      aria-describedby="edit-code-fixed"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (changes) => {
        await save(async () => {
          const c = await update.mutateAsync({ id: code.id, ...changes });
          await queryClient.invalidateQueries({ queryKey: trpc.discount.list.pathKey() });
          onDone(`Code ${c.code} updated.`);
        });
      })}
    >
      <div className="text-sm">
        <div>
          <code className="font-semibold">{code.code}</code> · {offWithDuration(code)}
        </div>
        <p id="edit-code-fixed" className="text-xs text-zinc-500">
          The code and its discount cannot change; archive it and create another.
        </p>
      </div>
      <Field
        id="edit-code-description"
        label="Description (buyers see it)"
        error={errors.description?.message}
      >
        <Input
          id="edit-code-description"
          {...form.register("description")}
          invalid={!!errors.description}
        />
      </Field>
      <Field
        id="edit-code-max"
        label="Maximum uses"
        error={errors.maxUses?.message}
        hint="Empty: no limit."
      >
        <Input
          id="edit-code-max"
          inputMode="numeric"
          aria-describedby="edit-code-max-hint"
          {...form.register("maxUses")}
          invalid={!!errors.maxUses}
        />
      </Field>
      <Field
        id="edit-code-per-email"
        label="Uses per buyer"
        error={errors.maxUsesPerEmail?.message}
      >
        <Input
          id="edit-code-per-email"
          inputMode="numeric"
          {...form.register("maxUsesPerEmail")}
          invalid={!!errors.maxUsesPerEmail}
        />
      </Field>
      <Field id="edit-code-min" label="Minimum price (USD)" error={errors.minPrice?.message}>
        <Input
          id="edit-code-min"
          inputMode="decimal"
          {...form.register("minPrice")}
          invalid={!!errors.minPrice}
        />
      </Field>
      <Field id="edit-code-starts" label="Starts (UTC)" error={errors.startsAt?.message}>
        <Input
          id="edit-code-starts"
          type="datetime-local"
          {...form.register("startsAt")}
          invalid={!!errors.startsAt}
        />
      </Field>
      <Field id="edit-code-expires" label="Expires (UTC)" error={errors.expiresAt?.message}>
        <Input
          id="edit-code-expires"
          type="datetime-local"
          {...form.register("expiresAt")}
          invalid={!!errors.expiresAt}
        />
      </Field>
      <DurationFields
        prefix="edit-code"
        duration={duration}
        durationField={form.register("duration")}
        monthsField={form.register("durationMonths")}
        durationError={errors.duration?.message}
        monthsError={errors.durationMonths?.message}
        fixed={
          code.usesCount > 0 || code.stripeCouponId ? describeDiscountDuration(code) : undefined
        }
      />
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Save changes
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/**
 * "Edit" and the kit's sheet with the code's edit form (Radix Dialog: titled, focus moves into
 * it and back to the button, Escape closes it). The form mounts on each opening, so it always
 * starts from the code's current values.
 */
function EditCodeSheet({ code, onMessage }: { code: CodeRow; onMessage: (m: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger className={buttonVariants({ size: "sm", variant: "secondary" })}>
        Edit
      </SheetTrigger>
      <SheetContent title={`Edit ${code.code}`}>
        <EditCodeForm
          code={code}
          onDone={(m) => {
            setOpen(false);
            onMessage(m);
          }}
        />
      </SheetContent>
    </Sheet>
  );
}

function codeColumns(onMessage: (m: string) => void): DataTableColumn<CodeRow>[] {
  return [
    {
      id: "code",
      accessorFn: (c) => c.code,
      header: "Code",
      cell: ({ row: { original: c } }) => (
        <div className="space-y-1">
          <div className="flex items-center gap-2">
            <code className="font-semibold">{c.code}</code>
            <CopyButton text={c.code} label="Copy" />
          </div>
          <Badge tone={STATUS_TONE[c.status]}>{humanize(c.status)}</Badge>
          {c.description ? <div className="text-xs text-zinc-600">{c.description}</div> : null}
        </div>
      ),
    },
    {
      id: "discount",
      accessorFn: (c) => c.value,
      header: "Discount",
      cell: ({ row: { original: c } }) => (
        <>
          <div>{offWithDuration(c)}</div>
          <div className="text-xs text-zinc-500">
            {humanize(c.scope)} · paid by the {c.funder.toLowerCase()}
            {c.minPriceCents ? ` · from ${formatCents(c.minPriceCents)}` : ""}
          </div>
        </>
      ),
    },
    {
      id: "uses",
      accessorFn: (c) => c.usesCount,
      header: "Uses",
      meta: { align: "right" },
      cell: ({ row: { original: c } }) => (
        <>
          <div>
            {c.usesCount}
            {c.maxUses ? ` of ${c.maxUses}` : ""}
          </div>
          <div className="text-xs text-zinc-500">{formatCents(c.discountGivenCents)} given</div>
        </>
      ),
    },
    {
      id: "dates",
      accessorFn: (c) => c.createdAt,
      header: "Valid (UTC)",
      cell: ({ row: { original: c } }) => (
        <div className="text-xs text-zinc-600">
          {c.startsAt ? `from ${formatUtc(c.startsAt)}` : "from now"}
          <br />
          {c.expiresAt ? `until ${formatUtc(c.expiresAt)}` : "no end"}
        </div>
      ),
    },
    actionsColumn((c) =>
      c.status === "ARCHIVED" ? null : <CodeActions code={c} onMessage={onMessage} />,
    ),
  ];
}

/** Edit the limits, pause or activate, and archive (final). */
function CodeActions({ code, onMessage }: { code: CodeRow; onMessage: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.discount.update.mutationOptions());
  const set = async (status: "ACTIVE" | "PAUSED" | "ARCHIVED") => {
    await update.mutateAsync({ id: code.id, status });
    await queryClient.invalidateQueries({ queryKey: trpc.discount.list.pathKey() });
    onMessage(`Code ${code.code} ${status === "ACTIVE" ? "activated" : status.toLowerCase()}.`);
  };
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <EditCodeSheet code={code} onMessage={onMessage} />
      {code.status === "ACTIVE" ? (
        <Button
          size="sm"
          variant="secondary"
          pending={update.isPending}
          onClick={() => void set("PAUSED")}
        >
          Pause
        </Button>
      ) : (
        <Button
          size="sm"
          variant="secondary"
          pending={update.isPending}
          onClick={() => void set("ACTIVE")}
        >
          Activate
        </Button>
      )}
      <Button
        size="sm"
        variant="ghost"
        pending={update.isPending}
        onClick={() => void set("ARCHIVED")}
      >
        Archive
      </Button>
      {update.error ? <Alert>{update.error.message}</Alert> : null}
    </div>
  );
}

/**
 * Discount codes (issue 12 §4): the codes the viewer manages with their uses and the discount
 * given, a form for a new one, and edit / pause / activate / archive / copy. Admins' codes cover the
 * platform and are paid from the platform fee; an artist's cover their own tracks and are paid
 * from their share.
 */
export function DiscountCodes({ scope }: { scope: "PLATFORM" | "ARTIST" }) {
  const trpc = useTRPC();
  const [message, setMessage] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.discount.list.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(() => codeColumns(setMessage), []);
  const active = rows.filter((c) => c.status === "ACTIVE").length;
  const uses = rows.reduce((t, c) => t + c.usesCount, 0);
  const given = rows.reduce((t, c) => t + c.discountGivenCents, 0);
  return (
    <div className="space-y-6">
      <Card>
        <section aria-labelledby="codes-h" className="space-y-4">
          <div>
            <h2 id="codes-h" className="text-lg font-semibold">
              {scope === "PLATFORM" ? "Discount codes" : "Your codes"}
            </h2>
            <p className="text-sm text-zinc-600">
              {scope === "PLATFORM"
                ? "Platform codes work on every track and are paid from the platform fee (never more than the fee)."
                : "Your codes work on your tracks and are paid from your share of each sale; the promoter's commission is unchanged."}{" "}
              Buyers enter them under “Have a code?” on a track page.
            </p>
          </div>
          <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4" data-testid="code-stats">
            <div>
              <dt className="text-zinc-500">Codes</dt>
              <dd className="text-lg font-semibold">{rows.length}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Active</dt>
              <dd className="text-lg font-semibold">{active}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Redemptions</dt>
              <dd className="text-lg font-semibold">{uses}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Discount given</dt>
              <dd className="text-lg font-semibold">{formatCents(given)}</dd>
            </div>
          </dl>
          <ActionResult message={message} testId="code-result" />
          {list.error ? <Alert>{list.error.message}</Alert> : null}
          {list.isPending ? (
            <Loading label="Loading codes…" />
          ) : rows.length === 0 ? (
            <EmptyState title="No codes yet">Create the first one below.</EmptyState>
          ) : (
            <DataTable
              label="Discount codes"
              testId="discount-codes"
              columns={columns}
              data={rows}
              getRowId={(c) => c.id}
              rowAttributes={(c) => ({ "data-testid": `code-row-${c.code}` })}
            />
          )}
          <LoadMore list={list} />
        </section>
      </Card>
      <Card>
        <section aria-labelledby="new-code-h" className="space-y-4">
          <h2 id="new-code-h" className="text-lg font-semibold">
            New code
          </h2>
          <NewCodeForm scope={scope} onDone={setMessage} />
        </section>
      </Card>
    </div>
  );
}
