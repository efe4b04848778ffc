/**
 * A real SMTP server in the test process (smtp-server), for tests of mail that really leaves:
 * it parses every message it accepts (mailparser). It can also refuse every recipient (a 4xx
 * temporary failure) or stall (accept the TCP connection and never greet), to test retries.
 */
import type { AddressInfo } from "node:net";

import type { ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpSinkMode = "accept" | "refuse" | "stall";

export async function startSmtpSink(opts: { mode?: SmtpSinkMode } = {}) {
  const messages: ParsedMail[] = [];
  let mode: SmtpSinkMode = opts.mode ?? "accept";
  let connections = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    // Stalled connections are dropped at close instead of holding the test for 30 s.
    closeTimeout: 100,
    onConnect(_session, callback) {
      connections++;
      // A stalled server never sends its greeting: the client's greeting timeout must fire.
      if (mode !== "stall") callback();
    },
    onRcptTo(address, _session, callback) {
      if (mode === "refuse") {
        const e = Object.assign(
          new Error(`Mailbox ${address.address} is temporarily unavailable`),
          { responseCode: 450 },
        );
        callback(e);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    /** For EMAIL_SERVER or `createMailTransport({ server })`. */
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** TCP connections accepted so far (a stalled server still counts them). */
    connections: () => connections,
    setMode: (m: SmtpSinkMode) => {
      mode = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
