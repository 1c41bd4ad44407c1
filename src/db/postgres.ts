/**
 * PostgreSQL: the Prisma client generated from prisma/postgresql/schema.prisma (derived from the one
 * model definition) on @prisma/adapter-pg, start-up migrations from prisma/postgresql/migrations, and the
 * transaction that serialises use cases across replicas.
 *
 * Migrations are applied here rather than by the Prisma CLI: its Wasm schema engine cannot read
 * PostgreSQL's catalogue through the driver adapter in 6.19 ("Column type 'name' could not be
 * deserialized"). The bookkeeping is Prisma's own `_prisma_migrations` table, with the same checksum, so
 * the history reads the same either way. Replicas starting at once take an advisory lock: one applies,
 * the others wait and then find nothing to do.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma-pg/client";
import { isUniqueViolation, type Db, type Tx } from "./db";

/** advisory lock key of start-up migrations ("PBMG") */
const MIGRATION_LOCK = 0x50424d47;

/** A pool of `poolSize` connections; typed as the SQLite client (both are generated from one model definition: same models, same methods). */
export function openPostgres(url: string, poolSize: number): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) }) as unknown as Db;
}

const TX_ATTEMPTS = 5;
/** the namespace of the transaction advisory locks on subjects (locks.ts), "PBWR" (two-int form: apart from the migration lock) */
const SUBJECT_LOCKS = 0x50425752;
/** PostgreSQL's answers that mean "a concurrent transaction won; run it again" */
function retryable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; meta?: { code?: string } };
  if (err.code === "P2034" || isUniqueViolation(e)) return true;
  return /40001|40P01|could not serialize|deadlock detected/i.test(`${err.meta?.code ?? ""} ${err.message ?? ""}`);
}

/**
 * One use case's writes. Several replicas write at once; a transaction waits only for those that hold a
 * subject it asks for (`hold`: transaction advisory locks, released at commit or rollback; locks.ts says
 * which), so use cases on different subjects run side by side and those on the same one one after
 * another, each seeing what the one before committed. A deadlock (two holding in opposite orders) or a
 * unique key taken by a concurrent insert is retried from the start. `holds` are taken first. `tenant`: the
 * municipality the transaction is for (row-level security holds it to that one's rows).
 */
export async function serializedTransaction<T>(db: Db, fn: (tx: Tx, hold: (...keys: string[]) => Promise<void>) => Promise<T>, holds: string[] = [], tenant?: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          const held = new Set<string>();
          const hold = async (...keys: string[]) => {
            // in a stable order, each once: fewer deadlocks between transactions holding several
            for (const key of [...new Set(keys)].filter((k) => !held.has(k)).sort()) {
              held.add(key);
              await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SUBJECT_LOCKS}, hashtext($1))`, key);
            }
          };
          // row-level security's second guard (migration row_level_security): this transaction sees and
          // writes its municipality's rows only, even through a query that forgot to name it
          if (tenant) await tx.$executeRawUnsafe("SELECT set_config('app.tenant', $1, true)", tenant);
          await hold(...holds);
          return fn(tx, hold);
        },
        { timeout: 30_000, maxWait: 30_000 },
      );
    } catch (e) {
      if (attempt >= TX_ATTEMPTS || !retryable(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));
    }
  }
}

function migrationFolders(dir: string): Array<{ name: string; sql: string; checksum: string }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migratePostgres(url: string, dir: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = new Set(
      (await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map((r) => r.migration_name),
    );
    for (const m of migrationFolders(dir)) {
      if (applied.has(m.name)) continue;
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`, [randomUUID(), m.checksum, m.name]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`database migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
