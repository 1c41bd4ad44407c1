/** Issue 10: moving an office's SQLite database to PostgreSQL with `db copy`, ids and all. */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runCli } from "../../src/cli";
import { parseEnv } from "../../src/config/env";
import { openStore } from "../../src/db/client";
import { removeDatabase, tempDatabaseUrl } from "../helpers/db";
import { proposalBody, startHarness } from "../helpers/harness";

async function emptyPostgres(): Promise<string> {
  const admin = inject("postgresAdmin");
  const name = `copy_${Math.random().toString(36).slice(2, 10)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function cli(databaseUrl: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, parseEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" }));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run cli -- db copy --to postgresql://…", () => {
  it("copies every table with its ids, the audit trail and the pending outbox, verifies the counts, and refuses a non-empty target", async () => {
    const sqlite = tempDatabaseUrl();
    const h = await startHarness({ databaseUrl: sqlite });
    h.fake.fail("chat.postMessage", 500, 100); // some messages stay pending
    const a = await h.api("POST", "/api/proposals", proposalBody());
    const b = await h.api("POST", "/api/proposals", proposalBody({ title: "二件目", costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(a.json.id))[0];
    await h.app.workflow.takeUp(routing.id, {}, { platform: "slack", userId: "U0E1", channelId: "C0EDU" });
    await h.app.workflow.registerAgreement({ proposalId: a.json.id, companyName: "株式会社みなとテック", title: "協定", pattern: "tech_trial", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31" }, { platform: "system", userId: "system" });
    await h.deliver();
    const before = { a: await h.api("GET", `/api/proposals/${a.json.id}`), b: await h.api("GET", `/api/proposals/${b.json.id}`), pending: await h.app.store.pendingCount() };
    expect(before.pending).toBeGreaterThan(0);
    await h.stop();

    const target = await emptyPostgres();
    // without --yes: what would be copied where (no password shown), and nothing copied (else the copy below is refused)
    const plan = await cli(sqlite, "db", "copy", "--to", target);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toMatch(/AuditEvent\t\d+ 行/);
    expect(plan.out).toContain("--yes");
    const password = new URL(target).password;
    if (password) expect(plan.out).not.toContain(`:${password}@`);
    const res = await cli(sqlite, "db", "copy", "--to", target, "--yes");
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/AuditEvent\t\d+/);
    expect(res.out).toContain("行数を確かめました");

    const store = await openStore(target);
    expect(await store.pendingCount()).toBe(before.pending);
    const view = await store.read.proposals.get(a.json.id);
    expect(view).toMatchObject({ status: "concluded", ownerDepartment: "school-education", number: 1 });
    const trail = await store.read.audit.listByProposal(a.json.id);
    expect(trail.map((e) => e.action)).toEqual(before.a.json.events.map((e: any) => e.action));
    // new rows continue after the copied ids
    const maxId = Math.max(...(await store.read.audit.listBetween(null, null, 0, 10_000)).map((e) => e.id));
    await store.tx((r) => r.audit.add({ actor: "cli:test", platform: "cli", action: "after.copy", subjectType: "x", subjectId: "x" }));
    const last = (await store.read.audit.listBetween(null, null, maxId, 10)).at(-1)!;
    expect(last).toMatchObject({ action: "after.copy" });
    await store.close();

    const again = await cli(sqlite, "db", "copy", "--to", target, "--yes");
    expect(again.code).toBe(1);
    expect(again.err).toContain("not empty");
    await removeDatabase(target);
    await removeDatabase(sqlite);
  }, 60_000);
});
