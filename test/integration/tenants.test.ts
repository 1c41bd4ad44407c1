/**
 * Isolation of municipalities in the store (issue 25): one municipality goes the whole way (proposal,
 * routing, board round and votes, agreement, status report, survey, reminders, audit, outbox), then every
 * read of every repository of another municipality's view is asked for each of those rows (by every id,
 * number and key the database holds) and must find nothing; every change it is asked to make must change
 * nothing of the first. Runs on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxEndDate } from "../../src/domain/agreement";
import { tokyoDate } from "../../src/domain/calendar";
import { parseEnv } from "../../src/config/env";
import { buildCore, municipalityWorkflow, type Core } from "../../src/core";
import { createLogger } from "../../src/logger";
import type { Actor } from "../../src/ports/chat";
import type { Repos } from "../../src/ports/store";
import { removeDatabase, tempDatabase } from "../helpers/db";
import { proposalBody } from "../helpers/harness";
import { testOrg } from "../helpers/org";

/** every row of every table, as the database holds it (both municipalities) */
async function snapshot(core: Core): Promise<Record<string, unknown[]>> {
  const db = (core.store as unknown as { db: Record<string, { findMany(a?: unknown): Promise<unknown[]> }> }).db;
  const out: Record<string, unknown[]> = {};
  for (const model of ["company", "proposal", "challenge", "routing", "reviewRound", "vote", "agreement", "statusReport", "disasterRecord", "surveyRound", "surveyRequest", "surveyAnswer", "auditEvent", "reminder", "interaction", "conversationRef"]) {
    out[model] = await db[model].findMany();
  }
  return out;
}

