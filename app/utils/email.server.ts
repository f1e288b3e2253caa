import nodemailer, { type Transporter } from "nodemailer";
import { getEnv, type Env } from "~/env.server";

/**
 * How this server delivers e-mail: by SMTP when SMTP_URL is set; to its own console where there is
 * no real organisation to protect (development, the demo); otherwise not at all, and whatever needs
 * e-mail is refused with a plain message rather than shown to someone it was not meant for.
 */
export type MailDelivery = "smtp" | "console" | "none";

export function mailDelivery(env: Pick<Env, "SMTP_URL" | "NODE_ENV">, organisationIsDemo: boolean): MailDelivery {
  if (env.SMTP_URL) return "smtp";
  return env.NODE_ENV !== "production" || organisationIsDemo ? "console" : "none";
}

export type Email = { to: string; subject: string; text: string };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

let transport: Transporter | undefined;
function smtpTransport(smtpUrl: string) {
  // A plain smtp:// address must still upgrade to TLS (STARTTLS) unless it is this machine's own relay.
  const url = new URL(smtpUrl);
  const requireTLS = url.protocol === "smtp:" && !LOOPBACK_HOSTS.has(url.hostname);
  transport ??= nodemailer.createTransport({ url: smtpUrl, requireTLS });
  return transport;
}

/** Sends a plain-text message the way `delivery` says; "none" is the caller's to refuse before it gets here. */
export async function sendEmail(email: Email, delivery: Exclude<MailDelivery, "none">) {
  const env = getEnv();
  if (delivery === "console") {
    console.info(`E-mail not sent (no SMTP_URL): to ${email.to}, “${email.subject}”\n${email.text}`);
    return;
  }
  await smtpTransport(env.SMTP_URL!).sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
}

/**
 * Where links in e-mail point: SITE_URL, never the request's Host header (the sender of the request
 * chooses that, and could send a reset link to a site of their own). Only a message written to the
 * console may fall back on the request's own address.
 */
export function linkOrigin(request: Request, delivery: Exclude<MailDelivery, "none">) {
  const base = getEnv().SITE_URL;
  if (base) return new URL(base).origin;
  if (delivery === "smtp") throw new Error("SITE_URL is required with SMTP_URL");
  return new URL(request.url).origin;
}

/**
 * Where links in e-mail sent by the server on its own (reminders) point: SITE_URL; a message only
 * written to the console has no request to go by, so it names this server's own port.
 */
export function siteOrigin(delivery: Exclude<MailDelivery, "none">) {
  const env = getEnv();
  if (env.SITE_URL) return new URL(env.SITE_URL).origin;
  if (delivery === "smtp") throw new Error("SITE_URL is required with SMTP_URL");
  return `http://localhost:${env.PORT}`;
}
