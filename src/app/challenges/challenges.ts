/**
 * 地域課題・テーマ型募集 (policy §6(2)): a department publishes a call from chat; companies answer it on
 * the public desk; at the deadline the call closes itself and the department gets a summary.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { CHALLENGE_KINDS, checkDeadline, closesAt, formatChallengeNumber, isOpen, parseChallengeNumber } from "../../domain/challenge";
import { invalid } from "../../domain/errors";
import { formatProposalNumber } from "../../domain/proposal";
import { says } from "../../i18n";
import { bold, FORMS, type Actor, type FormSpec, type FormValues } from "../../ports/chat";
import type { ChallengeRecord } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import { postTo, uniqueAddresses } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { summarised, lineBlocks } from "../kernel/paging";
import type { Messages } from "../../i18n";
import type { OrgDirectory } from "../kernel/org-directory";
import { parseInput } from "../kernel/parse-input";
import { requiredText } from "../proposals/submit.schema";

export const challengeSchema = z.object({
  kind: z.enum(CHALLENGE_KINDS, says("地域課題かテーマ型募集を選んでください", "choose a local challenge or a theme call")),
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
  checkDeadline(data.deadline, ctx.clock.now(), { format: c.deadlineFormat, past: c.deadlinePast });
  if (!ctx.dir.org.departments.some((d) => d.code === data.departmentCode)) {
    throw invalid(c.notYourDepartment, [{ path: "departmentCode", message: c.notYourDepartment }]);
  }
  const office = actor.platform === "cli" || actor.platform === "system" || ctx.dir.isWindowMember(actor) || ctx.dir.inWindowChannel(actor);
  if (!office && !ctx.dir.belongsTo(actor, data.departmentCode)) {
    throw invalid(c.notYourDepartment, [{ path: "departmentCode", message: c.notYourDepartment }]);
  }
  return commit(ctx, async (r) => {
    const record = await r.challenges.create({
      id: randomUUID(),
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
    // the department that will receive the answers, and the window, which answers companies' questions
    await postTo(r, uniqueAddresses([...ctx.dir.channels(data.departmentCode), ...ctx.dir.windowChannels()]), { kind: "challenge", challengeId: record.id }, {
      text: `${c.publishedHeader(number)}: ${data.title}`,
      blocks: [
        { type: "header", text: c.publishedHeader(number) },
        { type: "text", text: bold(data.title) },
        { type: "fields", fields: [{ label: c.kindLabel, value: c.kind[data.kind] }, { label: c.deadline, value: t.date(data.deadline) }, { label: c.department, value: ctx.dir.unitName(data.departmentCode) }] },
        { type: "context", text: c.intro },
      ],
    });
    return { id: record.id, number };
  });
}

/** Closes the calls whose deadline has passed and tells each department what it received; returns how many. */
export async function closeDueChallenges(ctx: AppContext, now: Date): Promise<number> {
  const t = ctx.t;
  let closed = 0;
  for (const due of await ctx.store.read.challenges.listDue(now)) {
    const done = await commit(ctx, async (r) => {
      if (!(await r.challenges.close(due.id, now))) return false; // another process closed it
      const proposals = await r.proposals.listByChallenge(due.id);
      const number = formatChallengeNumber(due.number);
      await audit(r, { platform: "system", userId: "deadline" }, { action: "challenge.closed", subjectType: "challenge", subjectId: due.id, data: { proposals: proposals.length } });
      const lines = summarised(t, proposals, 30, (p) => `• ${formatProposalNumber(p.number)} ${p.title}`);
      await postTo(r, uniqueAddresses([...ctx.dir.channels(due.departmentCode), ...ctx.dir.windowChannels()]), { kind: "challenge-closed", challengeId: due.id }, {
        text: `${t.challenge.closedHeader(number)}: ${due.title}`,
        blocks: [
          { type: "header", text: t.challenge.closedHeader(number) },
          { type: "text", text: bold(due.title) },
          { type: "text", text: t.challenge.received(proposals.length) },
          ...lineBlocks(lines),
        ],
      });
      return true;
    });
    if (done) closed++;
  }
  return closed;
}

/** A call as the public sees it. */
export interface PublicChallenge {
  number: string;
  kind: ChallengeRecord["kind"];
  title: string;
  description: string;
  department: string;
  deadline: string;
  open: boolean;
}

function publicView(c: ChallengeRecord, now: Date): PublicChallenge {
  return { number: formatChallengeNumber(c.number), kind: c.kind, title: c.title, description: c.description, department: c.departmentCode, deadline: c.deadline, open: isOpen(c, now) };
}

export async function publicChallenges(ctx: AppContext, limit = 100): Promise<PublicChallenge[]> {
  const now = ctx.clock.now();
  return (await ctx.store.read.challenges.listPublic(limit)).map((c) => publicView(c, now));
}

/** One call as the public sees it, by its number (C-0001), open or not; null when there is none. */
export async function publicChallenge(ctx: AppContext, ref: string): Promise<PublicChallenge | null> {
  const n = parseChallengeNumber(ref);
  const found = n === null ? null : await ctx.store.read.challenges.getByNumber(n);
  return found && publicView(found, ctx.clock.now());
}

/** The open call a proposal answers, by its number (C-0001); refused as a field error otherwise. */
export async function openChallenge(ctx: AppContext, r: { challenges: { getByNumber(n: number): Promise<ChallengeRecord | null> } }, ref: string): Promise<ChallengeRecord> {
  const n = parseChallengeNumber(ref);
  const found = n === null ? null : await r.challenges.getByNumber(n);
  if (!found) throw invalid(ctx.t.challenge.unknown, [{ path: "challenge", message: ctx.t.challenge.unknown }]);
  if (!isOpen(found, ctx.clock.now())) throw invalid(ctx.t.challenge.notOpen, [{ path: "challenge", message: ctx.t.challenge.notOpen }]);
  return found;
}


