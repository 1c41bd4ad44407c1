/**
 * Start-up migrations. SQLite: Prisma's own `migrate deploy` (its Wasm schema engine) under a lock file;
 * PostgreSQL: src/db/postgres.ts.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { PROJECT_ROOT } from "../paths";
import { migratePostgres } from "./postgres";
import { BUSY_TIMEOUT_MS } from "./sqlite";
import { isPostgresUrl, sqlitePath } from "./url";

/** how long a process waits for another one that is applying migrations */
const MIGRATION_LOCK_WAIT_MS = 120_000;

const require = createRequire(import.meta.url);
const projectRoot = PROJECT_ROOT;
const migrationsDir = join(projectRoot, "prisma", "migrations");
/** PostgreSQL's migrations, derived from the same model definition */
export const POSTGRES_MIGRATIONS = join(projectRoot, "prisma", "postgresql", "migrations");

/** Migration folders of the project, in order. */
export function migrationNames(): string[] {
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
  if (isPostgresUrl(url)) return migratePostgres(url, POSTGRES_MIGRATIONS);
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

