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
import { loadPressKitList } from "~/lib/press-kit-data";
import { loadResource, loadResources } from "~/lib/public-data";

/**
 * The resource center (issue 14 §8), public: `/resources` lists the published swipe files,
 * post templates, FAQs, best practices and pictures by category; `/resources/<slug>` shows one,
 * its Markdown rendered without raw HTML. One optional catch-all route (like `/terms`) so
 * neither is prerendered at build (the build does not touch the database): rendered on the first
 * request, served from the page cache, expired by the `resources` tag when an admin saves or
 * deletes a resource. The list ends with the artists' press kits (`/a/<slug>/press`), expired
 * by the `press-kits` tag when an artist saves theirs.
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
  const [groups, pressKits] = await Promise.all([loadResources(), loadPressKitList()]);
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
      {pressKits.length ? <PressKitList kits={pressKits} /> : null}
    </div>
  );
}

/** Artists' press kits (issue 14 §8), from `loadPressKitList` (tag `press-kits`). */
function PressKitList({ kits }: { kits: Awaited<ReturnType<typeof loadPressKitList>> }) {
  return (
    <section aria-labelledby="res-press-kits" className="space-y-3" data-testid="press-kit-list">
      <h2 id="res-press-kits" className="text-lg font-semibold">
        Press kits
      </h2>
      <p className="text-sm text-zinc-600">
        Artists&apos; own photos, bios and one-sheets to use when you promote their music.
      </p>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {kits.map((k) => (
          <li key={k.slug}>
            <Link
              href={`/a/${k.slug}/press`}
              className="flex items-center gap-3 rounded-xl border border-zinc-200 bg-white p-3 transition hover:border-zinc-400"
            >
              {k.imageUrl ? (
                <Image
                  src={k.imageUrl}
                  alt=""
                  width={48}
                  height={48}
                  className="h-12 w-12 shrink-0 rounded-lg object-cover"
                />
              ) : null}
              <span className="min-w-0">
                <span className="block truncate font-medium">{k.name}</span>
                <span className="block text-sm text-zinc-600">
                  {[
                    k.photoCount ? `${k.photoCount} photo${k.photoCount === 1 ? "" : "s"}` : null,
                    k.hasOneSheet ? "one-sheet" : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
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
