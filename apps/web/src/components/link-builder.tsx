"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Select } from "@fanfare/ui";
import { Switch } from "@fanfare/ui/switch";
import type { LinkablePage, UtmValues } from "@fanfare/validators";
import {
  buildPageLink,
  buildTrackLink,
  defaultUtm,
  PAGE_URL_ERRORS,
  parsePageUrl,
  ZSourceTag,
  ZUtmValue,
} from "@fanfare/validators";

import { ShareKit } from "./share-kit";
import { useTRPC } from "~/trpc/react";

type PromoterLink = RouterOutputs["promoter"]["links"][number];
/** What the builder needs of a link (from the links list, or just created from a pasted address). */
type BuilderLink = {
  id: string;
  code: string;
  /** A track's link or a release's (issue 16 §1): `/t/<slug>` or `/r/<slug>`. */
  kind: "track" | "release";
  url: string;
  disabled: boolean;
  track: { id: string; slug: string; title: string; artistName: string | null };
};
const toBuilderLink = (l: PromoterLink): BuilderLink => ({
  id: l.id,
  code: l.code,
  kind: l.kind,
  url: l.url,
  disabled: l.disabled,
  track: {
    id: l.track.id,
    slug: l.track.slug,
    title: l.track.title,
    artistName: l.track.artistName,
  },
});

/** A page link's target (issue 14 §1): an artist page or discover, with words for it. */
type PageTarget = { page: Exclude<LinkablePage, { kind: "track" }>; label: string };
/** The "My artist page links" choice that stands for discover (an artist slug never is "_"). */
const DISCOVER_PICK = "_";

/** The UTM fields the builder shows (utm_term is for paid search keywords: not offered). */
const UTM_FIELDS = [
  ["utm_source", "UTM source"],
  ["utm_medium", "UTM medium"],
  ["utm_campaign", "UTM campaign"],
  ["utm_content", "UTM content"],
] as const;

const firstError = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? null : (r.error?.issues[0]?.message ?? "Not valid.");

/** The origin of a server-built link (APP_URL), which a pasted address must match. */
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * The link builder (issue 14 §1, §2): pick one of the promoter's track links, or one of "My
 * artist page links" (the artists whose tracks the promoter links, or discover), or paste any
 * Fanfare address (`parsePageUrl`): a track page (a track without a link yet gets one,
 * `promoter.getOrCreateLink`), an artist page or discover (a genre, a search), whose links carry
 * the promoter-level code (`promoter.pageLinkCode`; built by `buildPageLink`);
 * add a source tag (`?src=`, reported under "Performance by source") and, with "Add UTM", UTM
 * values suggested as `utm_source=fanfare`, `utm_medium=affiliate`, `utm_campaign=<link code>`,
 * `utm_content=<source tag>` and editable; see the final URL, copy it, draw its QR code or share
 * it (`ShareKit`). The URL is built by `buildTrackLink` (packages/validators), as on mobile.
 */
