/** A department sends a routed proposal back as not theirs, with a reason; when every department has, the window is asked to re-route. */
import { z } from "zod";
import { says } from "../../i18n";
import { conflict } from "../../domain/errors";
import { assertTransition } from "../../domain/proposal";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { summaryKey } from "../outbox/keys";


export const sendBackSchema = z.object({
  reason: z.string().trim().min(1, says("schema.required")).max(1000, says("schema.maxChars", 1000)),
});

export async function sendBack(ctx: AppContext, routingId: string, input: unknown, actor: Actor): Promise<{ changed: boolean }> {
  const { reason } = parseInput(sendBackSchema, input);
  const routing = await authorize(ctx, actor, ACTIONS.sendBack, routingId);
  const subject = { action: "routing.send_back", subjectType: "routing", subjectId: routing.id, proposalId: routing.proposalId };

  return commit(ctx, async (r) => {
    const current = (await r.routings.get(routingId))!;
    if (current.state === "returned") return { changed: false };
    if (current.state !== "pending") throw conflict("conflicts.routingClosed", [current.state]);
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
