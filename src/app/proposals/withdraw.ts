/**
 * 取り下げ: the company withdraws its proposal (it tells the window, which records it). Requests to
 * departments end, their reminders stop, and the proposal's figures count it as withdrawn from then on.
 */
import { z } from "zod";
import { noteStage } from "../notices/stage";
import { assertTransition, formatProposalNumber } from "../../domain/proposal";
import { says, type Messages } from "../../i18n";
import { ACTIONS, FORMS, type Actor, type FormSpec } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { summaryKey } from "../outbox/keys";
import { authorize } from "../permissions";
import { textMessage } from "./messages";
import { refreshProposalMessages } from "./refresh-messages";

export const withdrawSchema = z.object({
  reason: z.string().trim().min(1, says("schema.required")).max(1000, says("schema.maxChars", 1000)),
});

export function withdrawForm(t: Messages, proposalId: string): FormSpec {
  return {
    formId: FORMS.withdraw,
    title: t.withdraw.form,
    submitLabel: t.form.submit,
    context: proposalId,
    intro: t.withdraw.intro,
    fields: [{ name: "reason", label: t.withdraw.reason, kind: "textarea", required: true, maxLength: 1000 }],
  };
}

export async function withdrawProposal(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<{ number: string }> {
  await authorize(ctx, actor, ACTIONS.withdraw, proposalId);
  const { reason } = parseInput(withdrawSchema, input);
  return commit(ctx, async (r) => {
    const p = (await r.proposals.get(proposalId))!;
    assertTransition(p.status, "withdrawn");
    const now = ctx.clock.now();
    await r.proposals.update(p.id, { status: "withdrawn", withdrawnAt: now });
    await noteStage(ctx, r, p, "withdrawn");
    for (const routing of await r.routings.listByProposal(p.id)) {
      if (routing.state === "pending") await r.routings.update(routing.id, { state: "closed" });
      await r.reminders.cancelForSubject("routing", routing.id);
    }
    await audit(r, actor, { action: "proposal.withdrawn", subjectType: "proposal", subjectId: p.id, proposalId: p.id, data: { from: p.status, reason } });
    const number = formatProposalNumber(p.number);
    await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "withdrawn", at: now.getTime() }), textMessage(ctx.t.withdraw.notice(number, reason)), summaryKey(p.id));
    await refreshProposalMessages(ctx, r, p.id);
    return { number };
  });
}