export function LinkBuilder() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const links = useQuery(trpc.promoter.links.queryOptions());
  const getLink = useMutation(trpc.promoter.getOrCreateLink.mutationOptions());
  const pageInfo = useQuery(trpc.promoter.pageLinkCode.queryOptions());
  const all = (links.data ?? []).map(toBuilderLink);
  const active = (links.data ?? []).filter((l) => l.active).map(toBuilderLink);

  const [mode, setMode] = useState<"mine" | "page" | "paste">("mine");
  /** The "My artist page links" choice: an artist's slug, or DISCOVER_PICK. */
  const [pagePick, setPagePick] = useState<string>(DISCOVER_PICK);
  /** The artist page or discover a pasted address gave. */
  const [pastedPage, setPastedPage] = useState<PageTarget | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(null);
  /** The link a pasted address gave, until the links list has it. */
  const [pastedLink, setPastedLink] = useState<BuilderLink | null>(null);
  const [pasted, setPasted] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  /** The program's terms to accept before a first (or a new version's) link, when asked. */
  const [terms, setTerms] = useState<{ version: number; summary: string; again: boolean } | null>(
    null,
  );
  const acceptTerms = useMutation(trpc.promoter.acceptTerms.mutationOptions());
  const [pending, setPending] = useState(false);
  const [sourceTag, setSourceTag] = useState("");
  const [withUtm, setWithUtm] = useState(false);
  /** Only the UTM fields the promoter typed in; the others follow the suggestions. */
  const [utmEdits, setUtmEdits] = useState<UtmValues>({});

  const artists = pageInfo.data?.artists ?? [];
  const pickedArtist = artists.find((a) => a.slug === pagePick);
  const pageTarget: PageTarget | null =
    mode === "page"
      ? pickedArtist
        ? { page: { kind: "artist", slug: pickedArtist.slug }, label: pickedArtist.name }
        : { page: { kind: "discover", path: "/", query: "" }, label: "Discover" }
      : mode === "paste"
        ? pastedPage
        : null;
  const link: BuilderLink | undefined = pageTarget
    ? undefined
    : ((chosenId ? all.find((l) => l.id === chosenId) : undefined) ??
      (mode === "paste" ? (pastedLink ?? undefined) : mode === "mine" ? active[0] : undefined));
  /** The code the link carries: the track link's, or the promoter-level one for a page link. */
  const code = pageTarget ? pageInfo.data?.code : link?.code;

  const tag = sourceTag.trim();
  const tagError = firstError(ZSourceTag.safeParse(sourceTag));
  const utm: UtmValues = code
    ? { ...defaultUtm({ code, sourceTag: tagError ? null : tag }), ...utmEdits }
    : {};
  const utmErrors = Object.fromEntries(
    UTM_FIELDS.map(([name]) => [name, firstError(ZUtmValue(name).safeParse(utm[name] ?? ""))]),
  ) as Record<(typeof UTM_FIELDS)[number][0], string | null>;
  const valid = !tagError && (!withUtm || Object.values(utmErrors).every((e) => !e));
  const appUrl = pageTarget ? (pageInfo.data?.appUrl ?? null) : link ? originOf(link.url) : null;
  const finalUrl =
    !valid || !appUrl || !code
      ? null
      : pageTarget
        ? buildPageLink({
            appUrl,
            page: pageTarget.page,
            code,
            sourceTag: tag,
            utm: withUtm ? utm : null,
          })
        : link
          ? buildTrackLink({
              appUrl,
              slug: link.track.slug,
              kind: link.kind,
              code: link.code,
              sourceTag: tag,
              utm: withUtm ? utm : null,
            })
          : null;
  const shareText = pageTarget
    ? pageTarget.page.kind === "artist"
      ? `Listen to ${pageTarget.label} on Fanfare`
      : "Discover new music on Fanfare"
    : link
      ? `Listen to "${link.track.title}"${link.track.artistName ? ` by ${link.track.artistName}` : ""}`
      : "";
  const qrName = pageTarget
    ? pageTarget.page.kind === "artist"
      ? `fanfare-${pageTarget.page.slug}`
      : "fanfare-discover"
    : `fanfare-${link?.track.slug ?? "link"}`;

  /**
   * Reads the pasted address: an artist page or discover becomes a page link; a track finds or
   * creates the promoter's link for it.
   */
  const takePasted = async () => {
    setPasteError(null);
    setTerms(null);
    setPastedLink(null);
    setPastedPage(null);
    setChosenId(null);
    // The site's address as the server writes links (APP_URL), and as this page was opened.
    const origins = [
      ...new Set([
        pageInfo.data?.appUrl ?? null,
        ...all.map((l) => originOf(l.url)),
        window.location.origin,
      ]),
    ];
    let hit: LinkablePage | null = null;
    let refusal: string = PAGE_URL_ERRORS.notFanfare;
    for (const origin of origins) {
      if (!origin) continue;
      const parsed = parsePageUrl(pasted, origin);
      if (parsed.ok) {
        hit = parsed.page;
        break;
      }
      // A page of this site that no link may point at says so, rather than "not Fanfare".
      if (parsed.error !== PAGE_URL_ERRORS.notFanfare) refusal = parsed.error;
    }
    if (!hit) {
      setPasteError(refusal);
      return;
    }
    if (hit.kind === "artist") {
      const known = artists.find((a) => a.slug === hit.slug);
      setPastedPage({ page: hit, label: known?.name ?? `the artist page /a/${hit.slug}` });
      return;
    }
    if (hit.kind === "discover") {
      const search = new URLSearchParams(hit.query);
      const what = search.get("q")
        ? `the search “${search.get("q")}”`
        : search.get("genre")
          ? `the genre ${search.get("genre")}`
          : "discover";
      setPastedPage({ page: hit, label: what });
      return;
    }
    const slug = hit.slug;
    const existing = all.find((l) => l.track.slug === slug);
    if (existing) {
      setChosenId(existing.id);
      setPastedLink(existing);
      return;
    }
    setPending(true);
    try {
      const track = await qc.fetchQuery(trpc.buyer.trackBySlug.queryOptions({ slug }));
      const created = await getLink.mutateAsync({ trackId: track.id });
      setPastedLink({
        id: created.id,
        code: created.code,
        kind: "track",
        url: created.url,
        disabled: created.disabled,
        track: {
          id: created.track.id,
          slug: created.track.slug,
          title: created.track.title,
          artistName: track.artist.name,
        },
      });
      setChosenId(created.id);
      await qc.invalidateQueries({ queryKey: trpc.promoter.links.queryKey() });
    } catch (e) {
      const err = e as { message: string; data?: { appCode?: string | null } | null };
      // The program's terms come first (a new promoter, or a new version): ask, then retry.
      const t =
        err.data?.appCode === "TERMS_REQUIRED"
          ? await qc.fetchQuery(trpc.promoter.terms.queryOptions()).catch(() => null)
          : null;
      if (t?.terms)
        setTerms({
          version: t.terms.version,
          summary: t.terms.summary,
          again: t.acceptedVersion != null,
        });
      else setPasteError(err.message);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-h`} className="space-y-3" data-testid="link-builder">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        Link builder
      </h2>
      <Card className="space-y-5">
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-ink">Link to</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="inline-flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === "mine"}
                onChange={() => {
                  setMode("mine");
                  setChosenId(null);
                }}
              />
              One of your links
            </label>
            <label className="inline-flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === "page"}
                onChange={() => {
                  setMode("page");
                  setChosenId(null);
                }}
                data-testid="link-builder-mode-page"
              />
              My artist page links
            </label>
            <label className="inline-flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === "paste"}
                onChange={() => {
                  setMode("paste");
                  setChosenId(pastedLink?.id ?? null);
                }}
              />
              Paste a page address
            </label>
          </div>
          {mode === "page" ? (
            <div className="space-y-2">
              <Field
                id={`${id}-page`}
                label="Page"
                hint="An artist page link credits you for any of that artist's tracks bought within the attribution window; a discover link for any track bought in the same browser session."
              >
                <Select
                  id={`${id}-page`}
                  value={pickedArtist ? pickedArtist.slug : DISCOVER_PICK}
                  onChange={(e) => setPagePick(e.target.value)}
                  data-testid="link-builder-page"
                >
                  {artists.map((a) => (
                    <option key={a.id} value={a.slug}>
                      {a.name} (artist page)
                    </option>
                  ))}
                  <option value={DISCOVER_PICK}>Discover (all tracks)</option>
                </Select>
              </Field>
              {pageInfo.error ? <Alert>{pageInfo.error.message}</Alert> : null}
            </div>
          ) : mode === "mine" ? (
            active.length ? (
              <Field id={`${id}-link`} label="Your link">
                <Select
                  id={`${id}-link`}
                  value={link?.id ?? ""}
                  onChange={(e) => setChosenId(e.target.value)}
                  data-testid="link-builder-track"
                >
                  {active.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.track.title} · {l.track.artistName}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : (
              <p className="text-sm text-zinc-600">
                {links.isPending ? (
                  "Loading your links…"
                ) : (
                  <>
                    No active links yet: choose “Paste a page address”, or{" "}
                    <Link href="/" className="text-brand-700 underline">
                      find a track to promote
                    </Link>
                    .
                  </>
                )}
              </p>
            )
          ) : (
            <form
              className="space-y-2"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void takePasted();
              }}
            >
              <Field
                id={`${id}-url`}
                label="Page address"
                error={pasteError}
                hint="A track (…/t/night-drive), an artist page (…/a/nova-lights) or discover (the home page, a genre or a search) on Fanfare."
              >
                <div className="flex gap-2">
                  <Input
                    id={`${id}-url`}
                    value={pasted}
                    placeholder={`${typeof window === "undefined" ? "" : window.location.origin}/t/…`}
                    onChange={(e) => setPasted(e.target.value)}
                    invalid={!!pasteError}
                    inputMode="url"
                    autoComplete="off"
                    data-testid="link-builder-url"
                  />
                  <Button type="submit" variant="secondary" pending={pending}>
                    Use this page
                  </Button>
                </div>
              </Field>
              {terms ? (
                <div
                  className="space-y-2 rounded-lg bg-zinc-50 p-3 text-sm ring-1 ring-zinc-200"
                  data-testid="link-builder-terms"
                >
                  <p>
                    {terms.again
                      ? `The promoter terms changed (version ${terms.version}): ${terms.summary}`
                      : `A first link needs the promoter terms (version ${terms.version}) accepted.`}{" "}
                    <a
                      href="/terms"
                      target="_blank"
                      rel="noreferrer"
                      className="text-brand-700 underline"
                    >
                      Read the terms
                    </a>
                  </p>
                  <Button
                    type="button"
                    size="sm"
                    pending={acceptTerms.isPending || pending}
                    onClick={async () => {
                      try {
                        await acceptTerms.mutateAsync({ version: terms.version });
                      } catch (e) {
                        setPasteError((e as Error).message);
                        return;
                      }
                      await takePasted();
                    }}
                  >
                    Accept and get my link
                  </Button>
                </div>
              ) : null}
              {pastedPage && mode === "paste" ? (
                <p className="text-sm text-zinc-600" data-testid="link-builder-picked">
                  Building a page link for{" "}
                  <span className="font-medium text-ink">{pastedPage.label}</span>.
                </p>
              ) : null}
              {link && mode === "paste" ? (
                <p className="text-sm text-zinc-600" data-testid="link-builder-picked">
                  Building a link for{" "}
                  <span className="font-medium text-ink">{link.track.title}</span>
                  {link.track.artistName ? ` by ${link.track.artistName}` : ""}.
                </p>
              ) : null}
            </form>
          )}
        </fieldset>

        <Field
          id={`${id}-src`}
          label="Source tag (optional)"
          error={tagError}
          hint="Where you will post this link, e.g. youtube-review or newsletter: your sales are reported by tag. Lowercase letters, digits, - and _."
        >
          <Input
            id={`${id}-src`}
            value={sourceTag}
            maxLength={60}
            onChange={(e) => setSourceTag(e.target.value)}
            invalid={!!tagError}
            autoComplete="off"
            spellCheck={false}
            data-testid="link-builder-src"
          />
        </Field>

        <div className="space-y-3">
          <div className="flex items-center gap-3">
            <Switch
              checked={withUtm}
              onCheckedChange={setWithUtm}
              aria-labelledby={`${id}-utm-label`}
              data-testid="link-builder-utm-toggle"
            />
            <span id={`${id}-utm-label`} className="text-sm font-medium text-ink">
              Add UTM
            </span>
            <span className="text-xs text-zinc-500">
              For your own analytics; Fanfare reports UTM source, medium and campaign too.
            </span>
          </div>
          {withUtm ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {UTM_FIELDS.map(([name, label]) => (
                <Field key={name} id={`${id}-${name}`} label={label} error={utmErrors[name]}>
                  <Input
                    id={`${id}-${name}`}
                    value={utm[name] ?? ""}
                    onChange={(e) => setUtmEdits((u) => ({ ...u, [name]: e.target.value }))}
                    invalid={!!utmErrors[name]}
                    autoComplete="off"
                    spellCheck={false}
                    data-testid={`link-builder-${name}`}
                  />
                </Field>
              ))}
              {Object.keys(utmEdits).length ? (
                <div>
                  <Button type="button" variant="ghost" size="sm" onClick={() => setUtmEdits({})}>
                    Back to the suggested values
                  </Button>
                </div>
              ) : null}
            </div>
          ) : null}
        </div>

        {link?.disabled ? (
          <Alert>This link was disabled by Fanfare: it counts no clicks and earns nothing.</Alert>
        ) : null}
        {finalUrl && (link || pageTarget) ? (
          <div className="space-y-2" data-testid="link-builder-result">
            {/* Remounted per URL, so a QR code drawn for the previous URL never stays on screen. */}
            <ShareKit
              key={finalUrl}
              url={finalUrl}
              text={shareText}
              fileName={`${qrName}${tag && !tagError ? `-${tag}` : ""}-qr`}
              trackId={link?.kind === "track" ? link.track.id : undefined}
              sourceTag={tagError ? undefined : tag || undefined}
            />
            <p className="text-xs text-zinc-500">
              Visitors see the page without the tags: they are read when the link is opened, then
              removed from the address bar, so a copy passed on still credits you but not the
              source.
            </p>
          </div>
        ) : (link || pageTarget) && !valid ? (
          <p className="text-sm text-zinc-600">Fix the fields above to see your link.</p>
        ) : null}
      </Card>
    </section>
  );
}
