/** @jsxRuntime automatic @jsxImportSource react */
import type { ReactNode } from "react";
import { Heading, Hr, Link, Text } from "@react-email/components";

/**
 * Markdown for emails an admin writes (the onboarding sequence, issue 14 §8), drawn as React
 * Email elements. A small parser of its own rather than a library: the Markdown component of
 * React Email passes raw HTML and any link through (`marked` with `dangerouslySetInnerHTML`), and
 * this package has no sanitiser. Here every piece of text becomes a React text node (escaped by
 * React), so raw HTML in the source shows as the literal characters and never as markup.
 *
 * Supported (CommonMark's common subset): ATX headings (`#`–`######`), paragraphs (a single line
 * break inside one is a space; two trailing spaces or a trailing backslash break the line),
 * bullet (`-`, `*`, `+`) and numbered (`1.`, `1)`) lists of one level, block quotes (`>`),
 * fenced code blocks, thematic breaks (`---`, `***`, `___`); inline `**strong**`, `__strong__`,
 * `*em*`, `_em_`, `` `code` ``, `[label](url)`, bare `https://` links and backslash escapes.
 * Links keep http(s) and mailto addresses, and paths on the app (`/resources`, resolved against
 * `appUrl`); any other address (javascript:, data:, `//host`) drops the link and keeps its label.
 */

const styles = {
  text: { color: "#27272a", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  heading: { color: "#18181b", fontWeight: 700, margin: "8px 0 12px" },
  list: { color: "#27272a", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  item: { margin: "0 0 4px" },
  quote: {
    borderLeft: "4px solid #e4e4e7",
    color: "#52525b",
    margin: "0 0 16px",
    padding: "0 0 0 12px",
  },
  code: {
    backgroundColor: "#f4f4f5",
    borderRadius: "4px",
    fontFamily: "ui-monospace, Menlo, Consolas, monospace",
    fontSize: "13px",
    padding: "1px 4px",
  },
  pre: {
    backgroundColor: "#f4f4f5",
    borderRadius: "8px",
    fontFamily: "ui-monospace, Menlo, Consolas, monospace",
    fontSize: "13px",
    lineHeight: "20px",
    margin: "0 0 16px",
    overflowX: "auto" as const,
    padding: "12px",
    whiteSpace: "pre-wrap" as const,
  },
  link: { color: "#7c3aed", textDecoration: "underline" },
  hr: { borderColor: "#e4e4e7", margin: "16px 0" },
};

const HEADING_SIZES = ["22px", "19px", "17px", "15px", "15px", "15px"];

/** A parsed block of the source. */
type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: string[] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "code"; text: string }
  | { kind: "hr" };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits Markdown source into blocks (see the file comment for what is understood). */
export function parseMarkdownBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  const startsBlock = (line: string) =>
    HEADING.test(line) ||
    HR.test(line) ||
    BULLET.test(line) ||
    ORDERED.test(line) ||
    QUOTE.test(line) ||
    FENCE.test(line);
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!))
        body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1]!.length, text: heading[2] ?? "" });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ kind: "hr" });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && lines[i]!.trim() && QUOTE.test(lines[i]!))
        inner.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ kind: "quote", blocks: parseMarkdownBlocks(inner.join("\n")) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = ORDERED.exec(line);
    if (bullet || ordered) {
      const pattern = bullet ? BULLET : ORDERED;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = pattern.exec(l);
        if (m) {
          items.push(bullet ? m[1]! : m[2]!);
          i++;
        } else if (l.trim() && /^[ \t]+/.test(l) && items.length) {
          // An indented line continues the item (a nested list is read as its text).
          items[items.length - 1] += `\n${l.trim()}`;
          i++;
        } else if (!l.trim() && i + 1 < lines.length && pattern.test(lines[i + 1]!)) {
          i++; // a loose list: blank lines between items
        } else break;
      }
      blocks.push({
        kind: "list",
        ordered: !bullet,
        start: ordered ? Number(ordered[1]) : 1,
        items,
      });
      continue;
    }
    const para: string[] = [line];
    i++;
    while (i < lines.length && lines[i]!.trim() && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    blocks.push({ kind: "paragraph", text: para.join("\n") });
  }
  return blocks;
}

/**
 * The address a Markdown link may keep: http(s) and mailto URLs as written, paths on the app
 * ("/x", not "//x") resolved against `appUrl`; null for anything else.
 */
