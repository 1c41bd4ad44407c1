/** A company lost its status link: it gives its proposal number and the e-mail it used, and gets a new link by mail. */
import { formatProposalNumber, parseProposalNumber } from "../../domain/proposal";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { newStatusToken } from "../public-desk/status";
import { laneOf, mailLocale, mailQueued, queueMail } from "./queue";

export interface StatusLinkRequest {
  /** the proposal number as the company types it (P-0001, 1, Ｐ－０００１) */
  number: string;
  email: string;
  /** the language of the page it asked from */
  locale: "ja" | "en";
}

/** at most one new link per proposal in this time: a stranger who knows a pair cannot flood the company's mailbox */
export const LINK_INTERVAL_MS = 10 * 60_000;

const sameAddress = (a: string, b: string) => laneOf(a)?.toLowerCase() === laneOf(b)?.toLowerCase();

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
    const bucket = Math.floor(ctx.clock.now().getTime() / LINK_INTERVAL_MS);
    const base = `link-${p.id}-${bucket}`;
    if (await mailQueued(r, base, p.email)) return;
    const status = newStatusToken();
    await r.proposals.setStatusTokenHash(p.id, status.hash);
    await audit(r, { platform: "web", userId: "public-desk" }, { action: "proposal.status_link_reissued", subjectType: "proposal", subjectId: p.id, proposalId: p.id, data: {} });
    // to the address the proposal was sent with, never to the one typed now (they match, but as stored)
    await queueMail(ctx, r, base, p.email, req.locale === "en" || req.locale === "ja" ? req.locale : mailLocale(ctx, p.locale), {
      kind: "statusLink",
      proposal: formatProposalNumber(p.number),
      title: p.title,
      statusToken: status.token,
    });
  });
}
