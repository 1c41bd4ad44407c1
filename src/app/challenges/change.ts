/**
 * A published call changed by the department that published it, or by the window: its text edited, its
 * deadline extended (only later, only while it is open), or the call withdrawn (with a reason; closed to
 * answers at once). Each change is audited with the old and new values, the call's card is updated in
 * place, its department and the window are told, the public page shows the date of the change, and the
 * companies that answered it hear of it (noteCallChange, in the same transaction).
 */
import { z } from "zod";
import { tokyoDate } from "../../domain/calendar";
import { checkExtension, closesAt, formatChallengeNumber, isOpen, type ChallengeChange } from "../../domain/challenge";
import { conflict, invalidField, notFound } from "../../domain/errors";
import { says, type Messages } from "../../i18n";
import { ACTIONS, FORMS, mention, type ActionId, type Actor, type FormId, type FormSpec, type FormValues } from "../../ports/chat";
import type { ChallengePatch, ChallengeRecord, Repos } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { str } from "../kernel/forms";
import { parseInput } from "../kernel/parse-input";
import { noteCallChange } from "../notices/calls";
import { postTo, replaceAt } from "../outbox/post";
import { authorize } from "../permissions";
import { requiredText } from "../proposals/submit.schema";
import { audience, cardKey, challengeCard } from "./card";

export const editSchema = z.object({ title: requiredText(200), description: requiredText(4000) });
export const extendSchema = z.object({ deadline: z.string().trim().min(1, says("schema.required")) });
export const withdrawCallSchema = z.object({ reason: requiredText(1000) });

/** Which form each button opens. */
export const CHANGE_FORMS = {
  [ACTIONS.challengeEdit]: FORMS.challengeEdit,
  [ACTIONS.challengeExtend]: FORMS.challengeExtend,
  [ACTIONS.challengeWithdraw]: FORMS.challengeWithdraw,
} as const satisfies Partial<Record<ActionId, FormId>>;
export type ChangeForm = (typeof CHANGE_FORMS)[keyof typeof CHANGE_FORMS];

/**
 * The form for one change of `call`, prefilled with what it says now (without the call: the fields only,
 * to read a submission by).
 */
export function changeForm(t: Messages, formId: ChangeForm, challengeId: string, call?: ChallengeRecord): FormSpec {
  const c = t.challenge;
  const n = call ? formatChallengeNumber(call.number) : "";
  const base = { formId, context: challengeId, submitLabel: t.form.submit };
  switch (formId) {
    case FORMS.challengeEdit:
      return {
        ...base,
        title: c.editForm(n),
        intro: c.editIntro,
        fields: [
          { name: "title", label: c.title, kind: "text", required: true, maxLength: 200, ...(call ? { initial: call.title } : {}) },
          { name: "description", label: c.description, kind: "textarea", required: true, maxLength: 3000, ...(call ? { initial: call.description } : {}) },
        ],
      };
    case FORMS.challengeExtend:
      return {
        ...base,
        title: c.extendForm(n),
        intro: call ? c.extendIntro(t.date(call.deadline)) : undefined,
        fields: [{ name: "deadline", label: c.newDeadline, kind: "date", required: true, ...(call ? { initial: call.deadline } : {}) }],
      };
    case FORMS.challengeWithdraw:
      return {
        ...base,
        submitLabel: c.withdraw,
        title: c.withdrawForm(n),
        intro: c.withdrawIntro,
        fields: [{ name: "reason", label: c.withdrawReason, kind: "textarea", required: true, maxLength: 1000 }],
      };
  }
}

/** The form a button opens, prefilled; refused at once when the call is no longer open. */
export async function openChangeForm(ctx: AppContext, actionId: keyof typeof CHANGE_FORMS, challengeId: string): Promise<FormSpec> {
  const call = await ctx.store.read.challenges.get(challengeId);
  if (!call) throw notFound();
  if (!isOpen(call, ctx.clock.now())) throw conflict("challenge.notOpen");
  return changeForm(ctx.t, CHANGE_FORMS[actionId], challengeId, call);
}

export function changeInputFromForm(v: FormValues): Record<string, string> {
  return { title: str(v.title) ?? "", description: str(v.description) ?? "", deadline: str(v.deadline) ?? "", reason: str(v.reason) ?? "" };
}

