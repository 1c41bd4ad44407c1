/** Keeps the lasting messages of a proposal (window summary, each routing request) in step with it. */
import type { Repos } from "../ports/store";
import type { AppContext } from "./context";
import { replaceAt } from "./context";
import { routingMessage, windowSummary } from "./render-proposal";

export const summaryKey = (proposalId: string) => `proposal:${proposalId}:summary`;
export const routingKey = (routingId: string) => `routing:${routingId}`;

export async function refreshProposalMessages(ctx: AppContext, r: Repos, proposalId: string): Promise<void> {
  const p = await r.proposals.get(proposalId);
  if (!p) return;
  const c = (await r.companies.get(p.companyId))!;
  const routings = await r.routings.listByProposal(p.id);
  await replaceAt(r, ctx.dir.windowChannels(), summaryKey(p.id), windowSummary(ctx.t, ctx.dir, p, c, routings));
  for (const routing of routings) {
    await replaceAt(r, ctx.dir.channels(routing.departmentCode), routingKey(routing.id), routingMessage(ctx.t, ctx.dir, p, c, routing));
  }
}
