/**
 * Clicks under load (npm run bench:clicks), measured beside a bare Bolt app in the same run, both on
 * SQLite, both real processes:
 *   - the bare app (bench/bare-bolt.ts): Bolt's HTTP receiver + three prepared statements per click;
 *   - the bot: `node dist/main.js` (what npm start runs) with Slack on, against a fake Slack here.
 * Load: CONNECTIONS connections sending distinct signed board-vote clicks (block_actions) for SECONDS s.
 * Prints acknowledgement p50/p99 and throughput for both, the rate at which the bot fully applies votes
 * (recorded, audited, card update queued), and the bot's p99 again with 10,000 messages waiting in the
 * outbox; each figure beside its target. Not a test: it prints figures.
 * BENCH_PROFILE=<dir>: the bot's CPU profile; BENCH_SQL=1: its SQLite statements, timed; BENCH_TIMELINE=1:
 * each second's slowest click.
 */
import http from "node:http";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseEnv } from "../src/config/env";
import { buildCore } from "../src/core";
import { migrate } from "../src/db/migrate";
import { createLogger } from "../src/logger";
import { boardOrg, MEMBERS, member, openRounds } from "./board";
import { SIGNING_SECRET, sign, TEAM } from "../test/helpers/slack-client";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
// 600 rounds of 50 members: 30,000 distinct votes, more than 10 s of clicks at the bot's pace
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 600);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
// "changes" opens a form for the reasons: clicks here are the two that vote at once
const CHOICES = ["review.approve", "review.reject"];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A signed block_actions click, as Slack sends it. */
function click(user: string, roundId: string, actionId: string, n: number): { body: string; headers: Record<string, string> } {
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM.id },
    api_app_id: "A0PARTNER",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: "C0BOARD", is_ephemeral: false },
    trigger_id: `trigger.${n}`,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: "C0BOARD", name: "board" },
    message: { type: "message", user: "U0BOT", ts: "1700000000.000100", bot_id: "B0BOT", text: "" },
    state: { values: {} },
    response_url: `http://127.0.0.1:9/response/${n}`,
    actions: [{ action_id: actionId, block_id: "actions-0", text: { type: "plain_text", text: "button", emoji: true }, value: roundId, type: "button", action_ts: `1900000000.${String(n).padStart(7, "0")}` }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, headers: { "content-type": "application/x-www-form-urlencoded", ...sign(body) } };
}

interface Load {
  p50: number;
  p99: number;
  perSecond: number;
  acked: number;
  firstAt: number;
  /** clicks not acknowledged within Slack's 3 s */
  late: number;
}

