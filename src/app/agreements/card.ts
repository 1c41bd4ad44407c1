/** The agreement's card: one lasting message per agreement, in the owning department's and the window's channels, kept in step with it. */
import { formatAgreementNumber } from "../../domain/agreement";
import { ACTIONS, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { AgreementRecord, Repos } from "../../ports/store";
import { type AppContext } from "../kernel/context";
import { replaceAt, uniqueAddresses } from "../outbox/post";
import { agreementKey } from "../outbox/keys";
import { encodeAgreementContext } from "./form-context";


export function audience(ctx: AppContext, a: AgreementRecord) {
  return uniqueAddresses([...ctx.dir.channels(a.departmentCode), ...ctx.dir.windowChannels()]);
}

export async function agreementCard(ctx: AppContext, r: Repos, a: AgreementRecord): Promise<ChatMessage> {
  const t = ctx.t;
  const ta = t.agreement;
  const number = formatAgreementNumber(a.number);
  const company = (await r.companies.get(a.companyId))!;
  const predecessor = a.predecessorId ? await r.agreements.get(a.predecessorId) : null;
  const successor = await r.agreements.getSuccessor(a.id);
  const fields = [
    { label: ta.counterparty, value: company.name },
    { label: t.pattern_, value: t.pattern[a.pattern] },
    { label: t.owner, value: ctx.dir.unitName(a.departmentCode) },
    { label: t.status_, value: `${ta.kind[a.kind]} / ${ta.state[a.state]}` },
    { label: ta.term, value: t.term(a.startDate, a.endDate) },
    { label: t.costToCity, value: a.costToCity ? t.yes : t.no },
  ];
  if (a.origin === "own") fields.push({ label: ta.origin_, value: ta.origin.own });
  if (a.companyContact || a.cityContact) fields.push({ label: ta.contacts, value: `${a.companyContact ?? "-"} / ${a.cityContact ?? "-"}` });
  if (a.moneyTerms) fields.push({ label: ta.moneyTerms, value: a.moneyTerms });
  if (a.documentUrl) fields.push({ label: ta.document, value: a.documentUrl });
  if (a.exceptionReason) fields.push({ label: ta.exception, value: a.exceptionReason });
  if (a.consentBy) fields.push({ label: ta.consentBy, value: a.consentBy });
  if (a.consentReason) fields.push({ label: ta.consentReason, value: a.consentReason });
  if (predecessor) fields.push({ label: ta.predecessor, value: formatAgreementNumber(predecessor.number) });
  if (successor) fields.push({ label: ta.successor, value: formatAgreementNumber(successor.number) });
  const blocks: MessageBlock[] = [
    { type: "header", text: a.state === "draft" ? ta.draftHeader(number) : ta.header(number) },
    { type: "text", text: a.title },
    { type: "fields", fields },
  ];
  if (a.kind === "agreement") blocks.push({ type: "context", text: ta.noRenewal });
  if (a.needsSupport) blocks.push({ type: "text", text: ta.support.needed });
  if (a.state === "pending_exception") {
    blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.approveException, label: ta.approveException, value: a.id, style: "primary" }] });
  } else if (a.state === "draft") {
    blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.registerAgreement, label: ta.complete, value: encodeAgreementContext({ kind: "draft", draftId: a.id }), style: "primary" }] });
  } else if (a.kind === "agreement" && !successor && a.endDecision !== "let_end") {
    blocks.push({
      type: "actions",
      actions: [
        { actionId: ACTIONS.renew, label: ta.renew, value: a.id, style: "primary" },
        { actionId: ACTIONS.letEnd, label: ta.letEnd, value: a.id },
      ],
    });
  }
  // a department's own partnership: the window says whether it needs its support (§6(1) ただし書)
  if (a.origin === "own" && a.state !== "draft") {
    blocks.push({ type: "context", text: ta.own.noticeHint });
    blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.support, label: a.needsSupport ? ta.support.clear : ta.support.mark, value: a.id }] });
  }
  return { text: `${ta.header(number)}: ${a.title}`, blocks };
}

export async function refreshAgreementCard(ctx: AppContext, r: Repos, id: string): Promise<void> {
  const a = (await r.agreements.get(id))!;
  await replaceAt(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
}
