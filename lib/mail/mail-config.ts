// Email is optional: Cairn sends notification emails only when SMTP is configured.
//   CAIRN_SMTP_URL   smtp://user:password@host:587 (STARTTLS when offered) or smtps://...:465
//   CAIRN_MAIL_FROM  the From address, e.g. "Cairn <cairn@example.com>" (default cairn@<smtp host>)
//   CAIRN_PUBLIC_URL Cairn's address for links in emails (default AUTH_URL, else http://localhost:3000)

export type MailConfig = { smtpUrl: string; from: string; publicUrl: string };

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = env.CAIRN_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let host = 'localhost';
  try {
    host = new URL(smtpUrl).hostname || host;
  } catch {
    throw new Error('CAIRN_SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587');
  }
  const publicUrl = (env.CAIRN_PUBLIC_URL || env.AUTH_URL || 'http://localhost:3000').replace(/\/+$/, '');
  return { smtpUrl, from: env.CAIRN_MAIL_FROM?.trim() || `cairn@${host}`, publicUrl };
}

export const mailConfigured = () => mailConfig() !== null;
