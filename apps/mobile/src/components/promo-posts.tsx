import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Share, StyleSheet, Text, TextInput, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { PostNetwork } from "@fanfare/validators";
import { postLength } from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";
import { useCopyOrShare } from "~/lib/use-copy-or-share";

import { Segmented } from "./segmented";
import { ErrorState, LoadingState, Notice } from "./states";
import { colors, radius, space, text } from "./theme";
import { Button, Muted, Row } from "./ui";

type PromoPost = RouterOutputs["promoter"]["promoPosts"]["posts"][number];

/**
 * "Share with a post" (issue 14 §4, §9): the ready-to-post texts of `promoter.promoPosts` for the
 * track, one network at a time (X, Instagram and TikTok captions, a newsletter blurb), editable,
 * counted as the network counts, copied or shared through the system share sheet.
 *
 * The server writes the posts with the link carrying `sourceTag` only; when the builder's link
 * differs (UTM values, or a tag typed since), `url` replaces the server's link in the texts, so a
 * post always carries the link shown above it.
 */
export function PromoPosts(props: {
  trackId: string;
  /** A valid source tag or empty: goes into the posts' link as `src`. */
  sourceTag: string;
  /** The builder's final link, or null while its fields are not valid. */
  url: string | null;
  title: string;
}) {
  const trpc = useTRPC();
  const posts = useQuery({
    ...trpc.promoter.promoPosts.queryOptions({
      trackId: props.trackId,
      ...(props.sourceTag ? { sourceTag: props.sourceTag } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const [network, setNetwork] = useState<PostNetwork>("x");

  if (posts.isPending) return <LoadingState label="Writing your posts…" />;
  if (posts.isError)
    return (
      <ErrorState
        title="Could not write your posts."
        error={posts.error}
        onRetry={() => void posts.refetch()}
      />
    );
  const answer = posts.data;
  const post = answer.posts.find((p) => p.network === network) ?? answer.posts[0];
  if (!post) return <Muted>No posts are written for this track.</Muted>;
  const withLink = (t: string) =>
    props.url && props.url !== answer.url ? t.split(answer.url).join(props.url) : t;
  const postText = withLink(post.text);

  return (
    <View style={styles.wrap} testID="promo-posts">
      <Segmented
        kind="radio"
        label={`Network of the post for ${props.title}`}
        value={post.network}
        options={answer.posts.map((p) => ({ value: p.network, label: p.label }))}
        onChange={setNetwork}
      />
      {/* Remounted when the written text changes, so edits of an older text do not stay. */}
      <PostEditor key={`${post.network}:${postText}`} post={post} initialText={postText} />
    </View>
  );
}

/** One network's text: editable, counted as the network counts it, copied or shared. */
function PostEditor({ post, initialText }: { post: PromoPost; initialText: string }) {
  const [value, setValue] = useState(initialText);
  const { notice, copy, share } = useCopyOrShare("post");
  const length = postLength(post.network, value);
  const over = post.limit !== null && length > post.limit;

  return (
    <View style={styles.wrap} testID={`post-${post.network}`}>
      <TextInput
        value={value}
        onChangeText={setValue}
        multiline
        aria-label={`${post.label} text`}
        autoCorrect={false}
        textAlignVertical="top"
        style={styles.input}
        testID={`post-text-${post.network}`}
      />
      <Text style={[styles.count, over && styles.countOver]} testID={`post-count-${post.network}`}>
        {post.limit !== null
          ? `${length.toLocaleString("en-US")} / ${post.limit.toLocaleString("en-US")}${post.network === "x" ? " (links count 23)" : ""}`
          : `${length.toLocaleString("en-US")} characters`}
        {over ? " — too long" : ""}
      </Text>
      {post.shortened && value === initialText ? (
        <Muted>The description was shortened to fit; the link is whole.</Muted>
      ) : null}
      <Row>
        <Button
          label="Share post"
          onPress={() => void share(value, () => Share.share({ message: value }))}
          aria-label={`Share the ${post.label} post`}
        />
        <Button
          variant="secondary"
          label="Copy post"
          onPress={() => void copy(value)}
          aria-label={`Copy the ${post.label} post`}
        />
      </Row>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.sm },
  input: {
    minHeight: 120,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    ...text.sm,
    color: colors.text,
    backgroundColor: colors.background,
  },
  count: { ...text.xs, color: colors.muted },
  countOver: { color: colors.danger, fontWeight: "600" },
});
