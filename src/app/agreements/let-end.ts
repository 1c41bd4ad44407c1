/** The owning department decides not to renew: the agreement ends on its end date. */
import { formatAgreementNumber } from "../../domain/agreement";
import { conflict } from "../../domain/errors";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { planAgreementReminders } from "../reminders/planner";
import { audience, refreshAgreementCard } from "./card";
import { agreementKey } from "../outbox/keys";

/** The parties decide not to renew: recorded; the agreement ends on its end date. */
export async function letEnd(ctx: AppContext, agreementId: string, actor: Actor): Promise<{ changed: boolean }> {
  const a0 = await authorize(ctx, actor, ACTIONS.letEnd, agreementId);
  const subject = { action: "agreement.let_end", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    if (a.endDecision === "let_end") return { changed: false };
    if (await r.agreements.getSuccessor(a.id)) throw conflict("conflicts.renewalUnderWay");
    await r.agreements.update(a.id, { endDecision: "let_end" });
    await audit(r, actor, subject);
    await refreshAgreementCard(ctx, r, a.id);
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "let-end" }), textMessage(ctx.t.agreement.letEndRecorded(formatAgreementNumber(a.number), a.endDate ? ctx.t.date(a.endDate) : "-")), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { changed: true };
  });
}
