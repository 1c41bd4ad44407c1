/** 実施状況の把握・協定締結後のフォロー (§6(4)②③): implementation status reports on an agreement. */
import { z } from "zod";
import { says } from "../../i18n";
import { formatAgreementNumber } from "../../domain/agreement";
import { ACTIONS, FORMS, type Actor, type FormSpec } from "../../ports/chat";
import type { Messages } from "../../i18n";
import { audit, commit } from "../kernel/commit";
import { agreementKey } from "../outbox/keys";
import { postTo, uniqueAddresses } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { parseInput } from "../kernel/parse-input";
import { amountSchema } from "../reports/amount";

export const REPORT_STATUSES = ["on_track", "delayed", "completed", "suspended"] as const;

export const reportSchema = z.object({
  status: z.enum(REPORT_STATUSES, says("schema.choose")),
  done: z.string().trim().min(1, says("schema.required")).max(3000, says("schema.maxChars", 3000)),
  outcomes: z.string().trim().max(3000).optional(),
  problems: z.string().trim().max(3000).optional(),
  estimatedAmount: amountSchema,
});

export function reportForm(t: Messages, agreementId: string): FormSpec {
  return {
    formId: FORMS.report,
    title: t.report.form,
    submitLabel: t.form.send,
    context: agreementId,
    fields: [
      { name: "status", label: t.report.status, kind: "select", required: true, options: REPORT_STATUSES.map((s) => ({ value: s, label: t.report.statuses[s] })) },
      { name: "done", label: t.report.done, kind: "textarea", required: true, maxLength: 3000 },
      { name: "outcomes", label: t.report.outcomes, kind: "textarea", required: false, maxLength: 3000 },
      { name: "problems", label: t.report.problems, kind: "textarea", required: false, maxLength: 3000 },
      { name: "estimatedAmount", label: t.reports.amountField, kind: "text", required: false, maxLength: 20 },
    ],
  };
}

export async function submitReport(ctx: AppContext, agreementId: string, input: unknown, actor: Actor): Promise<{ id: string; number: string }> {
  const data = parseInput(reportSchema, input);
  await authorize(ctx, actor, ACTIONS.report, agreementId);
  const a0 = (await ctx.store.read.agreements.get(agreementId))!;
  const subject = { action: "agreement.report", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const rep = await r.reports.create({
      agreementId: a0.id,
      status: data.status,
      done: data.done,
      outcomes: data.outcomes || null,
      problems: data.problems || null,
      estimatedAmount: data.estimatedAmount ?? null,
      departmentCode: a0.departmentCode,
      reportedBy: `${actor.platform}:${actor.userId}`,
      platform: actor.platform,
      createdAt: ctx.clock.now(),
    });
    await audit(r, actor, { ...subject, data: { report: rep.id, status: data.status } });
    const text = `${ctx.t.report.received(formatAgreementNumber(a0.number), ctx.t.report.statuses[data.status])}\n${data.done}`;
    const to = uniqueAddresses([...ctx.dir.channels(a0.departmentCode), ...ctx.dir.windowChannels()]);
    await postTo(r, to, agreementKey(a0.id, { what: "report", reportId: rep.id }), textMessage(text), agreementKey(a0.id));
    return { id: rep.id, number: formatAgreementNumber(a0.number) };
  });
}
