/** @jsxRuntime automatic @jsxImportSource react */
import type { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink } from "../format";
import { zBaseProps, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

export const ZWelcomeProps = zBaseProps.extend({
  name: zOptionalName,
  /** The name the user sells under, when they signed up as an artist. */
  artistName: zOptionalName,
});
type Props = z.output<typeof ZWelcomeProps>;

function WelcomeEmail(p: Props) {
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview="Your Fanfare account is ready"
      heading={p.name ? `Welcome to Fanfare, ${p.name}` : "Welcome to Fanfare"}
    >
      <Paragraph>
        {p.artistName
          ? `Your account is ready. Upload a track as ${p.artistName}, set its price and commission, and promoters can start sharing it.`
          : "Your account is ready. Pick a track you love, get your link, and earn a commission on every sale it brings."}
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, "/dashboard")} label="Open your dashboard" />
      <Paragraph>
        If you did not create this account, reply to this email and we will close it.
      </Paragraph>
    </EmailLayout>
  );
}

/** Sent once on sign-up. */
export const welcomeTemplate = defineEmailTemplate({
  schema: ZWelcomeProps,
  subject: () => "Welcome to Fanfare",
  Component: WelcomeEmail,
});
