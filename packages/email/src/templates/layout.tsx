/** @jsxRuntime automatic @jsxImportSource react */
// The pragma on every template: tsx (the worker, scripts) compiles this package with the
// caller's tsconfig, whose `jsx` setting may differ; without it tsx emits React.createElement
// and rendering fails with "React is not defined".
import type { ReactNode } from "react";
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";

import { appLink } from "../format";

/** Inline styles: email clients ignore most stylesheets, so every element carries its own. */
const styles = {
  body: {
    backgroundColor: "#f4f4f5",
    fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif",
    margin: 0,
    padding: "24px 0",
  },
  card: {
    backgroundColor: "#ffffff",
    border: "1px solid #e4e4e7",
    borderRadius: "12px",
    margin: "0 auto",
    maxWidth: "560px",
    padding: "32px",
  },
  brand: {
    color: "#7c3aed",
    fontSize: "14px",
    fontWeight: 700,
    letterSpacing: "0.08em",
    margin: "0 0 16px",
    textDecoration: "none",
    textTransform: "uppercase" as const,
  },
  heading: {
    color: "#18181b",
    fontSize: "22px",
    fontWeight: 700,
    lineHeight: "30px",
    margin: "0 0 16px",
  },
  text: { color: "#27272a", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#7c3aed",
    borderRadius: "8px",
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  fallback: {
    color: "#52525b",
    fontSize: "13px",
    lineHeight: "20px",
    margin: "16px 0 0",
    wordBreak: "break-all" as const,
  },
  factLabel: {
    color: "#71717a",
    fontSize: "13px",
    padding: "4px 16px 4px 0",
    verticalAlign: "top" as const,
  },
  factValue: { color: "#18181b", fontSize: "14px", fontWeight: 600, padding: "4px 0" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
  footer: { color: "#71717a", fontSize: "12px", lineHeight: "18px", margin: 0 },
};

/**
 * The frame every Fanfare message shares: the preview line, the brand, a card with the
 * message, and a footer naming why the reader got it.
 */
export function EmailLayout(props: {
  appUrl: string;
  preview: string;
  heading: string;
  footer?: string;
  /** Marketing mail only: the unsubscribe page, linked from the footer (absolute URL). */
  unsubscribeHref?: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.card}>
          <Link href={appLink(props.appUrl, "/")} style={styles.brand}>
            Fanfare
          </Link>
          <Heading as="h1" style={styles.heading}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr style={styles.hr} />
          <Text style={styles.footer}>
            {props.footer ?? "You get this email because you have a Fanfare account."}
          </Text>
          {props.unsubscribeHref ? (
            <Text style={styles.footer}>
              Don&apos;t want these emails?{" "}
              <Link href={props.unsubscribeHref} style={{ color: "#71717a" }}>
                Unsubscribe
              </Link>{" "}
              (receipts, payouts and security emails still arrive).
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

/** A paragraph of body text. */
export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/**
 * The message's main link as a button, followed by the same URL spelled out for clients that
 * hide buttons (and for the plain-text part, where it appears once more as text).
 */
export function CallToAction({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "8px 0 16px" }}>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
      {/* The plain-text part already carries the URL beside the button's label. */}
      <Text style={styles.fallback} data-skip-in-text="true">
        Or open this link: <Link href={href}>{href}</Link>
      </Text>
    </Section>
  );
}

/** Key facts of the message (amount, track, date) as a two-column table. */
export function Facts({ rows }: { rows: [label: string, value: string][] }) {
  return (
    <Section style={{ margin: "0 0 16px" }}>
      <table role="presentation" cellPadding={0} cellSpacing={0}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <td style={styles.factLabel}>{label}</td>
              <td style={styles.factValue}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
