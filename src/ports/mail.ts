/**
 * Mail to companies, platform-neutral: what a use case queues in the outbox (codes and values, no words)
 * and the mail edge (src/platforms/mail) words, in the company's language, and sends.
 */
import type { PublicStage } from "../domain/proposal";

export type MailLocale = "ja" | "en";

export type MailNotice =
  /** the proposal was received: its number and private status link */
  | { kind: "receipt"; proposal: string; statusToken: string; call?: string | null }
  /** a new status link, asked for with the proposal's number and address (the old one no longer works) */
  | { kind: "statusLink"; proposal: string; statusToken: string }
  /** the proposal reached a stage the company sees on its status page (never anything internal) */
  | {
      kind: "stage";
      proposal: string;
      stage: PublicStage;
      outcome?: "approved" | "rejected" | "withdrawn" | null;
      concludedAs?: "agreement" | "no_agreement" | null;
    }
  /** a call the company answered was edited, extended, withdrawn or closed */
  | { kind: "call"; call: string; callTitle: string; change: "edited" | "extended" | "withdrawn" | "closed"; deadline: string; proposals: string[] };

/** Every kind has a row in the permission table's MAILS (src/app/permissions.ts): whom it may go to. */
export type MailKind = MailNotice["kind"];

/**
 * A mail's outbox body once it was sent: the status link's token is forgotten (the proposal keeps only its
 * hash; the outbox held it only until the mail went out).
 */
export function withoutSecrets(body: string): string {
  try {
    const e = JSON.parse(body) as MailEnvelope;
    if (e?.notice && "statusToken" in e.notice) return JSON.stringify({ ...e, notice: { ...e.notice, statusToken: "" } });
  } catch {
    // not a mail envelope: left as it is
  }
  return body;
}

/** One mail as the outbox keeps it (the recipient is the lane). */
export interface MailEnvelope {
  /** unique per mail: its Message-ID, so that a retried send is recognisable as the same mail */
  id: string;
  locale: MailLocale;
  notice: MailNotice;
  /** the municipality whose mail it is (its name, window and desk path); absent: the default one */
  tenant?: string;
}
