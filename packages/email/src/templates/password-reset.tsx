/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink } from "../format";
import { zAppPath, zBaseProps, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

export const ZPasswordResetProps = zBaseProps.extend({
  name: zOptionalName,
  /** `/reset-password/<token>`; the raw token exists only in this message. */
  resetPath: zAppPath,
  /** How long the link works, in minutes (PASSWORD_RESET_TTL_MINUTES). */
  expiresInMinutes: z.int().min(1),
});
type Props = z.output<typeof ZPasswordResetProps>;

function PasswordResetEmail(p: Props) {
  const minutes = p.expiresInMinutes;
  const lifetime =
    minutes % 60 === 0
      ? `${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`
      : `${minutes} minutes`;
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview="Choose a new password for Fanfare"
      heading="Reset your password"
    >
      <Paragraph>
        Hi {p.name ?? "there"}, someone (we hope you) asked to reset the password of your Fanfare
        account.
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, p.resetPath)} label="Choose a new password" />
      <Paragraph>
        The link works once, for {lifetime}. Resetting signs you out on every device. If you did not
        ask for it, ignore this email: your password stays as it is.
      </Paragraph>
    </EmailLayout>
  );
}

/** The password reset link. */
export const passwordResetTemplate = defineEmailTemplate({
  schema: ZPasswordResetProps,
  subject: () => "Reset your Fanfare password",
  Component: PasswordResetEmail,
});
