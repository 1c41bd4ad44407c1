/** Opens a survey round: one request and one card per department, listing what is registered for it. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { formatAgreementNumber } from "../../domain/agreement";
import { addDays, isIsoDate, tokyoDate } from "../../domain/calendar";
import { conflict, invalidField } from "../../domain/errors";
import { formatSurveyNumber } from "../../domain/survey";
import { says } from "../../i18n";
import { SYSTEM, type Actor } from "../../ports/chat";
import type { Repos, SurveyItem } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize, COMMANDS } from "../permissions";
import { planSurveyChase } from "../reminders/planner";
import { surveyCard } from "./card";

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

interface Started {
  id: string;
  number: string;
  deadline: string;
  departments: number;
}

export async function startSurvey(ctx: AppContext, input: unknown, actor: Actor): Promise<Started> {
  await authorize(ctx, actor, COMMANDS.survey, "");
  return (await openRound(ctx, input, actor))!;
}

/**
 * The yearly round the org config schedules (surveys.schedule): once a fiscal year whichever replica's
 * tick comes first, and not while a round someone started is still open.
 */
export async function startScheduledSurvey(ctx: AppContext, now: Date): Promise<Started | null> {
  const today = tokyoDate(now);
  const fiscalYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
  if ((await ctx.store.read.surveys.listRounds()).some((x) => x.state === "open")) return null;
  return openRound(ctx, { deadline: addDays(today, ctx.dir.org.surveys.days) }, SYSTEM, `survey:scheduled:${fiscalYear}`);
}

async function openRound(ctx: AppContext, input: unknown, actor: Actor, onceKey?: string): Promise<Started | null> {
  const data = parseInput(startSurveySchema, input);
  const today = tokyoDate(ctx.clock.now());
  const deadline = data.deadline ?? addDays(today, ctx.dir.org.surveys.days);
  if (deadline <= today) throw invalidField("deadline", "survey.deadlinePast");
  return commit(ctx, async (r) => {
    // one open round at a time: two starts at once must not both find none
    await r.serialize("survey-round");
    if (onceKey && !(await r.keys.claim(onceKey))) return null;
    const running = (await r.surveys.listRounds()).find((x) => x.state === "open");
    if (running) throw conflict("survey.alreadyOpen", [formatSurveyNumber(running.number)]);
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
