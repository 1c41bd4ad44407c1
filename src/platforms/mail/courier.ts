/**
 * Mail as one more edge of the outbox: each queued notice is worded (render.ts) and handed to the city's
 * relay over SMTP (nodemailer). The outbox gives every recipient its own lane, so a slow or refusing
 * address holds up only its own mail; the mail dispatcher is not the chat one, so mail never holds up chat.
 *
 * The relay's answer decides: 4xx (greylisting, a full mailbox) is tried again with back-off; 5xx sets the
 * mail aside for good with the server's reason (`outbox list`; `outbox retry` after fixing it); no answer
 * in time is tried again later (it may have arrived: the same Message-ID lets the receiver see a repeat).
 */
import { createTransport, type Transporter } from "nodemailer";
import type { Logger } from "pino";
import { DeliveryFailure, mayHaveArrived, type Courier } from "../../ports/chat";
import type { MailEnvelope } from "../../ports/mail";
import { renderMail, type MailPlace } from "./render";

export interface MailOptions {
  smtpUrl: string;
  from: string;
  /**
   * Whose mail it is: the municipality's name and window (the footer, the sender's words) and where its desk
   * is (the links: the public address, and /m/<slug> for a municipality other than the default one).
   * Undefined for a municipality this process does not know: the mail waits (tried again later).
   */
  placeOf(tenant: string | undefined): { org: MailPlace; baseUrl: string } | undefined;
  /** connecting, the greeting, each answer, and the whole send */
  timeoutMs: number;
  log: Logger;
}

const domainOf = (from: string) => /@([^\s<>@]+?)>?$/.exec(from.trim())?.[1] ?? "localhost";

export class MailCourier implements Courier {
  readonly platform = "mail" as const;
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly opts: MailOptions) {
    this.transport = createTransport({
      url: opts.smtpUrl,
      connectionTimeout: opts.timeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
      dnsTimeout: opts.timeoutMs,
      // nothing in a notice names a file or a URL to attach; refuse any that would be
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    this.domain = domainOf(opts.from);
  }

  async post(address: string, body: unknown): Promise<{ ref: string }> {
    const envelope = body as MailEnvelope;
    const place = this.opts.placeOf(envelope.tenant);
    if (!place) throw new DeliveryFailure(`no municipality ${envelope.tenant} in this process (added after it started?)`, { scope: "channel" });
    const mail = renderMail(envelope, place.org, place.baseUrl);
    const contact = place.org.window.contact?.email;
    try {
      const info = await this.transport.sendMail({
        from: this.opts.from,
        to: address,
        ...(contact ? { replyTo: contact } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${envelope.id}@${this.domain}>`,
        headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
        signal: AbortSignal.timeout(this.opts.timeoutMs * 2),
      });
      return { ref: info.messageId ?? `<${envelope.id}@${this.domain}>` };
    } catch (e) {
      throw classify(e);
    }
  }

  /** A mail cannot be changed once sent: a notice queued again (a renewed link) is a new mail. */
  async update(address: string, _ref: string, body: unknown): Promise<void> {
    await this.post(address, { ...(body as MailEnvelope), id: `${(body as MailEnvelope).id}.${Date.now()}` });
  }

  close(): void {
    this.transport.close();
  }
}

/** The relay's answer as the outbox acts on it. */
export function classify(e: unknown): DeliveryFailure {
  const x = e as { code?: string; responseCode?: number; response?: string; message?: string; permanent?: boolean };
  const reason = x.response ? `${x.code ?? "SMTP"} ${x.response}` : `${x.code ?? ""} ${x.message ?? String(e)}`.trim();
  if (typeof x.responseCode === "number") {
    // 5xx (but 503): this address or this mail will not be taken; set aside until an operator retries
    if (x.permanent ?? (x.responseCode >= 500 && x.responseCode !== 503)) return new DeliveryFailure(reason, { scope: "message", permanent: true, untilRetried: true });
    // 4xx: try this address again later (its lane backs off)
    return new DeliveryFailure(reason, { scope: "channel" });
  }
  // no answer: refused connections never reached the relay; a time-out after the data may have been taken
  return new DeliveryFailure(reason, { scope: "channel", mayHaveArrived: x.code === "ETIMEDOUT" || x.code === "EABORT" || x.code === "ABORT_ERR" ? true : mayHaveArrived(e) && x.code !== "ECONNECTION" });
}
