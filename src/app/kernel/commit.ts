/**
 * How a use case changes anything: one transaction that also writes its audit event (and, under an
 * interaction, marks that interaction applied), then the outbox is woken.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Actor } from "../../ports/chat";
import type { NewAudit, Repos } from "../../ports/store";
import type { AppContext } from "./context";

export function actorId(a: Actor): string {
  return `${a.platform}:${a.userId}`;
}

/** The interaction (click, form, activity) being processed, if any: see app/inbox/inbox.ts. */
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
