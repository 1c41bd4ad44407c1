/** A call for proposals changed, was withdrawn or closed: every company that answered it hears so. */
import { formatChallengeNumber } from "../../domain/challenge";
import { formatProposalNumber } from "../../domain/proposal";
import type { ChallengeRecord, ProposalRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { laneOf, mailLocale, queueMail } from "./queue";

export type CallChange = "edited" | "extended" | "withdrawn" | "closed";

/**
 * Queues a note to each company that answered `call` (in the caller's transaction): one mail per address,
 * naming that company's own proposals only, in the language it wrote in. `call` is the call as it is now.
 */
export async function noteCallChange(ctx: AppContext, r: Repos, call: ChallengeRecord, change: CallChange): Promise<void> {
  if (!ctx.mail) return;
  const byAddress = new Map<string, ProposalRecord[]>();
  for (const p of await r.proposals.listByChallenge(call.id)) {
    const lane = laneOf(p.email);
    if (!lane) continue;
    const k = lane.toLowerCase();
    byAddress.set(k, [...(byAddress.get(k) ?? []), p]);
  }
  // closing happens once; an edit or an extension may happen again: each is its own mail
  const when = change === "closed" ? "" : `-${ctx.clock.now().getTime()}`;
  for (const [, proposals] of byAddress) {
    const first = proposals[0];
    await queueMail(ctx, r, `call-${call.id}-${change}${when}`, first.email, mailLocale(ctx, first.locale), {
      kind: "call",
      call: formatChallengeNumber(call.number),
      callTitle: call.title,
      change,
      deadline: call.deadline,
      proposals: proposals.map((p) => formatProposalNumber(p.number)),
    });
  }
}
