/**
 * The inbox: every click, modal submission, event and Teams activity is written to the database (with
 * its platform delivery key) before the platform is acknowledged, then processed from that record. The
 * transaction that applies it also marks it done, so an interaction is applied exactly once: a platform
 * retry or double click finds the key and is dropped, and what a crash left pending is replayed (once its
 * lease has run out) by whichever process looks first.
 */
import { DomainError } from "../../domain/errors";
import type { Actor, FormId, FormValues } from "../../ports/chat";
import { runCommand } from "../commands";
import { AlreadyApplied, currentInteraction } from "../kernel/commit";
import { performAction, submitForm } from "../interactions";
import type { Workflow } from "../workflow";

export type InteractionInput =
  | { kind: "action"; actionId: string; value: string; actor: Actor }
  | { kind: "form"; formId: FormId; context: string; values: FormValues; actor: Actor }
  | { kind: "command"; text: string; actor: Actor }
  | { kind: "event"; name: string; actor: Actor };

/**
 * How long the accepting process has to finish before another may replay the interaction. A replay that
 * races a slow original is harmless (only one of them commits), so this can be short.
 */
const LEASE_MS = 15_000;
const MAX_ATTEMPTS = 5;
const RETRY_MS = 30_000;

/** Persists an interaction before the platform is acknowledged; false for a key seen before (drop it). */
export async function acceptInteraction(wf: Workflow, key: string, input: InteractionInput): Promise<boolean> {
  const now = wf.ctx.clock.now().getTime();
  const fresh = await wf.ctx.store.inbox.accept(key, input.actor.platform, JSON.stringify(input), new Date(now + LEASE_MS));
  if (fresh) heldBy(wf).set(key, Date.now());
  queueOf(wf).accepted();
  return fresh;
}

/**
 * Interactions this process accepted and still means to apply (waiting in its queue, perhaps longer
 * than the lease under a burst): its own recovery loop leaves them to it rather than replaying them
 * beside it. Another process replays them only if this one dies. Held at most HOLD_MAX_MS, in case a
 * caller accepted one and never got to apply it.
 */
const held = new WeakMap<Workflow, Map<string, number>>();
const HOLD_MAX_MS = 10 * 60_000;
function heldBy(wf: Workflow): Map<string, number> {
  let map = held.get(wf);
  if (!map) held.set(wf, (map = new Map()));
  return map;
}

/**
 * Runs the work of an accepted interaction. Commits inside it mark the interaction done in their own
 * transaction; a refusal or invalid input is done too (nothing to retry). An unexpected failure leaves
 * it pending, to be replayed later.
 */
export function processInteraction<T>(wf: Workflow, key: string, work: () => Promise<T>, attempts = 0, opts: { queued?: boolean; urgent?: boolean } = {}): Promise<T> {
  const run = opts.queued === false ? apply(wf, key, work, attempts) : queueOf(wf).run(() => apply(wf, key, work, attempts), opts.urgent);
  return run.finally(() => heldBy(wf).delete(key));
}

/**
 * Accepted interactions wait here to be applied, one at a time per process (work that calls a platform
 * inside it, the Teams turn, is not queued: a hung call must not hold a place). Each is a transaction on
 * the one write connection; let a burst of clicks all start at once and the writes that acknowledge new
 * clicks queue behind hundreds of them. Accepted clicks wait their turn here instead, persisted and
 * acknowledged.
 *
 * Acknowledging comes first: in a burst (more than BURST waiting while clicks keep arriving), the work
 * takes at most WORK_SHARE of the time (slices of about SLICE_MS, then a rest), and the rest goes to
 * acknowledging the next clicks within the platforms' 3 s. Once the clicks stop, the queue runs at full
 * pace. A form whose answer waits for its work (errors shown in the form) goes to the front.
 */
const WORK_SHARE = 0.25;
const SLICE_MS = 2;
/** clicks accepted within this long ago mean more are arriving */
const ARRIVING_MS = 10;
/** more interactions than this waiting mean a burst (one click after another never makes a queue) */
const BURST = 8;

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
}

class ApplyQueue {
  private readonly jobs: Job[] = [];
  private scheduled = false;
  private lastAccept = Number.NEGATIVE_INFINITY;
  private restUntil = 0;

  constructor(private readonly wf: Workflow) {}

  /** A click (or another interaction) was accepted: more may be arriving. */
  accepted(): void {
    this.lastAccept = performance.now();
  }

