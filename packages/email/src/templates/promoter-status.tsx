/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink } from "../format";
import { zBaseProps, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Paragraph } from "./layout";

/** The promoter statuses a message can announce (the target of an admin's change). */
const PROMOTER_STATUS_MESSAGES = ["ACTIVE", "SUSPENDED", "TERMINATED"] as const;

export const ZPromoterStatusProps = zBaseProps.extend({
  name: zOptionalName,
  status: z.enum(PROMOTER_STATUS_MESSAGES),
  /** The admin's reason, shown to the promoter as written. */
  reason: z.string().trim().min(1).max(1000),
  /**
   * The status before the change, when known: PENDING → ACTIVE is an approved application and
   * says so (messages queued before this prop existed read as a reinstatement).
   */
  from: z.enum(["PENDING", "ACTIVE", "SUSPENDED", "TERMINATED"]).optional(),
});
type Props = z.output<typeof ZPromoterStatusProps>;

const HEADINGS: Record<Props["status"], string> = {
  ACTIVE: "You are active in the Fanfare program",
  SUSPENDED: "Your promoter account is suspended",
  TERMINATED: "Your promoter account is closed",
};

/** An approval of an application (issue 11 §2) rather than a reinstatement. */
const isApproval = (p: Props) => p.status === "ACTIVE" && p.from === "PENDING";
const APPROVED = "Your promoter application is approved";
const headingOf = (p: Props) => (isApproval(p) ? APPROVED : HEADINGS[p.status]);

function PromoterStatusEmail(p: Props) {
  const heading = headingOf(p);
  return (
    <EmailLayout appUrl={p.appUrl} preview={heading} heading={heading}>
      <Paragraph>
        Hi {p.name ?? "there"}, the Fanfare team{" "}
        {isApproval(p)
          ? "approved your application to the promoter program. Their note:"
          : "changed your promoter account. Their reason:"}{" "}
        {p.reason}
      </Paragraph>
      {isApproval(p) ? (
        <Paragraph>
          Welcome to the program: get a link on any track page, share it, and earn a commission on
          every sale it brings.
        </Paragraph>
      ) : p.status === "ACTIVE" ? (
        <Paragraph>
          Your links count clicks and earn commission again, and commissions held while your account
          was suspended continue their normal holding period.
        </Paragraph>
      ) : (
        <Paragraph>
          While it is {p.status === "SUSPENDED" ? "suspended" : "closed"}, your links still show the
          music but count no clicks and earn no commission, your pending commissions are held, and
          payouts are paused. Reply to this email if you think this is a mistake.
        </Paragraph>
      )}
      <CallToAction href={appLink(p.appUrl, "/dashboard")} label="Open your dashboard" />
    </EmailLayout>
  );
}

/** The promoter's notice that an admin approved, suspended, reinstated or terminated them. */
export const promoterStatusTemplate = defineEmailTemplate({
  schema: ZPromoterStatusProps,
  subject: headingOf,
  Component: PromoterStatusEmail,
});
