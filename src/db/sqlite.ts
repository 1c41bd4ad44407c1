/**
 * Opening a SQLite database: Prisma's client on the better-sqlite3 adapter, its transactions taking the
 * write lock at once, its own nested transactions as savepoints, WAL and a busy timeout.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import type { Db } from "./db";
import { registerConnection } from "./sqlite-hot-path";
import { sqlitePath } from "./url";

/** how long a statement waits for another process's write to finish before SQLITE_BUSY */
export const BUSY_TIMEOUT_MS = 15_000;

/**
 * The better-sqlite3 adapter opens transactions with a plain (deferred) BEGIN. When another process
 * (the CLI, a second bot) writes to the same file, a deferred transaction that reads first and then
 * writes cannot wait for the lock: SQLite answers "database is locked" at once, busy timeout or not.
 * BEGIN IMMEDIATE takes the write lock at the start, where the busy timeout does wait.
 */
function immediateTransactions(factory: PrismaBetterSQLite3, holder: { raw?: Database.Database }): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: Database.Database }).client;
    // the hot path's prepared statements run on this same connection (src/db/sqlite-hot-path.ts)
    holder.raw = client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;
    // Prisma opens a transaction of its own for an operation of several statements (an upsert it cannot
    // write as one). Inside the writer's transaction (src/db/sqlite-writer.ts) that one is a savepoint.
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => (client.inTransaction ? savepoint(adapter, client) : start(isolationLevel));
    return adapter;
  };
  return factory;
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<SqliteAdapter["startTransaction"]>>;
let savepoints = 0;

/**
 * A transaction of Prisma's nested in the one open on the connection: a savepoint. Prisma ends its
 * transactions by sending COMMIT or ROLLBACK as statements (then calling commit() or rollback()): here
 * they release the savepoint or roll back to it.
 */
function savepoint(adapter: SqliteAdapter, client: Database.Database): AdapterTransaction {
  const name = `prisma_${++savepoints}`;
  client.exec(`SAVEPOINT ${name}`);
  const end = (sql: string) => {
    if (/^\s*COMMIT\b/i.test(sql)) client.exec(`RELEASE SAVEPOINT ${name}`);
    else if (/^\s*ROLLBACK\b/i.test(sql)) client.exec(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
    else return false;
    return true;
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (q) => adapter.queryRaw(q),
    executeRaw: async (q) => (end(q.sql) ? 0 : adapter.executeRaw(q)),
    commit: async () => undefined,
    rollback: async () => undefined,
  };
}

/** Opens the SQLite file behind a `file:` URL (created if missing). */
export async function openSqlite(url: string): Promise<Db> {
  mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const holder: { raw?: Database.Database } = {};
  const db = new PrismaClient({ adapter: immediateTransactions(new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }), holder) });
  registerConnection(db, holder);
  // WAL lets readers work while one writer commits; busy_timeout waits for other processes instead of failing.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  // SQLite's default page cache is 2 MB: a fiscal year's figures read tens of thousands of rows, which a
  // larger cache and memory-mapped reads serve without a system call per page
  await db.$queryRawUnsafe("PRAGMA cache_size = -32000");
  await db.$queryRawUnsafe("PRAGMA mmap_size = 268435456");
  return db;
}
