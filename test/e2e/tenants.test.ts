/**
 * Two municipalities on one deployment, side by side (issue 25): the default one (the org config of the
 * tests) and "chiyoda", added as a row with its own YAML. Each is reached through its own door — its
 * intake token, its desk under /m/<slug>/, its Teams tenant — and sees nothing of the other. Runs on
 * SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PERMISSIONS, PUBLIC_PAGES } from "../../src/app/permissions";
import { ACTION_IDS, FORMS } from "../../src/ports/chat";
import { tokenHash } from "../../src/app/tenants/registry";
import type { PrismaStore } from "../../src/db/store";
import { tempStore } from "../helpers/db";
import { DeskVisitor, deskFields, hiddenFields, textOfHtml } from "../helpers/desk-client";
import { INTAKE_TOKEN, proposalBody, startHarness, type Harness } from "../helpers/harness";
import { TENANT } from "../helpers/teams-client";

const CHIYODA_TENANT = "0c0d0e0f-1111-4222-8333-444455556666";
const CHIYODA_TOKEN = "chiyoda-intake-token-0123456789abcdef";
const CHIYODA_WINDOW = "19:chiyoda-window@thread.tacv2";

/** Another ward's rulebook, as an operator would write it (tenant add chiyoda --config chiyoda.yml). */
const CHIYODA_YAML = stringify({
  city: { name: { ja: "千代田区", en: "Chiyoda City" }, policy: { ja: "千代田区公民連携方針", en: "Chiyoda City public-private partnership policy" } },
  window: { name: { ja: "公民連携担当", en: "Public-Private Partnership Office" }, teamsChannel: CHIYODA_WINDOW, members: [{ teams: "aad-chiyoda-staff", name: "千代田 窓口" }, { teams: "aad-window", name: "両区の窓口（同じ ID）" }] },
  departments: [{ code: "environment", name: { ja: "環境まちづくり部", en: "Environment" }, teamsChannel: "19:chiyoda-env@thread.tacv2", fields: ["environment"] }],
  fields: [{ code: "environment", name: { ja: "環境", en: "Environment" } }],
  board: { teamsChannel: "19:chiyoda-board@thread.tacv2", quorum: 1, members: [{ teams: "aad-chiyoda-chair", name: "審査会長", chair: true }, { teams: "aad-chair", name: "両区の委員（同じ ID）" }] },
  tenant: { teamsTenants: [CHIYODA_TENANT], shareRegister: true },
});

