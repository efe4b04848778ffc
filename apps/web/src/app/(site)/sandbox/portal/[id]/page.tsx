import { notFound } from "next/navigation";

import { getDb } from "@fanfare/db";
import {
  getSandboxCustomer,
  getSandboxPortalSession,
  listSandboxSubscriptionsOfCustomer,
} from "@fanfare/payments";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, buttonVariants, Card, EmptyState } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators/money";

import { sameOriginUrl } from "~/lib/safe-url";
import { cancelSandboxPortalSubscription, updateSandboxPortalCard } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox billing portal", robots: { index: false } };

const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

const NOTICES: Record<string, string> = {
  cancelled: "The subscription will end at the end of its period.",
  card: "Card updated: the next payment attempt will succeed.",
};
const ERRORS: Record<string, string> = {
  "not-found": "That subscription is not one of this customer's.",
  cancel: "Cancelling failed; try again.",
};

/**
 * The offline stand-in for Stripe's customer portal (`subscription.portal` sends the subscriber
 * here in the sandbox): the customer's subscriptions with "Cancel at period end", "Update card"
 * when the card fails, and the way back to the return URL. 404 outside the sandbox (the layout).
 */
export default async function SandboxPortalPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ done?: string; error?: string }>;
}) {
  const { id } = await params;
  const sp = await searchParams;
  const db = await getDb();
  const session = await getSandboxPortalSession(db, id);
  if (!session) notFound();
  const [customer, subscriptions] = await Promise.all([
    getSandboxCustomer(db, session.customer),
    listSandboxSubscriptionsOfCustomer(db, session.customer),
  ]);
  const returnUrl = sameOriginUrl(session.return_url, "/subscriptions");
  return (
    <div className="mx-auto max-w-md space-y-4">
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
        Payments sandbox: the stand-in for Stripe&apos;s billing portal. Changes send the same
        signed webhooks Stripe would.
      </p>
      <Alert tone="success">{sp.done ? NOTICES[sp.done] : null}</Alert>
      <Alert>{sp.error ? ERRORS[sp.error] : null}</Alert>
      <Card className="space-y-3">
        <h1 className="text-lg font-semibold">Payment method</h1>
        <p className="text-sm" data-testid="sandbox-card">
          {customer?.paymentFails
            ? "The card on file is declined: renewals fail until it is updated."
            : "Card ending 4242 works."}
        </p>
        {customer?.paymentFails ? (
          <form action={updateSandboxPortalCard.bind(null, session.id)}>
            <Button type="submit" className="w-full sm:w-auto">
              Update card
            </Button>
          </form>
        ) : null}
      </Card>
      <section aria-labelledby="portal-subs-h" className="space-y-3">
        <h2 id="portal-subs-h" className="text-lg font-semibold">
          Subscriptions
        </h2>
        {subscriptions.length === 0 ? (
          <EmptyState title="No subscriptions" />
        ) : (
          <ul className="space-y-3">
            {subscriptions.map((s) => {
              const item = s.items.data[0];
              return (
                <li key={s.id}>
                  <Card className="space-y-2" data-testid={`sandbox-sub-${s.id}`}>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <p className="font-medium">
                        {item
                          ? `${formatCents(item.price.unit_amount ?? 0, s.currency)} a ${item.price.recurring.interval}`
                          : s.id}
                      </p>
                      <Badge
                        tone={
                          s.status === "active"
                            ? "green"
                            : s.status === "past_due"
                              ? "amber"
                              : "zinc"
                        }
                      >
                        {s.status === "past_due" ? "Past due" : s.status}
                      </Badge>
                    </div>
                    <p className="text-sm text-zinc-600">
                      {s.status === "canceled"
                        ? `Ended${s.ended_at ? ` on ${day(s.ended_at)}` : ""}`
                        : s.cancel_at_period_end && s.cancel_at
                          ? `Cancels on ${day(s.cancel_at)}`
                          : item
                            ? `Renews on ${day(item.current_period_end)}`
                            : null}
                    </p>
                    {s.status !== "canceled" && !s.cancel_at_period_end ? (
                      <form action={cancelSandboxPortalSubscription.bind(null, session.id, s.id)}>
                        <Button type="submit" variant="secondary" size="sm">
                          Cancel at period end
                        </Button>
                      </form>
                    ) : null}
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <a href={returnUrl} className={buttonVariants({ variant: "secondary", className: "w-full" })}>
        Return to Fanfare
      </a>
    </div>
  );
}
