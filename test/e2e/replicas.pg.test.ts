/**
 * Issue 10: three bot processes on one PostgreSQL, a burst of mixed requests (intake calls, clicks, modal
 * submissions) spread round-robin over them, one replica killed with kill -9 in the middle. Every
 * acknowledged interaction is applied once, every message delivered (repeats only from what was in flight
 * in the killed replica), every due reminder sent once, and no request answered 500.
 *
 * Issue 25: with two municipalities. The default one works in Slack; "chiyoda", added with the real CLI
 * (`tenant add`, `tenant token`, `import agreements --tenant`), works in Teams. Its intake calls and card
 * clicks are in the same burst; everything of each is applied once in its own rows, and each one's
 * messages and reminders reach its own platform only.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/db/open";
import type { PrismaStore } from "../../src/db/store";
import { removeDatabase, tempDatabase } from "../helpers/db";
import { FakeConnector } from "../helpers/fake-connector";
import { FakeSlack } from "../helpers/fake-slack";
import { INTAKE_TOKEN, proposalBody } from "../helpers/harness";
import { childEnv, runCliProcess, startServer, type ServerProcess } from "../helpers/server-process";
import { input, SlackSender, stateFor } from "../helpers/slack-client";
import { TeamsSender } from "../helpers/teams-client";

const CHIYODA_TENANT = "0c0d0e0f-1111-4222-8333-444455556666";
const CHIYODA_TEAM = "19:chiyoda-team@thread.tacv2";
const CHIYODA_WINDOW = "19:chiyoda-window@thread.tacv2";
const CHIYODA_ENV = "19:chiyoda-env@thread.tacv2";
/** Another ward's rulebook, in Teams, as an operator writes it (JSON is YAML). */
const CHIYODA_YAML = JSON.stringify({
  city: { name: { ja: "千代田区", en: "Chiyoda City" }, policy: { ja: "千代田区公民連携方針", en: "Chiyoda City partnership policy" } },
  window: { name: { ja: "公民連携担当", en: "Partnership Office" }, teamsChannel: CHIYODA_WINDOW, members: [{ teams: "aad-chiyoda-window", name: "窓口" }] },
  departments: [{ code: "environment", name: { ja: "環境まちづくり部", en: "Environment" }, teamsChannel: CHIYODA_ENV, fields: ["environment"] }],
  fields: [{ code: "environment", name: { ja: "環境", en: "Environment" } }],
  board: { teamsChannel: "19:chiyoda-board@thread.tacv2", quorum: 1, members: [{ teams: "aad-chiyoda-chair", name: "審査会長", chair: true }] },
  tenant: { teamsTenants: [CHIYODA_TENANT] },
});

const servers: ServerProcess[] = [];
let fake: FakeSlack;
let connector: FakeConnector;
let url: string;
let store: PrismaStore;

