// Sending one email through the configured SMTP server (nodemailer: maintained, handles SMTP,
// STARTTLS, authentication and MIME for us). One transport per SMTP URL, pooled connections.
import nodemailer, { type Transporter } from 'nodemailer';
import { mailConfig } from './mail-config.ts';

const transportsKey = Symbol.for('cairn.mail.transports');
const store = globalThis as unknown as { [transportsKey]?: Map<string, Transporter> };

function transportFor(smtpUrl: string): Transporter {
  const transports = (store[transportsKey] ??= new Map());
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const config = mailConfig();
  if (!config) throw new Error('Email is not configured (CAIRN_SMTP_URL)');
  await transportFor(config.smtpUrl).sendMail({ from: config.from, ...mail });
}
