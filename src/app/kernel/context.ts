/** What every use case is given: the store, the organisation, words, and time. No platform in sight. */
import { AsyncLocalStorage } from "node:async_hooks";
import { BusinessCalendar } from "../../domain/calendar";
import type { Messages } from "../../i18n";
import type { Actor, ChatMessage } from "../../ports/chat";
import type { NewAudit, Repos, Store } from "../../ports/store";
import type { ChannelAddress, OrgDirectory } from "./org-directory";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppContext {
  store: Store;
  dir: OrgDirectory;
  t: Messages;
  clock: Clock;
  calendar: BusinessCalendar;
  /** called after a use case commits, so queued messages go out at once */
  afterCommit: () => void;
  /** where background work (sweeps) reports a failure it survives */
  log: { error(obj: object, msg: string): void };
}

export function actorId(a: Actor): string {
  return `${a.platform}:${a.userId}`;
}

/** The interaction (click, form, activity) being processed, if any: see app/inbox.ts. */
export const currentInteraction = new AsyncLocalStorage<{ key: string; completed: boolean }>();

/** Another process applied this interaction first (a replay raced a slow original): this try changes nothing. */
export class AlreadyApplied extends Error {
  override name = "AlreadyApplied";
}

/**
 * Runs a use case's writes in one transaction, then wakes the outbox dispatcher. Under an interaction,
 * the first such transaction also marks it done, on the condition that it was still pending: the change
 * and its "applied" mark commit together, and of two processes applying the same interaction only one
 * commits (the other rolls back with AlreadyApplied).
 */
export async function commit<T>(ctx: AppContext, fn: (r: Repos) => Promise<T>): Promise<T> {
  const interaction = currentInteraction.getStore();
  const marks = interaction !== undefined && !interaction.completed;
  const result = await ctx.store.tx(async (r) => {
    const out = await fn(r);
    if (marks && !(await r.inbox.complete(interaction.key, ctx.clock.now()))) throw new AlreadyApplied(interaction.key);
    return out;
  });
  if (marks) interaction.completed = true;
  ctx.afterCommit();
  return result;
}

export function audit(r: Repos, actor: Actor, e: Omit<NewAudit, "actor" | "platform">): Promise<void> {
  return r.audit.add({ ...e, actor: actorId(actor), platform: actor.platform });
}

const keyAt = (base: string, a: ChannelAddress) => `${base}@${a.platform}:${a.channel}`;

/**
 * Queues a message to each address under `baseKey` (one outbox row per channel). With `threadOf`, it is
 * posted in the thread of the message queued earlier under that key in the same channel.
 */
export async function postTo(
  r: Repos,
  addresses: readonly ChannelAddress[],
  baseKey: string,
  message: ChatMessage,
  threadOf?: string,
): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) {
    await r.outbox.enqueue({
      key: keyAt(baseKey, a),
      platform: a.platform,
      channel: a.channel,
      body,
      parentKey: threadOf ? keyAt(threadOf, a) : null,
    });
  }
}

/** Replaces, in every channel it went to, a message queued under `baseKey` (update in place). */
export async function replaceAt(r: Repos, addresses: readonly ChannelAddress[], baseKey: string, message: ChatMessage): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) await r.outbox.replace(keyAt(baseKey, a), body);
}

export function outboxKey(baseKey: string, a: ChannelAddress): string {
  return keyAt(baseKey, a);
}

export function uniqueAddresses(list: readonly ChannelAddress[]): ChannelAddress[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = `${a.platform}:${a.channel}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function newCalendar(closedDays: readonly string[]): BusinessCalendar {
  return new BusinessCalendar({ yearly: closedDays });
}
