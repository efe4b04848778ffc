import Markdown from "react-markdown";
import type { Components, UrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";

import { cn } from "@fanfare/ui";
import { safeMarkdownHref } from "@fanfare/validators";

/**
 * The addresses Markdown may keep: links only to http(s) and mailto URLs
 * (`safeMarkdownHref`), pictures only from our own image store (`/api/images/…`, an upload).
 * Anything else is dropped: the link becomes plain text, the picture its alt text.
 */
const urlTransform: UrlTransform = (url, key) => {
  if (key === "href") return safeMarkdownHref(url);
  if (key === "src") return /^\/api\/images\/[^/]+$/.test(url) ? url : null;
  return null;
};

const components: Components = {
  h1: ({ node: _n, ...p }) => <h2 className="mt-6 text-2xl font-bold first:mt-0" {...p} />,
  h2: ({ node: _n, ...p }) => <h2 className="mt-6 text-xl font-semibold first:mt-0" {...p} />,
  h3: ({ node: _n, ...p }) => <h3 className="mt-4 text-lg font-semibold first:mt-0" {...p} />,
  h4: ({ node: _n, ...p }) => <h4 className="mt-4 font-semibold first:mt-0" {...p} />,
  p: ({ node: _n, ...p }) => <p className="leading-relaxed" {...p} />,
  ul: ({ node: _n, ...p }) => <ul className="list-disc space-y-1 pl-6" {...p} />,
  ol: ({ node: _n, ...p }) => <ol className="list-decimal space-y-1 pl-6" {...p} />,
  blockquote: ({ node: _n, ...p }) => (
    <blockquote className="border-l-4 border-zinc-200 pl-4 text-zinc-600" {...p} />
  ),
  code: ({ node: _n, className, ...p }) => (
    <code className={cn("rounded bg-zinc-100 px-1 py-0.5 font-mono text-sm", className)} {...p} />
  ),
  pre: ({ node: _n, ...p }) => (
    <pre className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-sm [&>code]:p-0" {...p} />
  ),
  hr: () => <hr className="border-zinc-200" />,
  table: ({ node: _n, ...p }) => (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm" {...p} />
    </div>
  ),
  th: ({ node: _n, ...p }) => (
    <th className="border-b border-zinc-300 px-2 py-1 font-semibold" {...p} />
  ),
  td: ({ node: _n, ...p }) => <td className="border-b border-zinc-100 px-2 py-1" {...p} />,
  a: ({ node: _n, href, children }) =>
    href ? (
      <a
        href={href}
        rel="noopener noreferrer nofollow"
        target="_blank"
        className="text-brand-700 underline"
      >
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ node: _n, src, alt }) =>
    typeof src === "string" && src ? (
      // eslint-disable-next-line @next/next/no-img-element -- an upload of unknown size
      <img src={src} alt={alt ?? ""} className="max-w-full rounded-lg" loading="lazy" />
    ) : (
      <span>{alt}</span>
    ),
};

/**
 * Markdown (GitHub flavoured: tables, task lists, strikethrough, autolinks) as React elements,
 * with the site's typography. Raw HTML in the text is never rendered (`skipHtml`; no
 * rehype-raw), and addresses are limited by `urlTransform` above. Works on the server and in
 * client components (the admin's live preview).
 */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  return (
    <div className={cn("space-y-3 break-words text-zinc-800", className)}>
      <Markdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        urlTransform={urlTransform}
        components={components}
      >
        {source}
      </Markdown>
    </div>
  );
}