describe("two municipalities on one deployment", () => {
  let h: Harness;
  let store: PrismaStore;
  const chiyodaApi = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.api(method, path, body, { authorization: `Bearer ${CHIYODA_TOKEN}`, ...headers });

  beforeAll(async () => {
    // the municipality is added before the bot starts, as `tenant add` and `tenant token` do
    const made = await tempStore();
    await made.store.municipalities.save("chiyoda", CHIYODA_YAML);
    await made.store.municipalities.setIntakeToken("chiyoda", tokenHash(CHIYODA_TOKEN));
    await made.store.close();
    h = await startHarness({ databaseUrl: made.url, env: { TEAMS_ALLOWED_TENANTS: TENANT } });
    store = h.app.store;
  });
  afterAll(async () => h?.cleanup());

  it("the intake token selects the municipality: each numbers its own proposals, and neither reads the other's", async () => {
    const home = await h.api("POST", "/api/proposals", proposalBody({ title: "港区への提案" }), { "idempotency-key": "same-key-1" });
    const other = await chiyodaApi("POST", "/api/proposals", proposalBody({ company: { name: "千代田商事株式会社", contactName: "佐藤", email: "sato@example.co.jp" }, title: "千代田区への提案", fields: ["environment"] }), { "idempotency-key": "same-key-1" });
    expect(home.status).toBe(201);
    // the same Idempotency-Key from another municipality's client is its own: a new proposal, not the other's answer
    expect(other.status, JSON.stringify(other.json)).toBe(201);
    expect(other.json.id).not.toBe(home.json.id);
    expect(other.json.number).toBe("P-0001");
    expect(home.json.number).toBe("P-0001");

    expect((await h.api("GET", `/api/proposals/${home.json.id}`)).status).toBe(200);
    expect((await chiyodaApi("GET", `/api/proposals/${other.json.id}`)).status).toBe(200);
    expect((await chiyodaApi("GET", `/api/proposals/${home.json.id}`)).status, "chiyoda reads a Minato proposal").toBe(404);
    expect((await h.api("GET", `/api/proposals/${other.json.id}`)).status, "Minato reads a Chiyoda proposal").toBe(404);
    expect((await chiyodaApi("GET", "/api/agreements")).json.agreements).toEqual([]);

    // in the database, each row carries its municipality
    expect((await store.read.proposals.get(other.json.id))).toBeNull();
    expect((await store.forTenant("chiyoda").read.proposals.get(other.json.id))?.title).toBe("千代田区への提案");
    expect((await store.forTenant("chiyoda").read.proposals.get(home.json.id))).toBeNull();
    // a field only Chiyoda has is refused by Minato's rules
    expect((await h.api("POST", "/api/proposals", proposalBody({ fields: ["environment"] }))).status).toBe(400);
    // a wrong token is nobody's
    expect((await h.api("GET", "/api/agreements", undefined, { authorization: "Bearer not-a-token-of-anyone-0000" })).status).toBe(401);
    expect(INTAKE_TOKEN).not.toBe(CHIYODA_TOKEN);
  });

  it("each municipality's desk is its own: /m/chiyoda/ names Chiyoda, keeps its proposals, and answers every public page", async () => {
    const v = new DeskVisitor(h.app.url);
    const form = await v.get("/m/chiyoda/propose");
    expect(form.status).toBe(200);
    expect(textOfHtml(form.html)).toContain("千代田区");
    expect(textOfHtml(form.html)).not.toContain("港区");
    // every link of the page stays under its own prefix
    for (const [, href] of form.html.matchAll(/(?:href|action|src)="(\/[^"]*)"/g)) expect(href, href).toMatch(/^\/m\/chiyoda\//);

    const sent = await v.propose("/m/chiyoda/propose", deskFields({ companyName: "株式会社神田テック", corporateNumber: "", fields: ["environment"], title: "神田での実証" }));
    expect(sent.status, textOfHtml(sent.html).slice(0, 300)).toBe(303);
    const link = /\/m\/chiyoda\/propose\/status\/([A-Za-z0-9_-]+)/.exec(sent.html);
    expect(link, "the status link is Chiyoda's").not.toBeNull();
    const token = link![1];
    expect((await v.get(`/m/chiyoda/propose/status/${token}`)).status).toBe(200);
    // the token is Chiyoda's: Minato's desk does not know it
    expect((await v.get(`/propose/status/${token}`)).status).toBe(404);
    const stored = (await store.forTenant("chiyoda").read.proposals.listOpen(100)).map((p) => p.title);
    expect(stored).toContain("神田での実証");
    expect((await store.read.proposals.listOpen(100)).map((p) => p.title)).not.toContain("神田での実証");

    // every row of the public pages answers under the prefix as at the root
    const statusOf: Record<string, (x: DeskVisitor) => Promise<number>> = {
      "POST /propose": async (x) => (await x.submit("/m/chiyoda/propose", deskFields({ fields: ["environment"] }))).status,
      "POST /propose/send": async (x) => {
        const confirm = await x.submit("/m/chiyoda/propose", deskFields({ fields: ["environment"], title: "二件目" }));
        return (await x.post("/m/chiyoda/propose/send", hiddenFields(confirm.html))).status;
      },
      "POST /propose/link": async (x) => (await x.submit("/m/chiyoda/propose/link", { number: "P-0001", email: "x@example.co.jp" })).status,
    };
    // mail is off here: the lost-link page offers no form (the window gives new links), so a post has no token
    const expected: Record<string, number> = { "GET /": 303, "POST /propose/send": 303, "POST /propose/link": 403 };
    for (const route of PUBLIC_PAGES) {
      const [method, path] = route.split(" ");
      const x = new DeskVisitor(h.app.url);
      const status = method === "POST" ? await statusOf[route](x) : (await x.get(`/m/chiyoda${path.replace(":token", token)}`)).status;
      expect(status, route).toBe(expected[route] ?? 200);
    }
    // the register lists only Chiyoda's, the calls only Chiyoda's
    const csv = await (await fetch(`${h.app.url}/m/chiyoda/partnerships.csv`)).text();
    expect(csv).not.toContain("港区");
    // a municipality nobody added has no desk
    expect((await fetch(`${h.app.url}/m/nowhere/propose`)).status).toBe(404);
  });

  it("a Teams activity is served by its tenant's municipality; an unmapped tenant is refused and audited", async () => {
    await h.api("POST", "/api/proposals", proposalBody({ company: { name: "みなと商事株式会社", contactName: "鈴木", email: "suzuki@example.co.jp" } }));
    await chiyodaApi("POST", "/api/proposals", proposalBody({ company: { name: "丸の内ラボ株式会社", contactName: "田中", email: "tanaka@example.co.jp" }, fields: ["environment"] }));

    const replyTo = async (text: string, tenant: string) => {
      const before = h.connector.calls.length;
      const res = await h.teams.message("aad-chiyoda-staff", CHIYODA_WINDOW, text, tenant);
      expect(res.status).toBe(200);
      return JSON.stringify(h.connector.calls.slice(before).map((c) => c.body));
    };
    // Chiyoda's staff, in Chiyoda's tenant, find Chiyoda's company and not Minato's
    const own = await replyTo("company 丸の内", CHIYODA_TENANT);
    expect(own).toContain("丸の内ラボ");
    const other = await replyTo("company みなと", CHIYODA_TENANT);
    expect(other).not.toContain("みなと商事");

    // the same person from a tenant of no municipality: nothing answered, the refusal in the audit trail
    const audits = async () => (await store.read.audit.listBetween(null, null, 0, 100_000)).filter((e) => e.action === "teams.tenant.refused");
    const refused = (await audits()).length;
    const calls = h.connector.calls.length;
    const res = await h.teams.message("aad-chiyoda-staff", CHIYODA_WINDOW, "company 丸の内", "ffffffff-0000-4000-8000-000000000000");
    expect(res.status).toBe(200);
    expect(h.connector.calls.length).toBe(calls);
    expect((await audits()).length).toBe(refused + 1);
  });

  it("every button and form of the permission table, pressed by Chiyoda's own staff with Minato's ids, changes nothing of Minato's", async () => {
    // Minato's subjects: a proposal that costs the city money (routings, a board round)
    const sent = await h.api("POST", "/api/proposals", proposalBody({ title: "審査会にかかる提案", costToCity: true }));
    expect(sent.status).toBe(201);
    // taken up by its department: the board's round opens (a vote is a change a click makes by itself)
    const routing = (await store.read.routings.listByProposal(sent.json.id)).find((r) => r.departmentCode === "school-education")!;
    await h.app.workflow.takeUp(routing.id, { opinion: "進めたい" }, { platform: "slack", userId: "U0EDU", channelId: "C0EDU" });
    expect((await store.read.rounds.listByProposal(sent.json.id)).filter((r) => r.state === "open")).toHaveLength(1);
    const db = (store as unknown as { db: Record<string, { findMany(a?: unknown): Promise<Array<Record<string, unknown>>> }> }).db;
    const minato = async () => {
      const out: Record<string, unknown[]> = {};
      for (const model of ["company", "proposal", "challenge", "routing", "reviewRound", "vote", "agreement", "statusReport", "disasterRecord", "surveyRound", "surveyRequest", "reminder"]) {
        out[model] = await db[model].findMany({ where: { tenantId: "default" } });
      }
      return out;
    };
    const before = await minato();
    const ids = [...new Set(Object.values(before).flatMap((rows) => (rows as Array<{ id: string }>).map((r) => r.id)))];
    expect(ids.length).toBeGreaterThan(5);
    const ops = Object.keys(PERMISSIONS).filter((op) => ACTION_IDS.includes(op) || (Object.values(FORMS) as string[]).includes(op));
    expect(ops.length).toBeGreaterThan(10);
    let n = 0;
    for (const op of ops) {
      for (const [id, who] of ids.flatMap((i) => [[i, "aad-window"], [i, "aad-chair"]])) {
        const data = ACTION_IDS.includes(op) ? { value: id } : { context: id, opinion: "x", reason: "x", comment: "x" };
        // a person who is window staff in both municipalities (the same id in both rulebooks): only the
        // municipality of the tenant the click came from may act, and Minato's ids are not Chiyoda's
        const res = await h.teams.invoke(who, CHIYODA_WINDOW, `reply-${++n}`, op, data, { tenant: CHIYODA_TENANT });
        expect(res.status, `${op} ${id}`).toBeLessThan(500);
      }
    }
    // Chiyoda's staff were served (their own workflow answered) and nothing of Minato's moved
    expect(await minato()).toEqual(before);
  }, 120_000);

  it("a municipality's reports link opens its own page under /m/<slug>/ only, with its own figures", async () => {
    const chiyoda = h.app.municipalities.get("chiyoda")!;
    const staff = { platform: "teams" as const, userId: "aad-chiyoda-staff", channelId: CHIYODA_WINDOW };
    const message = JSON.stringify(await chiyoda.reports.command(staff));
    const url = /"url":"([^"]+)"/.exec(message)?.[1];
    expect(url).toMatch(/\/m\/chiyoda\/reports\/open\?token=/);
    const token = new URL(url!).searchParams.get("token")!;
    // the same token at the default municipality's page opens nothing (its keys are Chiyoda's)
    expect((await fetch(`${h.app.url}/reports/open?token=${encodeURIComponent(token)}`, { redirect: "manual" })).status).toBe(401);
    // at its own page: a session, and the page of Chiyoda's figures
    const open = await fetch(`${h.app.url}/m/chiyoda/reports/open?token=${encodeURIComponent(token)}`, { redirect: "manual" });
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe("/m/chiyoda/reports");
    const cookie = (open.headers.get("set-cookie") ?? "").split(";")[0];
    const page = await fetch(`${h.app.url}/m/chiyoda/reports`, { headers: { cookie } });
    const html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain("環境まちづくり部");
    expect(html).not.toContain("学校教育部");
    for (const [, href] of html.matchAll(/(?:href|action|src)="(\/[^"]*)"/g)) expect(href, href).toMatch(/^\/m\/chiyoda\//);
    // Chiyoda's session is not Minato's
    expect((await fetch(`${h.app.url}/reports`, { headers: { cookie } })).status).toBe(401);
  });

  it("Chiyoda's messages reach its Teams channels through its own tenant's installation", async () => {
    // the app added to one of Chiyoda's teams: its window channel has no reference of its own yet
    expect((await h.teams.install("19:chiyoda-general@thread.tacv2", CHIYODA_TENANT, "19:chiyoda-team@thread.tacv2")).status).toBe(200);
    const before = h.connector.posted(CHIYODA_WINDOW).length;
    expect((await chiyodaApi("POST", "/api/proposals", proposalBody({ company: { name: "九段テック株式会社", contactName: "林", email: "hayashi@example.co.jp" }, fields: ["environment"], title: "九段での実証" }))).status).toBe(201);
    // what waited for an installation goes now (as `outbox retry` does, after the dispatcher's short hint)
    h.clock.advance(10_000);
    await store.retryAllNow(h.clock.now());
    await h.deliver();
    expect((await store.pending(100)).filter((m) => m.tenantId === "chiyoda").map((m) => [m.channel, m.lastError]), "every Chiyoda message sent").toEqual([]);
    const posted = h.connector.posted(CHIYODA_WINDOW).slice(before);
    expect(JSON.stringify(posted)).toContain("九段での実証");
    // and nothing of it in Minato's channels
    expect(JSON.stringify(h.fake.calls)).not.toContain("九段での実証");
  });
});
