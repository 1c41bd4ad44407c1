/**
 * node-cron as a tick only (it keeps no state and promises no exactly-once): each tick runs the sweep,
 * which reads due reminder rows from the database and delivers them through the outbox.
 */
import cron from "node-cron";
import type { Logger } from "pino";
import type { Clock } from "../app/kernel/context";
import type { OutboxDispatcher } from "../app/outbox/dispatcher";
import type { SweepReport } from "../app/reminders/sweep";

export interface ReminderScheduler {
  stop(): Promise<void>;
}

export function scheduleReminders(
  expression: string,
  sweep: (now: Date) => Promise<SweepReport>,
  dispatcher: OutboxDispatcher,
  clock: Clock,
  log: Logger,
): ReminderScheduler {
  if (!cron.validate(expression)) throw new Error(`REMINDER_CRON: not a cron expression: ${expression}`);
  const task = cron.schedule(
    expression,
    async () => {
      try {
        const report = await sweep(clock.now());
        await dispatcher.run(clock.now());
        const queued = report.items.filter((i) => i.outcome === "queued");
        if (queued.length || report.roundsClosed) log.info({ queued: queued.length, late: queued.filter((i) => i.late).length, roundsClosed: report.roundsClosed }, "reminder sweep");
      } catch (e) {
        log.error({ err: (e as Error).message }, "reminder sweep failed");
      }
    },
    { timezone: "Asia/Tokyo", noOverlap: true, name: "reminder-sweep" },
  );
  return { stop: async () => void (await task.stop()) };
}
