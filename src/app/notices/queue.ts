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
  const envelope: MailEnvelope = { id: randomUUID(), locale, notice, ...(ctx.store.tenant !== "default" ? { tenant: ctx.store.tenant } : {}) };
  return r.outbox.enqueue({ key: mailKey(base, lane), platform: "mail", channel: lane, body: JSON.stringify(envelope) });
}

/**
 * A new status token for mail queued under `base` and not sent yet (a receipt waiting on a slow relay):
 * the mail goes out with the link that works. Returns whether such a mail was waiting.
 */
export async function renewQueuedLink(r: Repos, base: string, address: string, statusToken: string): Promise<boolean> {
  if (!laneOf(address)) return false;
  const key = mailKey(base, address);
  const row = await r.outbox.get(key);
  if (!row || row.deliveredVersion > 0) return false;
  const envelope = JSON.parse(row.body) as MailEnvelope;
  if (!("statusToken" in envelope.notice)) return false;
  await r.outbox.replace(key, JSON.stringify({ ...envelope, notice: { ...envelope.notice, statusToken } }));
  return true;
}

/** The outbox key of the mail queued under `base` to `address`. */
export function mailKey(base: string, address: string): string {
  return outboxKey(`mail-${keyPart(base)}`, { platform: "mail", channel: laneOf(address) ?? address });
}

/** Whether a mail was queued under `base` to `address` (queued or sent). */
export async function mailQueued(r: Repos, base: string, address: string): Promise<boolean> {
  if (!laneOf(address)) return false;
  return (await r.outbox.get(mailKey(base, address))) !== null;
}
