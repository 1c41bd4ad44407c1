/** node-cron as a tick for the scheduled report (planning.schedule, Asia/Tokyo); the outbox key makes it once a day. */
import cron from "node-cron";
import type { Logger } from "pino";
import type { Clock } from "../app/kernel/context";
import type { OutboxDispatcher } from "../app/outbox/dispatcher";

export function scheduleReports(expression: string, post: (now: Date) => Promise<unknown>, dispatcher: OutboxDispatcher, clock: Clock, log: Logger): { stop(): Promise<void> } | undefined {
  if (expression === "off") return undefined;
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await post(clock.now());
        dispatcher.kick();
      } catch (e) {
        log.error({ err: (e as Error).message }, "scheduled report failed");
      }
    },
    { timezone: "Asia/Tokyo", noOverlap: true, name: "planning-report" },
  );
  return { stop: async () => void (await task.stop()) };
}
