import nodemailer from "nodemailer";
// The file path, not the folder: nodemailer has no "exports" map, so Node's ESM resolver
// (Next loads nodemailer as an external package) needs the full path.
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";

import { emailEnv } from "./env";

/** One rendered message, ready for the wire. */
export type OutgoingMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** RFC 5322 Message-ID with its angle brackets, e.g. "<3f2a…@fanfare.example>". */
  messageId: string;
  /**
   * Extra header fields, e.g. marketing mail's `List-Unsubscribe` and `List-Unsubscribe-Post`
   * (RFC 8058, from `renderEmail`); nodemailer writes them as given.
   */
  headers?: Record<string, string>;
};

/**
 * Where mail goes: SMTP when EMAIL_SERVER is set, otherwise the dev mailbox (nothing leaves the
 * machine; the delivered row, with its rendered bodies, is what /dev/mailbox shows).
 */
export type MailTransport = {
  kind: "smtp" | "dev-mailbox";
  /** Resolves once the server accepted the message; rejects with the server's or socket's error. */
  send: (message: OutgoingMessage) => Promise<void>;
};

/**
 * Socket limits of one SMTP delivery, in milliseconds. nodemailer's defaults (2 min to connect,
 * 10 min of socket silence) would let a stalled server hold a delivery for minutes; these keep
 * one attempt well inside the outbox lease (EMAIL_SEND_LEASE_SECONDS in deliver.ts).
 */
export const SMTP_TIMEOUTS_MS = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 60_000,
};

/**
 * A transport for `server` (an SMTP URL such as "smtp://user:pass@mail.example:587"), or the dev
 * mailbox when it is undefined.
 */
export function createMailTransport(
  opts: { server?: string; timeoutsMs?: Partial<typeof SMTP_TIMEOUTS_MS> } = {},
): MailTransport {
  if (!opts.server) {
    // jsonTransport runs nodemailer's whole message build (headers, encoding) without a network.
    const dev = nodemailer.createTransport({ jsonTransport: true });
    return { kind: "dev-mailbox", send: async (m) => void (await dev.sendMail(m)) };
  }
  // Built as an SMTPTransport: given `{ url, ...options }`, nodemailer.createTransport keeps only
  // what the URL says and drops every other option (the timeouts among them).
  const smtp = nodemailer.createTransport(
    new SMTPTransport({ url: opts.server, ...SMTP_TIMEOUTS_MS, ...opts.timeoutsMs }),
  );
  return { kind: "smtp", send: async (m) => void (await smtp.sendMail(m)) };
}

let cached: { server: string | undefined; transport: MailTransport } | undefined;

/** The process's transport for the current EMAIL_SERVER (rebuilt when the setting changes). */
export function getMailTransport(): MailTransport {
  const server = emailEnv().EMAIL_SERVER;
  if (!cached || cached.server !== server)
    cached = { server, transport: createMailTransport({ server }) };
  return cached.transport;
}
