import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";

import { EmptyState } from "@fanfare/ui";
import {
  COPYABLE_RESOURCE_CATEGORIES,
  RESOURCE_CATEGORY_LABELS,
  ZResourceSlug,
} from "@fanfare/validators";

import { CopyButton } from "~/components/copy-button";
import { MarkdownView } from "~/components/markdown";
import { formatUtcDate } from "~/lib/format";
import { loadResource, loadResources } from "~/lib/public-data";

/**
 * The resource center (issue 14 §8), public: `/resources` lists the published swipe files,
 * post templates, FAQs, best practices and pictures by category; `/resources/<slug>` shows one,
 * its Markdown rendered without raw HTML. One optional catch-all route (like `/terms`) so
 * neither is prerendered at build (the build does not touch the database): rendered on the first
 * request, served from the page cache, expired by the `resources` tag when an admin saves or
 * deletes a resource.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

export function generateStaticParams(): { slug?: string[] }[] {
  return [];
}

type Props = { params: Promise<{ slug?: string[] }> };

/** The slug the address names: none (the list), one well-formed slug, or "invalid". */
function slugOf(segments: string[] | undefined): string | null | "invalid" {
  if (!segments?.length) return null;
  const parsed = ZResourceSlug.safeParse(segments[0]);
  if (segments.length > 1 || !parsed.success || parsed.data !== segments[0]) return "invalid";
  return parsed.data;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = slugOf((await params).slug);
  if (slug === null)
    return {
      title: "Resource center",
      description: "Swipe files, post templates, FAQs and best practices for Fanfare promoters.",
    };
  const r = slug === "invalid" ? null : await loadResource(slug);
  return r ? { title: `${r.title} · Resources`, description: r.summary || undefined } : {};
}

export default async function ResourcesPage({ params }: Props) {
  const slug = slugOf((await params).slug);
  if (slug === "invalid") notFound();
  return slug ? <ResourceDetail slug={slug} /> : <ResourceList />;
}

async function ResourceList() {
  const groups = await loadResources();
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Resource center</h1>
        <p className="text-zinc-600">
          Swipe files, post templates, answers and best practices to help you recommend music
          honestly and well.
        </p>
      </header>
      {groups.length === 0 ? (
        <EmptyState title="No resources yet">Check back soon.</EmptyState>
      ) : (
        groups.map((g) => (
          <section key={g.category} aria-labelledby={`res-${g.category}`} className="space-y-3">
            <h2 id={`res-${g.category}`} className="text-lg font-semibold">
              {RESOURCE_CATEGORY_LABELS[g.category]}
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {g.resources.map((r) => (
                <li key={r.slug} data-testid={`resource-card-${r.slug}`}>
                  <Link
                    href={`/resources/${r.slug}`}
                    className="flex h-full flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white transition hover:border-zinc-400"
                  >
                    {r.imageUrl ? (
                      <Image
                        src={r.imageUrl}
                        alt=""
                        width={480}
                        height={240}
                        unoptimized
                        className="h-36 w-full object-cover"
                      />
                    ) : null}
                    <span className="space-y-1 p-4">
                      <span className="block font-semibold">{r.title}</span>
                      {r.summary ? (
                        <span className="block text-sm text-zinc-600">{r.summary}</span>
                      ) : null}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

async function ResourceDetail({ slug }: { slug: string }) {
  const r = await loadResource(slug);
  if (!r) notFound();
  return (
    <article className="mx-auto max-w-2xl space-y-5">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-600">
        <Link href="/resources" className="text-brand-700 underline">
          Resource center
        </Link>{" "}
        · {RESOURCE_CATEGORY_LABELS[r.category]}
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{r.title}</h1>
        {r.summary ? <p className="text-zinc-600">{r.summary}</p> : null}
        <p className="text-xs text-zinc-500">Updated {formatUtcDate(r.updatedAt)}</p>
      </header>
      {r.imageUrl ? (
        <Image
          src={r.imageUrl}
          alt={r.title}
          width={960}
          height={480}
          unoptimized
          className="w-full rounded-xl object-cover"
        />
      ) : null}
      {COPYABLE_RESOURCE_CATEGORIES.includes(r.category) ? (
        <div className="flex items-center gap-3">
          <CopyButton text={r.body} label="Copy text" />
          <span className="text-sm text-zinc-600">Copies the text as written, ready to paste.</span>
        </div>
      ) : null}
      <MarkdownView source={r.body} />
    </article>
  );
}
