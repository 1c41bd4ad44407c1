/**
 * Delivers the outbox. Every message the bot sends was first written to the database in the same
 * transaction as the change it reports; this loop posts (or updates in place) what is due.
 *
 * The database is the only coordinator, so any number of processes (the bot, a CLI drain, replicas) can
 * deliver side by side: each channel is a lane that one process at a time leases; within a lane messages
 * go out in order, at the platform's pace (the lane's next-send time, shared by every process); a 429
 * holds the whole lane for Retry-After, a failure backs the lane off, and lanes do not wait for each
 * other. Every platform call has a time limit, so one hung channel holds up only itself.
 */
import { AsyncResource } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { DeliveryFailure, type Courier, type SendWindow } from "../../ports/chat";
import type { Lane, LanePlatform, OutboundRecord, OutboxQueue } from "../../ports/store";
import type { Clock } from "../kernel/context";

const MAX_BACKOFF_MS = 15 * 60_000;
const PERMANENT_BACKOFF_MS = 60 * 60_000;
/** set aside until an operator retries (`outbox retry` makes every undelivered message due now): 100 years */
const UNTIL_RETRIED_MS = 100 * 365 * 86_400_000;
/** the soonest another pass runs after one that could send nothing (commits keep waking the dispatcher) */
const REPASS_MS = 50;
/** a platform call that has not answered by then counts as failed (it is tried again later) */
export const CALL_TIMEOUT_MS = 10_000;
/** a lane is held this long past a call's time limit; a process that dies gives it up when the lease runs out */
const LANE_LEASE_MARGIN_MS = 5_000;
const LANES_PER_PASS = 100;
const PARALLEL_LANES = 8;
/** messages sent under one lease before the lane is handed back (and its lease renewed by the next claim) */
const MESSAGES_PER_CLAIM = 20;
/**
 * After a lane could not be claimed (its pace, a Retry-After, another process's lease) or was handed back
 * with a next-send time, this process does not try it again before then, for at most this long (the
 * database stays the judge: another process, or the CLI's retry, may make it due sooner).
 */
const LANE_HINT_MAX_MS = 5_000;

export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + random() * 0.5)); // jitter so retries from many rows spread out
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  deferred: number;
}

/** A call given up on: it may still arrive (Teams calls cannot be cancelled), so its lane waits a while. */
class TimedOut extends DeliveryFailure {
  constructor(reason: string) {
    super(reason, { mayHaveArrived: true });
  }
}
/** how long a lane waits after a call that did not answer, so that the abandoned call settles before a retry */
const AFTER_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimedOut(`no answer within ${ms} ms`)), ms);
    const abort = () => reject(new DeliveryFailure("stopped"));
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", abort);
    });
  });
}

