/** A department's survey card: what is registered for it, as the round started, and whether it answered. */
import { formatSurveyNumber } from "../../domain/survey";
import { ACTIONS, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { SurveyItem, SurveyRequestRecord, SurveyRoundRecord } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { lineBlocks } from "../kernel/paging";

export function itemsOf(request: SurveyRequestRecord): SurveyItem[] {
  return JSON.parse(request.items) as SurveyItem[];
}

export function surveyCard(ctx: AppContext, round: SurveyRoundRecord, request: SurveyRequestRecord, answeredByName?: string): ChatMessage {
  const t = ctx.t.survey;
  const n = formatSurveyNumber(round.number);
  const items = itemsOf(request);
  const lines = items.map((i) => {
    const head = i.type === "agreement" ? t.agreementLine(i.label) : t.disasterLine(i.label);
    const extra = [t.contacts(i.companyContact ?? "-", i.cityContact ?? "-"), ...(i.type === "disaster" ? [t.lastUsed(i.lastUsedOn ? ctx.t.date(i.lastUsedOn) : "-")] : [])];
    return `• ${head}\n   ${extra.join(" / ")}`;
  });
  const blocks: MessageBlock[] = [
    { type: "header", text: `${t.header(n, ctx.t.date(round.deadline))} — ${ctx.dir.unitName(request.departmentCode)}` },
    { type: "text", text: t.intro },
    ...lineBlocks(lines.length ? lines : [t.none]),
  ];
  if (request.state === "answered" && request.answeredAt) blocks.push({ type: "context", text: t.answered(answeredByName ?? request.answeredBy ?? "-", ctx.t.date(request.answeredAt.toISOString().slice(0, 10))) });
  if (round.state === "open") blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.surveyAnswer, label: t.answer, value: request.id, style: "primary" }] });
  else blocks.push({ type: "context", text: t.closed });
  return { text: t.header(n, ctx.t.date(round.deadline)), blocks };
}
