/**
 * The one writer of a SQLite database in this process. Every write (a use case's transaction, a single
 * write of the outbox or the inbox, a batch of accepted clicks) takes this writer's turn, runs between
 * its own BEGIN IMMEDIATE and COMMIT on the connection Prisma itself uses, and gives the turn on.
 *
 * Why not Prisma's interactive transactions: each cost more than a vote's statements together (its
 * transaction manager, timers and query interpreter around BEGIN and COMMIT). Taking turns here keeps what
 * they guaranteed: SQLite's adapter has one connection, and a statement issued on it while a transaction is
 * open runs inside that transaction, so no write may start while another's transaction is open. Inside a
 * turn, Prisma's client (outside any $transaction of its own) and the prepared statements of the hot path
 * run in that turn's transaction. Reads outside transactions go to the reader connection (PrismaStore).
 *
 * As Prisma's did, a turn has limits: waiting for it (MAX_WAIT_MS) and holding it (TIMEOUT_MS); past
 * either it fails, a held one is rolled back, and whatever its work tries next is refused.
 */
import type Database from "better-sqlite3";
import type { Db } from "./client";

export const MAX_WAIT_MS = 15_000;
export const TIMEOUT_MS = 15_000;

export class TransactionEnded extends Error {
  constructor(why: string) {
    super(`the SQLite transaction has ended (${why}); nothing more runs in it`);
  }
}

type Statements = { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement };
const control = new WeakMap<Database.Database, Statements>();
function statements(raw: Database.Database): Statements {
  let s = control.get(raw);
  if (!s) {
    s = { begin: raw.prepare("BEGIN IMMEDIATE"), commit: raw.prepare("COMMIT"), rollback: raw.prepare("ROLLBACK") };
    control.set(raw, s);
  }
  return s;
}

export class SqliteWriter {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly db: Db,
    private readonly connection: () => Database.Database | undefined,
    private readonly limits = { maxWaitMs: MAX_WAIT_MS, timeoutMs: TIMEOUT_MS },
  ) {}

  /** True when a turn is free now: synchronous work may take it at once (see runNow). */
  get free(): boolean {
    return !this.busy && this.waiting.length === 0;
  }

  /**
   * `fn` in one transaction: `db` is Prisma's client and `raw` the connection, both refusing to run once the
   * transaction has ended (committed, rolled back, or timed out).
   */
  async transaction<T>(fn: (db: Db, raw: () => Database.Database) => Promise<T>): Promise<T> {
    await this.turn();
    let raw: Database.Database;
    try {
      raw = await this.connected();
    } catch (e) {
      this.pass();
      throw e;
    }
    let ended: string | undefined;
    const check = () => {
      if (ended) throw new TransactionEnded(ended);
    };
    const db = new Proxy(this.db, {
      get: (target, prop) => {
        check();
        const value: unknown = Reflect.get(target, prop);
        // the client's own methods ($queryRaw…) use private fields: called on the client, not the proxy
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const s = statements(raw);
    try {
      s.begin.run();
    } catch (e) {
      this.pass();
      throw e;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ended = `it took over ${this.limits.timeoutMs / 1000} s`;
        reject(new TransactionEnded(ended));
      }, this.limits.timeoutMs);
    });
    try {
      const result = await Promise.race([
        fn(db, () => {
          check();
          return raw;
        }),
        timedOut,
      ]);
      check();
      ended = "committed";
      s.commit.run();
      return result;
    } catch (e) {
      ended ??= "rolled back";
      // SQLite may have rolled back by itself (a full disk, an interrupted statement)
      if (raw.inTransaction) s.rollback.run();
      throw e;
    } finally {
      clearTimeout(timer);
      timedOut.catch(() => undefined);
      this.pass();
    }
  }

  /**
   * Synchronous work as one transaction, at once when the turn is free (nothing else can run on this thread
   * until it has committed), else in its turn.
   */
  runNow<T>(fn: (raw: Database.Database) => T): T | Promise<T> {
    const run = (raw: Database.Database) => raw.transaction(() => fn(raw)).immediate();
    const raw = this.connection();
    if (raw && this.free) return run(raw);
    return this.turn().then(async () => {
      try {
        return run(await this.connected());
      } finally {
        this.pass();
      }
    });
  }

  /** The connection, opened first if Prisma has not opened it yet (it opens it at its first query). */
  private async connected(): Promise<Database.Database> {
    const raw = this.connection();
    if (raw) return raw;
    await this.db.$connect();
    return this.connection()!;
  }

  private turn(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`waited over ${this.limits.maxWaitMs / 1000} s for the database's writer`));
      }, this.limits.maxWaitMs);
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.push(go);
    });
  }

  /** Hands the turn to the next waiting, or frees it. */
  private pass(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}
