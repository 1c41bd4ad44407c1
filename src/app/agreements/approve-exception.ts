/** The window approves a term over two years (§6(3)②: two years at most, in principle). */
import { formatAgreementNumber } from "../../domain/agreement";
import { noteStage } from "../notices/stage";
import { assertTransition } from "../../domain/proposal";
import { ACTIONS, mention, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { planAgreementReminders } from "../reminders/planner";
import { audience, refreshAgreementCard } from "./card";
import { agreementKey } from "../outbox/keys";

/** The window approves a term over two years (§6(3)② "in principle"). */
export async function approveException(ctx: AppContext, agreementId: string, actor: Actor): Promise<{ changed: boolean }> {
  const a0 = await authorize(ctx, actor, ACTIONS.approveException, agreementId);
  const subject = { action: "agreement.approve_exception", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    if (a.state !== "pending_exception") return { changed: false };
    const who = `${actor.platform}:${actor.userId}`;
    await r.agreements.update(a.id, { state: "active", exceptionApprovedBy: who, concludedAt: ctx.clock.now() });
    await audit(r, actor, { ...subject, data: { reason: a.exceptionReason } });
    if (a.proposalId) {
      const p = (await r.proposals.get(a.proposalId))!;
      if (p.status !== "concluded") {
        assertTransition(p.status, "concluded");
        await r.proposals.update(p.id, { status: "concluded" });
        await noteStage(ctx, r, p, "concluded", a.kind === "no_agreement" ? "no_agreement" : "agreement");
        await refreshProposalMessages(ctx, r, p.id);
      }
    }
    await refreshAgreementCard(ctx, r, a.id);
    // the approver is named or mentioned (each platform renders the neutral mark), never shown as an internal id
    const approver = mention({ ...(actor.platform === "slack" ? { slack: actor.userId } : actor.platform === "teams" ? { teams: actor.userId } : {}), name: ctx.dir.personName(actor) });
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "exception-approved" }), textMessage(ctx.t.agreement.exceptionApproved(formatAgreementNumber(a.number), approver)), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { changed: true };
  });
}