describe("a municipality's store sees and changes nothing of another", () => {
  let core: Core;
  let url: string;

  beforeAll(async () => {
    url = await tempDatabase();
    const env = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" });
    core = await buildCore(env, createLogger("silent"), { org: testOrg(), skipMigrations: true });
    const wf = core.workflow;
    const staff: Actor = { platform: "slack", userId: "U0EDU", channelId: "C0EDU" };
    const window: Actor = { platform: "slack", userId: "U0WIN", channelId: "C0WINDOW" };
    const sent = await wf.submitProposal({ ...proposalBody(), costToCity: true }, { platform: "api", userId: "intake" }, "key-1");
    const routing = (await core.store.read.routings.listByProposal(sent.id)).find((r) => r.departmentCode === "school-education")!;
    await wf.takeUp(routing.id, { opinion: "進めたい" }, staff);
    for (const m of core.ctx.dir.boardMembers()) {
      const round = (await core.store.read.rounds.listByProposal(sent.id)).find((r) => r.state === "open");
      if (!round) break;
      await wf.vote(round.id, { choice: "approve" }, m.slack ? { platform: "slack", userId: m.slack } : { platform: "teams", userId: m.teams! });
    }
    const start = tokyoDate(core.clock.now());
    await wf.registerAgreement(
      { proposalId: sent.id, companyName: "株式会社みなとテック", title: "協定", pattern: "tech_trial", departmentCode: "school-education", startDate: start, endDate: maxEndDate(start), costToCity: true },
      staff,
    );
    await wf.startSurvey({}, window);
  });
  afterAll(async () => {
    core?.dispatcher.stop();
    await core?.store.close();
    if (url) await removeDatabase(url);
  });

  it("every read of every repository finds nothing of the other municipality, and every change changes nothing", async () => {
    const before = await snapshot(core);
    expect(before.agreement.length, "the first municipality went the whole way").toBe(1);
    expect(before.vote.length).toBeGreaterThan(0);
    expect(before.surveyRequest.length).toBeGreaterThan(0);
    expect(before.reminder.length).toBeGreaterThan(0);

    // every id, number and key the first municipality has: what a forgetful query could be handed
    const candidates = new Set<unknown>();
    for (const rows of Object.values(before)) {
      for (const row of rows as Array<Record<string, unknown>>) {
        for (const k of ["id", "number", "key", "importKey", "corporateNumber", "normalizedName", "proposalId", "roundId", "requestId", "agreementId", "companyId", "subjectId", "statusTokenHash", "conversationId", "departmentCode"]) {
          if (row[k] !== undefined && row[k] !== null) candidates.add(row[k]);
        }
      }
    }
    candidates.add("key-1"); // the idempotency key the first municipality used
    const other = core.store.forTenant("chiyoda");
    const empty = (v: unknown) => v === null || v === undefined || v === false || v === 0 || (Array.isArray(v) && v.length === 0);
    const far = new Date("2100-01-01T00:00:00Z");
    let asked = 0;
    const subjectTypes = [...new Set((before.reminder as Array<{ subjectType: string }>).map((r) => r.subjectType))];
    const departments = ["school-education", "public-health", "window"];
    const patch = { state: "closed", title: "x", status: "rejected", name: "x", departmentCode: null };
    // ids and keys are text; only the numbers' own lookups take a number
    const strings = () => [...candidates].filter((c) => typeof c === "string");
    const argsFor = (method: string, arity: number): unknown[][] => {
      if (/^(getByNumber|numberAtLeast)$/.test(method)) return [...candidates].filter((c) => typeof c === "number").map((c) => [c]);
      if (/^(due|listOpenDue|listDue)$/.test(method)) return [[far, 1000]];
      if (method === "listOpenBefore") return [["2100-01-01"]];
      if (/^(listOpen|listRounds|listPublic)$/.test(method)) return [[1000]];
      if (method === "pendingFor") return [[departments, 1000]];
      if (method === "list") return [[{}], [{ departmentCode: "school-education" }]];
      if (method === "plannedOfKinds") return [[["expiry", "followup", "report_chase", "survey_chase", "silence", "vote"], far, 1000]];
      if (method === "listBetween") return [[null, null, 0, 1000]];
      if (method === "search") return [["", 1000], ["みなと", 1000]];
      if (method === "cancelForSubject" || method === "listForSubject" || method === "listBySubject") return subjectTypes.flatMap((t) => strings().map((c) => [t, c]));
      if (/^(update|updateRound|updateRequest|change|setStatusTokenHash)$/.test(method)) return strings().map((c) => [c, patch]);
      if (/^(close|complete)$/.test(method)) return strings().map((c) => [c, far]);
      if (arity >= 2) return strings().flatMap((c) => departments.map((d) => [c, d]));
      return strings().map((c) => [c]);
    };
    const changes = /^(update|updateRound|updateRequest|change|close|complete|cancelForSubject|unbind|bind|setStatusTokenHash|replace)$/;
    const methods = (r: Repos) =>
      Object.entries(r).flatMap(([name, repo]) =>
        typeof repo !== "object" || repo === null
          ? []
          : Object.entries(repo as Record<string, (...a: unknown[]) => Promise<unknown>>)
              // creating rows of its own is the other municipality's right; its reads and changes are what is walked
              .filter(([method]) => !/^(create|nextNumber|enqueue|plan|add|addAnswer|claim|upsert|createRound|createRequest|numberAtLeast)$/.test(method))
              .map(([method, fn]) => ({ name, method, arity: fn.length })),
      );
    for (const { name, method, arity } of methods(other.read)) {
      // the outbox and the inbox are the deployment's: their keys are unique everywhere, a key reads its own row
      if (name === "outbox" && method === "get") continue;
      for (const args of argsFor(method, arity)) {
        asked++;
        let result: unknown;
        if (changes.test(method)) {
          // each change in a transaction of its own (on PostgreSQL a failed statement ends its transaction)
          try {
            result = await other.tx((r) => (r as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name][method](...args));
          } catch {
            continue; // a change to a row it cannot see fails: nothing changed
          }
        } else {
          result = await (other.read as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name][method](...args).catch((e: Error) => {
            throw new Error(`${name}.${method}(${args.map((a) => JSON.stringify(a)).join(", ")}): ${e.message.slice(-300)}`);
          });
        }
        expect(empty(result), `${name}.${method}(${args.map((a) => JSON.stringify(a)).join(", ")}) answered ${JSON.stringify(result)?.slice(0, 200)}`).toBe(true);
      }
    }
    expect(asked).toBeGreaterThan(1000);
    // and nothing of the first municipality changed
    expect(await snapshot(core)).toEqual(before);
    // the figures: the other municipality's year is empty
    const facts = await other.reports.year({ fiscalYear: 2000, from: new Date("2000-04-01T00:00:00+09:00"), to: far, asOf: new Date(), asOfDay: tokyoDate(new Date()), staleBefore: far, partnerYears: [2026] });
    expect(facts.proposals).toEqual([]);
    expect(facts.agreements).toEqual([]);
    expect(facts.partners).toEqual([{ fiscalYear: 2026, companies: 0 }]);
    expect(await other.reports.years()).toEqual([]);
    expect(await core.store.reports.years()).not.toEqual([]);
  });

  it("the other municipality's own workflow numbers from 1 and shares nothing of the first", async () => {
    const wf = await municipalityWorkflow(core.ctx, "chiyoda", testOrg(), parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" }), createLogger("silent"));
    // the same 法人番号, the same company name, the same idempotency key: all its own
    const sent = await wf.submitProposal(proposalBody(), { platform: "api", userId: "intake" }, "key-1");
    expect(sent.number).toBe("P-0001");
    const mine = await wf.ctx.store.read.proposals.get(sent.id);
    const company = await wf.ctx.store.read.companies.get(mine!.companyId);
    expect(company?.corporateNumber).toBe("7000012050002");
    const first = (await core.store.read.companies.findByCorporateNumber("7000012050002"))!;
    expect(first.id).not.toBe(company!.id);
    const found = await wf.searchCompanies("みなと");
    expect(JSON.stringify(found)).not.toContain(first.id);
    expect(JSON.stringify(found)).toContain(company!.id);
  });
});
