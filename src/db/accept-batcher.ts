/** SQLite: clicks that arrive together are written together (group commit), one statement per flush. */
import type Database from "better-sqlite3";
import type { SqliteWriter } from "./sqlite-writer";

/** Prisma's SQLite form of a time (ISO with +00:00): the same text, so times compare as Prisma's own do */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
const ACCEPT_BATCH = 500;

/**
 * Group commit of new interactions on SQLite. A click is persisted before it is acknowledged, and on one
 * connection every write waits for the transaction before it: written one by one, a burst of clicks
 * queues behind each other's commits. Clicks that arrive in the same turn of the event loop are written by
 * one transaction (a prepared INSERT … ON CONFLICT DO NOTHING each), and each is answered after that
 * commit: persisted before acknowledged, as before, at a fraction of the cost.
 */
const insertStatements = new WeakMap<object, Database.Statement>();
function insertInteraction(raw: Database.Database): Database.Statement {
  let stmt = insertStatements.get(raw);
  if (!stmt) {
    stmt = raw.prepare(`INSERT INTO "Interaction" ("key", "tenantId", "platform", "payload", "state", "attempts", "leaseUntil", "createdAt") VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT ("key") DO NOTHING`);
    insertStatements.set(raw, stmt);
  }
  return stmt;
}

export class AcceptBatcher {
  private queue: Array<{ key: string; row: unknown[]; done: (fresh: boolean) => void; fail: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly writer: SqliteWriter) {}

  accept(key: string, tenant: string, platform: string, payload: string, leaseUntil: Date): Promise<boolean> {
    return new Promise((done, fail) => {
      const now = sqliteTime(new Date());
      this.queue.push({ key, row: [key, tenant, platform, payload, sqliteTime(leaseUntil), now], done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, ACCEPT_BATCH);
    if (this.queue.length) setImmediate(() => void this.flush());
    else this.scheduled = false;
    // the same key twice in one batch (a double delivery): only the first is new
    const first = new Map<string, (typeof batch)[number]>();
    for (const item of batch) if (!first.has(item.key)) first.set(item.key, item);
    const rows = [...first.values()];
    try {
      // at once, synchronously, when the writer is free; else in the writer's turn (never inside another's
      // transaction: an insert there would share that transaction's fate)
      const fresh = await this.writer.runNow((raw) => {
        const insert = insertInteraction(raw);
        return new Set(rows.filter((r) => insert.run(...r.row).changes === 1).map((r) => r.key));
      });
      for (const item of batch) item.done(first.get(item.key) === item && fresh.has(item.key));
    } catch (e) {
      for (const item of batch) item.fail(e);
    }
  }

  close(): void {
    for (const item of this.queue.splice(0)) item.fail(new Error("the store is closed"));
  }
}
