/**
 * Prisma client factory and start-up migrations: the only place that knows how the database is opened.
 * `file:` URLs are SQLite (the embedded default); `postgresql://` URLs are PostgreSQL (src/db/postgres.ts).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { CopyRefused, copySqliteToPostgres, type CopyReport } from "./copy";
import pg from "pg";
import { isPostgresUrl, migratePostgres, openPostgres } from "./postgres";
import { PrismaStore } from "./store";
import { PROJECT_ROOT } from "../paths";
import { registerConnection } from "./sqlite-hot-path";

export type Db = InstanceType<typeof PrismaClient>;

/** how long a statement waits for another process's write to finish before SQLITE_BUSY */
export const BUSY_TIMEOUT_MS = 15_000;
/** how long a process waits for another one that is applying migrations */
const MIGRATION_LOCK_WAIT_MS = 120_000;

const require = createRequire(import.meta.url);
const projectRoot = PROJECT_ROOT;
const migrationsDir = join(projectRoot, "prisma", "migrations");

/** The file behind a `file:` URL, relative paths taken from the working directory (as the Prisma CLI does). */
export function sqlitePath(url: string): string {
  if (isPostgresUrl(url)) throw new Error("not a SQLite URL");
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

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

/** The URL as the processes share it: a SQLite file by its absolute path (the working directory may differ). */
export function databaseUrl(url: string): string {
  return isPostgresUrl(url) ? url : `file:${sqlitePath(url)}`;
}

/** Opens the database behind a URL: a PostgreSQL pool of `poolSize` connections, or the SQLite file. */
export async function openDb(url: string, poolSize = 10): Promise<Db> {
  // both clients are generated from one model definition: same models, same methods
  if (isPostgresUrl(url)) return openPostgres(url, poolSize) as unknown as Db;
  mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const holder: { raw?: Database.Database } = {};
  const db = new PrismaClient({ adapter: immediateTransactions(new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }), holder) });
  registerConnection(db, holder);
  // WAL lets readers work while one writer commits; busy_timeout waits for other processes instead of failing.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}

/** Migration folders of the project, in order. */
function migrationNames(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** True when every migration folder has been applied to the database (read-only, no Prisma CLI). */
function upToDate(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return false;
    const applied = new Set(
      (db.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as Array<{ name: string }>).map((r) => r.name),
    );
    return migrationNames().every((m) => applied.has(m));
  } finally {
    db.close();
  }
}

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (through its Wasm schema engine), so a
 * fresh checkout starts on an empty database and `prisma migrate status` agrees with what ran.
 *
 * Any number of processes may start at once beside a running bot: an up-to-date database is left alone
 * (no Prisma CLI at all); otherwise one process takes an exclusive lock (a lock file next to the
 * database, held by SQLite itself, so it is released if the process dies) and applies them, and the
 * others wait for it, then find the database up to date.
 */
export async function migrate(url: string): Promise<void> {
  if (isPostgresUrl(url)) return migratePostgres(url, join(projectRoot, "prisma", "postgresql", "migrations"));
  const file = sqlitePath(url);
  mkdirSync(dirname(file), { recursive: true });
  if (upToDate(file)) return;
  const lock = new Database(`${file}.migrate-lock`, { timeout: MIGRATION_LOCK_WAIT_MS });
  try {
    try {
      lock.exec("BEGIN EXCLUSIVE");
    } catch (e) {
      throw new Error(`database migration: another process has been applying migrations for over ${MIGRATION_LOCK_WAIT_MS / 1000} s (${(e as Error).message}); try again when it is done`);
    }
    if (upToDate(file)) return;
    const cli = require.resolve("prisma/build/index.js");
    try {
      await promisify(execFile)(process.execPath, [cli, "migrate", "deploy"], {
        env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
        cwd: projectRoot,
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`database migration failed: ${(err.stderr || err.stdout || err.message).trim()}`);
    }
  } finally {
    if (lock.inTransaction) lock.exec("ROLLBACK");
    lock.close();
  }
}

/** The repositories over the database behind a URL. */
export async function openStore(url: string, poolSize = 10): Promise<PrismaStore> {
  if (isPostgresUrl(url)) return new PrismaStore(await openDb(url, poolSize), "postgresql");
  // SQLite: one connection for writes, one for reads (see PrismaStore)
  return new PrismaStore(await openDb(url), "sqlite", await openDb(url));
}

/** Copies the SQLite database behind `sourceUrl` into the empty PostgreSQL database `targetUrl` (migrated first). */
export async function copyToPostgres(sourceUrl: string, targetUrl: string): Promise<CopyReport> {
  if (isPostgresUrl(sourceUrl)) throw new CopyRefused("the source must be the SQLite database (DATABASE_URL=file:…)");
  if (!isPostgresUrl(targetUrl)) throw new CopyRefused("--to: a PostgreSQL URL (postgresql://user:password@host:5432/db)");
  await migrate(sourceUrl);
  return copySqliteToPostgres(sqlitePath(sourceUrl), targetUrl, join(projectRoot, "prisma", "postgresql", "migrations"));
}

/** The database as an operator names it, without its password: `SQLite /srv/bot/data/app.db`, `PostgreSQL postgresql://bot:***@db:5432/partner`. */
export function describeDatabase(url: string): string {
  if (!isPostgresUrl(url)) return `SQLite ${sqlitePath(url)}`;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, "***");
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return "PostgreSQL (unreadable URL)";
  }
}

export interface DatabaseStatus {
  /** false: a SQLite file not created yet */
  exists: boolean;
  /** migration folders not applied yet */
  pending: string[];
}

/**
 * Whether the database opens and which migrations it lacks, read-only: nothing is created or migrated
 * (`doctor` must not change what it looks at). PostgreSQL within `timeoutMs`.
 */
export async function databaseStatus(url: string, timeoutMs = 5_000): Promise<DatabaseStatus> {
  if (!isPostgresUrl(url)) {
    const file = sqlitePath(url);
    if (!existsSync(file)) return { exists: false, pending: migrationNames() };
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      const applied = new Set(
        table ? (db.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as Array<{ name: string }>).map((r) => r.name) : [],
      );
      return { exists: true, pending: migrationNames().filter((m) => !applied.has(m)) };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  await client.connect();
  try {
    const dir = join(projectRoot, "prisma", "postgresql", "migrations");
    const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql"))).map((d) => d.name).sort();
    const table = (await client.query("SELECT to_regclass('_prisma_migrations') AS t")).rows[0].t;
    const applied = new Set(
      table ? (await client.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map((r) => r.name) : [],
    );
    return { exists: true, pending: names.filter((m) => !applied.has(m)) };
  } finally {
    await client.end();
  }
}

/** Rows in each table of the SQLite database behind `url` (what `db copy` would copy), read-only. */
export function sqliteRowCounts(url: string): Array<{ table: string; rows: number }> {
  const db = new Database(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    return names.map((table) => ({ table, rows: (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n }));
  } finally {
    db.close();
  }
}
