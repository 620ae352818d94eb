/**
 * Outgoing e-mail (the completion notice, README "Record states and the Manage-data report"),
 * through nodemailer over SMTP. The server comes from the environment (config/env.ts `SMTP_*`);
 * the password never appears in anything this module throws: a failure says what went wrong
 * with the server's own words, the password taken out.
 */
import nodemailer from 'nodemailer';
import { redactSecrets } from './http.js';

export interface MailConfig {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** The sender address, e.g. `BMS-IT Glue sync <sync@msp.example>`. */
  from: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

const TIMEOUT_MS = 10_000;

export class MailError extends Error {
  override readonly name = 'MailError';
}

/** Sends one message; throws a MailError naming the problem (never the password). */
export async function sendMail(config: MailConfig, message: MailMessage): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.auth ?? undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    throw new MailError(`SMTP ${config.host}:${config.port}: ${redactSecrets(text, [config.auth?.pass])}`);
  } finally {
    transport.close();
  }
}
