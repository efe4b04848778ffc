/** @jsxRuntime automatic @jsxImportSource react */
import type { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDateTime } from "../format";
import { zAppPath, zBaseProps, zInstant } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

export const ZMagicLinkProps = zBaseProps.extend({
  /** Auth.js's callback with its query (`/api/auth/callback/nodemailer?token=…&email=…`). */
  signInPath: zAppPath,
  expiresAt: zInstant,
});
type Props = z.output<typeof ZMagicLinkProps>;

function MagicLinkEmail(p: Props) {
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview="Your sign-in link for Fanfare"
      heading="Sign in to Fanfare"
    >
      <Paragraph>Use this button to sign in. No password needed.</Paragraph>
      <CallToAction href={appLink(p.appUrl, p.signInPath)} label="Sign in" />
      <Paragraph>
        The link works once, until {formatDateTime(p.expiresAt)}. If you did not ask for it, ignore
        this email.
      </Paragraph>
    </EmailLayout>
  );
}

/** The email sign-in ("magic") link. */
export const magicLinkTemplate = defineEmailTemplate({
  schema: ZMagicLinkProps,
  subject: () => "Your Fanfare sign-in link",
  Component: MagicLinkEmail,
});
