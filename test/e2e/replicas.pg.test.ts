/**
 * Issue 10: three bot processes on one PostgreSQL, a burst of 300 mixed requests (intake calls, clicks,
 * modal submissions) spread round-robin over them, one replica killed with kill -9 in the middle. Every
 * acknowledged interaction is applied once, every message delivered (repeats only from what was in flight
 * in the killed replica), every due reminder sent once, and no request answered 500.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import type { PrismaStore } from "../../src/db/store";
import { removeDatabase, tempDatabase } from "../helpers/db";
import { FakeSlack } from "../helpers/fake-slack";
import { INTAKE_TOKEN, proposalBody } from "../helpers/harness";
import { childEnv, runCliProcess, startServer, type ServerProcess } from "../helpers/server-process";
import { input, SlackSender, stateFor } from "../helpers/slack-client";

const servers: ServerProcess[] = [];
let fake: FakeSlack;
let url: string;
let store: PrismaStore;

afterAll(async () => {
  for (const s of servers) s.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  await store?.close();
  await fake?.stop();
  if (url) await removeDatabase(url);
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function intake(base: string, title: string) {
  const res = await fetch(`${base}/api/proposals`, { method: "POST", headers: { authorization: `Bearer ${INTAKE_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(proposalBody({ title })) });
  return { status: res.status, json: res.status === 201 ? ((await res.json()) as { id: string }) : null };
}

describe("three replicas on one PostgreSQL", () => {
  it("a burst of 300 mixed requests with one replica killed mid-burst: applied once, delivered, reminders sent once", async () => {
    fake = await new FakeSlack().start();
    fake.delayMs = 5;
    url = await tempDatabase("postgresql");
    const env = childEnv(url, fake.url, { SLACK_CHANNEL_PACE_MS: "10", REMINDER_CRON: "* * * * *" });

    // agreements whose reminders fall due while the replicas run (rows as the planner writes them)
    const header = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const csv = join(mkdtempSync(join(tmpdir(), "replicas-")), "a.csv");
    writeFileSync(csv, `${header}\n${[1, 2, 3].map((i) => `企業${i},,協定${i},school-education,other,2026-04-01,2028-03-31,false,,`).join("\n")}\n`);
    const imported = await runCliProcess({ ...env, LOG_LEVEL: "warn" }, ["import", "agreements", csv, "--yes"]);
    expect(imported.code, imported.err).toBe(0);
    store = await openStore(url);
    const db = (store as unknown as { db: { reminder: { updateMany: Function; findMany: Function } } }).db;
    await db.reminder.updateMany({ where: { kind: "expiry", key: { endsWith: ":90" } }, data: { dueAt: new Date(Date.now() - 60_000) } });
    const dueReminders = (await db.reminder.findMany({ where: { state: "planned", dueAt: { lte: new Date() } } })) as Array<{ id: string }>;
    expect(dueReminders).toHaveLength(3);

    servers.push(...(await Promise.all([startServer(env), startServer(env), startServer(env)])));
    const urls = servers.map((s) => s.url);

    // proposals to click on
    const prep = await Promise.all(Array.from({ length: 100 }, (_, i) => intake(urls[i % 3], `下準備 ${i}`)));
    expect(prep.every((r) => r.status === 201)).toBe(true);
    const routings = await Promise.all(prep.map(async (r) => (await store.read.routings.listByProposal(r.json!.id))[0].id));

    type Job = { replica: number; run: (base: string) => Promise<number>; ack?: () => void };
    const acked = { intake: [] as string[], clicks: [] as string[], modals: [] as string[] };
    const statuses: number[] = [];
    const jobs: Job[] = [];
    const modalView = { callback_id: "form.new_proposal", private_metadata: "|C0WINDOW", blocks: [] };
    for (let i = 0; i < 100; i++) {
      jobs.push({
        replica: jobs.length % 3,
        run: async (base) => {
          const r = await intake(base, `バースト ${i}`);
          if (r.status === 201) acked.intake.push(r.json!.id);
          return r.status;
        },
      });
      jobs.push({
        replica: jobs.length % 3,
        run: async (base) => {
          const res = await new SlackSender(base, fake.url.replace(/api\/$/, "")).blockAction("U0EDU1", "C0EDU", "1700000000.000100", { action_id: "proposal.take", value: routings[i] }, { actionTs: `1800000000.${String(i).padStart(6, "0")}` });
          if (res.status === 200) acked.clicks.push(routings[i]);
          return res.status;
        },
      });
      jobs.push({
        replica: jobs.length % 3,
        run: async (base) => {
          const title = `モーダル ${i}`;
          const values = { companyName: input.text(`モーダル商事${i}`), contactName: input.text("担当"), email: input.email("a@example.jp"), title: input.text(title), summary: input.text("概要"), fields: input.text("education"), pattern: input.select("other") };
          const res = await new SlackSender(base, fake.url.replace(/api\/$/, "")).viewSubmission("U0WIN", modalView, stateFor(values), { viewId: `VR${i}`, hash: `h${i}` });
          const body = await res.text();
          if (res.status === 200 && !body.includes("errors")) acked.modals.push(title);
          return res.status;
        },
      });
    }
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const n = next++;
        if (n === 150) servers[2].kill("SIGKILL");
        const job = jobs[n];
        try {
          statuses.push(await job.run(urls[job.replica]));
        } catch {
          statuses.push(0); // the killed replica: no answer, not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 15 }, worker));
    await servers[2].exited;
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(acked.intake.length + acked.clicks.length + acked.modals.length).toBeGreaterThan(200);

    // the two survivors replay the dead replica's pending interactions and take over its lanes
    await until(async () => (await store.inbox.pendingCount()) === 0, 60_000, "pending interactions");
    await until(async () => (await store.pendingCount()) === 0, 120_000, "the outbox to be delivered");
    await until(async () => ((await db.reminder.findMany({ where: { id: { in: dueReminders.map((r) => r.id) }, state: "sent" } })) as unknown[]).length === 3, 90_000, "the due reminders");

    for (const id of acked.intake) expect(await store.read.proposals.get(id), id).not.toBeNull();
    const trail = await store.read.audit.listBetween(null, null, 0, 100_000);
    for (const id of acked.clicks) {
      expect((await store.read.routings.get(id))?.state).toBe("taken");
      expect(trail.filter((e) => e.action === "routing.take" && e.subjectId === id), `click ${id} applied once`).toHaveLength(1);
    }
    const titles = (await store.read.proposals.listOpen(10_000)).map((p) => p.title);
    for (const t of acked.modals) expect(titles.filter((x) => x === t), `modal ${t} applied once`).toHaveLength(1);

    // each reminder's message went out once per channel; other repeats only from the killed replica's sends in flight
    const posts = fake.of("chat.postMessage");
    const seen = new Map<string, number>();
    for (const p of posts) seen.set(`${p.channel}|${p.thread_ts ?? ""}|${p.text}`, (seen.get(`${p.channel}|${p.thread_ts ?? ""}|${p.text}`) ?? 0) + 1);
    const repeats = new Map<string, number>();
    for (const [k, n] of seen) if (n > 1) repeats.set(k.split("|")[0], (repeats.get(k.split("|")[0]) ?? 0) + n - 1);
    for (const [channel, n] of repeats) expect(n, `repeats in ${channel}`).toBeLessThanOrEqual(1);
    // no deadlock or serialization failure reached a person or the logs as an error
    const errors = servers.flatMap((s) => s.lines).filter((l) => l.includes('"level":50'));
    expect(errors.filter((l) => /serializ|deadlock|40001|40P01/i.test(l))).toEqual([]);
  }, 300_000);
});
