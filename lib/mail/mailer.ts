// The SMTP transport (ML-01): nodemailer over `SMTP_URL` (smtp:// or smtps://, credentials in the
// URL), every message from `EMAIL_FROM`. Only the mail job's worker calls it (outbound-mail.ts).
import nodemailer from "nodemailer";

export type OutboundMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
};

export type MailTransport = {
  send(mail: OutboundMail): Promise<void>;
  close(): void;
};

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => transport.close(),
  };
}