/** Applies one change to an open call (the caller checked the permission table), in one transaction with its audit, card, notices and notes. */
async function change(
  ctx: AppContext,
  challengeId: string,
  actor: Actor,
  plan: (call: ChallengeRecord, now: Date) => { patch: Omit<ChallengePatch, "changedAt" | "changeKind">; kind: ChallengeChange; before: Record<string, unknown>; after: Record<string, unknown>; notice: string },
): Promise<{ number: string; call: ChallengeRecord }> {
  const now = ctx.clock.now();
  return commit(ctx, async (r: Repos) => {
    const call = await r.challenges.get(challengeId);
    if (!call) throw notFound();
    if (!isOpen(call, now)) throw conflict("challenge.notOpen");
    const { patch, kind, before, after, notice } = plan(call, now);
    // another process may have closed it since it was read: then nothing changes
    if (!(await r.challenges.change(call.id, { ...patch, changedAt: now, changeKind: kind }))) throw conflict("challenge.notOpen");
    const changed = (await r.challenges.get(call.id))!;
    await audit(r, actor, { action: `challenge.${kind}`, subjectType: "challenge", subjectId: call.id, data: { department: call.departmentCode, before, after } });
    await replaceAt(r, audience(ctx, changed), cardKey(call.id), challengeCard(ctx, changed));
    const text = `${notice}\n${ctx.t.challenge.by(mention(actor))}`;
    await postTo(r, audience(ctx, changed), { kind: "challenge-changed", challengeId: call.id, change: kind, at: now.getTime() }, { text, blocks: [{ type: "text", text }] });
    // the companies that answered it hear of it (the mail work)
    await noteCallChange(ctx, r, changed, kind);
    return { number: formatChallengeNumber(call.number), call: changed };
  });
}

/** New title and description; refused when neither changed. */
export async function editChallenge(ctx: AppContext, challengeId: string, input: unknown, actor: Actor): Promise<{ number: string }> {
  await authorize(ctx, actor, FORMS.challengeEdit, challengeId);
  const data = parseInput(editSchema, input);
  return change(ctx, challengeId, actor, (call) => {
    const patch: { title?: string; description?: string } = {};
    if (data.title !== call.title) patch.title = data.title;
    if (data.description !== call.description) patch.description = data.description;
    if (!Object.keys(patch).length) throw invalidField("title", "challenge.unchanged");
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, call[k as keyof typeof patch]]));
    return { patch, kind: "edited", before, after: patch, notice: ctx.t.challenge.editedNotice(formatChallengeNumber(call.number), data.title) };
  });
}

/** A later deadline (never earlier), while the call is open. */
export async function extendChallenge(ctx: AppContext, challengeId: string, input: unknown, actor: Actor): Promise<{ number: string; deadline: string }> {
  await authorize(ctx, actor, FORMS.challengeExtend, challengeId);
  const { deadline } = parseInput(extendSchema, input);
  const res = await change(ctx, challengeId, actor, (call, now) => {
    checkExtension(call.deadline, deadline, now);
    const t = ctx.t;
    return {
      patch: { deadline, closesAt: closesAt(deadline) },
      kind: "extended",
      before: { deadline: call.deadline },
      after: { deadline },
      notice: t.challenge.extendedNotice(formatChallengeNumber(call.number), t.date(call.deadline), t.date(deadline)),
    };
  });
  return { number: res.number, deadline };
}

/** Withdraws an open call: it takes no more answers from now on, and is listed as withdrawn. */
export async function withdrawChallenge(ctx: AppContext, challengeId: string, input: unknown, actor: Actor): Promise<{ number: string }> {
  await authorize(ctx, actor, FORMS.challengeWithdraw, challengeId);
  const { reason } = parseInput(withdrawCallSchema, input);
  return change(ctx, challengeId, actor, (call, now) => ({
    patch: { state: "withdrawn", withdrawnAt: now, withdrawReason: reason },
    kind: "withdrawn",
    before: { state: call.state },
    after: { state: "withdrawn", reason, on: tokyoDate(now) },
    notice: ctx.t.challenge.withdrawnNotice(formatChallengeNumber(call.number), reason),
  }));
}