/**
 * The load generator's HTTP client: node:http with a keep-alive agent of exactly CONNECTIONS sockets, so
 * that every sender has its own connection for the whole run (no pool deciding when to open or close one).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, keepAliveMsecs: 60_000 });
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** CONNECTIONS senders for `seconds` (or until the clicks run out); every answer must be 200. */
async function load(url: string, clicks: Votes, seconds: number): Promise<Load> {
  // what seeding left behind is collected now, not in the middle of the measurement
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  let next = 0;
  let late = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end && next < clicks.length) {
      const c = clicks.at(next++);
      const start = performance.now();
      const res = await post(`${url}/slack/events`, c.headers, c.body);
      // Bolt answers 404 when a listener did not acknowledge within 3 s: Slack would show an error
      if (res.status === 404) late++;
      else if (res.status !== 200) throw new Error(`click answered ${res.status} at ${url}`);
      else {
        times.push(performance.now() - start);
        if (process.env.BENCH_TIMELINE) timeline.push([start - t0, performance.now() - start]);
      }
    }
  };
  const timeline: Array<[number, number]> = [];
  await Promise.all(Array.from({ length: CONNECTIONS }, sender));
  if (process.env.BENCH_TIMELINE) {
    // BENCH_TIMELINE=1: the slowest clicks of each second, to see whether slow clicks come together
    const seconds = new Map<number, number[]>();
    for (const [at, ms] of timeline) seconds.set(Math.floor(at / 1000), [...(seconds.get(Math.floor(at / 1000)) ?? []), ms]);
    for (const [s, ms] of [...seconds].sort((a, b) => a[0] - b[0])) console.error(`    ${url} second ${s}: ${ms.length} clicks, p50 ${pct(ms, 0.5).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  }
  const took = (performance.now() - t0) / 1000;
  return { p50: pct(times, 0.5), p99: pct(times, 0.99), perSecond: times.length / took, acked: times.length, firstAt: t0, late };
}

const line = (label: string, r: Load) =>
  console.log(`  ${label.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   ${r.perSecond.toFixed(0).padStart(6)} clicks/s acknowledged${r.late ? `   ${r.late} NOT within 3 s` : ""}`);

async function waitForPort(url: string, child: ChildProcess): Promise<void> {
  // up to 30 s: a machine still busy with the previous run's load starts a process slowly
  for (let i = 0; i < 1_200; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) return;
    await sleep(25);
  }
  throw new Error(`${url} did not start`);
}

const children = new Set<ChildProcess>();
function spawned(child: ChildProcess): ChildProcess {
  children.add(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

function orgFile(dir: string): string {
  const file = join(dir, "org.json");
  writeFileSync(file, JSON.stringify(boardOrg()));
  return file;
}

/** ROUNDS proposals that cost the city money, taken up: ROUNDS open review rounds; and a backlog in the outbox. */
async function seed(url: string, org: string, slackUrl: string, backlog: number): Promise<string[]> {
  const env = parseEnv({ DATABASE_URL: url, ORG_CONFIG: org, SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackUrl, LOG_LEVEL: "silent" });
  const core = await buildCore(env, createLogger("silent"), { skipMigrations: true });
  const rounds = await openRounds(core, ROUNDS);
  await core.store.close();
  if (backlog) {
    // written directly (as Prisma stores them: ISO times), 10,000 enqueues one by one would take minutes
    const db = new Database(url.replace(/^file:/, ""));
    const at = new Date().toISOString().replace("Z", "+00:00");
    const insert = db.prepare("INSERT INTO OutboundMessage (key, platform, channel, body, nextAttemptAt, createdAt) VALUES (?, 'slack', 'C0EDU', ?, ?, ?)");
    const body = JSON.stringify({ text: "backlog", blocks: [] });
    db.transaction(() => {
      for (let i = 0; i < backlog; i++) insert.run(`backlog:${i}@slack:C0EDU`, body, at, at);
    })();
    db.close();
  }
  return rounds;
}

/**
 * Distinct (member, round) votes, each made and signed when it is sent: made all at once, tens of
 * thousands of bodies would load the load generator's own garbage collector during the measurement.
 * Choices spread so that no round reaches a majority and closes.
 */
class Votes {
  constructor(
    private readonly rounds: string[],
    private readonly from = 0,
    readonly length = rounds.length * MEMBERS - from,
  ) {}

  at(i: number): { body: string; headers: Record<string, string> } {
    const n = this.from + i;
    const m = n % MEMBERS;
    return click(member(m), this.rounds[Math.floor(n / MEMBERS)], CHOICES[m % 2], n);
  }

  slice(start: number, end = this.length): Votes {
    return new Votes(this.rounds, this.from + start, Math.max(0, Math.min(end, this.length) - start));
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "partner-bench-clicks-"));
  // the fake Slack in its own process: its work (the bot's replies) must not delay the load generator
  const fakeProcess = spawned(fork("bench/fake-slack-process.ts", [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] }));
  const fake = { url: await new Promise<string>((r) => fakeProcess.once("message", (m) => r(String(m)))), stop: () => stop(fakeProcess) };
  const org = orgFile(dir);
  const template = join(dir, "template.db");
  await migrate(`file:${template}`);
  console.log(`Clicks: ${CONNECTIONS} connections of distinct signed board-vote clicks for ${SECONDS} s, on SQLite; each server its own process`);

  // the yardstick, measured before and after the bot (a fresh process and database each time): the bot is
  // compared with the better of the two, so that a slow moment of the machine cannot flatter the bot
  let bareRuns = 0;
  const measureBare = async (): Promise<Load> => {
    const bareFile = join(dir, `bare-${++bareRuns}.db`);
    const barePort = 4_100 + Math.floor(Math.random() * 500);
    const bare = spawned(fork("bench/bare-bolt.ts", [String(barePort), bareFile], { execArgv: ["--import", "tsx"], env: { ...process.env, SLACK_SIGNING_SECRET: SIGNING_SECRET }, stdio: "ignore" }));
    await new Promise((r) => bare.once("message", r));
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const bareClicks = new Votes(Array.from({ length: 1_600 }, (_, i) => `round-${i}`));
    await load(bareUrl, bareClicks.slice(0, 4_000), 2); // warm-up
    const run = await load(bareUrl, bareClicks.slice(4_000), SECONDS);
    await stop(bare);
    return run;
  };
  const bareBefore = await measureBare();

  // the bot
  const run = async (backlog: number) => {
    const file = join(dir, `bot-${backlog}.db`);
    copyFileSync(template, file);
    const url = `file:${file}`;
    const rounds = await seed(url, org, fake.url, backlog);
    const port = 4_700 + Math.floor(Math.random() * 500);
    // BENCH_PROFILE=<dir>: the bot writes a CPU profile there (node --cpu-prof), to see where a click's time goes
    // BENCH_SQL=1: the bot times its SQLite statements and prints them when stopped (bench/sql-time.mjs)
    const profile = [
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : []),
      ...(process.env.BENCH_SQL ? ["--import", new URL("./sql-time.mjs", import.meta.url).href] : []),
    ];
    const bot = spawned(spawn(process.execPath, [...profile, "dist/main.js"], {
      env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", ORG_CONFIG: org, SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "inherit"],
    }));
    const botUrl = `http://127.0.0.1:${port}`;
    await waitForPort(botUrl, bot);
    const clicks = new Votes(rounds);
    const warm = Math.min(1_000, Math.floor(clicks.length / 5));
    const warmed = await load(botUrl, clicks.slice(0, warm), 2);
    const db = new Database(file, { readonly: true });
    const count = () => (db.prepare("SELECT count(*) AS n FROM Vote").get() as { n: number }).n;
    for (const end = performance.now() + 60_000; count() < warmed.acked && performance.now() < end; ) await sleep(50);
    const before = count();
    const r = await load(botUrl, clicks.slice(warmed.acked), SECONDS);
    if (warmed.acked + r.acked + r.late >= clicks.length) console.error(`  (the clicks ran out before ${SECONDS} s: raise BENCH_ROUNDS)`);
    // votes fully applied: recorded, audited and the card update queued, in one transaction
    let applied = count() - before;
    const deadline = performance.now() + 120_000;
    while (applied < r.acked && performance.now() < deadline) {
      await sleep(20);
      applied = count() - before;
    }
    const appliedPerSecond = applied / ((performance.now() - r.firstAt) / 1000);
    db.close();
    await stop(bot);
    return { ...r, appliedPerSecond };
  };
  const progress = (s: string) => process.stderr.write(`${s}\n`);
  progress(`bare app: ${bareBefore.acked} clicks`);
  const empty = await run(0);
  progress(`bot: ${empty.acked} clicks, ${empty.appliedPerSecond.toFixed(0)} applied/s`);
  const full = BACKLOG ? await run(BACKLOG) : empty;
  const bareAfter = await measureBare();
  const bareRun: Load = { ...bareBefore, p50: Math.min(bareBefore.p50, bareAfter.p50), p99: Math.min(bareBefore.p99, bareAfter.p99), perSecond: Math.max(bareBefore.perSecond, bareAfter.perSecond) };

  console.log("");
  line("bare Bolt app, before the bot", bareBefore);
  line("bare Bolt app, after the bot", bareAfter);
  line("the bot, outbox empty", empty);
  line(`the bot, ${BACKLOG.toLocaleString()} messages waiting`, full);
  console.log("");
  const ok = (b: boolean) => (b ? "ok " : "MISS");
  const pRatio = empty.p99 / bareRun.p99;
  const tRatio = empty.perSecond / bareRun.perSecond;
  console.log(`  ${ok(pRatio <= 2)} click p99 vs the bare app's best    ${pRatio.toFixed(2)}×   (target ≤ 2×)`);
  console.log(`  ${ok(tRatio >= 0.5)} acknowledged throughput vs its best ${tRatio.toFixed(2)}×   (target ≥ 0.5×)`);
  console.log(`  ${ok(empty.appliedPerSecond >= 500)} votes fully applied                ${empty.appliedPerSecond.toFixed(0)}/s   (target ≥ 500/s)`);
  console.log(`  ${ok(full.p99 <= empty.p99 * 1.25)} p99 with the backlog / without      ${(full.p99 / empty.p99).toFixed(2)}   (target: unchanged)`);
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((e) => {
  console.error(e);
  // no process of the run outlives it (an orphaned bot would hold its port and load the next run)
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  process.exit(1);
});
