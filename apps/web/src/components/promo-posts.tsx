"use client";

import { MessageSquareText, Share2 } from "lucide-react";
import { useEffect, useId, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants, cn, Loading } from "@fanfare/ui";
import { Sheet, SheetContent, SheetTrigger } from "@fanfare/ui/sheet";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@fanfare/ui/tabs";
import type { PostNetwork } from "@fanfare/validators";
import { postLength } from "@fanfare/validators";

import { CopyButton } from "./copy-button";
import { trpcQuery } from "~/lib/trpc-fetch";

type PromoPostsAnswer = RouterOutputs["promoter"]["promoPosts"];

const SOURCE_TAG = /^[a-z0-9_-]{0,40}$/;

/**
 * "Ready-to-post texts" (issue 14 §4): the promoter's link to a track written up for X, an
 * Instagram caption, a TikTok caption and a newsletter blurb (`promoter.promoPosts`, from the
 * templates admins and the artist edit), one tab each. Each text can be adjusted before it is
 * copied or shared (Web Share API where the browser has it; X also through its post intent); the
 * count is the network's own (X: links count 23, 280 at most), recounted as the promoter types.
 * An optional source tag goes into the link as `src`, so the source report tells the posts apart.
 * Texts are shown in `<textarea>`s: plain text, nothing rendered as HTML.
 */
export function PromoPosts({ trackId, sourceTag }: { trackId: string; sourceTag?: string }) {
  const [tag, setTag] = useState(sourceTag ?? "");
  const [applied, setApplied] = useState(sourceTag ?? "");
  const [answer, setAnswer] = useState<PromoPostsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [network, setNetwork] = useState<PostNetwork>("x");
  const tagId = useId();

  useEffect(() => {
    let live = true;
    setError(null);
    trpcQuery("promoter", "promoPosts", { trackId, ...(applied ? { sourceTag: applied } : {}) })
      .then((a) => live && setAnswer(a))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [trackId, applied]);

  const tagValid = SOURCE_TAG.test(tag.trim());
  return (
    <section
      aria-labelledby={`${tagId}-h`}
      className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-zinc-200"
      data-testid="promo-posts"
    >
      <h3 id={`${tagId}-h`} className="font-semibold">
        Ready-to-post texts
      </h3>
      <form
        className="flex flex-wrap items-end gap-2 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (tagValid) setApplied(tag.trim());
        }}
      >
        <div className="space-y-1">
          <label htmlFor={tagId} className="block font-medium">
            Source tag <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <input
            id={tagId}
            value={tag}
            onChange={(e) => setTag(e.target.value.toLowerCase())}
            placeholder="e.g. instagram-story"
            aria-invalid={!tagValid}
            aria-describedby={`${tagId}-hint`}
            className="w-48 rounded-lg px-3 py-1.5 ring-1 ring-zinc-300"
            data-testid="promo-posts-source"
          />
        </div>
        <Button type="submit" variant="secondary" size="sm" disabled={!tagValid}>
          Use in the link
        </Button>
        <p id={`${tagId}-hint`} className="w-full text-xs text-zinc-500">
          {tagValid
            ? "Added to the link as src=…, so Performance by source tells these posts apart."
            : "Use lowercase letters, digits, - and _ (like instagram-story)."}
        </p>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {!answer && !error ? <Loading label="Writing your posts…" /> : null}
      {answer ? (
        <Tabs value={network} onValueChange={(v) => setNetwork(v as PostNetwork)}>
          <TabsList aria-label="Network">
            {answer.posts.map((p) => (
              <TabsTrigger key={p.network} value={p.network} data-testid={`post-tab-${p.network}`}>
                {p.label}
              </TabsTrigger>
            ))}
          </TabsList>
          {answer.posts.map((p) => (
            <TabsContent key={`${p.network}:${answer.url}`} value={p.network} className="mt-3">
              <PostEditor post={p} />
            </TabsContent>
          ))}
        </Tabs>
      ) : null}
    </section>
  );
}

/** One network's text: editable, counted as the network counts, copied or shared. */
function PostEditor({ post }: { post: PromoPostsAnswer["posts"][number] }) {
  const [text, setText] = useState(post.text);
  const [canShare, setCanShare] = useState(false);
  useEffect(() => {
    setCanShare(typeof navigator !== "undefined" && typeof navigator.share === "function");
  }, []);
  const id = useId();
  const length = postLength(post.network, text);
  const over = post.limit !== null && length > post.limit;
  return (
    <div className="space-y-2" data-testid={`post-${post.network}`}>
      <label htmlFor={id} className="sr-only">
        {post.label}
      </label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={post.network === "x" || post.network === "tiktok" ? 5 : 9}
        aria-describedby={`${id}-count`}
        className="w-full rounded-lg bg-zinc-50 px-3 py-2 text-sm ring-1 ring-zinc-300"
        data-testid={`post-text-${post.network}`}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <CopyButton text={text} />
        {canShare ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              // Cancelling the sheet rejects: nothing to report.
              navigator.share({ text }).catch(() => undefined);
            }}
          >
            <Share2 aria-hidden className="size-4" />
            Share…
          </Button>
        ) : null}
        {post.network === "x" ? (
          <a
            href={`https://twitter.com/intent/tweet?text=${encodeURIComponent(text)}`}
            target="_blank"
            rel="noopener noreferrer"
            className={buttonVariants({ variant: "secondary", size: "sm" })}
          >
            Post on X<span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : null}
        <span
          id={`${id}-count`}
          className={cn("ml-auto text-xs", over ? "font-semibold text-red-700" : "text-zinc-500")}
          data-testid={`post-count-${post.network}`}
        >
          {post.limit !== null
            ? `${length} / ${post.limit}${post.network === "x" ? " (links count 23)" : ""}`
            : `${length} characters`}
          {over ? " — too long" : ""}
        </span>
      </div>
      {post.shortened && text === post.text ? (
        <p className="text-xs text-zinc-500">
          The description was shortened to fit; the link is whole.
        </p>
      ) : null}
    </div>
  );
}

/**
 * "Posts" beside one of the promoter's links (dashboard): opens a sheet with that track's
 * ready-to-post texts. The posts are asked for only when the sheet opens.
 */
export function PromoPostsButton({ trackId, title }: { trackId: string; title: string }) {
  return (
    <Sheet>
      <SheetTrigger asChild>
        <Button type="button" variant="secondary" size="sm" data-testid={`promo-posts-${trackId}`}>
          <MessageSquareText aria-hidden className="size-4" />
          Posts<span className="sr-only"> for {title}</span>
        </Button>
      </SheetTrigger>
      <SheetContent title={`Posts for "${title}"`} className="w-[36rem]!">
        <PromoPosts trackId={trackId} />
      </SheetContent>
    </Sheet>
  );
}