export class OutboxDispatcher {
  private readonly ports = new Map<LanePlatform, Courier>();
  private readonly spacing = new Map<LanePlatform, number>();
  private readonly windows = new Map<LanePlatform, readonly SendWindow[]>();
  /** this process, as lease owner */
  readonly owner = `outbox:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<DeliveryReport> | null = null;
  private again = false;
  /** when the last pass ended that could send nothing (wall clock) */
  private idlePassAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private wakeUp: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly context = new AsyncResource("OutboxDispatcher");
  /** the pass under way: wakes its idle workers when new rows are committed */
  private current: { wake(): void } | null = null;
  /** lanes this process will not try before a time (in the passes' clock), by "platform:channel" */
  private readonly notBefore = new Map<string, number>();

  constructor(
    private readonly queue: OutboxQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly callTimeoutMs = CALL_TIMEOUT_MS,
  ) {}

  /**
   * @param minIntervalMs the least time between two sends to one channel (Slack: about one message per
   * second per channel); a lane that is not yet due waits, other lanes go on.
   * @param windows limits over longer spans (the port's own: Teams' 60 per 30 s and 1,800 an hour per
   * conversation), counted in the database so that they hold for every process together.
   */
  register(port: Courier, minIntervalMs = 0, windows: readonly SendWindow[] = port.sendWindows ?? []): void {
    this.ports.set(port.platform, port);
    this.spacing.set(port.platform, minIntervalMs);
    this.windows.set(port.platform, windows);
  }

  /** The earliest time the lane's windows allow another send (its sends are counted under its lease). */
  private async windowsAllow(lane: Lane, now: Date): Promise<number> {
    let at = 0;
    for (const w of this.windows.get(lane.platform) ?? []) {
      const nth = await this.queue.nthSendSince(lane, w.count, new Date(now.getTime() - w.perMs));
      if (nth) at = Math.max(at, nth.getTime() + w.perMs);
    }
    return at;
  }

  get platforms(): LanePlatform[] {
    return [...this.ports.keys()];
  }

  /** Wakes the dispatcher (coalesced: a run already going picks the new rows up after it ends). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      // a pass under way may be waiting on a slow lane: its idle workers look for the new rows now
      this.current?.wake();
      return;
    }
    // right after a pass that could send nothing, come back a little later instead: every commit kicks,
    // and a burst of clicks would otherwise run a pass per click, each reading the lanes again
    const sinceIdle = Date.now() - this.idlePassAt;
    if (sinceIdle < REPASS_MS) {
      this.wakeAfter(REPASS_MS - sinceIdle);
      return;
    }
    // the pass runs in the dispatcher's own async context, not the caller's: a kick from inside a batch of
    // use cases (src/db/sqlite-writer.ts) must not make the pass's writes part of that batch
    this.context.runInAsyncScope(() => void this.run().catch((e) => this.log.error({ err: (e as Error).message }, "outbox run failed")));
  }

  /** One pass over the lanes that are due; concurrent callers share the pass under way. */
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
          // woken again by commits while a pass found nothing it could send (a channel's pace holds it):
          // come back shortly rather than at once, or a burst of clicks would keep passes running back to back
          if (r.sent === 0 && r.failed === 0 && now === undefined) {
            this.idlePassAt = Date.now();
            if (this.again) {
              this.again = false;
              this.wakeAfter(REPASS_MS);
            }
          }
        } while (this.again && !this.stopped);
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
  async drain(maxMs = 60_000): Promise<DeliveryReport> {
    const total: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
    const until = Date.now() + maxMs;
    for (;;) {
      const r = await this.run();
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

  /** Stops at once: calls under way are abandoned (their rows stay pending for the next start). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.timer = null;
    this.wakeUp = null;
    this.stopped = true;
    this.abort.abort();
  }

  /** Comes back for lanes held back by their pace, without waiting for the timer. */
  private wakeAfter(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(10, ms);
    if (this.wakeUp && this.wakeAt <= at) return;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.wakeAt = at;
    this.wakeUp = setTimeout(() => {
      this.wakeUp = null;
      this.wakeAt = Infinity;
      this.kick();
    }, Math.max(10, ms));
    this.wakeUp.unref();
  }

  private async pass(now: Date): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
    if (this.ports.size === 0 || this.stopped) return report;
    const passWall = Date.now();
    const at = () => new Date(now.getTime() + (Date.now() - passWall));
    // every commit wakes the dispatcher: a lane it already knows is held (its pace) is not claimed again
    const worthClaiming = (lane: Lane, t: Date) => {
      const key = `${lane.platform}:${lane.channel}`;
      const until = this.notBefore.get(key);
      if (until === undefined) return true;
      if (until <= t.getTime()) {
        this.notBefore.delete(key);
        return true;
      }
      report.deferred++;
      this.wakeAfter(until - t.getTime());
      return false;
    };
    const queue = (await this.queue.dueLanes(this.platforms, now, LANES_PER_PASS)).filter((lane) => worthClaiming(lane, now));
    const busy = new Set<string>();
    const keyOf = (lane: Lane) => `${lane.platform}:${lane.channel}`;

    // A few lanes at a time, and lanes never wait for each other: a worker whose list is empty while a
    // slow or hung channel still holds another worker reads the due lanes again when rows were committed
    // meanwhile (at most every REPASS_MS), so a message for a free channel goes out at that channel's pace.
    let workers = 0;
    let closed = false;
    let wanted = false;
    let lastRead = passWall;
    let reading = false;
    let wakeTimer: NodeJS.Timeout | null = null;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const readAgain = async () => {
      reading = true;
      wanted = false;
      this.again = false;
      lastRead = Date.now();
      try {
        const t = at();
        for (const lane of await this.queue.dueLanes(this.platforms, t, LANES_PER_PASS)) {
          if (busy.has(keyOf(lane)) || queue.some((q) => keyOf(q) === keyOf(lane))) continue;
          if (worthClaiming(lane, t)) queue.push(lane);
        }
      } finally {
        reading = false;
      }
    };
    const worker = async () => {
      try {
        for (;;) {
          if (this.stopped) return;
          if (!queue.length && wanted && !reading) await readAgain();
          const lane = queue.shift();
          if (!lane) return;
          busy.add(keyOf(lane));
          try {
            await this.deliverLane(lane, now, passWall, report);
          } catch (e) {
            this.log.error({ platform: lane.platform, channel: lane.channel, err: (e as Error).message }, "outbox lane failed");
          } finally {
            busy.delete(keyOf(lane));
          }
        }
      } finally {
        if (--workers === 0) {
          closed = true; // a wake after this belongs to the next pass
          finish();
        }
      }
    };
    const spawn = () => {
      while (workers < PARALLEL_LANES && !this.stopped && !closed) {
        const refill = queue.length === 0;
        if (refill && (!wanted || reading)) return;
        workers++;
        void worker();
        if (refill) return; // one worker reads the lanes again; it hands what it finds to itself and the others on the next wake
      }
    };
    this.current = {
      wake: () => {
        wanted = true;
        if (workers >= PARALLEL_LANES || wakeTimer) return;
        const wait = lastRead + REPASS_MS - Date.now();
        if (wait <= 0) return spawn();
        wakeTimer = setTimeout(() => {
          wakeTimer = null;
          spawn();
        }, wait);
      },
    };
    spawn();
    if (workers === 0) {
      closed = true;
      finish();
    }
    await finished;
    if (wakeTimer) clearTimeout(wakeTimer);
    this.current = null;
    return report;
  }

  /** Sends a lane's due messages in order while its pace allows, under this process's lease. */
  private async deliverLane(lane: Lane, now: Date, passWall: number, report: DeliveryReport): Promise<void> {
    const pace = this.spacing.get(lane.platform) ?? 0;
    // the time now, in the pass's time frame (`now` may be a test's or the CLI's clock)
    const at = () => new Date(now.getTime() + (Date.now() - passWall));
    // longer than a call may take (the mail dispatcher's limit is longer than chat's): another process
    // never takes a lane, and sends its message again, while this one may still be sending it
    const lease = () => new Date(at().getTime() + this.callTimeoutMs + LANE_LEASE_MARGIN_MS);
    const hint = (until: number) => this.notBefore.set(`${lane.platform}:${lane.channel}`, Math.min(until, at().getTime() + LANE_HINT_MAX_MS));
    if (!(await this.queue.claimLane(lane, this.owner, at(), lease()))) {
      report.deferred++; // another process holds it, or its pace (or a Retry-After) says not yet
      this.wakeAfter(pace || 1000);
      hint(at().getTime() + (pace || 1000));
      return;
    }
    let nextSendAt = now;
    try {
      for (let n = 0; n < MESSAGES_PER_CLAIM; n++) {
        if (this.stopped) return;
        const row = await this.queue.head(lane, at());
        if (!row) return;
        const waitMs = nextSendAt.getTime() - at().getTime();
        if (waitMs > 0) {
          report.deferred++;
          this.wakeAfter(waitMs);
          return;
        }
        // the lease runs from now for this send (a long pass must not leave it expired)
        if (n > 0 && !(await this.queue.claimLane(lane, this.owner, at(), lease()))) return;
        const windows = this.windows.get(lane.platform) ?? [];
        if (windows.length) {
          const allowed = await this.windowsAllow(lane, at());
          if (allowed > at().getTime()) {
            nextSendAt = new Date(allowed);
            report.deferred++;
            this.wakeAfter(allowed - at().getTime());
            return;
          }
          // counted before the call: a call that times out may still have reached the platform
          await this.queue.recordSend(lane, at(), Math.max(...windows.map((w) => w.perMs)));
        }
        const outcome = await this.send(row);
        if (outcome.ok) {
          report.sent++;
          nextSendAt = pace ? new Date(at().getTime() + pace) : now; // the pace counts from the send itself
          continue;
        }
        report.failed++;
        const t = at();
        nextSendAt = outcome.laneWaitUntil ? new Date(Math.max(t.getTime(), outcome.laneWaitUntil(t))) : now;
        if (nextSendAt.getTime() > t.getTime()) return; // the lane waits (Retry-After, backoff)
      }
      this.again = true; // more in this lane: another pass, under a fresh lease
    } finally {
      await this.queue.releaseLane(lane, this.owner, nextSendAt);
      if (nextSendAt.getTime() > at().getTime()) hint(nextSendAt.getTime());
    }
  }

  private async send(row: OutboundRecord): Promise<{ ok: true } | { ok: false; laneWaitUntil?: (now: Date) => number }> {
    const port = this.ports.get(row.platform)!;
    let threadRef: string | undefined;
    if (row.parentKey && !row.remoteRef) {
      const parent = await this.queue.get(row.parentKey);
      if (parent && !parent.remoteRef && parent.nextAttemptAt.getTime() <= this.clock.now().getTime()) {
        // the thread's first message has not gone out yet: this one waits, and the lane with it (order)
        return { ok: false, laneWaitUntil: (now) => now.getTime() + 1000 };
      }
      // no such message here, or it was set aside (refused for its content): post at top level
      threadRef = parent?.remoteRef ?? undefined;
    }
    try {
      const message: unknown = JSON.parse(row.body);
      let ref = row.remoteRef;
      await this.queue.markSending(row.id, this.clock.now());
      if (ref) await withTimeout(port.update(row.channel, ref, message, row.tenantId), this.callTimeoutMs, this.abort.signal);
      else ref = (await withTimeout(port.post(row.channel, message, threadRef, row.tenantId), this.callTimeoutMs, this.abort.signal)).ref;
      await this.queue.markDelivered(row.id, row.version, ref, this.clock.now());
      return { ok: true };
    } catch (e) {
      if (this.stopped) return { ok: false }; // abandoned by stop(): the row stays as it is for the next start
      // the adapter classified its platform's failure; anything else (a bug, a network error) holds the channel
      const failure = e instanceof DeliveryFailure ? e : new DeliveryFailure((e as Error).message ?? String(e));
      // a message failure sets that message aside (its lane goes on); a channel failure holds the lane
      const messageOnly = failure.scope === "message";
      const wait = failure.untilRetried ? UNTIL_RETRIED_MS : failure.permanent ? PERMANENT_BACKOFF_MS : Math.max(failure.retryAfterMs ?? 0, backoffMs(row.attempts), failure.mayHaveArrived ? AFTER_TIMEOUT_MS : 0);
      const at = this.clock.now();
      await this.queue.markFailed(row.id, failure.reason, messageOnly ? new Date(at.getTime() + wait) : undefined);
      this.log.warn({ outboxId: row.id, platform: row.platform, channel: row.channel, attempts: row.attempts + 1, retryInMs: wait, err: failure.reason, scope: failure.scope }, "message not delivered; will retry");
      return { ok: false, laneWaitUntil: messageOnly ? undefined : (now) => now.getTime() + wait };
    }
  }
}
