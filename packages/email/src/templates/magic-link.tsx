/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDateTime, formatPercentBps } from "../format";
import { zAppPath, zBaseProps, zInstant, zName } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

export const ZMagicLinkProps = zBaseProps.extend({
  /** Auth.js's callback with its query (`/api/auth/callback/nodemailer?token=…&email=…`). */
  signInPath: zAppPath,
  expiresAt: zInstant,
  /**
   * Share & earn (issue 14 §7): the link was asked for from a receipt to promote this track at
   * this rate (basis points), so the email says so instead of "Sign in"; absent for a sign-in.
   */
  shareEarn: z.object({ trackTitle: zName, commissionBps: z.int().min(1).max(10_000) }).nullish(),
});
type Props = z.output<typeof ZMagicLinkProps>;

function MagicLinkEmail(p: Props) {
  if (p.shareEarn)
    return (
      <EmailLayout
        appUrl={p.appUrl}
        preview={`Confirm your email to get your link to "${p.shareEarn.trackTitle}"`}
        heading="Confirm your email, get your link"
      >
        <Paragraph>
          You asked to share &quot;{p.shareEarn.trackTitle}&quot; and earn{" "}
          {formatPercentBps(p.shareEarn.commissionBps)} of every sale your link brings. Confirm your
          email to sign in: you accept the program&apos;s terms, then your link is ready.
        </Paragraph>
        <CallToAction href={appLink(p.appUrl, p.signInPath)} label="Confirm and get my link" />
        <Paragraph>
          The link works once, until {formatDateTime(p.expiresAt)}. If you did not ask for it,
          ignore this email: nothing happens without it.
        </Paragraph>
      </EmailLayout>
    );
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

/** The email sign-in ("magic") link; worded as share & earn's confirmation when `shareEarn` is set. */
export const magicLinkTemplate = defineEmailTemplate({
  schema: ZMagicLinkProps,
  subject: (p) =>
    p.shareEarn
      ? `Confirm your email to share "${p.shareEarn.trackTitle}"`
      : "Your Fanfare sign-in link",
  Component: MagicLinkEmail,
});
