/**
 * A department answers its survey card: for each listed partnership or disaster agreement, whether it is
 * still in force, the contacts on both sides and (disaster agreements) when it was last used or drilled;
 * and what is missing. Every answer is kept; what it changes in a record is audited with the old value.
 */
import { isIsoDate } from "../../domain/calendar";
import { conflict, notFound } from "../../domain/errors";
import { formatSurveyNumber, SURVEY_ITEMS_PER_FORM } from "../../domain/survey";
import type { Messages } from "../../i18n";
import { FORMS, type Actor, type FormField, type FormSpec, type FormValues } from "../../ports/chat";
import type { SurveyItem } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { str } from "../kernel/forms";
import { postTo, replaceAt } from "../outbox/post";
import { authorize } from "../permissions";
import { itemsOf, surveyCard } from "./card";

const clip = (s: string | undefined, max: number) => (s ? s.trim().slice(0, max) || null : null);

function fieldsFor(t: Messages, i: number, item?: SurveyItem): FormField[] {
  const s = t.survey;
  const label = item ? (item.type === "agreement" ? s.agreementLine(item.label) : s.disasterLine(item.label)) : String(i + 1);
  const fields: FormField[] = [
    { name: `inForce_${i}`, label: s.inForce(label), kind: "select", required: true, options: [{ value: "yes", label: s.inForceYes }, { value: "no", label: s.inForceNo }], initial: "yes" },
    { name: `company_${i}`, label: s.companyContact, kind: "text", required: false, maxLength: 500, initial: item?.companyContact ?? undefined },
    { name: `city_${i}`, label: s.cityContact, kind: "text", required: false, maxLength: 500, initial: item?.cityContact ?? undefined },
  ];
  if (!item || item.type === "disaster") fields.push({ name: `lastUsed_${i}`, label: s.lastUsedOn, kind: "date", required: false, initial: item?.lastUsedOn ?? undefined });
  return fields;
}

/** The form as shown: one group of fields per listed item (prefilled), and what is missing. */
export async function surveyForm(ctx: AppContext, requestId: string): Promise<FormSpec> {
  const request = await ctx.store.read.surveys.getRequest(requestId);
  if (!request) throw notFound();
  const round = (await ctx.store.read.surveys.getRound(request.roundId))!;
  const items = itemsOf(request);
  const shown = items.slice(0, SURVEY_ITEMS_PER_FORM);
  const t = ctx.t;
  return {
    formId: FORMS.survey,
    title: t.survey.form(formatSurveyNumber(round.number)),
    submitLabel: t.form.submit,
    context: requestId,
    intro: items.length > shown.length ? `${t.survey.formIntro} ${t.survey.more(items.length - shown.length)}` : t.survey.formIntro,
    fields: [...shown.flatMap((item, i) => fieldsFor(t, i, item)), { name: "missing", label: t.survey.missing, kind: "textarea", required: false, maxLength: 2000 }],
  };
}

/** Every field any survey form can have, for reading a submission (the platforms parse values by it). */
export function surveyFormShape(t: Messages, requestId: string): FormSpec {
  return {
    formId: FORMS.survey,
    title: "",
    submitLabel: t.form.submit,
    context: requestId,
    fields: [...Array.from({ length: SURVEY_ITEMS_PER_FORM }, (_, i) => fieldsFor(t, i)).flat(), { name: "missing", label: t.survey.missing, kind: "textarea", required: false, maxLength: 2000 }],
  };
}

export async function answerSurvey(ctx: AppContext, requestId: string, values: FormValues, actor: Actor): Promise<string> {
  await authorize(ctx, actor, FORMS.survey, requestId);
  const who = `${actor.platform}:${actor.userId}`;
  return commit(ctx, async (r) => {
    const request = await r.surveys.getRequest(requestId);
    if (!request) throw notFound();
    const round = (await r.surveys.getRound(request.roundId))!;
    if (round.state !== "open") throw conflict("survey.closed");
    const items = itemsOf(request).slice(0, SURVEY_ITEMS_PER_FORM);
    let changes = 0;
    for (const [i, item] of items.entries()) {
      const inForce = str(values[`inForce_${i}`]) !== "no";
      const companyContact = clip(str(values[`company_${i}`]), 500);
      const cityContact = clip(str(values[`city_${i}`]), 500);
      const lastRaw = str(values[`lastUsed_${i}`]);
      const lastUsedOn = lastRaw && isIsoDate(lastRaw) ? lastRaw : null;
      let changed = false;
      if (item.type === "agreement") {
        const a = await r.agreements.get(item.id);
        if (!a) continue;
        const patch: Record<string, unknown> = {};
        if (companyContact !== (a.companyContact ?? null)) patch.companyContact = companyContact;
        if (cityContact !== (a.cityContact ?? null)) patch.cityContact = cityContact;
        if (!inForce && a.state === "active") patch.state = "ended";
        if (Object.keys(patch).length) {
          changed = true;
          await r.agreements.update(a.id, patch);
          const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (a as unknown as Record<string, unknown>)[k] ?? null]));
          await audit(r, actor, { action: "agreement.surveyed", subjectType: "agreement", subjectId: a.id, proposalId: a.proposalId, data: { survey: round.id, before, after: patch } });
          if (patch.state === "ended") await r.reminders.cancelForSubject("agreement", a.id);
        }
      } else {
        const d = await r.disasters.get(item.id);
        if (!d) continue;
        const patch: Record<string, unknown> = {};
        if (companyContact !== d.companyContact) patch.companyContact = companyContact;
        if (cityContact !== d.cityContact) patch.cityContact = cityContact;
        if (lastUsedOn && lastUsedOn !== d.lastUsedOn) patch.lastUsedOn = lastUsedOn;
        if (!inForce && d.state === "active") patch.state = "ended";
        if (Object.keys(patch).length) {
          changed = true;
          await r.disasters.update(d.id, patch);
          const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (d as unknown as Record<string, unknown>)[k] ?? null]));
          await audit(r, actor, { action: "disaster.surveyed", subjectType: "disaster", subjectId: d.id, data: { survey: round.id, before, after: patch } });
        }
      }
      if (changed) changes++;
      await r.surveys.addAnswer({ requestId, subjectType: item.type, subjectId: item.id, inForce, companyContact, cityContact, lastUsedOn, text: null, changed, answeredBy: who });
    }
    const missing = clip(str(values.missing), 2000);
    if (missing) {
      await r.surveys.addAnswer({ requestId, subjectType: "missing", subjectId: null, inForce: null, companyContact: null, cityContact: null, lastUsedOn: null, text: missing, changed: false, answeredBy: who });
      const text = ctx.t.survey.missingReported(ctx.dir.unitName(request.departmentCode), missing);
      await postTo(r, ctx.dir.windowChannels(), { kind: "survey-missing", requestId: request.id, at: ctx.clock.now().getTime() }, { text, blocks: [{ type: "text", text }] });
    }
    const at = ctx.clock.now();
    await r.surveys.updateRequest(request.id, { state: "answered", answeredAt: at, answeredBy: who });
    await audit(r, actor, { action: "survey.answered", subjectType: "survey", subjectId: request.id, data: { round: round.id, department: request.departmentCode, changes, missing: Boolean(missing) } });
    await r.reminders.cancelForSubject("survey", request.id);
    await replaceAt(r, ctx.dir.channels(request.departmentCode), { kind: "survey", requestId: request.id }, surveyCard(ctx, round, { ...request, state: "answered", answeredAt: at, answeredBy: who }, ctx.dir.personName(actor)));
    return ctx.t.survey.thanks(formatSurveyNumber(round.number));
  });
}
