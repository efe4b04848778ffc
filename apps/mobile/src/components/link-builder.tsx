import { useState } from "react";
import { StyleSheet, Switch, Text, TextInput, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { UtmValues } from "@fanfare/validators";
import { buildTrackLink, defaultUtm, ZSourceTag, ZUtmValue } from "@fanfare/validators";

import { useDebounced } from "~/lib/use-debounced";

import { LinkActions } from "./link-actions";
import { PromoPosts } from "./promo-posts";
import { Notice } from "./states";
import { colors, radius, space, text } from "./theme";
import { Body, Button, Muted, Row } from "./ui";

type PromoterLink = RouterOutputs["promoter"]["links"][number];

/** The UTM fields the builder shows (utm_term is for paid search keywords: not offered), as on the web. */
const UTM_FIELDS = [
  ["utm_source", "UTM source"],
  ["utm_medium", "UTM medium"],
  ["utm_campaign", "UTM campaign"],
  ["utm_content", "UTM content"],
] as const;
type UtmField = (typeof UTM_FIELDS)[number][0];

const firstError = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? null : (r.error?.issues[0]?.message ?? "Not valid.");

/** `https://fanfare.fm` of a server-built link (APP_URL), without `URL` (incomplete on React Native). */
export const originOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)?.[0] ?? null;

/**
 * The link builder for one of the promoter's links (issue 14 §1, §2, §9), as on the web: a source
 * tag (`?src=`, reported under "Performance by source"), "Add UTM" with the suggested values
 * (`defaultUtm`) editable, the final URL (`buildTrackLink`) to share, copy or show as a QR code,
 * and the ready-to-post texts carrying that link.
 */
export function LinkBuilder({ link }: { link: PromoterLink }) {
  const [sourceTag, setSourceTag] = useState("");
  const [withUtm, setWithUtm] = useState(false);
  /** Only the UTM fields the promoter typed in; the others follow the suggestions. */
  const [utmEdits, setUtmEdits] = useState<UtmValues>({});

  const tag = sourceTag.trim();
  const tagError = firstError(ZSourceTag.safeParse(sourceTag));
  const utm: UtmValues = {
    ...defaultUtm({ code: link.code, sourceTag: tagError ? null : tag }),
    ...utmEdits,
  };
  const utmErrors = Object.fromEntries(
    UTM_FIELDS.map(([name]) => [name, firstError(ZUtmValue(name).safeParse(utm[name] ?? ""))]),
  ) as Record<UtmField, string | null>;
  const valid = !tagError && (!withUtm || Object.values(utmErrors).every((e) => !e));
  const appUrl = originOf(link.url);
  const finalUrl =
    appUrl && valid
      ? buildTrackLink({
          appUrl,
          slug: link.track.slug,
          kind: link.kind,
          code: link.code,
          sourceTag: tag,
          utm: withUtm ? utm : null,
        })
      : null;
  // The posts are asked for once the tag stops changing, and only with a valid one.
  const postsTag = useDebounced(tagError ? null : tag, 400);

  return (
    <View style={styles.wrap} testID={`link-builder-${link.code}`}>
      <Body style={styles.strong}>Build a link</Body>

      <View style={styles.field}>
        <Text style={styles.label}>Source tag (optional)</Text>
        <TextInput
          value={sourceTag}
          onChangeText={setSourceTag}
          aria-label="Source tag"
          aria-invalid={Boolean(tagError)}
          placeholder="e.g. youtube-review"
          placeholderTextColor={colors.muted}
          autoCapitalize="none"
          autoCorrect={false}
          spellCheck={false}
          maxLength={60}
          style={[styles.input, tagError ? styles.inputInvalid : null]}
        />
        {tagError ? (
          <Notice tone="error">{tagError}</Notice>
        ) : (
          <Muted>
            Where you will post this link, e.g. newsletter: your sales are reported by tag.
          </Muted>
        )}
      </View>

      <Row style={styles.switchRow}>
        <Switch
          value={withUtm}
          onValueChange={setWithUtm}
          role="switch"
          aria-label="Add UTM"
          aria-checked={withUtm}
          trackColor={{ true: colors.accent, false: colors.border }}
        />
        <Text style={styles.label}>Add UTM</Text>
      </Row>
      <Muted>For your own analytics; Fanfare reports UTM source, medium and campaign too.</Muted>
      {withUtm ? (
        <View style={styles.wrap} testID="utm-fields">
          {UTM_FIELDS.map(([name, label]) => (
            <View key={name} style={styles.field}>
              <Text style={styles.label}>{label}</Text>
              <TextInput
                value={utm[name] ?? ""}
                onChangeText={(v) => setUtmEdits((u) => ({ ...u, [name]: v }))}
                aria-label={label}
                aria-invalid={Boolean(utmErrors[name])}
                autoCapitalize="none"
                autoCorrect={false}
                spellCheck={false}
                style={[styles.input, utmErrors[name] ? styles.inputInvalid : null]}
              />
              {utmErrors[name] ? <Notice tone="error">{utmErrors[name]}</Notice> : null}
            </View>
          ))}
          {Object.keys(utmEdits).length ? (
            <Button
              variant="secondary"
              label="Back to the suggested values"
              onPress={() => setUtmEdits({})}
              aria-label="Back to the suggested UTM values"
            />
          ) : null}
        </View>
      ) : null}

      {finalUrl ? (
        <View style={styles.wrap} testID="built-link">
          <Text style={styles.label}>Your link with tags</Text>
          <LinkActions
            url={finalUrl}
            title={link.track.title}
            noun="your tagged link"
            urlTestID="built-url"
          />
          <Muted>
            Buyers see the page without the tags: they are read when the link is opened, so a copy
            passed on still credits you but not the source.
          </Muted>
        </View>
      ) : (
        <Muted>Fix the fields above to see your link.</Muted>
      )}

      {/* Ready-made posts are written for tracks; a release link (issue 16 §1) shares its URL. */}
      {link.kind === "track" ? (
        <>
          <Body style={styles.strong}>Share with a post</Body>
          <PromoPosts
            trackId={link.track.id}
            sourceTag={postsTag ?? ""}
            url={finalUrl}
            title={link.track.title}
          />
        </>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.sm },
  field: { gap: space.xs },
  strong: { fontWeight: "600" },
  label: { ...text.sm, fontWeight: "600", color: colors.text },
  switchRow: { gap: space.md },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    ...text.base,
    color: colors.text,
    backgroundColor: colors.card,
  },
  inputInvalid: { borderColor: colors.danger },
});
