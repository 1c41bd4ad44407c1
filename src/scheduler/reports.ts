/**
 * node-cron as a tick for work the org config schedules (Asia/Tokyo): the planning division's report
 * (planning.schedule) and the yearly survey round (surveys.schedule). What runs makes itself once (an
 * outbox key, a claimed key), so every replica may tick.
 */
import cron from "node-cron";
import type { Logger } from "pino";
import type { Clock } from "../app/kernel/context";
import type { OutboxDispatcher } from "../app/outbox/dispatcher";

export function scheduleTask(name: string, expression: string, run: (now: Date) => Promise<unknown>, dispatcher: OutboxDispatcher, clock: Clock, log: Logger): { stop(): Promise<void> } | undefined {
  if (expression === "off") return undefined;
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await run(clock.now());
        dispatcher.kick();
      } catch (e) {
        log.error({ err: (e as Error).message, task: name }, "scheduled task failed");
      }
    },
    { timezone: "Asia/Tokyo", noOverlap: true, name },
  );
  return { stop: async () => void (await task.stop()) };
}

export const scheduleReports = (expression: string, post: (now: Date) => Promise<unknown>, dispatcher: OutboxDispatcher, clock: Clock, log: Logger) =>
  scheduleTask("planning-report", expression, post, dispatcher, clock, log);
