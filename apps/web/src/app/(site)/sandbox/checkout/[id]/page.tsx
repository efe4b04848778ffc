import Link from "next/link";
import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import { getSandboxCheckoutSession } from "@fanfare/payments";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import { paySandboxCheckout } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox checkout", robots: { index: false } };

/** The offline stand-in for Stripe Checkout: no card needed, same signed webhook afterwards. */
export default async function SandboxCheckoutPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ delivery?: string; status?: string }>;
}) {
  const { id } = await params;
  const sp = await searchParams;
  const redeliver = sp.delivery === "failed";
  const session = await getSandboxCheckoutSession(await getDb(), id);
  if (!session) notFound();
  const open = session.status === "open" || (redeliver && session.status === "complete");
  return (
    <div className="mx-auto max-w-md space-y-4">
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
        Payments sandbox: Stripe keys are not configured, so no real card is charged. Paying sends
        the same signed webhook Stripe would.
      </p>
      {redeliver ? (
        <Alert>
          The payment went through, but delivering its webhook failed (status {sp.status}). Press
          Pay again to re-deliver the same event; you will not be charged twice.
        </Alert>
      ) : null}
      <Card className="space-y-4">
        <div>
          <p className="text-sm text-zinc-600">Pay Fanfare</p>
          <p className="text-3xl font-bold" data-testid="sandbox-amount">
            {formatCents(session.amount_total ?? 0, session.currency ?? "usd")}
          </p>
          <p className="text-sm text-zinc-600">{session.line_items.data[0]?.description ?? ""}</p>
        </div>
        <p className="text-sm">
          Email: <span className="font-medium">{session.customer_email}</span>
        </p>
        {open ? (
          <form action={paySandboxCheckout.bind(null, session.id)} className="space-y-4">
            <Field id="name" label="Name on card">
              <Input id="name" name="name" autoComplete="cc-name" />
            </Field>
            <Field id="card" label="Card number" hint="Sandbox: any value works.">
              <Input id="card" name="card" defaultValue="4242 4242 4242 4242" autoComplete="off" />
            </Field>
            <Button type="submit" className="w-full">
              Pay {formatCents(session.amount_total ?? 0, session.currency ?? "usd")}
            </Button>
          </form>
        ) : (
          <p className="text-zinc-700">This checkout is {session.status}.</p>
        )}
        {session.cancel_url ? (
          <Link href={session.cancel_url} className="block text-center text-sm text-zinc-600">
            Cancel and go back
          </Link>
        ) : null}
      </Card>
    </div>
  );
}
