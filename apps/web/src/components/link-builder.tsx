"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Select } from "@fanfare/ui";
import { Switch } from "@fanfare/ui/switch";
import type { UtmValues } from "@fanfare/validators";
import {
  buildTrackLink,
  defaultUtm,
  parseTrackUrl,
  TRACK_URL_ERRORS,
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
  url: string;
  disabled: boolean;
  track: { id: string; slug: string; title: string; artistName: string | null };
};
const toBuilderLink = (l: PromoterLink): BuilderLink => ({
  id: l.id,
  code: l.code,
  url: l.url,
  disabled: l.disabled,
  track: {
    id: l.track.id,
    slug: l.track.slug,
    title: l.track.title,
    artistName: l.track.artistName,
  },
});

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
 * The link builder (issue 14 §1, §2): pick one of the promoter's track links, or paste any
 * Fanfare track page address (a track without a link yet gets one, `promoter.getOrCreateLink`);
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
  const all = (links.data ?? []).map(toBuilderLink);
  const active = (links.data ?? []).filter((l) => l.active).map(toBuilderLink);

  const [mode, setMode] = useState<"mine" | "paste">("mine");
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

  const link: BuilderLink | undefined =
    (chosenId ? all.find((l) => l.id === chosenId) : undefined) ??
    (mode === "paste" ? (pastedLink ?? undefined) : active[0]);

  const tag = sourceTag.trim();
  const tagError = firstError(ZSourceTag.safeParse(sourceTag));
  const utm: UtmValues = link
    ? { ...defaultUtm({ code: link.code, sourceTag: tagError ? null : tag }), ...utmEdits }
    : {};
  const utmErrors = Object.fromEntries(
    UTM_FIELDS.map(([name]) => [name, firstError(ZUtmValue(name).safeParse(utm[name] ?? ""))]),
  ) as Record<(typeof UTM_FIELDS)[number][0], string | null>;
  const valid = !tagError && (!withUtm || Object.values(utmErrors).every((e) => !e));
  const appUrl = link ? originOf(link.url) : null;
  const finalUrl =
    link && appUrl && valid
      ? buildTrackLink({
          appUrl,
          slug: link.track.slug,
          code: link.code,
          sourceTag: tag,
          utm: withUtm ? utm : null,
        })
      : null;

  /** Reads the pasted address, finds or creates the promoter's link for its track. */
  const takePasted = async () => {
    setPasteError(null);
    setTerms(null);
    setPastedLink(null);
    setChosenId(null);
    // The site's address as the server writes links (APP_URL), and as this page was opened.
    const origins = [...new Set([...all.map((l) => originOf(l.url)), window.location.origin])];
    let hit: { slug: string } | null = null;
    let refusal: string = TRACK_URL_ERRORS.notFanfare;
    for (const origin of origins) {
      if (!origin) continue;
      const parsed = parseTrackUrl(pasted, origin);
      if (parsed.ok) {
        hit = parsed;
        break;
      }
      // A page of this site that is not a track says so, rather than "not Fanfare".
      if (parsed.error !== TRACK_URL_ERRORS.notFanfare) refusal = parsed.error;
    }
    if (!hit) {
      setPasteError(refusal);
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
          <legend className="text-sm font-medium text-ink">Track</legend>
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
                checked={mode === "paste"}
                onChange={() => {
                  setMode("paste");
                  setChosenId(pastedLink?.id ?? null);
                }}
              />
              Paste a track page address
            </label>
          </div>
          {mode === "mine" ? (
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
                    No active links yet: choose “Paste a track page address”, or{" "}
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
                label="Track page address"
                error={pasteError}
                hint="The address of a track page on Fanfare, like …/t/night-drive."
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
                    Use this track
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
        {finalUrl && link ? (
          <div className="space-y-2" data-testid="link-builder-result">
            {/* Remounted per URL, so a QR code drawn for the previous URL never stays on screen. */}
            <ShareKit
              key={finalUrl}
              url={finalUrl}
              text={`Listen to "${link.track.title}"${link.track.artistName ? ` by ${link.track.artistName}` : ""}`}
              fileName={`fanfare-${link.track.slug}${tag && !tagError ? `-${tag}` : ""}-qr`}
              trackId={link.track.id}
              sourceTag={tagError ? undefined : tag || undefined}
            />
            <p className="text-xs text-zinc-500">
              Visitors see the page without the tags: they are read when the link is opened, then
              removed from the address bar, so a copy passed on still credits you but not the
              source.
            </p>
          </div>
        ) : link && !valid ? (
          <p className="text-sm text-zinc-600">Fix the fields above to see your link.</p>
        ) : null}
      </Card>
    </section>
  );
}
