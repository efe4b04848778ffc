import { useState } from "react";
import { Platform, Share, StyleSheet, Text, View } from "react-native";
import QRCode from "react-native-qrcode-svg";

import { useCopyOrShare } from "~/lib/use-copy-or-share";

import { Notice } from "./states";
import { colors, radius, space, text } from "./theme";
import { Button, Row } from "./ui";

/**
 * Share through the system share sheet. iOS shares `url` as a link (with the message beside it);
 * Android only reads `message`, so the URL goes there.
 */
export async function shareLink(opts: { url: string; title: string }): Promise<void> {
  const message = `${opts.title} on Fanfare`;
  await Share.share(
    Platform.OS === "ios" ? { url: opts.url, message } : { title: message, message: opts.url },
  );
}

/**
 * The promoter's link for one track: the URL itself, share sheet, copy, and a QR code to show.
 * `noun` names the link in the buttons' labels ("your link" → "Share your link to Night Drive");
 * given one, the QR button is labelled with it too. `urlTestID` marks the URL's text.
 */
export function LinkActions(props: {
  url: string;
  title: string;
  testID?: string;
  noun?: string;
  urlTestID?: string;
}) {
  const noun = props.noun ?? "your link";
  const [showQr, setShowQr] = useState(false);
  const { notice, copy, share } = useCopyOrShare("link");

  return (
    <View testID={props.testID} style={styles.wrap}>
      <Text selectable style={styles.url} testID={props.urlTestID ?? "affiliate-url"}>
        {props.url}
      </Text>
      <Row>
        <Button
          label="Share"
          onPress={() => void share(props.url, () => shareLink(props))}
          aria-label={`Share ${noun} to ${props.title}`}
        />
        <Button
          variant="secondary"
          label="Copy"
          onPress={() => void copy(props.url)}
          aria-label={`Copy ${noun} to ${props.title}`}
        />
        <Button
          variant="secondary"
          label={showQr ? "Hide QR code" : "QR code"}
          onPress={() => setShowQr((v) => !v)}
          aria-label={
            props.noun
              ? `${showQr ? "Hide the QR code" : "QR code"} of ${noun} to ${props.title}`
              : undefined
          }
        />
      </Row>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {showQr ? (
        <View
          style={styles.qr}
          accessible
          role="img"
          aria-label={`QR code of ${props.url}`}
          testID="link-qr"
        >
          <QRCode value={props.url} size={200} backgroundColor="#ffffff" color={colors.text} />
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.sm },
  url: {
    ...text.sm,
    color: colors.accent,
    backgroundColor: colors.accentSoft,
    padding: space.sm,
    borderRadius: radius.sm,
  },
  qr: {
    alignSelf: "center",
    padding: space.md,
    backgroundColor: "#ffffff",
    borderRadius: radius.md,
  },
});
