/**
 * Issue 9: the database is the only coordinator. Real processes on one SQLite file: the bot killed with
 * `kill -9` in the middle of a burst and started again, the CLI beside the running bot, several processes
 * migrating a fresh database at once, and a prompt stop while a Slack call hangs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/open";
import { PrismaStore } from "../../src/db/store";
import { removeDatabase, tempDatabaseUrl } from "../helpers/db";
import { FakeSlack } from "../helpers/fake-slack";
import { INTAKE_TOKEN, proposalBody } from "../helpers/harness";
import { childEnv, runCliProcess, startServer, type ServerProcess } from "../helpers/server-process";
import { SlackSender } from "../helpers/slack-client";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let fake: FakeSlack;
let url: string;
let servers: ServerProcess[] = [];
let store: PrismaStore | undefined;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  url = tempDatabaseUrl();
});
afterEach(async () => {
  for (const s of servers) s.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  servers = [];
  await store?.close();
  store = undefined;
  await fake.stop();
  await removeDatabase(url);
});

async function start(extra: Record<string, string> = {}) {
  const s = await startServer(childEnv(url, fake.url, extra));
  servers.push(s);
  return s;
}

it("starts from another folder, with nothing configured: the project's example org config, said loudly", async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), "elsewhere-"));
  const { ORG_CONFIG: _org, ...env } = childEnv(url, fake.url);
  const s = await startServer(env, 30_000, elsewhere);
  servers.push(s);
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  expect(s.lines.join("\n")).toContain("THE EXAMPLE ORG CONFIG IS IN USE");
});

async function intake(base: string, title: string) {
  const res = await fetch(`${base}/api/proposals`, {
    method: "POST",
    headers: { authorization: `Bearer ${INTAKE_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(proposalBody({ title })),
  });
  return { status: res.status, json: res.status === 201 ? ((await res.json()) as { id: string }) : null };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Posts Slack received, counted per channel + thread + text: any count above one is a repeat. */
