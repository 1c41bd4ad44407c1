/**
 * The shared register across municipalities (issue 25, §4(3)), on the real bot with three municipalities
 * side by side: the default one (Minato, consenting), "chiyoda" (consenting) and "shibuya" (not). Each
 * concludes partnerships through its own use cases; then Minato's staff (Slack) and Chiyoda's (Teams) find
 * each other's by company and by field, Shibuya's never appears (chat or file) and its staff are refused,
 * a stranger in the workspace is refused, and /register.csv and /register.json list exactly the consenting
 * municipalities' concluded partnerships with no contact data. Runs on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { maxEndDate } from "../../src/domain/agreement";
import { tokyoDate } from "../../src/domain/calendar";
import { tokenHash } from "../../src/app/tenants/registry";
import { SHARED_COLUMNS } from "../../src/app/shared-register/register";
import type { Workflow } from "../../src/app/workflow";
import type { Actor } from "../../src/ports/chat";
import { tempStore } from "../helpers/db";
import { eventually, proposalBody, startHarness, type Harness } from "../helpers/harness";
import { testOrg } from "../helpers/org";
import { TENANT } from "../helpers/teams-client";

const CHIYODA_TENANT = "0c0d0e0f-1111-4222-8333-444455556666";
const SHIBUYA_TENANT = "0a0b0c0d-2222-4333-8444-555566667777";
const CHIYODA_TOKEN = "chiyoda-intake-token-0123456789abcdef";
const SHIBUYA_TOKEN = "shibuya-intake-token-0123456789abcdef";
const CHIYODA_WINDOW = "19:chiyoda-window@thread.tacv2";
const SHIBUYA_WINDOW = "19:shibuya-window@thread.tacv2";

function wardYaml(ja: string, en: string, window: string, staff: string, teamsTenant: string, shareRegister: boolean): string {
  return stringify({
    city: { name: { ja, en }, policy: { ja: `${ja}公民連携方針`, en: `${en} partnership policy` } },
    window: { name: { ja: "公民連携担当", en: "Public-Private Partnership Office" }, teamsChannel: window, members: [{ teams: staff, name: `${ja} 窓口` }] },
    departments: [{ code: "environment", name: { ja: "環境まちづくり部", en: "Environment" }, teamsChannel: `${window}-env`, fields: ["environment"] }],
    fields: [{ code: "environment", name: { ja: "環境", en: "Environment" } }],
    board: { teamsChannel: `${window}-board`, quorum: 1, members: [{ teams: `${staff}-chair`, name: "審査会長", chair: true }] },
    tenant: { teamsTenants: [teamsTenant], shareRegister },
  });
}

/** what must never cross: contact persons, addresses, phones, opinions and internal notes of any municipality */
const PRIVATE = ["山田花子", "hanako@example.co.jp", "03-1234-5678", "田中一郎", "tanaka@example.co.jp", "渋谷次郎", "shibuya@example.co.jp", "内部の意見", "内部メモ", "丸の内 担当", "千代田 係長", "提案の概要"];

