/** Prisma client factory and start-up migrations: the only place that knows how the database is opened. */
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";

export type Db = InstanceType<typeof PrismaClient>;

/** The file behind a `file:` URL, relative paths taken from the working directory (as the Prisma CLI does). */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

export async function openDb(url: string): Promise<Db> {
  mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
  // WAL lets readers work while the one writer commits; busy_timeout waits instead of failing.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (through its Wasm schema engine), so a
 * fresh checkout starts on an empty database and `prisma migrate status` agrees with what ran.
 */
export async function migrate(url: string): Promise<void> {
  mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma/build/index.js");
  try {
    await promisify(execFile)(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      cwd: resolve(dirname(require.resolve("../../package.json"))),
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`database migration failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}
