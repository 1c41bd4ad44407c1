/** Opens a survey round: one request and one card per department, listing what is registered for it. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { formatAgreementNumber } from "../../domain/agreement";
import { addDays, isIsoDate, tokyoDate } from "../../domain/calendar";
import { conflict, invalidField } from "../../domain/errors";
import { formatSurveyNumber } from "../../domain/survey";
import { says } from "../../i18n";
import type { Actor } from "../../ports/chat";
import type { Repos, SurveyItem } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize, COMMANDS } from "../permissions";
import { planSurveyChase } from "../reminders/planner";
import { surveyCard } from "./card";

/** a round started without a deadline runs this many days */
export const DEFAULT_SURVEY_DAYS = 30;

export const startSurveySchema = z.object({
  deadline: z
    .string()
    .optional()
    .refine((v) => v === undefined || isIsoDate(v), says("schema.date")),
});

/** What is registered for a department: its own partnerships in force and its disaster agreements. */
async function itemsFor(ctx: AppContext, r: Repos, departmentCode: string): Promise<SurveyItem[]> {
  const label = ctx.t.survey.itemLabel;
  const items: SurveyItem[] = [];
  for (const a of await r.agreements.list({ departmentCode })) {
    if (a.origin !== "own" || (a.state !== "active" && a.state !== "pending_exception")) continue;
    const company = a.companyName ?? (await r.companies.get(a.companyId))?.name ?? "";
    items.push({ type: "agreement", id: a.id, label: `${formatAgreementNumber(a.number)} ${label(a.title, company)}`, companyContact: a.companyContact ?? null, cityContact: a.cityContact ?? null, lastUsedOn: null });
  }
  for (const d of await r.disasters.list({ departmentCode })) {
    if (d.state !== "active") continue;
    const parties = d.counterparties ? ctx.t.list(JSON.parse(d.counterparties) as string[]) : ((await r.companies.get(d.companyId))?.name ?? "");
    items.push({ type: "disaster", id: d.id, label: label(d.title, parties), companyContact: d.companyContact, cityContact: d.cityContact, lastUsedOn: d.lastUsedOn });
  }
  return items;
}

export async function startSurvey(ctx: AppContext, input: unknown, actor: Actor): Promise<{ id: string; number: string; deadline: string; departments: number }> {
  await authorize(ctx, actor, COMMANDS.survey, "");
  const data = parseInput(startSurveySchema, input);
  const today = tokyoDate(ctx.clock.now());
  const deadline = data.deadline ?? addDays(today, DEFAULT_SURVEY_DAYS);
  if (deadline <= today) throw invalidField("deadline", "survey.deadlinePast");
  return commit(ctx, async (r) => {
    const open = (await r.surveys.listRounds()).find((x) => x.state === "open");
    if (open) throw conflict("survey.alreadyOpen", [formatSurveyNumber(open.number)]);
    const round = await r.surveys.createRound({ id: randomUUID(), number: await r.surveys.nextNumber(), deadline, state: "open", startedBy: `${actor.platform}:${actor.userId}`, startedAt: ctx.clock.now() });
    const number = formatSurveyNumber(round.number);
    for (const d of ctx.dir.org.departments) {
      const request = await r.surveys.createRequest({ id: randomUUID(), roundId: round.id, departmentCode: d.code, state: "pending", items: JSON.stringify(await itemsFor(ctx, r, d.code)) });
      await postTo(r, ctx.dir.channels(d.code), { kind: "survey", requestId: request.id }, surveyCard(ctx, round, request));
      await planSurveyChase(ctx, r, request.id, deadline, today, ctx.dir.org.reminders.silenceBusinessDays);
    }
    const departments = ctx.dir.org.departments.length;
    await audit(r, actor, { action: "survey.started", subjectType: "survey", subjectId: round.id, data: { number, deadline, departments } });
    const text = ctx.t.survey.started(number, ctx.t.date(deadline), departments);
    await postTo(r, ctx.dir.windowChannels(), { kind: "survey-started", roundId: round.id }, { text, blocks: [{ type: "text", text }] });
    return { id: round.id, number, deadline, departments };
  });
}