  run<T>(fn: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { run: fn, resolve: resolve as (value: unknown) => void, reject };
      if (urgent) this.jobs.unshift(job);
      else this.jobs.push(job);
      this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // SQLite calls complete synchronously, so one interaction after another would run as one chain of
    // microtasks and starve the event loop: new clicks would wait, unacknowledged. Always yield first.
    if (delayMs > 0) setTimeout(() => void this.pump(), delayMs);
    else setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    const now = performance.now();
    if (now < this.restUntil && this.jobs.length > BURST && now - this.lastAccept < ARRIVING_MS) {
      this.scheduled = false;
      this.schedule(Math.ceil(this.restUntil - now));
      return;
    }
    const clock = { start: performance.now() };
    try {
      await this.slice(clock);
    } finally {
      // the work's own time (not a wait for another process's write lock before it)
      const took = performance.now() - clock.start;
      this.restUntil = performance.now() + (took * (1 - WORK_SHARE)) / WORK_SHARE;
      this.scheduled = false;
      if (this.jobs.length) this.schedule(0);
    }
  }

  /**
   * The jobs of one slice, one after another, in one batch of the store (on SQLite one transaction, each
   * job's own transaction a savepoint in it: one commit for the slice). Each job is answered once the
   * batch has committed; if the commit fails, none of them is, and all stay pending for a replay.
   */
  private async slice(clock: { start: number }): Promise<void> {
    const taken: Job[] = [];
    const outcomes: Array<() => void> = [];
    // a batch given up (its time limit) takes no further job, even if the one it waited for ends later
    let over = false;
    const run = async () => {
      // the slice's time counts from its first job: at least one runs, however long the batch waited to begin
      clock.start = performance.now();
      while (!over && this.jobs.length && (taken.length === 0 || performance.now() - clock.start < SLICE_MS)) {
        const job = this.jobs.shift()!;
        taken.push(job);
        try {
          const value = await job.run();
          outcomes.push(() => job.resolve(value));
        } catch (e) {
          outcomes.push(() => job.reject(e));
        }
      }
    };
    const store = this.wf.ctx.store;
    try {
      // a batch only pays off for several (a lone click commits by itself)
      await (store.batch && this.jobs.length > 1 ? store.batch(run) : run());
    } catch (e) {
      for (const job of taken) job.reject(e);
      return;
    } finally {
      over = true;
    }
    for (const settle of outcomes) settle();
    // the messages the batch queued are committed now: the outbox may send them
    if (taken.length) this.wf.ctx.afterCommit();
  }
}

const queues = new WeakMap<Workflow, ApplyQueue>();
function queueOf(wf: Workflow): ApplyQueue {
  let queue = queues.get(wf);
  if (!queue) queues.set(wf, (queue = new ApplyQueue(wf)));
  return queue;
}

async function apply<T>(wf: Workflow, key: string, work: () => Promise<T>, attempts: number): Promise<T> {
  const inbox = wf.ctx.store.inbox;
  try {
    const state = { key, completed: false };
    const result = await currentInteraction.run(state, work);
    // a commit inside the work already marked it done; otherwise (a form opened, nothing changed) mark it now
    if (!state.completed) await inbox.complete(key, wf.ctx.clock.now());
    return result;
  } catch (e) {
    if (e instanceof AlreadyApplied) {
      throw e;
    } else if (e instanceof DomainError) {
      await inbox.complete(key, wf.ctx.clock.now());
    } else {
      const retryAt = new Date(wf.ctx.clock.now().getTime() + RETRY_MS * 2 ** attempts);
      await inbox.retryLater(key, (e as Error).message ?? String(e), retryAt, attempts + 1 >= MAX_ATTEMPTS).catch(() => undefined);
    }
    throw e;
  }
}

/** A form answered with field errors changed nothing: its key is forgotten so that the corrected form counts. */
export function releaseInteraction(wf: Workflow, key: string): Promise<void> {
  return wf.ctx.store.inbox.release(key);
}

/** The use case behind an interaction, for replay (what the person saw at the time is gone; the change is not). */
async function replay(wf: Workflow, input: InteractionInput): Promise<void> {
  switch (input.kind) {
    case "action":
      await performAction(wf, input.actionId, input.value, input.actor);
      return;
    case "form":
      await submitForm(wf, input.formId, input.context, input.values, input.actor);
      return;
    case "command":
      await runCommand(wf, input.text, input.actor);
      return;
    case "event":
      return; // App Home is drawn again when it is next opened
  }
}

/** Replays interactions left pending by a process that died (or whose work failed); returns how many ran. */
export async function recoverInteractions(wf: Workflow, now: Date, limit = 50): Promise<number> {
  const stale = await wf.ctx.store.inbox.claimStale(now, new Date(now.getTime() + LEASE_MS), limit);
  let done = 0;
  const mine = heldBy(wf);
  for (const row of stale) {
    const since = mine.get(row.key);
    if (since !== undefined && Date.now() - since < HOLD_MAX_MS) continue; // still queued here
    mine.delete(row.key);
    try {
      await processInteraction(wf, row.key, () => replay(wf, JSON.parse(row.payload) as InteractionInput), row.attempts);
      done++;
    } catch (e) {
      if (e instanceof DomainError || e instanceof AlreadyApplied) done++;
      else wf.ctx.log.error({ key: row.key, err: (e as Error).message }, "interaction replay failed; it stays pending");
    }
  }
  return done;
}