afterAll(async () => {
  for (const s of servers) s.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  await store?.close();
  await fake?.stop();
  await connector?.stop();
  if (url) await removeDatabase(url);
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function intake(base: string, title: string, token = INTAKE_TOKEN) {
  const body = token === INTAKE_TOKEN ? proposalBody({ title }) : proposalBody({ title, fields: ["environment"] });
  const res = await fetch(`${base}/api/proposals`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: res.status === 201 ? ((await res.json()) as { id: string }) : null };
}

describe("three replicas on one PostgreSQL, two municipalities", () => {
  it("a burst of 280 mixed requests with one replica killed mid-burst: applied once, in its own municipality, delivered, reminders sent once", async () => {
    fake = await new FakeSlack().start();
    fake.delayMs = 5;
    connector = await new FakeConnector().start();
    url = await tempDatabase("postgresql");
    // TEAMS_EMULATOR: the fake connector is on this machine (no Bot Framework token to check)
    const env = childEnv(url, fake.url, { SLACK_CHANNEL_PACE_MS: "10", TEAMS_CHANNEL_PACE_MS: "10", REMINDER_CRON: "* * * * *", TEAMS_EMULATOR: "1" });
    const cli = async (...args: string[]) => {
      const r = await runCliProcess({ ...env, LOG_LEVEL: "warn" }, args);
      expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(0);
      return r.out;
    };

    // agreements whose reminders fall due while the replicas run (rows as the planner writes them), in each
    const header = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "replicas-"));
    const csv = (name: string, department: string) => {
      const file = join(dir, name);
      writeFileSync(file, `${header}\n${[1, 2, 3].map((i) => `企業${i},,協定${i},${department},other,2026-04-01,2028-03-31,false,,`).join("\n")}\n`);
      return file;
    };
    writeFileSync(join(dir, "chiyoda.yml"), CHIYODA_YAML);
    await cli("tenant", "add", "chiyoda", "--config", join(dir, "chiyoda.yml"));
    const chiyodaToken = (await cli("tenant", "token", "chiyoda")).trim().split("\n").at(-1)!;
    await cli("import", "agreements", csv("a.csv", "school-education"), "--yes");
    await cli("import", "agreements", csv("c.csv", "environment"), "--yes", "--tenant", "chiyoda");
    store = await openStore(url);
    const chiyoda = store.forTenant("chiyoda");
    const db = (store as unknown as { db: Record<string, { updateMany: Function; findMany: Function; count: Function }> }).db;
    await db.reminder.updateMany({ where: { kind: "expiry", key: { endsWith: ":90" } }, data: { dueAt: new Date(Date.now() - 60_000) } });
    const dueReminders = (await db.reminder.findMany({ where: { state: "planned", dueAt: { lte: new Date() } } })) as Array<{ id: string; tenantId: string }>;
    expect(dueReminders.filter((r) => r.tenantId === "default")).toHaveLength(3);
    expect(dueReminders.filter((r) => r.tenantId === "chiyoda")).toHaveLength(3);

    servers.push(...(await Promise.all([startServer(env), startServer(env), startServer(env)])));
    const urls = servers.map((s) => s.url);
    const slack = (base: string) => new SlackSender(base, fake.url.replace(/api\/$/, ""));
    const teams = (base: string) => new TeamsSender(base, connector.url);
    // the app added to Chiyoda's team, as Teams tells it; the team's channels as the connector lists them
    connector.teamChannels.set(CHIYODA_TEAM, [{ id: CHIYODA_TEAM, name: "General" }, { id: CHIYODA_WINDOW, name: "窓口" }, { id: CHIYODA_ENV, name: "環境" }]);
    expect((await teams(urls[0]).install(CHIYODA_TEAM, CHIYODA_TENANT, CHIYODA_TEAM)).status).toBe(200);

    // proposals to click on, in each municipality
    const N = 80;
    // Chiyoda's share is smaller: Teams takes 8 messages per 2 s and 60 per 30 s in a channel, and every
    // proposal posts a card in its department's channel (the Slack channels are paced at 10 ms here)
    const NC = 20;
    const prep = await Promise.all(Array.from({ length: N }, (_, i) => intake(urls[i % 3], `下準備 ${i}`)));
    const prepChiyoda = await Promise.all(Array.from({ length: NC }, (_, i) => intake(urls[(i + 1) % 3], `千代田の下準備 ${i}`, chiyodaToken)));
    expect([...prep, ...prepChiyoda].every((r) => r.status === 201)).toBe(true);
    const routings = await Promise.all(prep.map(async (r) => (await store.read.routings.listByProposal(r.json!.id))[0].id));
    const routingsChiyoda = await Promise.all(prepChiyoda.map(async (r) => (await chiyoda.read.routings.listByProposal(r.json!.id))[0].id));
    expect(routingsChiyoda.every((id) => typeof id === "string")).toBe(true);

    type Job = { replica: number; run: (base: string) => Promise<number> };
    const acked = { intake: [] as string[], clicks: [] as string[], modals: [] as string[], chiyodaIntake: [] as string[], chiyodaClicks: [] as string[] };
    const statuses: number[] = [];
    const jobs: Job[] = [];
    const modalView = { callback_id: "form.new_proposal", private_metadata: "|C0WINDOW", blocks: [] };
    const job = (run: Job["run"]) => jobs.push({ replica: jobs.length % 3, run });
    for (let i = 0; i < N; i++) {
      job(async (base) => {
        const r = await intake(base, `バースト ${i}`);
        if (r.status === 201) acked.intake.push(r.json!.id);
        return r.status;
      });
      job(async (base) => {
        const res = await slack(base).blockAction("U0EDU1", "C0EDU", "1700000000.000100", { action_id: "proposal.take", value: routings[i] }, { actionTs: `1800000000.${String(i).padStart(6, "0")}` });
        if (res.status === 200) acked.clicks.push(routings[i]);
        return res.status;
      });
      job(async (base) => {
        const title = `モーダル ${i}`;
        const values = { companyName: input.text(`モーダル商事${i}`), contactName: input.text("担当"), email: input.email("a@example.jp"), title: input.text(title), summary: input.text("概要"), fields: input.text("education"), pattern: input.select("other") };
        const res = await slack(base).viewSubmission("U0WIN", modalView, stateFor(values), { viewId: `VR${i}`, hash: `h${i}` });
        const body = await res.text();
        if (res.status === 200 && !body.includes("errors")) acked.modals.push(title);
        return res.status;
      });
      if (i % (N / NC) !== 0) continue;
      job(async (base) => {
        const r = await intake(base, `千代田のバースト ${i}`, chiyodaToken);
        if (r.status === 201) acked.chiyodaIntake.push(r.json!.id);
        return r.status;
      });
      job(async (base) => {
        // 「担当する」 on the routing card in Chiyoda's department channel, from Chiyoda's Entra tenant
        const res = await teams(base).invoke("aad-chiyoda-env", CHIYODA_ENV, `17599447${String(i).padStart(5, "0")}`, "proposal.take", { value: routingsChiyoda[i / (N / NC)] }, { tenant: CHIYODA_TENANT });
        if (res.status === 200) acked.chiyodaClicks.push(routingsChiyoda[i / (N / NC)]);
        return res.status;
      });
    }
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const n = next++;
        if (n === jobs.length / 2) servers[2].kill("SIGKILL");
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
    expect(Object.values(acked).reduce((n, a) => n + a.length, 0)).toBeGreaterThan(jobs.length * 0.6);
    expect(acked.chiyodaClicks.length).toBeGreaterThan(NC / 2);

    // the two survivors replay the dead replica's pending interactions and take over its lanes
    await until(async () => (await store.inbox.pendingCount()) === 0, 60_000, "pending interactions");
    await until(async () => (await store.pendingCount()) === 0, 120_000, "the outbox to be delivered");
    await until(async () => ((await db.reminder.findMany({ where: { id: { in: dueReminders.map((r) => r.id) }, state: "sent" } })) as unknown[]).length === 6, 90_000, "the due reminders");

    // each municipality's acknowledged requests are in its own rows, once, and not in the other's
    for (const id of acked.intake) {
      expect(await store.read.proposals.get(id), id).not.toBeNull();
      expect(await chiyoda.read.proposals.get(id), id).toBeNull();
    }
    for (const id of acked.chiyodaIntake) {
      expect(await chiyoda.read.proposals.get(id), id).not.toBeNull();
      expect(await store.read.proposals.get(id), id).toBeNull();
    }
    const trail = await store.read.audit.listBetween(null, null, 0, 100_000);
    const chiyodaTrail = await chiyoda.read.audit.listBetween(null, null, 0, 100_000);
    for (const id of acked.clicks) {
      expect((await store.read.routings.get(id))?.state).toBe("taken");
      expect(trail.filter((e) => e.action === "routing.take" && e.subjectId === id), `click ${id} applied once`).toHaveLength(1);
    }
    for (const id of acked.chiyodaClicks) {
      expect((await chiyoda.read.routings.get(id))?.state).toBe("taken");
      expect(chiyodaTrail.filter((e) => e.action === "routing.take" && e.subjectId === id), `Teams click ${id} applied once`).toHaveLength(1);
      expect(trail.filter((e) => e.subjectId === id), `Teams click ${id} in Minato's trail`).toEqual([]);
    }
    const titles = (await store.read.proposals.listOpen(10_000)).map((p) => p.title);
    for (const t of acked.modals) expect(titles.filter((x) => x === t), `modal ${t} applied once`).toHaveLength(1);

    // each reminder's message went out once per channel; other repeats only from the killed replica's sends in flight
    const repeatsOf = (sent: string[]) => {
      const seen = new Map<string, number>();
      for (const k of sent) seen.set(k, (seen.get(k) ?? 0) + 1);
      const repeats = new Map<string, number>();
      for (const [k, n] of seen) if (n > 1) repeats.set(k.split("|")[0], (repeats.get(k.split("|")[0]) ?? 0) + n - 1);
      return repeats;
    };
    const slackPosts = fake.of("chat.postMessage").map((p) => `${p.channel}|${p.thread_ts ?? ""}|${p.text}`);
    for (const [channel, n] of repeatsOf(slackPosts)) expect(n, `repeats in ${channel}`).toBeLessThanOrEqual(1);
    const teamsPosts = connector.calls.filter((c) => c.ok && c.method === "POST").map((c) => `${c.conversationId}|${JSON.stringify({ ...c.body, __id: undefined, id: undefined })}`);
    for (const [channel, n] of repeatsOf(teamsPosts)) expect(n, `repeats in ${channel}`).toBeLessThanOrEqual(1);
    // each municipality's messages on its own platform: Chiyoda's proposals in its Teams channels, none in Slack
    expect(connector.posted(CHIYODA_ENV).length).toBeGreaterThanOrEqual(NC + acked.chiyodaIntake.length);
    const slackText = JSON.stringify(fake.calls);
    expect(slackText).not.toContain("千代田の");
    expect(JSON.stringify(connector.calls)).not.toContain("モーダル商事");
    // no deadlock or serialization failure reached a person or the logs as an error
    const errors = servers.flatMap((s) => s.lines).filter((l) => l.includes('"level":50'));
    expect(errors.filter((l) => /serializ|deadlock|40001|40P01/i.test(l))).toEqual([]);
  }, 300_000);
});
