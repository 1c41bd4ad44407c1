/**
 * Moving an office's data from SQLite to PostgreSQL (`npm run cli -- db copy --to postgresql://…`): every
 * table with its ids, the audit trail and the pending outbox, in one PostgreSQL transaction (all or
 * nothing), then row counts compared. A target that holds any row is refused.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { migrate, POSTGRES_MIGRATIONS } from "./migrate";
import { migratePostgres } from "./postgres";
import { isPostgresUrl, sqlitePath } from "./url";

/** Parents before children (foreign keys); tables not named here come after, in name order. */
const ORDER = ["Company", "Proposal", "Routing", "ReviewRound", "Vote", "Agreement", "StatusReport", "DisasterRecord", "SurveyRound", "SurveyRequest"];
/** Rows that point at rows of their own table come in this order (a renewal after the agreement it renews). */
const ROW_ORDER: Record<string, string> = { Agreement: "number" };
/** Tables whose integer ids come from a sequence in PostgreSQL: moved on past the copied ids. */
const SERIAL_IDS = ["AuditEvent", "OutboundMessage"];

export interface CopyReport {
  tables: Array<{ table: string; rows: number }>;
}

export class CopyRefused extends Error {}

export async function copySqliteToPostgres(sqliteFile: string, targetUrl: string, migrationsDir: string): Promise<CopyReport> {
  await migratePostgres(targetUrl, migrationsDir);
  const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: targetUrl });
  await target.connect();
  try {
    const names = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as Array<{ name: string }>).map((r) => r.name);
    const tables = [...ORDER.filter((t) => names.includes(t)), ...names.filter((t) => !ORDER.includes(t)).sort()];
    for (const t of tables) {
      const n = Number((await target.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
      if (n > 0) throw new CopyRefused(`the target is not empty: table ${t} has ${n} row(s); copy into a new, empty database`);
    }
    const report: CopyReport = { tables: [] };
    await target.query("BEGIN");
    try {
      for (const t of tables) {
        const types = new Map(
          (await target.query<{ column_name: string; data_type: string }>("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", [t])).rows.map((r) => [r.column_name, r.data_type]),
        );
        const rows = source.prepare(`SELECT * FROM "${t}"${ROW_ORDER[t] ? ` ORDER BY "${ROW_ORDER[t]}"` : ""}`).all() as Array<Record<string, unknown>>;
        for (const row of rows) {
          const cols = Object.keys(row);
          const missing = cols.filter((c) => !types.has(c));
          if (missing.length) throw new Error(`table ${t}: column(s) ${missing.join(", ")} missing in the target (different schema versions?)`);
          const values = cols.map((c) => {
            const v = row[c];
            if (v === null || v === undefined) return null;
            if (types.get(c) === "boolean") return v === 1 || v === true || v === "1" || v === "true";
            // SQLite keeps Prisma's DateTime as ISO text or as milliseconds
            if (types.get(c)?.startsWith("timestamp") && typeof v === "number") return new Date(v).toISOString();
            return v;
          });
          await target.query(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`, values);
        }
        report.tables.push({ table: t, rows: rows.length });
      }
      for (const t of SERIAL_IDS.filter((x) => tables.includes(x))) {
        await target.query(`SELECT setval(pg_get_serial_sequence('"${t}"', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM "${t}"), 1), (SELECT COUNT(*) > 0 FROM "${t}"))`);
      }
      await target.query("COMMIT");
    } catch (e) {
      await target.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
    for (const { table, rows } of report.tables) {
      const n = Number((await target.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
      if (n !== rows) throw new Error(`verification failed: table ${table} has ${n} row(s) in the target, ${rows} in the source`);
    }
    return report;
  } finally {
    source.close();
    await target.end();
  }
}

/** Copies the SQLite database behind `sourceUrl` into the empty PostgreSQL database `targetUrl` (migrated first). */
export async function copyToPostgres(sourceUrl: string, targetUrl: string): Promise<CopyReport> {
  if (isPostgresUrl(sourceUrl)) throw new CopyRefused("the source must be the SQLite database (DATABASE_URL=file:…)");
  if (!isPostgresUrl(targetUrl)) throw new CopyRefused("--to: a PostgreSQL URL (postgresql://user:password@host:5432/db)");
  await migrate(sourceUrl);
  return copySqliteToPostgres(sqlitePath(sourceUrl), targetUrl, POSTGRES_MIGRATIONS);
}
