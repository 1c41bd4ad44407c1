/**
 * `npm run bench:reports`: the fiscal year's figures (src/app/reports) over 100,000 proposals and 100,000
 * agreements (with their routings, board rounds and status reports, spread over four fiscal years), on
 * SQLite and on PostgreSQL (BENCH_POSTGRES_URL, else one started from the npm registry). Target: under one
 * second for a year's figures, on each database. BENCH_SQL=1 also prints each statement's time per year's
 * figures (on PostgreSQL the statements run at once on the pool, so their times overlap).
 */
import Database from "better-sqlite3";
import pg from "pg";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "../src/config/env";
import { loadOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { migrate } from "../src/db/migrate";
import { createLogger } from "../src/logger";
import { startPostgres } from "../test/helpers/postgres-server";

const N = Number(process.env.BENCH_REPORT_ROWS ?? 100_000);
const ONLY_SQLITE = process.env.BENCH_ONLY_SQLITE === "1";
const SQL_TIMES = process.env.BENCH_SQL === "1";
const TARGET_MS = 1000;
const NOW = new Date("2027-09-01T03:00:00Z");
/** 2024-04-01 JST: rows spread over four fiscal years from here */
const START = Date.parse("2024-03-31T15:00:00Z");
const SPAN = Date.parse("2027-08-31T15:00:00Z") - START;
const DEPTS = ["planning", "school-education", "public-health", "welfare", "environment", "digital", "industry", "culture"];
const FIELDS = ["education", "health", "environment", "dx", "culture", "industry"];
const PATTERNS = ["co_hosting", "tech_trial", "other"];
const SOURCES = ["api", "web", "slack", "teams"];

const at = (i: number) => new Date(START + Math.floor((i * 7919) % N) * (SPAN / N));
const day = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** BENCH_SQL=1: time per statement text, summed over the measured runs (better-sqlite3's all, pg's query) */
const sqlTimes = new Map<string, { n: number; ms: number }>();
function timeStatements(): void {
  const record = (sql: string, t0: number) => {
    const key = sql.replace(/\s+/g, " ").trim().slice(0, 110);
    const t = sqlTimes.get(key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += performance.now() - t0;
    sqlTimes.set(key, t);
  };
  const st = Object.getPrototypeOf(new Database(":memory:").prepare("SELECT 1")) as { all: (...a: unknown[]) => unknown };
  const all = st.all;
  st.all = function (this: { source: string }, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return all.apply(this, args);
    } finally {
      record(this.source, t0);
    }
  };
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const text = typeof args[0] === "string" ? args[0] : String((args[0] as { text?: string })?.text ?? "");
    // pg-pool's query passes a callback; a client's own query returns a promise
    const cb = args.at(-1);
    if (typeof cb === "function") {
      args[args.length - 1] = (...r: unknown[]) => {
        record(text, t0);
        return (cb as (...r: unknown[]) => unknown)(...r);
      };
    }
    const out = query.apply(this, args);
    if (typeof cb !== "function" && out && typeof (out as Promise<unknown>).finally === "function") void (out as Promise<unknown>).finally(() => record(text, t0)).catch(() => undefined);
    return out;
  };
}
function printStatements(label: string, runs: number): void {
  const rows = [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms);
  for (const [sql, { n, ms }] of rows) console.log(`  ${label} ${(ms / runs).toFixed(1).padStart(8)} ms/run ${String(n / runs).padStart(4)}×  ${sql}`);
  sqlTimes.clear();
}

interface Row {
  p: unknown[];
  r: unknown[] | null;
  a: unknown[] | null;
  round: unknown[] | null;
  report: unknown[] | null;
}

/** the same rows for both databases (time values as Date) */
function* rows(): Generator<Row> {
  for (let i = 1; i <= N; i++) {
    const created = at(i);
    const dept = DEPTS[i % DEPTS.length];
    const taken = i % 5 !== 0 ? addDays(created, 1 + (i % 20)) : null;
    const fields = JSON.stringify([FIELDS[i % FIELDS.length], ...(i % 3 === 0 ? [FIELDS[(i + 1) % FIELDS.length]] : [])]);
    const p = [`p${i}`, i, "bench-co", `提案 ${i}`, "概要", fields, PATTERNS[i % 3], i % 7 === 0, "担当", "a@example.jp", SOURCES[i % 4], taken ? "taken" : "routing", taken ? dept : null, created, created];
    const r = taken ? [`r${i}`, `p${i}`, dept, "taken", taken, created] : null;
    const concluded = taken && i % 3 === 0 ? addDays(taken, 10 + (i % 60)) : null;
    const a = concluded
      ? [`a${i}`, i, i % 9 === 0 ? "no_agreement" : "agreement", `p${i}`, "bench-co", `協定 ${i}`, PATTERNS[i % 3], dept, day(concluded), i % 9 === 0 ? null : day(addDays(concluded, 365 + (i % 300))), "active", concluded, concluded]
      : null;
    const round = taken && i % 7 === 0 ? [`rr${i}`, `p${i}`, 1, i % 2 ? "approved" : "rejected", addDays(taken, 2), addDays(taken, 12), addDays(taken, 9)] : null;
    const report = a && i % 4 === 0 ? [`s${i}`, `a${i}`, "on_track", "実施", i * 100, dept, addDays(concluded!, 95)] : null;
    yield { p, r, a, round, report };
  }
}

