/**
 * PostgreSQL's row-level security as the second guard of municipalities (issue 25): connected as an
 * ordinary role (as the README asks operators to), a transaction of one municipality sees and writes only
 * its rows even through a query that names no tenant; and the whole way of a proposal runs for two
 * municipalities under that role (the policies block nothing the bot does).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env";
import { buildCore, municipalityWorkflow } from "../../src/core";
import { maxEndDate } from "../../src/domain/agreement";
import { tokyoDate } from "../../src/domain/calendar";
import { openDb } from "../../src/db/open";
import { serializedTransaction } from "../../src/db/postgres";
import type { Db } from "../../src/db/db";
import { createLogger } from "../../src/logger";
import { removeDatabase, tempDatabase } from "../helpers/db";
import { proposalBody } from "../helpers/harness";
import { testOrg } from "../helpers/org";

describe("row-level security on PostgreSQL", () => {
  let url: string;
  let appUrl: string;
  const role = `partner_app_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = () => new pg.Client({ connectionString: url });
  let app: Db;
  let superuser: Db;

  beforeAll(async () => {
    url = await tempDatabase("postgresql");
    const c = admin();
    await c.connect();
    try {
      // an ordinary role, as a city's deployment connects: no superuser, no BYPASSRLS
      await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-password' NOSUPERUSER NOBYPASSRLS`);
      await c.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await c.query(`INSERT INTO "Company" (id, "tenantId", name, "normalizedName", "updatedAt") VALUES ('c-a', 'a', 'A商事', 'a商事', now()), ('c-b', 'b', 'B商事', 'b商事', now())`);
    } finally {
      await c.end();
    }
    const u = new URL(url);
    u.username = role;
    u.password = "app-password";
    appUrl = u.toString();
    app = await openDb(appUrl, 4);
    superuser = await openDb(url, 2);
  });
  afterAll(async () => {
    await app?.$disconnect();
    await superuser?.$disconnect();
    if (url) await removeDatabase(url);
    const c = new pg.Client({ connectionString: new URL("/postgres", url).toString() });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await c.end();
  });

  it("a municipality's transaction sees and changes only its own rows, whatever the query says", async () => {
    const names = (rows: unknown) => (rows as Array<{ name: string }>).map((r) => r.name).sort();
    // a query that forgets the tenant, inside a's transaction: a's rows only
    expect(names(await serializedTransaction(app, (tx) => tx.$queryRawUnsafe(`SELECT name FROM "Company"`), [], "a"))).toEqual(["A商事"]);
    expect(names(await serializedTransaction(app, (tx) => tx.company.findMany(), [], "b"))).toEqual(["B商事"]);
    // b's row cannot be changed from a's transaction, nor a row written for b
    expect(await serializedTransaction(app, (tx) => tx.company.updateMany({ where: { id: "c-b" }, data: { name: "書き換え" } }), [], "a")).toEqual({ count: 0 });
    await expect(serializedTransaction(app, (tx) => tx.company.create({ data: { id: "c-x", tenantId: "b", name: "紛れ込み", normalizedName: "紛れ込み" } }), [], "a")).rejects.toThrow(/row-level security|policy/i);
    await expect(serializedTransaction(app, (tx) => tx.$executeRawUnsafe(`DELETE FROM "Company"`), [], "a")).resolves.toBe(1);
    // a's delete-everything took a's row only
    const left = names(await superuser.company.findMany());
    expect(left).toEqual(["B商事"]);
    // outside a municipality's transaction (the pool's reads, the outbox) the query's own filter decides
    expect(names(await app.company.findMany())).toEqual(["B商事"]);
    // a superuser is never held by a policy: why the bot must connect as an ordinary role
    await superuser.company.create({ data: { id: "c-a2", tenantId: "a", name: "A2", normalizedName: "a2" } });
    expect(names(await serializedTransaction(superuser, (tx) => tx.company.findMany(), [], "b"))).toEqual(["A2", "B商事"]);
  });

  it("the whole way of a proposal runs for two municipalities under the ordinary role", async () => {
    const env = parseEnv({ DATABASE_URL: appUrl, LOG_LEVEL: "silent" });
    const core = await buildCore(env, createLogger("silent"), { org: testOrg(), skipMigrations: true });
    try {
      const other = await municipalityWorkflow(core.ctx, "b", testOrg(), env, createLogger("silent"));
      for (const wf of [core.workflow, other]) {
        const staff = { platform: "slack" as const, userId: "U0EDU", channelId: "C0EDU" };
        const sent = await wf.submitProposal({ ...proposalBody(), costToCity: true }, { platform: "api", userId: "intake" }, "same-key");
        const routing = (await wf.ctx.store.read.routings.listByProposal(sent.id)).find((r) => r.departmentCode === "school-education")!;
        await wf.takeUp(routing.id, { opinion: "進めたい" }, staff);
        for (const m of wf.ctx.dir.boardMembers()) {
          const round = (await wf.ctx.store.read.rounds.listByProposal(sent.id)).find((r) => r.state === "open");
          if (!round) break;
          await wf.vote(round.id, { choice: "approve" }, m.slack ? { platform: "slack", userId: m.slack } : { platform: "teams", userId: m.teams! });
        }
        const start = tokyoDate(core.clock.now());
        await wf.registerAgreement({ proposalId: sent.id, companyName: "株式会社みなとテック", title: "協定", pattern: "tech_trial", departmentCode: "school-education", startDate: start, endDate: maxEndDate(start), costToCity: true }, staff);
        expect((await wf.proposalView(sent.id)).status).toBe("concluded");
        expect(sent.number).toBe("P-0001");
      }
      // each municipality's rows, as the superuser sees them all
      const perTenant = await superuser.agreement.groupBy({ by: ["tenantId"], _count: true });
      expect(perTenant.map((r) => [r.tenantId, r._count]).sort()).toEqual([["b", 1], ["default", 1]]);
    } finally {
      core.dispatcher.stop();
      await core.store.close();
    }
  });
});
