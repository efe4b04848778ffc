import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { EmptyState } from "@fanfare/ui";

import { formatUtcDate } from "~/lib/format";
import { loadTerms } from "~/lib/public-data";

/**
 * The promoter program's terms (issue 11 §2), public: `/terms` shows the version in force,
 * `/terms/<n>` an earlier one. Served from the page cache, rendered on the first request (never
 * at build: the build does not touch the database) and expired by the `terms` tag when an admin
 * publishes a new version.
 */
export const revalidate = 3600;
export const dynamicParams = true;

export function generateStaticParams(): { version?: string[] }[] {
  return [];
}

type Props = { params: Promise<{ version?: string[] }> };

/** The version the address names: none (the one in force), or one positive whole number. */
function versionOf(segments: string[] | undefined): number | null | "invalid" {
  if (!segments?.length) return null;
  if (segments.length > 1 || !/^[1-9]\d{0,5}$/.test(segments[0]!)) return "invalid";
  return Number(segments[0]);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const v = versionOf((await params).version);
  return { title: v && v !== "invalid" ? `Promoter terms, version ${v}` : "Promoter terms" };
}

/** Plain text to blocks: paragraphs split on blank lines, "## " starting a heading. */
function blocks(body: string) {
  return body
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
}

export default async function TermsPage({ params }: Props) {
  const v = versionOf((await params).version);
  if (v === "invalid") notFound();
  const terms = await loadTerms(v);
  if (!terms) {
    if (v) notFound();
    return <EmptyState title="No promoter terms are published yet" />;
  }
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm text-zinc-600">
        Version {terms.version}, published {formatUtcDate(terms.publishedAt)}
        {v ? (
          <>
            {" "}
            ·{" "}
            <Link href="/terms" className="text-brand-700 underline">
              the version in force
            </Link>
          </>
        ) : null}
      </p>
      {blocks(terms.body).map((b, i) =>
        b.startsWith("## ") ? (
          i === 0 ? (
            <h1 key={i} className="text-2xl font-bold">
              {b.slice(3)}
            </h1>
          ) : (
            <h2 key={i} className="pt-2 text-lg font-semibold">
              {b.slice(3)}
            </h2>
          )
        ) : (
          <p key={i} className="leading-relaxed text-zinc-800">
            {b}
          </p>
        ),
      )}
      {terms.version > 1 ? (
        <p className="text-sm text-zinc-600">
          What changed in this version: {terms.summary}{" "}
          <Link href={`/terms/${terms.version - 1}`} className="text-brand-700 underline">
            Previous version
          </Link>
        </p>
      ) : null}
    </article>
  );
}
