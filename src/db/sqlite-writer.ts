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
 *
 * A batch is one turn for several use cases (the queue of accepted clicks, src/app/inbox.ts): each use
 * case's transaction is a savepoint of the batch's, and the batch commits once.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db } from "./db";

const MAX_WAIT_MS = 15_000;
const TIMEOUT_MS = 15_000;

export class TransactionEnded extends Error {
  constructor(why: string) {
    super(`the SQLite transaction has ended (${why}); nothing more runs in it`);
  }
}

type Statements = Record<"begin" | "commit" | "rollback" | "savepoint" | "release" | "rollbackTo", Database.Statement>;
const control = new WeakMap<Database.Database, Statements>();
function statements(raw: Database.Database): Statements {
  let s = control.get(raw);
  if (!s) {
    s = {
      begin: raw.prepare("BEGIN IMMEDIATE"),
      commit: raw.prepare("COMMIT"),
      rollback: raw.prepare("ROLLBACK"),
      // a batch's savepoints run one after another, never nested: one name serves
      savepoint: raw.prepare("SAVEPOINT batched"),
      release: raw.prepare("RELEASE batched"),
      rollbackTo: raw.prepare("ROLLBACK TO batched"),
    };
    control.set(raw, s);
  }
  return s;
}

/** A transaction of the writer, and the savepoints queued inside it (a batch). */
interface Batch {
  open: boolean;
  raw: Database.Database;
  /** the last savepoint's end: the next one starts after it */
  tail: Promise<void>;
  /** why statements are refused now ("committed", a time limit…) */
  ended?: string;
}

/** Prisma's client, refusing to run once `check` throws (its transaction has ended). */
function guarded(db: Db, check: () => void): Db {
  return new Proxy(db, {
    get: (target, prop) => {
      check();
      const value: unknown = Reflect.get(target, prop);
      // the client's own methods ($queryRaw…) use private fields: called on the client, not the proxy
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function guardedRaw(raw: Database.Database, check: () => void): () => Database.Database {
  return () => {
    check();
    return raw;
  };
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
   * transaction has ended (committed, rolled back, or timed out). Inside a batch (see batch) it is a
   * savepoint of the batch's transaction.
   */
  async transaction<T>(fn: (db: Db, raw: () => Database.Database) => Promise<T>): Promise<T> {
    const batch = this.batches.getStore();
    if (batch?.open) return this.savepoint(batch, fn);
    // work of a batch that was given up (its time limit) must not go on to commit by itself
    if (batch) throw new TransactionEnded(batch.ended ?? "the batch has ended");
    return this.whole(fn);
  }

  /**
   * Several use cases' transactions as one: every transaction `fn` runs (one after another) is a savepoint
   * of one transaction, committed once at the end. A use case that fails rolls back its own savepoint only.
   * One commit instead of one per use case: most of what a short transaction costs is its commit.
   */
  batch<T>(fn: () => Promise<T>): Promise<T> {
    return this.whole((_db, _raw, batch) => this.batches.run(batch, fn));
  }

  private readonly batches = new AsyncLocalStorage<Batch>();

  /** True inside a batch's work while it is open (its reads belong on the writer: see PrismaStore.read). */
  get batchOpen(): boolean {
    return this.batches.getStore()?.open === true;
  }

  private async whole<T>(fn: (db: Db, raw: () => Database.Database, batch: Batch) => Promise<T>): Promise<T> {
    await this.turn();
    let raw: Database.Database;
    try {
      raw = await this.connected();
    } catch (e) {
      this.pass();
      throw e;
    }
    const batch: Batch = { open: true, raw, tail: Promise.resolve() };
    const check = () => {
      if (batch.ended) throw new TransactionEnded(batch.ended);
    };
    let s: Statements;
    try {
      if (!raw) throw new Error("the database connection is not open");
      s = statements(raw);
      s.begin.run();
    } catch (e) {
      this.pass();
      throw e;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        batch.ended = `it took over ${this.limits.timeoutMs / 1000} s`;
        reject(new TransactionEnded(batch.ended));
      }, this.limits.timeoutMs);
    });
    try {
      const result = await Promise.race([fn(guarded(this.db, check), guardedRaw(raw, check), batch), timedOut]);
      check();
      batch.ended = "committed";
      s.commit.run();
      return result;
    } catch (e) {
      batch.ended ??= "rolled back";
      // SQLite may have rolled back by itself (a full disk, an interrupted statement)
      if (raw.inTransaction) s.rollback.run();
      throw e;
    } finally {
      batch.open = false;
      clearTimeout(timer);
      timedOut.catch(() => undefined);
      this.pass();
    }
  }

  /** A transaction inside a batch: a savepoint, one at a time. */
  private async savepoint<T>(batch: Batch, fn: (db: Db, raw: () => Database.Database) => Promise<T>): Promise<T> {
    const before = batch.tail;
    let done!: () => void;
    batch.tail = new Promise<void>((resolve) => (done = resolve));
    await before;
    let ended: string | undefined;
    const check = () => {
      // SQLite rolls a transaction back by itself after some errors (a full disk): the batch is over then
      if (!batch.ended && !batch.raw.inTransaction) batch.ended = "rolled back by SQLite";
      if (batch.ended) throw new TransactionEnded(batch.ended);
      if (ended) throw new TransactionEnded(ended);
    };
    try {
      check();
      const s = statements(batch.raw);
      s.savepoint.run();
      try {
        const result = await fn(guarded(this.db, check), guardedRaw(batch.raw, check));
        check();
        ended = "committed";
        s.release.run();
        return result;
      } catch (e) {
        ended ??= "rolled back";
        if (!batch.ended && batch.raw.inTransaction) {
          s.rollbackTo.run();
          s.release.run();
        }
        throw e;
      }
    } finally {
      done();
    }
  }

  /**
   * Synchronous work as one transaction, at once when the turn is free (nothing else can run on this thread
   * until it has committed), else in its turn.
   */
  runNow<T>(fn: (raw: Database.Database) => T): T | Promise<T> {
    const run = (raw: Database.Database) => raw.transaction(() => fn(raw)).immediate();
    const raw = this.connection();
    // (a transaction still open on the connection would make this a part of it: wait for the turn then)
    if (raw && this.free && !raw.inTransaction) return run(raw);
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
