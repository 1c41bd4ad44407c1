/**
 * Delivers the outbox. Every message the bot sends was first written to the database in the same
 * transaction as the change it reports; this loop posts (or updates in place) what is due, and on
 * failure keeps the row pending with a backoff, so nothing is lost on a crash, a 429 or a restart.
 */
import type { Logger } from "pino";
import { ChatDeliveryError, type ChatMessage, type ChatPort, type Platform } from "../ports/chat";
import type { OutboxQueue } from "../ports/store";
import type { Clock } from "./context";

const BATCH = 50;

/** Least time between two posts to one channel: Slack about 1 per second, Teams 7 per second. */
export const PACE_MS = { slack: 1100, teams: 150 } as const;
const MAX_BACKOFF_MS = 15 * 60_000;
const PERMANENT_BACKOFF_MS = 60 * 60_000;

export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + random() * 0.5)); // jitter so retries from many rows spread out
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  deferred: number;
}

export class OutboxDispatcher {
  private readonly ports = new Map<Platform, ChatPort>();
  private running: Promise<DeliveryReport> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queue: OutboxQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * @param minIntervalMs the least time between two sends to one channel (Slack: about one message per
   * second per channel); a row that comes too soon waits for the next pass, other channels go on.
   */
  register(port: ChatPort, minIntervalMs = 0): void {
    this.ports.set(port.platform, port);
    this.spacing.set(port.platform, minIntervalMs);
  }

  private readonly spacing = new Map<Platform, number>();
  private readonly lastSend = new Map<string, number>();
  private wakeUp: NodeJS.Timeout | null = null;

  get platforms(): Platform[] {
    return [...this.ports.keys()];
  }

  /** Wakes the dispatcher (coalesced: a run already going picks the new rows up after it ends). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run().catch((e) => this.log.error({ err: e }, "outbox run failed"));
  }

  /** One pass over what is due; concurrent callers share the pass under way. */
  run(now?: Date): Promise<DeliveryReport> {
    if (this.running) return this.running;
    this.running = (async () => {
      const total: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
      try {
        do {
          this.again = false;
          const r = await this.pass(now ?? this.clock.now());
          total.sent += r.sent;
          total.failed += r.failed;
          total.deferred += r.deferred;
        } while (this.again);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /**
   * Runs passes until nothing is held back by a channel's pace (or `maxMs` passes): for one-shot
   * callers such as the CLI, which exit afterwards.
   */
  async drain(now?: Date, maxMs = 60_000): Promise<DeliveryReport> {
    const total: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
    const until = Date.now() + maxMs;
    for (;;) {
      const r = await this.run(now);
      total.sent += r.sent;
      total.failed += r.failed;
      total.deferred = r.deferred;
      if (r.deferred === 0 || Date.now() > until) return total;
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, Math.min(...this.spacing.values()))));
    }
  }

  /** Waits until a run is over (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  start(intervalMs = 5000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.timer = null;
    this.wakeUp = null;
    this.stopped = true;
  }

  private stopped = false;

  /** Comes back for rows held back by a channel's pace, without waiting for the timer. */
  private wakeAfter(ms: number): void {
    if (this.wakeUp || this.stopped) return;
    this.wakeUp = setTimeout(() => {
      this.wakeUp = null;
      this.kick();
    }, ms);
    this.wakeUp.unref();
  }

  private async pass(now: Date): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
    if (this.ports.size === 0) return report;
    let afterId = 0;
    for (;;) {
      const rows = await this.queue.due(this.platforms, now, BATCH, afterId);
      if (rows.length === 0) return report;
      for (const row of rows) {
        afterId = row.id;
        const port = this.ports.get(row.platform)!;
        const channelKey = `${row.platform}:${row.channel}`;
        const wait = (this.lastSend.get(channelKey) ?? 0) + (this.spacing.get(row.platform) ?? 0) - Date.now();
        if (wait > 0) {
          report.deferred++;
          this.wakeAfter(wait);
          continue;
        }
        let threadRef: string | undefined;
        if (row.parentKey && !row.remoteRef) {
          const parent = await this.queue.get(row.parentKey);
          if (parent && !parent.remoteRef) {
            report.deferred++; // the thread's first message has not gone out yet; try again next pass
            continue;
          }
          threadRef = parent?.remoteRef ?? undefined; // no such message (never posted here): post at top level
        }
        try {
          const message = JSON.parse(row.body) as ChatMessage;
          let ref = row.remoteRef;
          if (ref) await port.update(row.channel, ref, message);
          else ref = (await port.post(row.channel, message, threadRef)).ref;
          this.lastSend.set(channelKey, Date.now());
          await this.queue.markDelivered(row.id, row.version, ref, this.clock.now());
          report.sent++;
        } catch (e) {
          const err = e instanceof ChatDeliveryError ? e : new ChatDeliveryError((e as Error).message ?? String(e));
          const wait = err.permanent ? PERMANENT_BACKOFF_MS : Math.max(err.retryAfterMs ?? 0, backoffMs(row.attempts));
          await this.queue.markFailed(row.id, err.message, new Date(now.getTime() + wait));
          this.log.warn({ outboxId: row.id, platform: row.platform, attempts: row.attempts + 1, retryInMs: wait, err: err.message }, "message not delivered; will retry");
          report.failed++;
        }
      }
    }
  }
}
