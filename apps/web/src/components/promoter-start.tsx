"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants, Card, cn, Loading } from "@fanfare/ui";

import { PromoterApplication } from "./promoter-application";
import { ShareKit } from "./share-kit";
import type { PromoterStartStep } from "~/lib/promoter-start";
import { promoterStartStep, promoterStartSteps } from "~/lib/promoter-start";
import { useTRPC } from "~/trpc/react";

const dashboardLink = (
  <Link href="/dashboard/promoter" className={buttonVariants({ variant: "secondary" })}>
    Go to your promoter dashboard
  </Link>
);

/** What the start page makes a link for: `?track=<slug>` or `?release=<slug>`. */
export type StartProduct = { kind: "track" | "release"; slug: string };

/**
 * The share & earn start page (issue 14 §7): "Step N of M" and the one step due now
 * (`promoterStartStep`): the terms (`promoter.terms` / `acceptTerms`), the application
 * (`PromoterApplication`, when the program requires approval and the promoter is PENDING), then
 * the link for the track (`promoter.getOrCreateLink`) or the release (`getOrCreateReleaseLink`,
 * issue 16 §1) in the share kit. A product that cannot be promoted shows the reason and the
 * dashboard link instead.
 */
export function PromoterStart({ product }: { product: StartProduct | null }) {
  const trpc = useTRPC();
  const terms = useQuery(trpc.promoter.terms.queryOptions());
  const application = useQuery(trpc.promoter.application.queryOptions());
  const slug = product?.slug ?? "";
  const track = useQuery({
    ...trpc.buyer.trackBySlug.queryOptions({ slug }),
    enabled: product?.kind === "track",
    retry: false,
  });
  const release = useQuery({
    ...trpc.release.bySlug.queryOptions({ slug }),
    enabled: product?.kind === "release",
    retry: false,
  });
  const asked = product?.kind === "release" ? release : product ? track : null;
  if (terms.isPending || application.isPending || (asked && asked.isPending))
    return <Loading label="Getting your link ready…" />;
  if (terms.error) return <Alert>{terms.error.message}</Alert>;
  if (application.error) return <Alert>{application.error.message}</Alert>;
  const t = asked?.data ?? null;
  const current = promoterStartStep({
    track: t ? { title: t.title, affiliateEnabled: t.affiliateEnabled, isOwner: t.isOwner } : null,
    mustAcceptTerms: terms.data.mustAccept,
    applicationState: application.data.state,
    noun: product?.kind ?? "track",
  });
  const steps = promoterStartSteps(application.data.state !== "NOT_NEEDED");
  return (
    <section aria-labelledby="start-h" className="max-w-2xl space-y-6">
      <div className="space-y-1">
        <h1 id="start-h" className="text-2xl font-bold">
          {t ? `Share "${t.title}" and earn` : "Start promoting"}
        </h1>
        {current.step !== "no-track" ? <StepList steps={steps} current={current} /> : null}
      </div>
      <StepBody
        step={current}
        target={t && product ? { kind: product.kind, id: t.id, slug: t.slug } : null}
        title={t?.title ?? ""}
      />
    </section>
  );
}

/** The product the last step links: its kind, id and slug. */
type LinkTarget = { kind: "track" | "release"; id: string; slug: string };

/** "Step 2 of 3 · Apply", with every step listed (the current one marked for screen readers). */
function StepList({
  steps,
  current,
}: {
  steps: ReturnType<typeof promoterStartSteps>;
  current: PromoterStartStep;
}) {
  const index = steps.findIndex((s) => s.key === current.step);
  return (
    <ol className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Steps">
      {steps.map((s, i) => (
        <li
          key={s.key}
          aria-current={i === index ? "step" : undefined}
          className={cn(
            i === index ? "font-semibold text-ink" : "text-zinc-500",
            i < index && "line-through",
          )}
        >
          {i + 1}. {s.label}
        </li>
      ))}
    </ol>
  );
}

