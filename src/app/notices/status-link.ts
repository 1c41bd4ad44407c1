/** A company lost its status link: it gives its proposal number and the e-mail it used, and gets a new link by mail. */
import { formatProposalNumber, parseProposalNumber } from "../../domain/proposal";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { newStatusToken } from "../public-desk/status";
import { asciiDomain } from "../proposals/submit.schema";
import { laneOf, mailKey, mailLocale, mailQueued, queueMail } from "./queue";

export interface StatusLinkRequest {
  /** the proposal number as the company types it (P-0001, 1, Ｐ－０００１) */
  number: string;
  email: string;
  /** the language of the page it asked from */
  locale: "ja" | "en";
}

/** at most one new link per proposal in this time: a stranger who knows a pair cannot flood the company's mailbox */
export const LINK_INTERVAL_MS = 10 * 60_000;

// the same mailbox whether its domain was typed in Japanese or as the DNS knows it
const sameAddress = (a: string, b: string) => laneOf(String(asciiDomain(a)))?.toLowerCase() === laneOf(String(asciiDomain(b)))?.toLowerCase();

/**
 * Never tells whether the pair exists (the caller answers the same either way); when it does, the old link
 * stops working and a new one is mailed, in the language of the page asked from. Nothing happens while
 * mail is off (a new link nobody receives would only end the old one).
 */
export async function requestStatusLink(ctx: AppContext, req: StatusLinkRequest): Promise<void> {
  if (!ctx.mail) return;
  const typed = String(req.number ?? "").normalize("NFKC").trim();
  const n = /^\d{1,9}$/.test(typed) ? Number(typed) : parseProposalNumber(typed);
  if (n === null || typeof req.email !== "string" || !laneOf(req.email)) return;
  await commit(ctx, async (r) => {
    const p = await r.proposals.getByNumber(n);
    if (!p || !sameAddress(p.email, req.email)) return;
    // at most one per interval, the previous one counted too (a request at :09:59 and one at :10:00 are one)
    const bucket = Math.floor(ctx.clock.now().getTime() / LINK_INTERVAL_MS);
    const base = `link-${p.id}-${bucket}`;
    if ((await mailQueued(r, base, p.email)) || (await mailQueued(r, `link-${p.id}-${bucket - 1}`, p.email))) return;
    // the receipt is still on its way (a relay that greylists): its link works; a new one would end it
    const receipt = await r.outbox.get(mailKey(`receipt-${p.id}`, p.email));
    if (receipt && receipt.deliveredVersion === 0) return;
    const status = newStatusToken();
    await r.proposals.setStatusTokenHash(p.id, status.hash);
    await audit(r, { platform: "web", userId: "public-desk" }, { action: "proposal.status_link_reissued", subjectType: "proposal", subjectId: p.id, proposalId: p.id, data: {} });
    // to the address the proposal was sent with, never to the one typed now (they match, but as stored)
    // in the company's language, not the asking page's (anyone may ask)
    await queueMail(ctx, r, base, p.email, mailLocale(ctx, p.locale), {
      kind: "statusLink",
      proposal: formatProposalNumber(p.number),
      statusToken: status.token,
    });
  });
}
