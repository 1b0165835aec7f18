// The portal's mails: a plain-text body and the same words as simple HTML, one action link each.
// The link is the only secret a mail may carry, and it is built from APP_URL, never from a
// request's Host (ML-02).
import type { OutboundMail } from "./mailer";

export type MailContent = {
  to: string;
  subject: string;
  /** Paragraphs before the link. */
  intro: string[];
  action: { label: string; url: string };
  /** Paragraphs after the link (expiry, "ignore this if…"). */
  outro: string[];
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderMail(content: MailContent): OutboundMail {
  const text = [
    ...content.intro,
    `${content.action.label}:\n${content.action.url}`,
    ...content.outro,
    "— WorkFlux",
  ].join("\n\n");
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#111">',
    ...content.intro.map(paragraph),
    `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:8px 16px;background:#111;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#555">Or paste this link into your browser: ${escapeHtml(content.action.url)}</p>`,
    ...content.outro.map(paragraph),
    '<p style="margin:0;color:#555">— WorkFlux</p>',
    "</body></html>",
  ].join("\n");
  return { to: content.to, subject: content.subject, text, html };
}

/** An absolute link into the portal, always under APP_URL. */
export function appLink(appUrl: string, path: string): string {
  if (!path.startsWith("/")) throw new Error(`app link path must start with "/": ${path}`);
  return `${appUrl}${path}`;
}