describe("the shared register across municipalities", () => {
  let h: Harness;
  const minatoStaff: Actor = { platform: "slack", userId: "U0EDU", channelId: "C0EDU" };
  const chiyodaStaff: Actor = { platform: "teams", userId: "aad-chiyoda-staff", channelId: CHIYODA_WINDOW };
  const shibuyaStaff: Actor = { platform: "teams", userId: "aad-shibuya-staff", channelId: SHIBUYA_WINDOW };

  /** the whole way through a municipality's own use cases: proposal (intake API), taken up, concluded */
  async function conclude(wf: Workflow, token: string | undefined, staff: Actor, department: string, company: { name: string; contactName: string; email: string; phone?: string }, field: string, title: string) {
    const sent = await h.api("POST", "/api/proposals", proposalBody({ company, fields: [field], summary: "提案の概要（共有されない）" }), token ? { authorization: `Bearer ${token}` } : {});
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    const routing = (await wf.ctx.store.read.routings.listByProposal(sent.json.id)).find((r) => r.departmentCode === department)!;
    await wf.takeUp(routing.id, { opinion: "内部の意見：前向きに進めたい" }, staff);
    const start = tokyoDate(h.clock.now());
    await wf.registerAgreement({ proposalId: sent.json.id, companyName: company.name, title, pattern: "tech_trial", departmentCode: department, startDate: start, endDate: maxEndDate(start), costToCity: false, notes: "内部メモ：予算は未定" }, staff);
  }

  beforeAll(async () => {
    const made = await tempStore();
    await made.store.municipalities.save("chiyoda", wardYaml("千代田区", "Chiyoda City", CHIYODA_WINDOW, "aad-chiyoda-staff", CHIYODA_TENANT, true));
    await made.store.municipalities.setIntakeToken("chiyoda", tokenHash(CHIYODA_TOKEN));
    await made.store.municipalities.save("shibuya", wardYaml("渋谷区", "Shibuya City", SHIBUYA_WINDOW, "aad-shibuya-staff", SHIBUYA_TENANT, false));
    await made.store.municipalities.setIntakeToken("shibuya", tokenHash(SHIBUYA_TOKEN));
    await made.store.close();
    const org = testOrg({ tenant: { shareRegister: true }, fields: [{ code: "education", name: { ja: "教育", en: "Education" } }] });
    h = await startHarness({ databaseUrl: made.url, org, env: { TEAMS_ALLOWED_TENANTS: TENANT } });
    const m = h.app.municipalities;

    await conclude(m.home, undefined, minatoStaff, "school-education", { name: "株式会社みなとテック", contactName: "山田花子", email: "hanako@example.co.jp", phone: "03-1234-5678" }, "education", "小学校でのプログラミング教育");
    await conclude(m.get("chiyoda")!, CHIYODA_TOKEN, chiyodaStaff, "environment", { name: "丸の内ラボ株式会社", contactName: "田中一郎", email: "tanaka@example.co.jp" }, "environment", "<!here> 丸の内の打ち水実証 *太字*");
    // a department's own partnership, with contacts on both sides: its contacts stay in Chiyoda
    await m.get("chiyoda")!.registerOwnPartnership(
      { kind: "agreement", companyName: "丸の内ラボ株式会社", title: "=1+1 丸の内の清掃活動", pattern: "co_hosting", departmentCode: "environment", startDate: tokyoDate(h.clock.now()), endDate: maxEndDate(tokyoDate(h.clock.now())), companyContact: "丸の内 担当 maru@example.co.jp", cityContact: "千代田 係長 03-0000-0000", notes: "内部メモ：継続を検討" },
      chiyodaStaff,
    );
    await conclude(m.get("shibuya")!, SHIBUYA_TOKEN, shibuyaStaff, "environment", { name: "渋谷ラボ株式会社", contactName: "渋谷次郎", email: "shibuya@example.co.jp" }, "environment", "渋谷の環境実証");
    // each municipality concluded its own (the third is not shared, but it is concluded)
    expect((await m.get("shibuya")!.publicPartnerships()).map((p) => p.company)).toEqual(["渋谷ラボ株式会社"]);
  }, 60_000);
  afterAll(async () => h?.cleanup());

  /** a slash command on Slack (Minato's workspace) and the reply it got */
  async function slack(user: string, channel: string, text: string): Promise<string> {
    const responses = () => h.fake.calls.filter((c) => c.method.includes("response/"));
    const before = responses().length;
    expect((await h.slack.command(user, channel, text)).status).toBe(200);
    await eventually(() => expect(responses().length).toBeGreaterThan(before));
    return JSON.stringify(responses().slice(before).map((c) => c.args));
  }

  /** a message to the bot on Teams from a municipality's tenant, and what it answered */
  async function teams(user: string, channel: string, text: string, tenant: string): Promise<string> {
    const before = h.connector.calls.length;
    expect((await h.teams.message(user, channel, text, tenant)).status).toBe(200);
    return JSON.stringify(h.connector.calls.slice(before).map((c) => c.body));
  }

  const refusals = async (wf: Workflow, actor: string) => (await wf.ctx.store.read.audit.listBetween(null, null, 0, 100_000)).filter((e) => e.action === "command.shared.refused" && e.actor === actor);

  it("a consenting municipality's staff find another consenting one's partnership by company and by field, with nothing private", async () => {
    // Minato's staff on Slack, by company name: Chiyoda's partnerships, with its name, pattern, state and field
    const byCompany = await slack("U0EDU", "C0EDU", "shared 丸の内ラボ");
    expect(byCompany).toContain("丸の内ラボ株式会社");
    expect(byCompany).toContain("千代田区");
    expect(byCompany).toContain("丸の内の打ち水実証");
    expect(byCompany).toContain("丸の内の清掃活動");
    expect(byCompany).toContain("環境");
    expect(byCompany).toContain("有効");
    // the title is plain text in Slack: no broadcast, no bold
    expect(byCompany).not.toContain("<!here>");
    expect(byCompany).toContain("&lt;!here&gt;");
    // by field: Chiyoda's environment partnership, never Shibuya's (which is filed under the same field)
    const byField = await slack("U0EDU", "C0EDU", "shared 環境");
    expect(byField).toContain("丸の内の打ち水実証");
    expect(byField).not.toContain("渋谷");

    // Chiyoda's staff on Teams, by Minato's field and by company
    const education = await teams("aad-chiyoda-staff", CHIYODA_WINDOW, "shared 教育", CHIYODA_TENANT);
    expect(education).toContain("株式会社みなとテック");
    expect(education).toContain("小学校でのプログラミング教育");
    expect(education).toContain("港区");
    expect(education).toContain("学校教育部");
    const company = await teams("aad-chiyoda-staff", CHIYODA_WINDOW, "shared みなとテック", CHIYODA_TENANT);
    expect(company).toContain("小学校でのプログラミング教育");

    for (const reply of [byCompany, byField, education, company]) for (const s of PRIVATE) expect(reply, s).not.toContain(s);
    expect(await refusals(h.app.municipalities.home, "slack:U0EDU")).toHaveLength(0);
  });

  it("a non-consenting municipality's partnership never appears in chat", async () => {
    const minato = await slack("U0EDU", "C0EDU", "shared 渋谷ラボ");
    expect(minato).not.toContain("渋谷ラボ株式会社");
    expect(minato).toContain("一致する連携協定はありません");
    const chiyoda = await teams("aad-chiyoda-staff", CHIYODA_WINDOW, "shared 渋谷", CHIYODA_TENANT);
    expect(chiyoda).not.toContain("渋谷ラボ株式会社");
    expect(chiyoda).not.toContain("渋谷の環境実証");
  });

  it("a non-consenting municipality's staff are refused, and the refusal is in its own audit trail", async () => {
    const shibuya = h.app.municipalities.get("shibuya")!;
    const before = (await refusals(shibuya, "teams:aad-shibuya-staff")).length;
    const reply = await teams("aad-shibuya-staff", SHIBUYA_WINDOW, "shared 丸の内", SHIBUYA_TENANT);
    expect(reply).toContain("同意していない");
    expect(reply).not.toContain("丸の内ラボ");
    expect(reply).not.toContain("みなとテック");
    const rows = await refusals(shibuya, "teams:aad-shibuya-staff");
    expect(rows).toHaveLength(before + 1);
    expect(JSON.stringify(rows.at(-1))).toContain("not sharing");
    // its own register is its own business: still public at its desk
    expect(await (await fetch(`${h.app.url}/m/shibuya/partnerships.csv`)).text()).toContain("渋谷ラボ株式会社");
  });

  it("a stranger in the workspace (not staff) cannot search from chat", async () => {
    const home = h.app.municipalities.home;
    const before = (await refusals(home, "slack:U0ANY")).length;
    const reply = await slack("U0ANY", "C0RANDOM", "shared 丸の内");
    expect(reply).toContain("権限がありません");
    expect(reply).not.toContain("丸の内ラボ");
    await eventually(async () => expect(await refusals(home, "slack:U0ANY")).toHaveLength(before + 1));
    // a board member is not the municipality's staff either (a board may seat people from outside)
    expect(await slack("U0M1", "C0RANDOM", "shared 丸の内")).toContain("権限がありません");
  });

  it("the combined open data lists exactly the consenting municipalities' concluded partnerships, with no contact data", async () => {
    const csvRes = await fetch(`${h.app.url}/register.csv`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    const csv = await csvRes.text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(header).toBe(SHARED_COLUMNS.join(","));
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.startsWith("港区,"))).toHaveLength(1);
    expect(rows.filter((r) => r.startsWith("千代田区,"))).toHaveLength(2);
    expect(csv).toContain("株式会社みなとテック");
    expect(csv).toContain(",教育,");
    // a title that looks like a formula stays text
    expect(csv).toContain(",'=1+1 丸の内の清掃活動,");
    expect(csv).not.toContain("渋谷");
    for (const s of PRIVATE) expect(csv, s).not.toContain(s);

    const json = (await (await fetch(`${h.app.url}/register.json`)).json()) as { partnerships: Array<Record<string, any>> };
    const listed = json.partnerships.map((p) => `${p.municipality.slug} ${p.number} ${p.company}`).sort();
    expect(listed).toEqual(["chiyoda A-0001 丸の内ラボ株式会社", "chiyoda A-0002 丸の内ラボ株式会社", "default A-0001 株式会社みなとテック"]);
    for (const p of json.partnerships) {
      expect(Object.keys(p).sort()).toEqual(["company", "corporateNumber", "department", "endDate", "fields", "municipality", "number", "pattern", "patternName", "startDate", "state", "title"]);
      expect(p.state).toBe("active");
    }
    expect(json.partnerships.find((p) => p.municipality.slug === "default")!.municipality.name).toEqual({ ja: "港区", en: "Minato City" });
    expect(json.partnerships.find((p) => p.title.includes("打ち水"))!.fields).toEqual([{ code: "environment", name: { ja: "環境", en: "Environment" } }]);
    const text = JSON.stringify(json);
    expect(text).not.toContain("渋谷");
    for (const s of PRIVATE) expect(text, s).not.toContain(s);

    // read-only: another method is refused
    const put = await fetch(`${h.app.url}/register.csv`, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toContain("GET");
  });
});