function repeatsPerChannel(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const p of fake.of("chat.postMessage")) {
    const k = `${p.channel}|${p.thread_ts ?? ""}|${p.text}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeats = new Map<string, number>();
  for (const [k, n] of seen) if (n > 1) repeats.set(k.split("|")[0], (repeats.get(k.split("|")[0]) ?? 0) + n - 1);
  return repeats;
}

describe("kill -9 in the middle of a burst", () => {
  it("every 201 and every acknowledged click is applied once after restart; nothing marked sent went unreceived; repeats stay within one per channel", async () => {
    fake.delayMs = 40; // a slow Slack, so that sends are in flight when the process dies
    let bot = await start();
    // proposals to click on
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => intake(bot.url, `下準備 ${i}`)));
    expect(first.every((r) => r.status === 201)).toBe(true);
    store = new PrismaStore(await openDb(url));
    const routings = await Promise.all(first.map(async (r) => (await store!.read.routings.listByProposal(r.json!.id))[0]));

    // the burst: distinct intake calls and distinct clicks, ten at a time; the process dies mid-way
    const slack = new SlackSender(bot.url, fake.url.replace(/api\/$/, ""));
    const acknowledged: { clicks: string[]; proposals: Array<{ id: string; title: string }> } = { clicks: [], proposals: [] };
    const jobs: Array<() => Promise<void>> = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(async () => {
        const title = `バースト ${i}`;
        const res = await intake(bot.url, title).catch(() => null);
        if (res?.status === 201) acknowledged.proposals.push({ id: res.json!.id, title });
      });
      jobs.push(async () => {
        const res = await slack.blockAction("U0EDU1", "C0EDU", "1700000000.000100", { action_id: "proposal.take", value: routings[i].id }, { actionTs: `1800000000.${String(i).padStart(6, "0")}` }).catch(() => null);
        if (res?.status === 200) acknowledged.clicks.push(routings[i].id);
      });
    }
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (next === 30 && !killed) {
          killed = true;
          bot.kill("SIGKILL");
        }
        await job();
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await bot.exited;
    expect(acknowledged.clicks.length + acknowledged.proposals.length).toBeGreaterThan(10);

    // what was on its way to Slack when the process died (at most one per channel: lanes send one at a time)
    const db0 = await openDb(url);
    const inFlight = await db0.outboundMessage.findMany({ where: { sendingSince: { not: null } }, select: { id: true, channel: true } });
    await db0.$disconnect();
    expect(new Set(inFlight.map((m) => m.channel)).size).toBe(inFlight.length);

    // The instant between Slack's acknowledgement and the work is short, so the kill rarely lands in it:
    // leave three clicks exactly as such a kill leaves them (accepted, acknowledged, not applied).
    const untouched = [];
    for (const r of routings) if ((await store.read.routings.get(r.id))!.state === "pending" && !acknowledged.clicks.includes(r.id)) untouched.push(r.id);
    for (const id of untouched.slice(0, 3)) {
      const actor = { platform: "slack", userId: "U0EDU1", channelId: "C0EDU" };
      expect(await store.inbox.accept(`slack:action:U0EDU1:crash-${id}`, "slack", JSON.stringify({ kind: "action", actionId: "proposal.take", value: id, actor }), new Date(Date.now() - 1000))).toBe(true);
      acknowledged.clicks.push(id);
    }
    expect(await store.inbox.pendingCount()).toBeGreaterThanOrEqual(3);

    // a new process on the same database replays what was acknowledged and not applied, and goes on delivering
    bot = await start();
    await until(async () => (await store!.inbox.pendingCount()) === 0, 40_000, "pending interactions to be replayed");
    const db1 = await openDb(url);
    await until(async () => (await db1.outboundMessage.count({ where: { id: { in: inFlight.map((m) => m.id) }, pending: true } })) === 0, 40_000, "the messages in flight at the crash to go out");
    await db1.$disconnect();

    for (const p of acknowledged.proposals) {
      const row = await store.read.proposals.get(p.id);
      expect(row?.title, `201 for ${p.title}`).toBe(p.title);
    }
    const all = await store.read.audit.listBetween(null, null, 0, 100_000);
    for (const id of acknowledged.clicks) {
      expect((await store.read.routings.get(id))?.state, `click on ${id}`).toBe("taken");
      expect(all.filter((e) => e.action === "routing.take" && e.subjectId === id), `applied once: ${id}`).toHaveLength(1);
    }
    const titles = all.filter((e) => e.action === "proposal.received").map((e) => e.subjectId);
    expect(new Set(titles).size).toBe(titles.length);

    // nothing marked sent that Slack did not receive
    const received = new Set(fake.of("chat.postMessage").map((p) => p.__ts));
    const db = await openDb(url);
    const delivered = (await db.outboundMessage.findMany({ where: { platform: "slack", remoteRef: { not: null } }, select: { remoteRef: true } })).map((m) => m.remoteRef!);
    await db.$disconnect();
    expect(delivered.length).toBeGreaterThan(0);
    for (const ref of delivered) expect(received.has(ref), `delivered ${ref} was received`).toBe(true);
    // repeats only from messages in flight at the instant of the crash: at most one per channel
    for (const [channel, n] of repeatsPerChannel()) expect(n, `repeats in ${channel}`).toBeLessThanOrEqual(1);
  }, 120_000);
});

describe("the CLI beside the running bot", () => {
  it("every command works while the bot runs on the same file, and a sweep and a retry from the CLI post nothing twice", async () => {
    fake.fail("chat.postMessage", 500, 8); // the first messages fail: they wait in the outbox
    const bot = await start({ REMINDER_CRON: "0 0 1 1 *" });
    for (let i = 0; i < 4; i++) expect((await intake(bot.url, `CLI ${i}`)).status).toBe(201);
    const env = childEnv(url, fake.url, { LOG_LEVEL: "warn" });
    const results = await Promise.all([
      runCliProcess(env, ["outbox", "retry", "--yes"]),
      runCliProcess(env, ["reminders", "run", "--now", "2027-03-01T09:00:00+09:00", "--yes"]),
      runCliProcess(env, ["outbox", "list"]),
      runCliProcess(env, ["export", "agreements", "--format", "csv"]),
      runCliProcess(env, ["export", "audit"]),
    ]);
    for (const r of results) expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(results.map((r) => r.err).join()).not.toMatch(/WASM|SocketTimeout|SQLITE_BUSY|database is locked/);
    store = new PrismaStore(await openDb(url));
    await runCliProcess(env, ["outbox", "retry", "--yes"]);
    await until(async () => (await store!.pendingCount()) === 0, 60_000, "the outbox to be delivered");
    expect([...repeatsPerChannel().values()]).toEqual([]);
  }, 120_000);

  it("a second sweep at the same moment reports that one is already running", async () => {
    store = new PrismaStore(await openDb(url));
    await store.leases.acquire("reminder-sweep", "someone-else", new Date(), new Date(Date.now() + 60_000));
    const r = await runCliProcess(childEnv(url, fake.url), ["reminders", "run"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("別のプロセスがリマインダーを処理中");
  }, 60_000);
});

describe("migrations", () => {
  it("three processes starting at once on a fresh database migrate it once; an up-to-date database is left alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "partner-fresh-"));
    const fresh = `file:${join(dir, "app.db")}`;
    const env = childEnv(fresh, fake.url, { LOG_LEVEL: "warn" });
    const runs = await Promise.all([runCliProcess(env, ["outbox", "list"]), runCliProcess(env, ["outbox", "list"]), runCliProcess(env, ["export", "agreements"])]);
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const db = await openDb(fresh);
    const rows = (await db.$queryRawUnsafe("SELECT migration_name FROM _prisma_migrations")) as Array<{ migration_name: string }>;
    const names = rows.map((r) => r.migration_name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(2);
    await db.$disconnect();
    await removeDatabase(fresh);
  }, 90_000);
});

describe("stopping", () => {
  it("SIGTERM stops the bot within a few seconds while a Slack call hangs; the message stays pending", async () => {
    fake.hung.add("C0EDU");
    const bot = await start();
    expect((await intake(bot.url, "止まる")).status).toBe(201);
    await until(async () => fake.calls.some((c) => c.args.channel === "C0EDU"), 10_000, "the hung call");
    const t0 = Date.now();
    bot.kill("SIGTERM");
    await bot.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    store = new PrismaStore(await openDb(url));
    expect((await store.pending(10)).map((m) => m.channel)).toContain("C0EDU");
  }, 60_000);
});
