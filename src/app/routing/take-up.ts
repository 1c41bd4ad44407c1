/** 振り分け: a department takes a proposal up (asked for its opinion first when the proposal costs the city money, §5(1)). */
import { z } from "zod";
import { noteStage } from "../notices/stage";
import { conflict } from "../../domain/errors";
import { assertTransition, needsBoard } from "../../domain/proposal";
import { ACTIONS, mention, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { openRoundTx } from "../review/round";
import { routingKey, summaryKey } from "../outbox/keys";


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
      throw conflict("conflicts.takenBy", [ctx.dir.unitName(p.ownerDepartment)]);
    }
    if (current.state !== "pending") throw conflict("conflicts.routingClosed", [current.state]);
    assertTransition(p.status, "taken");
    const now = ctx.clock.now();
    await r.routings.update(current.id, { state: "taken", respondedBy: `${actor.platform}:${actor.userId}`, respondedAt: now });
    for (const other of await r.routings.listByProposal(p.id)) {
      if (other.id !== current.id && other.state === "pending") await r.routings.update(other.id, { state: "closed" });
      await r.reminders.cancelForSubject("routing", other.id);
    }
    await r.proposals.update(p.id, { status: "taken", ownerDepartment: current.departmentCode });
    await noteStage(ctx, r, p, "taken");
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
