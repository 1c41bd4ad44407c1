/**
 * Plans reminder rows when their subject changes. Rows are the truth (the scheduler only ticks): each
 * has a due time in UTC and a unique key, so planning twice changes nothing, and a changed subject
 * (a new end date) gets new keys while the old rows are cancelled.
 */
import { addDays, addMonths, tokyoDate, tokyoTime, type IsoDate } from "../../domain/calendar";
import type { Repos, ReminderKind, RoundRecord, RoutingRecord } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { reminderPlan } from "./keys";

/** "N days before" a date, moved back to a business day, at the configured hour (Asia/Tokyo). */
export function dueBefore(ctx: AppContext, date: IsoDate, days: number): Date {
  return tokyoTime(ctx.calendar.onOrBefore(addDays(date, -days)), ctx.dir.org.reminders.hour);
}

async function replan(r: Repos, subjectType: string, subjectId: string, kinds: ReminderKind[], wanted: Array<{ key: string; kind: ReminderKind; dueAt: Date }>) {
  const keep = new Set(wanted.map((w) => w.key));
  for (const existing of await r.reminders.listForSubject(subjectType, subjectId)) {
    if (existing.state === "planned" && kinds.includes(existing.kind) && !keep.has(existing.key)) await r.reminders.update(existing.id, { state: "cancelled" });
  }
  for (const w of wanted) await r.reminders.plan({ ...w, subjectType, subjectId });
}

/** Expiry leads, the end, and follow-up requests of an agreement (§6(4)②③). */
export async function planAgreementReminders(ctx: AppContext, r: Repos, agreementId: string): Promise<void> {
  const a = await r.agreements.get(agreementId);
  if (!a) return;
  const cfg = ctx.dir.org.reminders;
  const wanted: Array<{ key: string; kind: ReminderKind; dueAt: Date }> = [];
  const now = ctx.clock.now();
  if (a.state === "active" && a.concludedAt) {
    if (a.kind === "agreement" && a.endDate) {
      for (const lead of cfg.expiryLeadDays) {
        wanted.push(reminderPlan({ kind: "expiry", agreementId: a.id, endDate: a.endDate, leadDays: lead }, dueBefore(ctx, a.endDate, lead)));
      }
      // the end itself is a fact, not a reminder: it happens on the end date whatever the calendar says
      wanted.push(reminderPlan({ kind: "expiry_end", agreementId: a.id, endDate: a.endDate }, tokyoTime(a.endDate, cfg.hour)));
      wanted.push(reminderPlan({ kind: "followup", agreementId: a.id, when: "end", endDate: a.endDate }, dueBefore(ctx, a.endDate, 0)));
    }
    const concluded = tokyoDate(a.concludedAt);
    const first = addMonths(concluded, cfg.followUpMonths);
    if (!a.endDate || first < a.endDate) {
      wanted.push(reminderPlan({ kind: "followup", agreementId: a.id, when: "after", months: cfg.followUpMonths, concluded }, dueBefore(ctx, first, 0)));
    }
  }
  // A reminder already past when its subject is (re)planned was never missed, it did not exist yet:
  // only the end itself still happens. Rows planned earlier keep their state (missed ones go out late).
  const existing = new Set((await r.reminders.listForSubject("agreement", a.id)).map((x) => x.key));
  const current = wanted.filter((w) => w.kind === "expiry_end" || w.dueAt > now || existing.has(w.key));
  await replan(r, "agreement", a.id, ["expiry", "expiry_end", "followup"], current);
}

/** A routing nobody takes up is chased after N business days, then escalated to the window after 2N. */
export async function planRoutingReminders(ctx: AppContext, r: Repos, routing: RoutingRecord): Promise<void> {
  const n = ctx.dir.org.reminders.silenceBusinessDays;
  const start = tokyoDate(ctx.clock.now());
  const hour = ctx.dir.org.reminders.hour;
  const stamp = routing.createdAt.getTime();
  await r.reminders.plan({ ...reminderPlan({ kind: "silence", routingId: routing.id, routedAt: stamp }, tokyoTime(ctx.calendar.addBusinessDays(start, n), hour)), subjectType: "routing", subjectId: routing.id });
  await r.reminders.plan({ ...reminderPlan({ kind: "silence_escalation", routingId: routing.id, routedAt: stamp }, tokyoTime(ctx.calendar.addBusinessDays(start, 2 * n), hour)), subjectType: "routing", subjectId: routing.id });
}

/** Board members who have not voted are reminded some business days before the round's deadline. */
export async function planRoundReminders(ctx: AppContext, r: Repos, round: RoundRecord): Promise<void> {
  const cfg = ctx.dir.org.reminders;
  let day = tokyoDate(round.deadline);
  for (let i = 0; i < cfg.voteReminderBusinessDays; i++) day = ctx.calendar.onOrBefore(addDays(day, -1));
  const dueAt = tokyoTime(day, cfg.hour);
  if (dueAt.getTime() <= round.openedAt.getTime()) return; // a deadline too close for a reminder
  await r.reminders.plan({ ...reminderPlan({ kind: "vote", roundId: round.id }, dueAt), subjectType: "round", subjectId: round.id });
}

/** After a follow-up request goes out, an unanswered one is chased. */
export async function planReportChase(ctx: AppContext, r: Repos, agreementId: string, followupId: string, from: Date): Promise<void> {
  const dueAt = tokyoTime(ctx.calendar.addBusinessDays(tokyoDate(from), ctx.dir.org.reminders.reportDueBusinessDays), ctx.dir.org.reminders.hour);
  // the key carries when it was asked: reports after it answer it
  await r.reminders.plan({ ...reminderPlan({ kind: "report_chase", followupId, requestedAt: from.getTime() }, dueAt), subjectType: "agreement", subjectId: agreementId });
}

/**
 * A department that has not answered a survey round is chased on a business day: the first time some
 * business days after the round starts (like a routing nobody took up), then each business day until the
 * deadline (the sweep plans the next one when it sends one).
 */
export async function planSurveyChase(ctx: AppContext, r: Repos, requestId: string, deadline: string, after: string, businessDays: number): Promise<void> {
  const day = ctx.calendar.addBusinessDays(after, businessDays);
  if (day > deadline) return;
  await r.reminders.plan({ ...reminderPlan({ kind: "survey_chase", requestId, day }, tokyoTime(day, ctx.dir.org.reminders.hour)), subjectType: "survey", subjectId: requestId });
}
