/**
 * One reminder sweep. At the real time it runs as the bot's own sweep would (an external scheduler's
 * command). At another time (--now) it would end agreements and use reminders up before their dates on
 * a live database: without --yes it only lists what is due then, reading, never writing.
 */
import { slackEnabled } from "../../config/env";
import { describeDatabase } from "../../db/status";
import { tokyoIso } from "../../domain/calendar";
import { createSlackPort } from "../../platforms/slack/client";
import type { ReminderRecord } from "../../ports/store";
import { command, UsageError, type RunContext } from "../command";

/** as the sweep says it (src/app/reminders/sweep.ts): sent more than this after its due time is late */
const LATE_AFTER_MS = 30 * 60_000;
/** the preview lists at most this many due reminders */
const PREVIEW_LIMIT = 1000;

export default command({
  name: "reminders run",
  options: { now: { type: "string" }, yes: { type: "boolean" } },
  example: "reminders run --now 2027-03-01T09:00:00+09:00",
  async run(c) {
    const { t, io, env } = c;
    const nowText = c.str("now");
    let now = new Date();
    if (nowText !== undefined) {
      now = new Date(nowText);
      if (Number.isNaN(now.getTime())) throw new UsageError(t.badNow(nowText));
      if (!c.flag("yes")) return preview(c, now);
    }
    // the sweep runs "as if at" --now; time goes on from there, so the channels' pace can pass
    const started = Date.now();
    const core = await c.open({ now: () => new Date(now.getTime() + Date.now() - started) });
    if (slackEnabled(env)) core.dispatcher.register(createSlackPort(env, core.store), env.SLACK_CHANNEL_PACE_MS);
    else io.err(t.slackOff);
    const report = await core.workflow.runSweep(now);
    if (report.busy) {
      io.out(t.sweepBusy);
      return 0;
    }
    await core.dispatcher.drain();
    const states = new Map<string, string>();
    for (const item of report.items) {
      if (item.outcome !== "queued") continue;
      const rem = await core.store.read.reminders.get(item.id);
      states.set(item.reminder, rem?.state === "sent" ? "sent" : "pending");
    }
    const queued = report.items.filter((i) => i.outcome === "queued");
    // each reminder named by what it is about (協定 A-0001「…」), not by its internal key
    const label = (i: (typeof report.items)[number]) => core.workflow.reminderSubject(i.subjectType, i.subject);
    for (const i of queued) io.out([states.get(i.reminder) === "sent" ? t.sent : t.pending, t.kinds[i.kind] ?? i.kind, await label(i), ...(i.late ? [t.late] : [])].join("\t"));
    if (report.roundsClosed) io.out(t.roundsClosed(report.roundsClosed));
    if (report.surveysClosed) io.out(t.surveysClosed(report.surveysClosed));
    const failed = report.items.filter((i) => i.outcome === "failed");
    for (const i of failed) io.err([t.failed, t.kinds[i.kind] ?? i.kind, await label(i)].join("\t"));
    io.out(
      t.sweepSummary(
        queued.filter((i) => states.get(i.reminder) === "sent").length,
        queued.filter((i) => states.get(i.reminder) !== "sent").length,
        report.items.filter((i) => i.outcome === "skipped").length,
        failed.length,
      ),
    );
    return 0;
  },
});

/** What a sweep at `now` would send, read from the reminders' rows (nothing is taken, sent or recorded). */
async function preview(c: RunContext<"reminders run">, now: Date): Promise<number> {
  const { t, io } = c;
  const core = await c.open();
  io.out(t.plan.database(describeDatabase(c.env.DATABASE_URL)));
  io.out(t.plan.sweepAt(tokyoIso(now)));
  const due = await core.store.read.reminders.due(now, PREVIEW_LIMIT);
  // of several due reminders of one kind for one subject only the latest is sent (as the sweep does)
  const newest = new Map<string, ReminderRecord>();
  for (const r of due) {
    const k = `${r.kind}:${r.subjectType}:${r.subjectId}`;
    if (!newest.has(k) || r.dueAt > newest.get(k)!.dueAt) newest.set(k, r);
  }
  const send = [...newest.values()];
  for (const r of send) {
    const late = now.getTime() - r.dueAt.getTime() > LATE_AFTER_MS;
    io.out([t.plan.wouldSend, t.kinds[r.kind] ?? r.kind, await core.workflow.reminderSubject(r.subjectType, r.subjectId), ...(late ? [t.late] : [])].join("\t"));
  }
  if (due.length === PREVIEW_LIMIT) io.out(t.plan.sweepMore(PREVIEW_LIMIT));
  io.out(t.plan.sweepPlanSummary(send.length, due.length - send.length));
  io.out(t.plan.addYes);
  return 0;
}
