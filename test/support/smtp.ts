/**
 * An in-process SMTP server (smtp-server) for tests of the completion e-mail: it accepts mail
 * for a user and password of the test's choosing, refuses other credentials, and keeps every
 * message parsed (mailparser) with its envelope.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Refuse every recipient with this SMTP reply text while set. */
  refuseWith: string | null;
  close(): Promise<void>;
}

export async function startSmtpServer(credentials: { user: string; pass: string }): Promise<TestSmtpServer> {
  const state: Pick<TestSmtpServer, 'received' | 'refuseWith'> = { received: [], refuseWith: null };
  const server = new SMTPServer({
    // Plain text on loopback: no STARTTLS, so the client authenticates without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (state.refuseWith) callback(Object.assign(new Error(state.refuseWith), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          state.received.push({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
            mail,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
