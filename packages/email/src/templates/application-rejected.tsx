/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink } from "../format";
import { zBaseProps, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

export const ZApplicationRejectedProps = zBaseProps.extend({
  name: zOptionalName,
  /** The admin's reason, shown to the applicant as written. */
  reason: z.string().trim().min(1).max(1000),
});
type Props = z.output<typeof ZApplicationRejectedProps>;

const SUBJECT = "Your promoter application was not approved";

function ApplicationRejectedEmail(p: Props) {
  return (
    <EmailLayout appUrl={p.appUrl} preview={SUBJECT} heading={SUBJECT}>
      <Paragraph>
        Hi {p.name ?? "there"}, the Fanfare team read your application to the promoter program and
        did not approve it. Their reason: {p.reason}
      </Paragraph>
      <Paragraph>
        You can change your application and send it again from your promoter dashboard; the team
        reads it anew.
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/promoter")}
        label="Open your promoter dashboard"
      />
    </EmailLayout>
  );
}

/**
 * The applicant's notice that an admin rejected their application (issue 11 §2), with the
 * reason; they stay awaiting approval and may apply again.
 */
export const applicationRejectedTemplate = defineEmailTemplate({
  schema: ZApplicationRejectedProps,
  subject: () => SUBJECT,
  Component: ApplicationRejectedEmail,
});
