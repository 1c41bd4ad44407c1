/**
 * The inbox of interactions: persisted before the platform is acknowledged (InboxStore, outside any use
 * case), and marked done in the transaction of the change it makes (the repository's `complete`).
 */
import type { InboxRecord, InboxStore, Repos } from "../../ports/store";
import type { AcceptBatcher } from "../accept-batcher";
import { isUniqueViolation, type DbAccess, type Tx } from "../db";

export function inbox(db: Tx, t: string): Repos["inbox"] {
  return {
    complete: async (key, at) => (await db.interaction.updateMany({ where: { tenantId: t, key, state: "pending" }, data: { state: "done", doneAt: at } })).count === 1,
  };
}

/**
 * @param accepts SQLite: the group commit of accepted clicks; PostgreSQL: none (one insert each)
 * @param t the municipality whose interactions these are: each is replayed through its own use cases
 */
export function inboxStore({ reader: r, write: w }: DbAccess, accepts: AcceptBatcher | null, t: string): InboxStore {
  return {
    accept: async (key, platform, payload, leaseUntil) => {
      if (accepts) return accepts.accept(key, t, platform, payload, leaseUntil);
      try {
        await w((d) => d.interaction.create({ data: { key, tenantId: t, platform, payload, state: "pending", leaseUntil } }));
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    release: async (key) => {
      await w((d) => d.interaction.deleteMany({ where: { key } }));
    },
    complete: async (key, at) => {
      await w((d) => d.interaction.updateMany({ where: { key, state: "pending" }, data: { state: "done", doneAt: at } }));
    },
    retryLater: async (key, error, retryAt, giveUp) => {
      await w((d) => d.interaction.updateMany({
        where: { key, state: "pending" },
        data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), leaseUntil: retryAt, ...(giveUp ? { state: "failed" } : {}) },
      }));
    },
    claimStale: async (now, leaseUntil, limit) => {
      const stale = await r.interaction.findMany({ where: { tenantId: t, state: "pending", leaseUntil: { lt: now } }, orderBy: { createdAt: "asc" }, take: limit });
      const claimed: InboxRecord[] = [];
      for (const row of stale) {
        // a conditional update: of several processes replaying at once, one wins each row
        const won = await w((d) => d.interaction.updateMany({ where: { key: row.key, state: "pending", leaseUntil: row.leaseUntil }, data: { leaseUntil } }));
        if (won.count === 1) claimed.push({ key: row.key, platform: row.platform, payload: row.payload, attempts: row.attempts });
      }
      return claimed;
    },
    pendingCount: () => r.interaction.count({ where: { state: "pending" } }),
    get: (key) => r.interaction.findUnique({ where: { key }, select: { state: true, attempts: true, lastError: true } }),
    prune: async (before) => (await w((d) => d.interaction.deleteMany({ where: { createdAt: { lt: before }, state: { not: "pending" } } }))).count,
  };
}

/** Forgets platform delivery keys (Slack retries, Teams re-sends) and finished interactions from before `before`. */
export async function pruneDeliveryKeys({ write }: DbAccess, inboxStore: InboxStore, before: Date): Promise<number> {
  const keys = await write((d) => d.processedKey.deleteMany({
    where: { createdAt: { lt: before }, OR: [{ key: { startsWith: "slack:" } }, { key: { startsWith: "teams:" } }] },
  }));
  return keys.count + (await inboxStore.prune(before));
}
