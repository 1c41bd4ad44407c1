/**
 * Click acknowledgement benchmark (npm run bench:clicks): the real server (Bolt's HTTP receiver,
 * Express, Prisma on SQLite) against a fake Slack on 127.0.0.1, signed block_actions clicks sent 20 at a
 * time. Prints the acknowledgement time with an empty outbox and with 10,000 messages waiting in it
 * (the dispatcher running, Slack's pace on): the target is that the second is no worse than the first.
 * Not a test: it prints figures.
 */
import { mkdtempSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boot } from "../src/bootstrap";
import { parseEnv } from "../src/config/env";
import { migrate } from "../src/db/client";
import { createLogger } from "../src/logger";
import { FakeSlack } from "../test/helpers/fake-slack";
import { testOrg } from "../test/helpers/org";
import { SIGNING_SECRET, SlackSender } from "../test/helpers/slack-client";

const CLICKS = Number(process.env.BENCH_CLICKS ?? 2000);
const CONCURRENCY = 20;
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function measure(slack: SlackSender, label: string, offset: number): Promise<{ p50: number; p99: number; perSecond: number }> {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < CLICKS) {
      const i = next++;
      const start = performance.now();
      // a vote from someone who is not on the board: persisted, acknowledged, refused and audited
      const res = await slack.blockAction("U0BENCH", "C0BOARD", "1700000000.000100", { action_id: "review.approve", value: `round-${i}` }, { actionTs: `1900000000.${String(offset + i).padStart(6, "0")}` });
      if (res.status !== 200) throw new Error(`click answered ${res.status}`);
      await res.arrayBuffer();
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const r = { p50: pct(times, 0.5), p99: pct(times, 0.99), perSecond: CLICKS / seconds };
  console.log(`${label.padEnd(38)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   ${r.perSecond.toFixed(0).padStart(5)} clicks/s`);
  return r;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "partner-bench-clicks-"));
  const template = join(dir, "template.db");
  await migrate(`file:${template}`);
  const fake = await new FakeSlack().start();
  const run = async (backlog: number, label: string, offset: number) => {
    const file = join(dir, `clicks-${backlog}.db`);
    copyFileSync(template, file);
    const env = parseEnv({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `file:${file}`, SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: "silent" });
    const app = await boot(env, createLogger("silent"), { org: testOrg(), skipMigrations: true, scheduler: false, outboxIntervalMs: 1000 });
    if (backlog) {
      await app.store.tx(async (r) => {
        const body = JSON.stringify({ text: "backlog", blocks: [] });
        for (let i = 0; i < backlog; i++) await r.outbox.enqueue({ key: `backlog:${i}@slack:C0EDU`, platform: "slack", channel: "C0EDU", body });
      });
      app.dispatcher.kick();
    }
    const slack = new SlackSender(app.url, fake.url.replace(/api\/$/, ""));
    await measure(slack, `warm-up`, offset + 900_000);
    const r = await measure(slack, label, offset);
    await app.stop();
    return r;
  };
  console.log(`Click acknowledgement: ${CLICKS} signed block_actions clicks, ${CONCURRENCY} at a time`);
  const empty = await run(0, "outbox empty", 0);
  const full = await run(BACKLOG, `${BACKLOG.toLocaleString()} messages waiting`, 100_000);
  console.log(`p99 with the backlog / without: ${(full.p99 / empty.p99).toFixed(2)} (target: about 1, the backlog costs a click nothing)`);
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
