/** Keeps the lasting messages of a proposal (window summary, each routing request) in step with it. */
import { formatChallengeNumber } from "../../domain/challenge";
import type { Messages } from "../../i18n";
import type { ProposalRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { routingKey, summaryKey } from "../outbox/keys";
import { replaceAt } from "../outbox/post";
import { routingMessage, windowSummary } from "./messages";

/** The call a proposal answers, as its messages name it (C-0001「…」), if it answers one. */
export async function answersOf(t: Messages, r: Repos, p: ProposalRecord): Promise<string | undefined> {
  if (!p.challengeId) return undefined;
  const c = await r.challenges.get(p.challengeId);
  return c ? t.call(formatChallengeNumber(c.number), c.title) : undefined;
}

export async function refreshProposalMessages(ctx: AppContext, r: Repos, proposalId: string): Promise<void> {
  const p = await r.proposals.get(proposalId);
  if (!p) return;
  const c = (await r.companies.get(p.companyId))!;
  const routings = await r.routings.listByProposal(p.id);
  const answers = await answersOf(ctx.t, r, p);
  await replaceAt(r, ctx.dir.windowChannels(), summaryKey(p.id), windowSummary(ctx.t, ctx.dir, p, c, routings, answers));
  for (const routing of routings) {
    await replaceAt(r, ctx.dir.channels(routing.departmentCode), routingKey(routing.id), routingMessage(ctx.t, ctx.dir, p, c, routing, answers));
  }
}
