/** 協定によらない連携 (§6(3) ただし書): a light initiative without money goes ahead without an agreement, recording who agreed and why. */
import { randomUUID } from "node:crypto";
import { noteStage } from "../notices/stage";
import { formatAgreementNumber } from "../../domain/agreement";
import { tokyoDate } from "../../domain/calendar";
import { conflict, invalidField } from "../../domain/errors";
import { assertTransition } from "../../domain/proposal";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { planAgreementReminders } from "../reminders/planner";
import { agreementCard, audience } from "./card";
import { RegisterResult } from "./register";
import { noAgreementSchema } from "./schema";
import { agreementKey } from "../outbox/keys";

/**
 * A light initiative with no money or compensation goes ahead without an agreement when both sides
 * agree (§6(3) ただし書き): recorded with who agreed and why, and tracked without an end date.
 */
export async function recordNoAgreement(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<RegisterResult> {
  const { consentBy, reason } = parseInput(noAgreementSchema, input);
  await authorize(ctx, actor, ACTIONS.recordNoAgreement, proposalId);
  return commit(ctx, async (r) => {
    const p = (await r.proposals.get(proposalId))!;
    if (p.costToCity) throw invalidField("costToCity", "agreement.costForbidsNoAgreement");
    if (p.status !== "taken" && p.status !== "approved") throw conflict("conflicts.proposalIs", [p.status]);
    const now = ctx.clock.now();
    const a = await r.agreements.create({
      id: randomUUID(),
      number: await r.agreements.nextNumber(),
      kind: "no_agreement",
      proposalId: p.id,
      companyId: p.companyId,
      title: p.title,
      pattern: p.pattern,
      departmentCode: p.ownerDepartment ?? ctx.dir.windowCode,
      startDate: tokyoDate(now),
      endDate: null,
      costToCity: false,
      moneyTerms: null,
      documentUrl: null,
      exceptionReason: null,
      exceptionApprovedBy: null,
      consentBy,
      consentReason: reason,
      notes: null,
      state: "active",
      predecessorId: null,
      endDecision: null,
      approvalRoundId: null,
      concludedAt: now,
      createdBy: `${actor.platform}:${actor.userId}`,
    });
    assertTransition(p.status, "concluded");
    await r.proposals.update(p.id, { status: "concluded" });
    await noteStage(ctx, r, p, "concluded", "no_agreement");
    await audit(r, actor, { action: "agreement.no_agreement", subjectType: "agreement", subjectId: a.id, proposalId: p.id, data: { consentBy, reason } });
    await postTo(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
    await refreshProposalMessages(ctx, r, p.id);
    await planAgreementReminders(ctx, r, a.id);
    return { id: a.id, number: formatAgreementNumber(a.number), state: a.state };
  });
}
