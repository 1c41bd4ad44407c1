/** At the deadline a call closes itself, and its department gets a summary of the proposals it received. */
import { formatChallengeNumber } from "../../domain/challenge";
import { formatProposalNumber } from "../../domain/proposal";
import { bold } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { lineBlocks, summarised } from "../kernel/paging";
import { noteCallChange } from "../notices/calls";
import { postTo, replaceAt } from "../outbox/post";
import { audience, cardKey, challengeCard } from "./card";


/** Closes the calls whose deadline has passed and tells each department what it received; returns how many. */
export async function closeDueChallenges(ctx: AppContext, now: Date): Promise<number> {
  const t = ctx.t;
  let closed = 0;
  for (const due of await ctx.store.read.challenges.listDue(now)) {
    const done = await commit(ctx, async (r) => {
      if (!(await r.challenges.close(due.id, now))) return false; // another process closed it
      const proposals = await r.proposals.listByChallenge(due.id);
      const number = formatChallengeNumber(due.number);
      await audit(r, { platform: "system", userId: "deadline" }, { action: "challenge.closed", subjectType: "challenge", subjectId: due.id, data: { proposals: proposals.length } });
      const lines = summarised(t, proposals, 30, (p) => `• ${formatProposalNumber(p.number)} ${p.title}`);
      const call = (await r.challenges.get(due.id))!;
      // the card loses its buttons; the companies that answered hear that the call closed (the mail work)
      await replaceAt(r, audience(ctx, call), cardKey(call.id), challengeCard(ctx, call));
      await noteCallChange(ctx, r, call, "closed");
      await postTo(r, audience(ctx, call), { kind: "challenge-closed", challengeId: due.id }, {
        text: `${t.challenge.closedHeader(number)}: ${due.title}`,
        blocks: [
          { type: "header", text: t.challenge.closedHeader(number) },
          { type: "text", text: bold(due.title) },
          { type: "text", text: t.challenge.received(proposals.length) },
          ...lineBlocks(lines),
        ],
      });
      return true;
    });
    if (done) closed++;
  }
  return closed;
}
