/**
 * A notice (src/ports/mail.ts) worded as a mail: a subject, plain text and HTML with the same content, in
 * the company's language. Nothing a stranger typed is in it (a proposal's title could carry a phishing
 * line under the city's name to any address typed on the desk): the number says which proposal. What
 * staff wrote (a call's title) is escaped for HTML and kept to one line; links are plain addresses of the
 * desk (no tracking, no images, no redirector).
 */
import { shorten } from "../../app/kernel/text";
import { words, type Locale, type Messages, type PlaceConfig } from "../../i18n";
import type { MailEnvelope, MailNotice } from "../../ports/mail";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailPlace extends PlaceConfig {
  window: PlaceConfig["window"] & { contact?: { phone?: string; email?: string; hours?: { ja: string; en: string } } };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** One line for a header: no line breaks or other controls (the second guard: the schema refused them), cut at a grapheme. */
export function headerText(s: string, max = 120): string {
  return shorten(s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu, " ").replace(/\s+/g, " ").trim(), max, null);
}

/** A paragraph: text, a "label: value" line, a link, or a list. */
type Part = { text: string } | { label: string; value: string } | { link: string } | { list: string[] };

export function renderMail(envelope: MailEnvelope, org: MailPlace, baseUrl: string): RenderedMail {
  const locale: Locale = envelope.locale === "en" ? "en" : "ja";
  const t = words(locale, org);
  const m = t.mail;
  const base = baseUrl.replace(/\/+$/, "");
  const lang = locale === "en" ? "?lang=en" : "";
  const statusLink = (token: string) => `${base}/propose/status/${encodeURIComponent(token)}${lang}`;
  const { subject, parts } = content(envelope.notice, t, base, lang, statusLink);
  const contact = org.window.contact;
  const footer: Part[] = [
    { text: `${m.contact}: ${org.city.name[locale]} ${org.window.name[locale]}` },
    ...(contact?.phone ? [{ label: m.phone, value: contact.phone }] : []),
    ...(contact?.email ? [{ label: m.email, value: contact.email }] : []),
    ...(contact?.hours ? [{ label: m.hours, value: contact.hours[locale] }] : []),
    { text: m.automatic },
  ];
  const all: Part[] = [{ text: m.greeting }, { text: m.from }, ...parts];
  const textOf = (p: Part) => ("text" in p ? p.text : "label" in p ? `${p.label}: ${p.value}` : "link" in p ? p.link : p.list.map((x) => `- ${x}`).join("\n"));
  const htmlOf = (p: Part) =>
    "text" in p
      ? `<p>${escapeHtml(p.text)}</p>`
      : "label" in p
        ? `<p>${escapeHtml(p.label)}: ${escapeHtml(p.value)}</p>`
        : "link" in p
          ? `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`
          : `<ul>${p.list.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>`;
  const text = `${all.map(textOf).join("\n\n")}\n\n-- \n${footer.map(textOf).join("\n")}\n`;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(headerText(m.subject(subject)))}</title></head><body>${all.map(htmlOf).join("")}<hr>${footer.map(htmlOf).join("")}</body></html>`;
  return { subject: headerText(m.subject(subject), 200), text, html };
}

function content(n: MailNotice, t: Messages, base: string, lang: string, statusLink: (token: string) => string): { subject: string; parts: Part[] } {
  const m = t.mail;
  const stageName = (s: string) => t.desk.status.stages[s] ?? s;
  const lost: Part[] = [{ text: m.lostLink }, { link: `${base}/propose/link${lang}` }];
  switch (n.kind) {
    case "receipt":
      return {
        subject: m.receiptSubject(n.proposal),
        parts: [
          { text: m.receiptLead },
          { label: m.number, value: n.proposal },
          ...(n.call ? [{ label: m.call, value: n.call }] : []),
          { text: m.statusLead },
          { link: statusLink(n.statusToken) },
          ...lost,
        ],
      };
    case "statusLink":
      return {
        subject: m.linkSubject(n.proposal),
        parts: [
          { text: m.linkLead },
          { label: m.number, value: n.proposal },
          { link: statusLink(n.statusToken) },
          { text: m.linkNotYou },
        ],
      };
    case "stage": {
      // a withdrawal ends the path where it was: not "the board's decision" when no board was involved
      const stage = n.outcome === "withdrawn" ? m.withdrawnStage : stageName(n.stage);
      const s = t.desk.status;
      const detail = n.outcome === "approved" ? s.approved : n.outcome === "rejected" ? s.rejected : n.outcome === "withdrawn" ? s.withdrawn : n.concludedAs === "no_agreement" ? s.noAgreement : n.concludedAs === "agreement" ? s.agreement : null;
      return {
        subject: m.stageSubject(n.proposal, stage),
        parts: [
          { label: m.number, value: n.proposal },
          { text: m.stageLead(stage) },
          ...(detail ? [{ text: detail }] : []),
          { text: m.stageNote },
          ...lost,
        ],
      };
    }
    case "call": {
      const change = m.callChange[n.change] ?? n.change;
      const note = n.change === "withdrawn" ? m.callWithdrawnNote : n.change === "closed" ? m.callClosedNote : null;
      return {
        subject: m.callSubject(n.call, change),
        parts: [
          { text: m.callLead(n.call, headerText(n.callTitle, 200)) },
          { text: change },
          ...(n.change === "extended" || n.change === "edited" ? [{ text: m.callDeadline(t.date(n.deadline)) }] : []),
          ...(note ? [{ text: note }] : []),
          { label: m.yourProposals, value: n.proposals.join(", ") },
          { text: m.callsPage },
          { link: `${base}/challenges${lang}` },
        ],
      };
    }
  }
}
