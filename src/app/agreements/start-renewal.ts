/** Renewal (§6(3)③: never automatic): a new draft agreement linked to the old one, after both sides consult. */
import { randomUUID } from "node:crypto";
import { formatAgreementNumber, maxEndDate } from "../../domain/agreement";
import { addDays } from "../../domain/calendar";
import { conflict } from "../../domain/errors";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { planAgreementReminders } from "../reminders/planner";
import { openRoundTx } from "../review/round";
import { agreementCard, audience, refreshAgreementCard } from "./card";
import { RegisterResult } from "./register";
import { agreementKey } from "../outbox/keys";

/**
 * Renewal is a new agreement after both sides consult (§6(3)③): opens a draft successor linked to the
 * old one. If the agreement costs the city money, the board reviews it again.
 */
export async function startRenewal(ctx: AppContext, agreementId: string, actor: Actor): Promise<RegisterResult> {
  const a0 = await authorize(ctx, actor, ACTIONS.renew, agreementId);
  const subject = { action: "agreement.renew", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    const existing = await r.agreements.getSuccessor(a.id);
    if (existing) return { id: existing.id, number: formatAgreementNumber(existing.number), state: existing.state };
    if (a.kind !== "agreement" || !a.endDate) throw conflict("conflicts.renewOnlyWithEnd");
    if (a.state === "draft" || a.state === "pending_exception") throw conflict("conflicts.agreementIs", [a.state]);
    const start = addDays(a.endDate, 1);
    const draft = await r.agreements.create({
      id: randomUUID(),
      number: await r.agreements.nextNumber(),
      kind: "agreement",
      proposalId: a.proposalId,
      companyId: a.companyId,
      title: a.title,
      pattern: a.pattern,
      departmentCode: a.departmentCode,
      startDate: start,
      endDate: maxEndDate(start),
      costToCity: a.costToCity,
      moneyTerms: a.moneyTerms,
      documentUrl: null,
      exceptionReason: null,
      exceptionApprovedBy: null,
      consentBy: null,
      consentReason: null,
      notes: null,
      state: "draft",
      predecessorId: a.id,
      endDecision: null,
      approvalRoundId: null,
      concludedAt: null,
      createdBy: `${actor.platform}:${actor.userId}`,
    });
    await r.agreements.update(a.id, { endDecision: "renew" });
    await audit(r, actor, { ...subject, action: "agreement.renewal_started", data: { successor: draft.id } });
    if (a.costToCity && a.proposalId) await openRoundTx(ctx, r, a.proposalId, actor);
    await refreshAgreementCard(ctx, r, a.id);
    await postTo(r, audience(ctx, draft), agreementKey(draft.id), await agreementCard(ctx, r, draft));
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "renewal" }), textMessage(ctx.t.agreement.renewalStarted(formatAgreementNumber(a.number), formatAgreementNumber(draft.number))), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { id: draft.id, number: formatAgreementNumber(draft.number), state: draft.state };
  });
}
