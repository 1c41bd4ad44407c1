/** Read models: what the API and the chat commands show. */
import { formatProposalNumber, parseProposalNumber } from "../../domain/proposal";
import { notFound } from "../../domain/errors";
import type { AppContext } from "../kernel/context";

export async function proposalView(ctx: AppContext, id: string) {
  const r = ctx.store.read;
  const n = parseProposalNumber(id);
  const p = n !== null ? await r.proposals.getByNumber(n) : await r.proposals.get(id);
  if (!p) throw notFound();
  const [company, routings, events, rounds, agreements] = await Promise.all([
    r.companies.get(p.companyId),
    r.routings.listByProposal(p.id),
    r.audit.listByProposal(p.id),
    r.rounds.listByProposal(p.id),
    r.agreements.listByProposal(p.id),
  ]);
  const roundViews = await Promise.all(
    rounds.map(async (round) => ({
      id: round.id,
      number: round.number,
      state: round.state,
      openedAt: round.openedAt.toISOString(),
      deadline: round.deadline.toISOString(),
      closedAt: round.closedAt?.toISOString() ?? null,
      closeReason: round.closeReason,
      votes: (await r.votes.listByRound(round.id)).map((v) => ({
        member: v.memberId,
        name: ctx.dir.boardMembers().find((m) => m.key === v.memberId)?.name ?? v.memberId,
        choice: v.choice,
        comment: v.comment,
        platform: v.platform,
        at: v.updatedAt.toISOString(),
      })),
    })),
  );
  return {
    id: p.id,
    number: formatProposalNumber(p.number),
    status: p.status,
    title: p.title,
    pattern: p.pattern,
    costToCity: p.costToCity,
    companyBearsDevelopmentCost: p.companyBearsDevCost,
    ownerDepartment: p.ownerDepartment,
    company: company && { id: company.id, name: company.name, corporateNumber: company.corporateNumber },
    routings: routings.map((x) => ({ department: x.departmentCode, state: x.state, reason: x.reason })),
    rounds: roundViews,
    agreements: agreements.map((a) => ({ id: a.id, kind: a.kind, state: a.state, startDate: a.startDate, endDate: a.endDate })),
    events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, platform: e.platform, action: e.action })),
  };
}