export function safeEmailHref(url: string, appUrl: string): string | null {
  const u = url.trim();
  if (/^\/(?![/\\])/.test(u)) return new URL(u, appUrl).toString();
  try {
    const parsed = new URL(u);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

// Earliest-match inline scanner: escapes, code, links, bare URLs, strong, emphasis, hard breaks.
const INLINE =
  /\\([!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)|\[([^\]\n]*(?:\n[^\]\n]*)?)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+"[^"]*")?\s*\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"\]])|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__(?!\w)|\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<!\w)_(?=[^\s_])([\s\S]*?[^\s_])_(?!\w)|( {2,}|\\)\n/;

/** Inline Markdown of one block as React nodes (text nodes only: React escapes them). */
function inline(text: string, appUrl: string, key = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(softBreaks(rest));
      break;
    }
    if (m.index > 0) out.push(softBreaks(rest.slice(0, m.index)));
    const k = `${key}.${n++}`;
    const [whole, escaped, , code, label, href, bare, strong1, strong2, em1, em2, hardBreak] = m;
    if (escaped !== undefined) out.push(escaped);
    else if (code !== undefined)
      out.push(
        <code key={k} style={styles.code}>
          {code.replace(/\n/g, " ").replace(/^ (.*) $/, "$1")}
        </code>,
      );
    else if (label !== undefined) {
      const safe = safeEmailHref(href ?? "", appUrl);
      const children = inline(label, appUrl, k);
      out.push(
        safe ? (
          <Link key={k} href={safe} style={styles.link}>
            {children}
          </Link>
        ) : (
          <span key={k}>{children}</span>
        ),
      );
    } else if (bare !== undefined)
      out.push(
        <Link key={k} href={safeEmailHref(bare, appUrl) ?? undefined} style={styles.link}>
          {bare}
        </Link>,
      );
    else if (strong1 !== undefined || strong2 !== undefined)
      out.push(<strong key={k}>{inline((strong1 ?? strong2)!, appUrl, k)}</strong>);
    else if (em1 !== undefined || em2 !== undefined)
      out.push(<em key={k}>{inline((em1 ?? em2)!, appUrl, k)}</em>);
    else if (hardBreak !== undefined) out.push(<br key={k} />);
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}

/** A soft line break inside a paragraph reads as a space. */
const softBreaks = (s: string) => s.replace(/[ \t]*\n[ \t]*/g, " ");

function renderBlocks(blocks: Block[], appUrl: string, key: string): ReactNode[] {
  return blocks.map((b, idx) => {
    const k = `${key}${idx}`;
    switch (b.kind) {
      case "heading":
        return (
          <Heading
            key={k}
            as={`h${Math.min(b.level + 1, 6)}` as "h2"}
            style={{ ...styles.heading, fontSize: HEADING_SIZES[b.level - 1] }}
          >
            {inline(b.text, appUrl, k)}
          </Heading>
        );
      case "paragraph":
        return (
          <Text key={k} style={styles.text}>
            {inline(b.text, appUrl, k)}
          </Text>
        );
      case "list": {
        const items = b.items.map((item, j) => (
          <li key={`${k}-${j}`} style={styles.item}>
            {inline(item, appUrl, `${k}-${j}`)}
          </li>
        ));
        return b.ordered ? (
          <ol key={k} start={b.start} style={styles.list}>
            {items}
          </ol>
        ) : (
          <ul key={k} style={styles.list}>
            {items}
          </ul>
        );
      }
      case "quote":
        return (
          <blockquote key={k} style={styles.quote}>
            {renderBlocks(b.blocks, appUrl, `${k}q`)}
          </blockquote>
        );
      case "code":
        return (
          <pre key={k} style={styles.pre}>
            {b.text}
          </pre>
        );
      case "hr":
        return <Hr key={k} style={styles.hr} />;
      default: {
        const unknown: never = b;
        return unknown;
      }
    }
  });
}

/** Markdown `source` as email elements (see the file comment); links resolve against `appUrl`. */
export function EmailMarkdown({ source, appUrl }: { source: string; appUrl: string }) {
  return <>{renderBlocks(parseMarkdownBlocks(source), appUrl, "b")}</>;
}

/**
 * `value` as literal Markdown text: every ASCII punctuation character that could start markup is
 * backslash-escaped, so a person's name such as "**Pat**" or "[x](javascript:…)" reads as written.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, "\\$&").replace(/\r?\n/g, " ");
}
