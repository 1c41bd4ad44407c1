/** Queuing a mail to a company: one outbox row on the recipient's lane, in the caller's transaction. */
import { randomUUID } from "node:crypto";
import type { MailEnvelope, MailLocale, MailNotice } from "../../ports/mail";
import { keyPart, outboxKey, type Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";

/**
 * An address as the outbox lanes it: the intake schema checked its shape before it was stored; here it
 * is only trimmed and its domain lower-cased (the local part is the receiver's to read), so one company's
 * mails go out in order on one lane.
 */
export function laneOf(address: string): string | null {
  const a = address.normalize("NFKC").trim();
  const at = a.lastIndexOf("@");
  // nothing that could end a header or start another: the schema refused it, this is the second guard
  if (at < 1 || /[\s<>,;"\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(a)) return null;
  return `${a.slice(0, at)}@${a.slice(at + 1).toLowerCase()}`;
}

/** The language of a proposal's mail: the one the company wrote in, else the city's. */
export function mailLocale(ctx: AppContext, locale: string | null | undefined): MailLocale {
  return locale === "en" || locale === "ja" ? locale : ctx.dir.locale;
}

/**
 * Queues `notice` to `address` under `base` (a key queued before is left as it is: the same notice is
 * never mailed twice). Nothing is queued while mail is off. Returns whether a mail was queued.
 */
export async function queueMail(ctx: AppContext, r: Repos, base: string, address: string, locale: MailLocale, notice: MailNotice): Promise<boolean> {
  if (!ctx.mail) return false;
  const lane = laneOf(address);
  if (!lane) return false;
  const envelope: MailEnvelope = { id: randomUUID(), locale, notice };
  return r.outbox.enqueue({ key: outboxKey(`mail-${keyPart(base)}`, { platform: "mail", channel: lane }), platform: "mail", channel: lane, body: JSON.stringify(envelope) });
}

/** Whether a mail was queued under `base` to `address` (queued or sent). */
export async function mailQueued(r: Repos, base: string, address: string): Promise<boolean> {
  const lane = laneOf(address);
  if (!lane) return false;
  return (await r.outbox.get(outboxKey(`mail-${keyPart(base)}`, { platform: "mail", channel: lane }))) !== null;
}