const SQL = {
  company: `INSERT INTO "Company" (id, name, "normalizedName", "createdAt", "updatedAt") VALUES ('bench-co', 'ベンチ株式会社', 'ベンチ', ?, ?)`,
  p: `INSERT INTO "Proposal" (id, number, "companyId", title, summary, fields, pattern, "costToCity", "contactName", email, source, status, "ownerDepartment", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  r: `INSERT INTO "Routing" (id, "proposalId", "departmentCode", state, "respondedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
  a: `INSERT INTO "Agreement" (id, number, kind, "proposalId", "companyId", title, pattern, "departmentCode", "startDate", "endDate", state, "concludedAt", "createdAt", "createdBy", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?)`,
  round: `INSERT INTO "ReviewRound" (id, "proposalId", number, state, "openedAt", deadline, "closedAt", "openedBy") VALUES (?, ?, ?, ?, ?, ?, ?, 'bench')`,
  report: `INSERT INTO "StatusReport" (id, "agreementId", status, done, "estimatedAmount", "departmentCode", "createdAt", "reportedBy", platform) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench', 'slack')`,
};

function seedSqlite(file: string): void {
  const db = new Database(file);
  const conv = (xs: unknown[]) => xs.map((x) => (x instanceof Date ? sqliteTime(x) : typeof x === "boolean" ? (x ? 1 : 0) : x));
  const st = Object.fromEntries(Object.entries(SQL).map(([k, s]) => [k, db.prepare(s)])) as Record<keyof typeof SQL, Database.Statement>;
  db.transaction(() => {
    st.company.run(sqliteTime(NOW), sqliteTime(NOW));
    for (const row of rows()) {
      st.p.run(conv(row.p));
      if (row.r) st.r.run(conv(row.r));
      if (row.a) st.a.run(conv([...row.a, row.a.at(-1)]));
      if (row.round) st.round.run(conv(row.round));
      if (row.report) st.report.run(conv(row.report));
    }
  })();
  db.exec("ANALYZE");
  db.close();
}

async function seedPostgres(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ph = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  await c.query("BEGIN");
  await c.query(ph(SQL.company), [NOW, NOW]);
  // multi-row inserts, 500 rows a statement
  const batches: Record<string, unknown[][]> = { p: [], r: [], a: [], round: [], report: [] };
  const flush = async (k: keyof typeof batches) => {
    const list = batches[k];
    if (!list.length) return;
    const cols = list[0].length;
    const base = SQL[k as keyof typeof SQL].replace(/VALUES \(.*\)$/, "VALUES ");
    const extra = SQL[k as keyof typeof SQL].match(/VALUES \((.*)\)$/)![1].split(",").map((x) => x.trim());
    let n = 0;
    const values = list.map(() => `(${extra.map((e) => (e === "?" ? `$${++n}` : e)).join(", ")})`).join(", ");
    await c.query(base + values, list.flat());
    batches[k] = [];
    void cols;
  };
  for (const row of rows()) {
    batches.p.push(row.p);
    if (row.r) batches.r.push(row.r);
    if (row.a) batches.a.push([...row.a, row.a.at(-1)]);
    if (row.round) batches.round.push(row.round);
    if (row.report) batches.report.push(row.report);
    if (batches.p.length >= 500) for (const k of ["p", "r", "a", "round", "report"] as const) await flush(k);
  }
  for (const k of ["p", "r", "a", "round", "report"] as const) await flush(k);
  await c.query("COMMIT");
  await c.query("ANALYZE");
  await c.end();
}

async function measure(label: string, url: string): Promise<boolean> {
  const env = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" });
  const core = await buildCore(env, createLogger("silent"), { org: loadOrg("config/org.example.yml"), skipMigrations: true, clock: { now: () => NOW } });
  let ok = true;
  try {
    for (const year of [2026, 2027]) {
      await core.workflow.reports.year(year); // warm-up (statements, pool)
      sqlTimes.clear();
      const times: number[] = [];
      let received = 0;
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        const r = await core.workflow.reports.year(year);
        times.push(performance.now() - t0);
        received = r.key.received;
      }
      const med = [...times].sort((a, b) => a - b)[2];
      const pass = med < TARGET_MS;
      ok &&= pass;
      console.log(`${label}: FY${year} figures (${received.toLocaleString()} proposals received that year) in ${med.toFixed(0)} ms (median of 5; target < ${TARGET_MS} ms) ${pass ? "ok" : "MISSED"}`);
      if (SQL_TIMES) printStatements(`FY${year}`, times.length);
    }
  } finally {
    await core.store.close();
  }
  return ok;
}

async function main() {
  if (SQL_TIMES) timeStatements();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "bench-reports-"));
  const file = join(dir, "app.db");
  await migrate(`file:${file}`);
  seedSqlite(file);
  console.log(`SQLite: seeded ${N.toLocaleString()} proposals and their agreements, routings, rounds and reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let ok = await measure("SQLite", `file:${file}`);
  if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });

  if (ONLY_SQLITE) { process.exitCode = ok ? 0 : 1; return; }
  const server = process.env.BENCH_POSTGRES_URL ? { admin: process.env.BENCH_POSTGRES_URL, stop: async () => undefined } : await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.admin });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "bench_reports" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "bench_reports"`);
    await admin.end();
    const u = new URL(server.admin);
    u.pathname = "/bench_reports";
    await migrate(u.toString());
    const t1 = performance.now();
    await seedPostgres(u.toString());
    console.log(`PostgreSQL: seeded the same rows in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    ok = (await measure("PostgreSQL", u.toString())) && ok;
  } finally {
    await server.stop();
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
