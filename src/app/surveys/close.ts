/** After its deadline a survey round closes itself, and the window gets the summary. */
import { tokyoDate } from "../../domain/calendar";
import { formatSurveyNumber } from "../../domain/survey";
import { SYSTEM, type MessageBlock } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { postTo, replaceAt } from "../outbox/post";
import { surveyCard } from "./card";

/** Closes the rounds whose deadline has passed; returns how many. */
export async function closeDueSurveys(ctx: AppContext, now: Date): Promise<number> {
  const t = ctx.t.survey;
  let closed = 0;
  for (const due of await ctx.store.read.surveys.listOpenBefore(tokyoDate(now))) {
    const done = await commit(ctx, async (r) => {
      const round = await r.surveys.getRound(due.id);
      if (!round || round.state !== "open") return false; // another process closed it
      const requests = await r.surveys.listRequests(round.id);
      let changed = 0;
      let missing = 0;
      for (const q of requests) {
        const answers = await r.surveys.listAnswers(q.id);
        changed += answers.filter((a) => a.changed).length;
        missing += answers.filter((a) => a.subjectType === "missing").length;
      }
      const overdue = requests.filter((q) => q.state !== "answered");
      const summary = { asked: requests.length, answered: requests.length - overdue.length, changed, missing, overdue: overdue.map((q) => q.departmentCode) };
      await r.surveys.updateRound(round.id, { state: "closed", closedAt: now, summary: JSON.stringify(summary) });
      for (const q of requests) {
        await r.reminders.cancelForSubject("survey", q.id);
        await replaceAt(r, ctx.dir.channels(q.departmentCode), { kind: "survey", requestId: q.id }, surveyCard(ctx, { ...round, state: "closed" }, q));
      }
      await audit(r, SYSTEM, { action: "survey.closed", subjectType: "survey", subjectId: round.id, data: summary });
      const n = formatSurveyNumber(round.number);
      const blocks: MessageBlock[] = [
        { type: "header", text: t.summaryHeader(n) },
        { type: "text", text: t.summary(summary.asked, summary.answered, changed, missing, overdue.length) },
      ];
      if (overdue.length) blocks.push({ type: "text", text: t.overdueList(ctx.t.list(overdue.map((q) => ctx.dir.unitName(q.departmentCode)))) });
      await postTo(r, ctx.dir.windowChannels(), { kind: "survey-closed", roundId: round.id }, { text: t.summaryHeader(n), blocks });
      return true;
    });
    if (done) closed++;
  }
  return closed;
}
