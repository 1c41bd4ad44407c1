/** 振り分け: departments take a proposal up or send it back; the window re-routes. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { conflict, invalid } from "../../domain/errors";
import { assertTransition, needsBoard } from "../../domain/proposal";
import { ACTIONS, mention, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { postTo } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { authorize } from "../permissions";
import { answersOf, refreshProposalMessages } from "../proposals/refresh-messages";
import { routingKey, summaryKey } from "../outbox/keys";
import { routingMessage, textMessage } from "../proposals/messages";
import { planRoutingReminders } from "../reminders/planner";
import { parseInput } from "../kernel/parse-input";
import { openRoundTx } from "../review/review";

export interface TakeUpResult {
  proposalId: string;
  department: string;
  changed: boolean;
}

export const takeUpSchema = z.object({ opinion: z.string().trim().max(3000).optional() });

/** True when taking this routing up also sends the proposal to the board, so an opinion is asked first. */
export async function takeUpNeedsOpinion(ctx: AppContext, routingId: string): Promise<boolean> {
  const routing = await ctx.store.read.routings.get(routingId);
  if (!routing || routing.state !== "pending") return false;
  const p = await ctx.store.read.proposals.get(routing.proposalId);
  return p !== null && needsBoard(p);
}

/**
 * A department takes a proposal up (担当する). One that costs the city money goes to the review board
 * at once, with the department's opinion (§5(1)).
 */
export async function takeUp(ctx: AppContext, routingId: string, input: unknown, actor: Actor): Promise<TakeUpResult> {
  const { opinion } = parseInput(takeUpSchema, input ?? {});
  const routing = await authorize(ctx, actor, ACTIONS.take, routingId);
  const subject = { action: "routing.take", subjectType: "routing", subjectId: routing.id, proposalId: routing.proposalId };

  return commit(ctx, async (r) => {
    const current = (await r.routings.get(routingId))!;
    const p = (await r.proposals.get(current.proposalId))!;
    if (current.state === "taken") return { proposalId: p.id, department: current.departmentCode, changed: false };
    if (p.ownerDepartment && p.ownerDepartment !== current.departmentCode) {
      throw conflict(ctx.t.conflicts.takenBy(ctx.dir.unitName(p.ownerDepartment)));
    }
    if (current.state !== "pending") throw conflict(ctx.t.conflicts.routingClosed(ctx.t.routingState[current.state] ?? current.state));
    assertTransition(p.status, "taken");
    const now = ctx.clock.now();
    await r.routings.update(current.id, { state: "taken", respondedBy: `${actor.platform}:${actor.userId}`, respondedAt: now });
    for (const other of await r.routings.listByProposal(p.id)) {
      if (other.id !== current.id && other.state === "pending") await r.routings.update(other.id, { state: "closed" });
      await r.reminders.cancelForSubject("routing", other.id);
    }
    await r.proposals.update(p.id, { status: "taken", ownerDepartment: current.departmentCode });
    await audit(r, actor, { ...subject, data: { department: current.departmentCode } });
    const dept = ctx.dir.unitName(current.departmentCode);
    const notice = textMessage(ctx.t.takenBy(dept, mention({ ...(actor.platform === "slack" ? { slack: actor.userId } : actor.platform === "teams" ? { teams: actor.userId } : {}), name: ctx.dir.personName(actor) })));
    await postTo(r, ctx.dir.channels(current.departmentCode), routingKey(current.id, { what: "taken" }), notice, routingKey(current.id));
    await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "taken", routingId: current.id }), notice, summaryKey(p.id));
    if (needsBoard(p)) await openRoundTx(ctx, r, p.id, actor, opinion);
    await refreshProposalMessages(ctx, r, p.id);
    return { proposalId: p.id, department: current.departmentCode, changed: true };
  });
}

export const sendBackSchema = z.object({
  reason: z.string().trim().min(1, "理由を入力してください / a reason is required").max(1000),
});

export async function sendBack(ctx: AppContext, routingId: string, input: unknown, actor: Actor): Promise<{ changed: boolean }> {
  const { reason } = parseInput(sendBackSchema, input);
  const routing = await authorize(ctx, actor, ACTIONS.sendBack, routingId);
  const subject = { action: "routing.send_back", subjectType: "routing", subjectId: routing.id, proposalId: routing.proposalId };

  return commit(ctx, async (r) => {
    const current = (await r.routings.get(routingId))!;
    if (current.state === "returned") return { changed: false };
    if (current.state !== "pending") throw conflict(`this routing is ${current.state}`);
    const now = ctx.clock.now();
    await r.routings.update(current.id, { state: "returned", reason, respondedBy: `${actor.platform}:${actor.userId}`, respondedAt: now });
    await r.reminders.cancelForSubject("routing", current.id);
    const p = (await r.proposals.get(current.proposalId))!;
    const stillPending = (await r.routings.listByProposal(p.id)).some((x) => x.state === "pending");
    if (!stillPending && !p.ownerDepartment) {
      assertTransition(p.status, "needs_routing");
      await r.proposals.update(p.id, { status: "needs_routing" });
    }
    await audit(r, actor, { ...subject, data: { department: current.departmentCode, reason } });
    const notice = textMessage(ctx.t.returnedBy(ctx.dir.unitName(current.departmentCode), reason));
    await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "returned", routingId: current.id }), notice, summaryKey(p.id));
    if (!stillPending && !p.ownerDepartment) {
      await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "all-returned", at: now.getTime() }), textMessage(ctx.t.allReturned), summaryKey(p.id));
    }
    await refreshProposalMessages(ctx, r, p.id);
    return { changed: true };
  });
}

export const rerouteSchema = z.object({
  departments: z.array(z.string().min(1)).min(1, "振り分け先を1つ以上選んでください / choose at least one department").max(30),
});

/** The window sends a proposal to other departments (also after every department sent it back). */
export async function reroute(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<{ routedTo: string[] }> {
  const { departments } = parseInput(rerouteSchema, input);
  const unknown = departments.filter((d) => !ctx.dir.isKnownUnit(d));
  if (unknown.length) throw invalid("unknown department", unknown.map((d) => ({ path: "departments", message: ctx.t.conflicts.unknownDepartment(d) })));
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
        await postTo(r, ctx.dir.channels(code), routingKey(routing.id), routingMessage(ctx.t, ctx.dir, fresh, company, routing, await answersOf(r, fresh)));
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
