/**
 * What the operator's tools (doctor, db copy's plan) read of a database without changing it: its name
 * without the password, whether it exists and which migrations it lacks, and its tables' row counts.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationNames, POSTGRES_MIGRATIONS } from "./migrate";
import { BUSY_TIMEOUT_MS } from "./sqlite";
import { isPostgresUrl, sqlitePath } from "./url";

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
    const names = readdirSync(POSTGRES_MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(POSTGRES_MIGRATIONS, d.name, "migration.sql"))).map((d) => d.name).sort();
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