function StepBody({
  step,
  target,
  title,
}: {
  step: PromoterStartStep;
  target: LinkTarget | null;
  title: string;
}) {
  switch (step.step) {
    case "no-track":
      return (
        <Card className="space-y-3">
          <p className="text-zinc-700">{step.reason}</p>
          <p className="text-sm text-zinc-600">
            You can get a link to any track with promoter links on from its page, and see your links
            on your dashboard.
          </p>
          {dashboardLink}
        </Card>
      );
    case "terms":
      return <TermsStep />;
    case "application":
      return (
        <div className="space-y-3">
          <PromoterApplication />
          <p className="text-sm text-zinc-600">
            Your link for &quot;{title}&quot; is made here once the Fanfare team approves you;
            we&apos;ll email you.
          </p>
        </div>
      );
    case "link":
      return <LinkStep target={target!} title={title} />;
    default: {
      const unknown: never = step;
      throw new Error(`Unknown step ${JSON.stringify(unknown)}.`);
    }
  }
}

/** Step 1: the terms in force, accepted with one click (the version read is the one accepted). */
function TermsStep() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const terms = useQuery(trpc.promoter.terms.queryOptions());
  const accept = useMutation(trpc.promoter.acceptTerms.mutationOptions());
  const t = terms.data?.terms;
  if (!t) return null;
  return (
    <Card className="space-y-3" data-testid="start-terms">
      <h2 className="text-lg font-semibold">
        {terms.data?.acceptedVersion ? "The promoter terms changed" : "The promoter terms"}
      </h2>
      <p className="text-sm text-zinc-700">{t.summary}</p>
      <p className="text-sm text-zinc-700">
        Promote honestly: no buying through your own link, no bots or spam, no paid ads on
        artists&apos; names. Commissions are held for refunds and may be reviewed.
      </p>
      <p className="text-sm">
        <a href="/terms" target="_blank" rel="noreferrer" className="text-brand-700 underline">
          Read the full terms (version {t.version})
        </a>
      </p>
      <Button
        pending={accept.isPending}
        onClick={() =>
          accept.mutate(
            { version: t.version },
            {
              onSuccess: (now) => queryClient.setQueryData(trpc.promoter.terms.queryKey(), now),
            },
          )
        }
      >
        Accept the terms
      </Button>
      {accept.error ? <Alert>{accept.error.message}</Alert> : null}
    </Card>
  );
}

/** The last step: the link for the track or release, made once on arrival, in the share kit. */
function LinkStep({ target, title }: { target: LinkTarget; title: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const trackLink = useMutation(trpc.promoter.getOrCreateLink.mutationOptions());
  const releaseLink = useMutation(trpc.promoter.getOrCreateReleaseLink.mutationOptions());
  const link = target.kind === "release" ? releaseLink : trackLink;
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    // A new terms version published meanwhile: back to step 1.
    const onError = (e: { data?: { appCode?: string | null } | null }) => {
      if (e.data?.appCode === "TERMS_REQUIRED")
        void queryClient.invalidateQueries({ queryKey: trpc.promoter.terms.queryKey() });
    };
    if (target.kind === "release") releaseLink.mutate({ releaseId: target.id }, { onError });
    else trackLink.mutate({ trackId: target.id }, { onError });
  }, [target.kind, target.id, trackLink, releaseLink, queryClient, trpc]);
  if (link.error)
    return (
      <Card className="space-y-3">
        <Alert>{link.error.message}</Alert>
        {dashboardLink}
      </Card>
    );
  if (!link.data) return <Loading label="Making your link…" />;
  return (
    <Card className="space-y-4" data-testid="start-link">
      <Alert tone="success" title="Your link is ready">
        Every sale of &quot;{title}&quot; through it earns you a commission.
      </Alert>
      <ShareKit
        url={link.data.url}
        text={`Listen to "${title}" on Fanfare`}
        fileName={`fanfare-${target.slug}-qr`}
        trackId={target.kind === "track" ? target.id : undefined}
      />
      {dashboardLink}
    </Card>
  );
}
