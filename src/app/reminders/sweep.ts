/**
 * The reminder sweep: sends what is due and unsent, once. node-cron (or an external scheduler through
 * the CLI) only ticks; the rows decide. After downtime the first sweep sends what was missed, marked as
 * late; several overdue lead times of one agreement collapse into the nearest one.
 */
import { randomUUID } from "node:crypto";
import { formatAgreementNumber } from "../../domain/agreement";
import { tokyoDate } from "../../domain/calendar";
import { formatProposalNumber } from "../../domain/proposal";
import { ACTIONS, mention, SYSTEM, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { ReminderRecord, Repos } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import { postTo, uniqueAddresses } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import type { ChannelAddress } from "../kernel/org-directory";
import { planReportChase, planSurveyChase } from "./planner";
import { formatSurveyNumber } from "../../domain/survey";
import { closeDueSurveys } from "../surveys/close";
import { closeDueRounds } from "../review/close-round";
import { agreementKey, encodeMessageKey, roundKey, routingKey, type MessageKey } from "../outbox/keys";
import { decodeReminderKey } from "./keys";
import { closeDueChallenges } from "../challenges/close";

/** A reminder sent more than this long after its due time says it is late. */
const LATE_AFTER_MS = 30 * 60_000;
const BATCH = 500;

export interface SweepItem {
  id: string;
  reminder: string;
  kind: ReminderRecord["kind"];
  subject: string;
  subjectType: string;
  outcome: "queued" | "skipped" | "failed";
  late: boolean;
  text?: string;
}

/** What a reminder is about, as people name it: 協定 A-0001「title」, 連携提案 P-0001「title」. */
export async function reminderSubject(ctx: AppContext, subjectType: string, subjectId: string): Promise<string> {
  const r = ctx.store.read;
  const t = ctx.t.cli;
  if (subjectType === "agreement") {
    const a = await r.agreements.get(subjectId);
    return a ? t.agreementLabel(formatAgreementNumber(a.number), a.title) : subjectId;
  }
  const proposalId = subjectType === "routing" ? (await r.routings.get(subjectId))?.proposalId : subjectType === "round" ? (await r.rounds.get(subjectId))?.proposalId : undefined;
  const p = proposalId ? await r.proposals.get(proposalId) : null;
  return p ? t.proposalLabel(formatProposalNumber(p.number), p.title) : subjectId;
}

/** each municipality sweeps under a lease of its own: two replicas may sweep two municipalities at once */
const sweepLease = (ctx: AppContext) => (ctx.store.tenant === "default" ? SWEEP_LEASE : `${SWEEP_LEASE}:${ctx.store.tenant}`);

export interface SweepReport {
  at: string;
  roundsClosed: number;
  /** calls for proposals closed at their deadline (/challenges) */
  challengesClosed?: number;
  /** survey rounds closed after their deadline */
  surveysClosed?: number;
  items: SweepItem[];
  /** another process was sweeping at that moment: this one did nothing */
  busy?: boolean;
}

/** One sweep at a time across every process sharing the database (bot, CLI, replicas). */
const SWEEP_LEASE = "reminder-sweep";
const SWEEP_LEASE_MS = 10 * 60_000;
const SWEEP_OWNER = `sweep:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The department's listed members, mentioned under a chase (real mentions where their ids are known). */
function withMembers(ctx: AppContext, departmentCode: string, text: string): string {
  const members = ctx.dir.department(departmentCode)?.members ?? [];
  return members.length ? `${text}\n${ctx.t.list(members.map((m) => mention({ slack: m.slack, teams: m.teams, name: m.name })))}` : text;
}

function message(text: string, late: boolean, t: AppContext["t"], actions: MessageBlock[] = []): ChatMessage {
  const blocks: MessageBlock[] = [{ type: "text", text }];
  if (late) blocks.push({ type: "context", text: t.reminder.late });
  return { text, blocks: [...blocks, ...actions] };
}

interface Plan {
  to: ChannelAddress[];
  message: ChatMessage;
  /** post in the thread of this message (same channels) */
  threadOf?: MessageKey;
  /** the proposal behind the subject, so the reminder shows in its audit trail */
  proposalId?: string | null;
}

/** What to say for one due reminder, or null when its subject no longer needs it. */
async function planFor(ctx: AppContext, r: Repos, rem: ReminderRecord, late: boolean): Promise<Plan | null> {
  const t = ctx.t;
  switch (rem.kind) {
    case "expiry":
    case "expiry_end":
    case "followup":
    case "report_chase": {
      const a = await r.agreements.get(rem.subjectId);
      if (!a || a.state !== "active") return null;
      const n = formatAgreementNumber(a.number);
      const to = uniqueAddresses([...ctx.dir.channels(a.departmentCode), ...ctx.dir.windowChannels()]);
      const owner = ctx.dir.channels(a.departmentCode);
      if (rem.kind === "expiry") {
        if (a.endDecision) return null; // renewal under way or the decision to let it end is recorded
        const days = Math.round((Date.parse(`${a.endDate}T00:00:00Z`) - Date.parse(`${tokyoDate(ctx.clock.now())}T00:00:00Z`)) / 86_400_000);
        const text = `${t.reminder.expiry(n, a.title, t.date(a.endDate!), Math.max(days, 0))}\n${t.reminder.expiryAsk}`;
        return {
          to,
          proposalId: a.proposalId,
          message: message(text, late, t, [
            {
              type: "actions",
              actions: [
                { actionId: ACTIONS.renew, label: t.agreement.renew, value: a.id, style: "primary" },
                { actionId: ACTIONS.letEnd, label: t.agreement.letEnd, value: a.id },
              ],
            },
          ]),
        };
      }
      if (rem.kind === "expiry_end") {
        await r.agreements.update(a.id, { state: "ended" });
        await audit(r, SYSTEM, { action: "agreement.ended", subjectType: "agreement", subjectId: a.id, proposalId: a.proposalId, data: { endDate: a.endDate } });
        await r.reminders.cancelForSubject("agreement", a.id, ["expiry"]);
        const successor = await r.agreements.getSuccessor(a.id);
        let text = t.reminder.ended(n, a.title, t.date(a.endDate!));
        if (successor && successor.state === "active") text += ` ${t.reminder.endedRenewed(formatAgreementNumber(successor.number))}`;
        return { to, message: message(text, late, t), threadOf: agreementKey(a.id), proposalId: a.proposalId };
      }
      if (rem.kind === "report_chase") {
        const key = decodeReminderKey(rem.key);
        const requestedAt = new Date(key?.kind === "report_chase" ? key.requestedAt : Number.NaN);
        const reports = await r.reports.listByAgreement(a.id);
        if (reports.some((x) => x.createdAt >= requestedAt)) return null;
        return { to: owner, message: message(t.reminder.chase(n, a.title), late, t, [reportButton(ctx, a.id)]), proposalId: a.proposalId };
      }
      const key = decodeReminderKey(rem.key);
      const atEnd = key?.kind === "followup" && key.when === "end";
      const text = atEnd ? t.reminder.followupEnd(n, a.title) : t.reminder.followup(n, a.title);
      // chase an unanswered request
      await planReportChase(ctx, r, a.id, rem.id, ctx.clock.now());
      return { to: owner, message: message(text, late, t, [reportButton(ctx, a.id)]), proposalId: a.proposalId };
    }
    case "silence":
    case "silence_escalation": {
      const routing = await r.routings.get(rem.subjectId);
      if (!routing || routing.state !== "pending") return null;
      const p = (await r.proposals.get(routing.proposalId))!;
      const n = formatProposalNumber(p.number);
      if (rem.kind === "silence") {
        return {
          to: ctx.dir.channels(routing.departmentCode),
          message: message(withMembers(ctx, routing.departmentCode, t.reminder.silence(n, p.title, ctx.dir.org.reminders.silenceBusinessDays)), late, t),
          threadOf: routingKey(routing.id),
          proposalId: p.id,
        };
      }
      return { to: ctx.dir.windowChannels(), message: message(t.reminder.escalation(n, p.title, ctx.dir.unitName(routing.departmentCode)), late, t), proposalId: p.id };
    }
    case "survey_chase": {
      const request = await r.surveys.getRequest(rem.subjectId);
      if (!request || request.state !== "pending") return null;
      const round = (await r.surveys.getRound(request.roundId))!;
      if (round.state !== "open") return null;
      // the next business day's chase, until the deadline
      const key = decodeReminderKey(rem.key);
      if (key?.kind === "survey_chase") await planSurveyChase(ctx, r, request.id, round.deadline, key.day, 1);
      const text = withMembers(ctx, request.departmentCode, t.survey.chase(formatSurveyNumber(round.number), t.date(round.deadline)));
      return {
        to: ctx.dir.channels(request.departmentCode),
        message: message(text, late, t, [{ type: "actions", actions: [{ actionId: ACTIONS.surveyAnswer, label: t.survey.answer, value: request.id, style: "primary" }] }]),
        threadOf: { kind: "survey", requestId: request.id },
      };
    }
    case "vote": {
      const round = await r.rounds.get(rem.subjectId);
      if (!round || round.state !== "open") return null;
      const voted = new Set((await r.votes.listByRound(round.id)).map((v) => v.memberId));
      const missing = ctx.dir.boardMembers().filter((m) => !voted.has(m.key));
      if (missing.length === 0) return null;
      const p = (await r.proposals.get(round.proposalId))!;
      const names = t.list(missing.map((m) => mention({ slack: m.slack, teams: m.teams, name: m.name })));
      const text = t.reminder.vote(formatProposalNumber(p.number), names, `${t.date(tokyoDate(round.deadline))} 17:00`);
      return { to: ctx.dir.boardChannels(), message: message(text, late, t), threadOf: roundKey(round.id), proposalId: p.id };
    }
    default:
      return null;
  }
}

function reportButton(ctx: AppContext, agreementId: string): MessageBlock {
  return { type: "actions", actions: [{ actionId: ACTIONS.report, label: ctx.t.report.button, value: agreementId, style: "primary" }] };
}

/** Of several due reminders of one kind for one subject, only the nearest (latest due) is sent. */
function collapse(due: ReminderRecord[]): { send: ReminderRecord[]; skip: ReminderRecord[] } {
  const newest = new Map<string, ReminderRecord>();
  for (const rem of due) {
    const k = `${rem.kind}:${rem.subjectType}:${rem.subjectId}`;
    const seen = newest.get(k);
    if (!seen || rem.dueAt > seen.dueAt) newest.set(k, rem);
  }
  const send = [...newest.values()];
  return { send, skip: due.filter((x) => !send.includes(x)) };
}

const DELIVERY_KEY_TTL_MS = 24 * 3600_000;

export async function runSweep(ctx: AppContext, now: Date): Promise<SweepReport> {
  // the lease runs on the wall clock: `now` may be a time the sweep runs "as if at"
  const wall = new Date();
  if (!(await ctx.store.leases.acquire(sweepLease(ctx), SWEEP_OWNER, wall, new Date(wall.getTime() + SWEEP_LEASE_MS)))) {
    return { at: now.toISOString(), roundsClosed: 0, items: [], busy: true };
  }
  try {
    return await sweep(ctx, now);
  } finally {
    await ctx.store.leases.release(sweepLease(ctx), SWEEP_OWNER);
  }
}

async function sweep(ctx: AppContext, now: Date): Promise<SweepReport> {
  const report: SweepReport = {
    at: now.toISOString(),
    roundsClosed: await closeDueRounds(ctx, now),
    challengesClosed: await closeDueChallenges(ctx, now),
    surveysClosed: await closeDueSurveys(ctx, now),
    items: [],
  };
  // Platforms retry a delivery for minutes (Slack) or seconds (Teams): keys older than a day only grow the table.
  await ctx.store.pruneDeliveryKeys(new Date(now.getTime() - DELIVERY_KEY_TTL_MS));
  // A reminder whose work fails stays planned for the next sweep; this one goes on with the others.
  const failed = new Set<string>();
  for (;;) {
    const due = (await ctx.store.read.reminders.due(now, BATCH + failed.size)).filter((x) => !failed.has(x.id));
    if (due.length === 0) break;
    const { send, skip } = collapse(due);
    for (const rem of skip) {
      await ctx.store.tx((r) => r.reminders.update(rem.id, { state: "skipped" }));
      report.items.push({ id: rem.id, reminder: rem.key, kind: rem.kind, subject: rem.subjectId, subjectType: rem.subjectType, outcome: "skipped", late: false });
    }
    for (const rem of send) {
      const late = now.getTime() - rem.dueAt.getTime() > LATE_AFTER_MS;
      const item = await commit(ctx, async (r): Promise<SweepItem | null> => {
        const current = await r.reminders.get(rem.id);
        if (!current || current.state !== "planned") return null; // another sweep took it
        const plan = await planFor(ctx, r, current, late);
        if (!plan || plan.to.length === 0) {
          await r.reminders.update(rem.id, { state: "skipped" });
          return { id: rem.id, reminder: rem.key, kind: rem.kind, subject: rem.subjectId, subjectType: rem.subjectType, outcome: "skipped" as const, late };
        }
        const key: MessageKey = { kind: "reminder", reminderId: rem.id };
        await postTo(r, plan.to, key, plan.message, plan.threadOf);
        // the reminder is sent once every channel's row under this base is delivered (the outbox queue marks it)
        await r.reminders.update(rem.id, { state: "queued", late, messageKey: encodeMessageKey(key), queuedAt: now });
        await audit(r, SYSTEM, { action: `reminder.${rem.kind}`, subjectType: rem.subjectType, subjectId: rem.subjectId, proposalId: plan.proposalId, data: { key: rem.key, late } });
        return { id: rem.id, reminder: rem.key, kind: rem.kind, subject: rem.subjectId, subjectType: rem.subjectType, outcome: "queued" as const, late, text: plan.message.text };
      }).catch((e: unknown): SweepItem => {
        failed.add(rem.id);
        ctx.log.error({ reminder: rem.key, err: (e as Error).message }, "reminder failed; it stays planned for the next sweep");
        return { id: rem.id, reminder: rem.key, kind: rem.kind, subject: rem.subjectId, subjectType: rem.subjectType, outcome: "failed", late };
      });
      if (item) report.items.push(item);
    }
  }
  return report;
}

