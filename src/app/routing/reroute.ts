/** The window re-routes a proposal to other departments. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { says } from "../../i18n";
import { invalid } from "../../domain/errors";
import { assertTransition } from "../../domain/proposal";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { routingMessage, textMessage } from "../proposals/messages";
import { answersOf, refreshProposalMessages } from "../proposals/refresh-messages";
import { planRoutingReminders } from "../reminders/planner";
import { routingKey, summaryKey } from "../outbox/keys";


export const rerouteSchema = z.object({
  departments: z.array(z.string().min(1)).min(1, says("schema.chooseDepartments")).max(30, says("schema.maxItems", 30)),
});

/** The window sends a proposal to other departments (also after every department sent it back). */
export async function reroute(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<{ routedTo: string[] }> {
  const { departments } = parseInput(rerouteSchema, input);
  const unknown = departments.filter((d) => !ctx.dir.isKnownUnit(d));
  if (unknown.length) throw invalid("conflicts.unknownDepartment", [unknown[0]], unknown.map((d) => ({ path: "departments", reason: "conflicts.unknownDepartment", params: [d] })));
  await authorize(ctx, actor, ACTIONS.reroute, proposalId);
  const subject = { action: "proposal.reroute", subjectType: "proposal", subjectId: proposalId, proposalId };

  return commit(ctx, async (r) => {
    const p = (await r.proposals.get(proposalId))!;
    assertTransition(p.status, "routing");
    const wanted = [...new Set(departments)];
    const existing = await r.routings.listByProposal(p.id);
    const company = (await r.companies.get(p.companyId))!;
    for (const x of existing) {
      if (!wanted.includes(x.departmentCode) && (x.state === "pending" || x.state === "taken")) await r.routings.update(x.id, { state: "closed" });
    }
    await r.proposals.update(p.id, { status: "routing", ownerDepartment: null });
    const fresh = (await r.proposals.get(p.id))!;
    for (const code of wanted) {
      const x = existing.find((e) => e.departmentCode === code);
      let routing;
      if (x) {
        routing = await r.routings.update(x.id, { state: "pending", reason: null, respondedAt: null, respondedBy: null, createdAt: ctx.clock.now() });
        await postTo(r, ctx.dir.channels(code), routingKey(x.id, { what: "again", at: ctx.clock.now().getTime() }), textMessage(ctx.t.routingAsk), routingKey(x.id));
      } else {
        routing = await r.routings.create({ id: randomUUID(), proposalId: p.id, departmentCode: code, state: "pending", createdAt: ctx.clock.now() });
        await postTo(r, ctx.dir.channels(code), routingKey(routing.id), routingMessage(ctx.t, ctx.dir, fresh, company, routing, await answersOf(ctx.t, r, fresh)));
      }
      await audit(r, actor, { action: "routing.created", subjectType: "routing", subjectId: routing.id, proposalId: p.id, data: { department: code, rule: "window" } });
      await planRoutingReminders(ctx, r, routing);
    }
    await audit(r, actor, { ...subject, data: { departments: wanted } });
    const names = ctx.t.list(wanted.map((c) => ctx.dir.unitName(c)));
    await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "rerouted", at: ctx.clock.now().getTime() }), textMessage(ctx.t.rerouted(names)), summaryKey(p.id));
    await refreshProposalMessages(ctx, r, p.id);
    return { routedTo: wanted };
  });
}
