/** 地域課題・テーマ型募集 (§6(2)): a department publishes a call from chat, in its own name (the window in any). */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { CHALLENGE_KINDS, checkDeadline, closesAt, formatChallengeNumber } from "../../domain/challenge";
import { invalidField } from "../../domain/errors";
import type { Messages } from "../../i18n";
import { says } from "../../i18n";
import { FORMS, type Actor, type FormSpec, type FormValues } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import type { OrgDirectory } from "../kernel/org-directory";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { audience, cardKey, challengeCard } from "./card";
import { requiredText } from "../proposals/submit.schema";


export const challengeSchema = z.object({
  kind: z.enum(CHALLENGE_KINDS, says("schema.challengeKind")),
  title: requiredText(200),
  description: requiredText(4000),
  departmentCode: requiredText(50),
  deadline: z.string().trim(),
});

/** The form to publish a call; with the actor, their own department is chosen already. */
export function challengeForm(t: Messages, dir: OrgDirectory, actor?: Actor): FormSpec {
  const c = t.challenge;
  const own = actor ? dir.org.departments.find((d) => dir.belongsTo(actor, d.code))?.code : undefined;
  return {
    formId: FORMS.challenge,
    title: c.form,
    submitLabel: c.publish,
    context: "",
    intro: c.intro,
    fields: [
      { name: "kind", label: c.kindLabel, kind: "select", required: true, options: CHALLENGE_KINDS.map((k) => ({ value: k, label: c.kind[k] })) },
      { name: "title", label: c.title, kind: "text", required: true, maxLength: 200 },
      { name: "description", label: c.description, kind: "textarea", required: true, maxLength: 3000 },
      { name: "departmentCode", label: c.department, kind: "select", required: true, options: dir.org.departments.map((d) => ({ value: d.code, label: dir.unitName(d.code) })), ...(own ? { initial: own } : {}) },
      { name: "deadline", label: c.deadline, kind: "date", required: true },
    ],
  };
}

export function challengeInputFromForm(v: FormValues): unknown {
  const s = (x: FormValues[string]) => (typeof x === "string" ? x : "");
  return { kind: s(v.kind), title: s(v.title), description: s(v.description), departmentCode: s(v.departmentCode), deadline: s(v.deadline) };
}

/** Publishes a call in the name of a department the actor belongs to (the window may publish for any). */
export async function publishChallenge(ctx: AppContext, input: unknown, actor: Actor): Promise<{ id: string; number: string }> {
  const t = ctx.t;
  const c = t.challenge;
  const data = parseInput(challengeSchema, input);
  checkDeadline(data.deadline, ctx.clock.now());
  if (!ctx.dir.org.departments.some((d) => d.code === data.departmentCode)) {
    throw invalidField("departmentCode", "challenge.notYourDepartment");
  }
  const office = actor.platform === "cli" || actor.platform === "system" || ctx.dir.isWindowMember(actor) || ctx.dir.inWindowChannel(actor);
  if (!office && !ctx.dir.belongsTo(actor, data.departmentCode)) {
    throw invalidField("departmentCode", "challenge.notYourDepartment");
  }
  return commit(ctx, async (r) => {
    const record = await r.challenges.create({
      id: randomUUID(),
      createdAt: ctx.clock.now(),
      number: await r.challenges.nextNumber(),
      kind: data.kind,
      title: data.title,
      description: data.description,
      departmentCode: data.departmentCode,
      deadline: data.deadline,
      closesAt: closesAt(data.deadline),
      publishedBy: `${actor.platform}:${actor.userId}`,
    });
    const number = formatChallengeNumber(record.number);
    await audit(r, actor, { action: "challenge.published", subjectType: "challenge", subjectId: record.id, data: { department: data.departmentCode, kind: data.kind, deadline: data.deadline } });
    // the department that will receive the answers, and the window, which answers companies' questions;
    // the card is updated in place when the call changes or closes (card.ts)
    await postTo(r, audience(ctx, record), cardKey(record.id), challengeCard(ctx, record));
    return { id: record.id, number };
  });
}
