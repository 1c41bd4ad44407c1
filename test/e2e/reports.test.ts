/**
 * Issue 22: the planning division's figures. Two fiscal years are seeded through the real use cases on a
 * fixed clock, with an April reorganisation between them (a department renamed, another merged into a new
 * code), and every figure is checked against counts kept independently here, as each step is taken.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOrg, type OrgConfig } from "../../src/config/org";
import { MINATO, WINDOW_NAME } from "../helpers/org";
import type { Actor } from "../../src/ports/chat";
import { SYSTEM } from "../../src/ports/chat";
import type { YearReport } from "../../src/app/reports/figures";
import { tempDatabase, removeDatabase } from "../helpers/db";
import { startHarness, TestClock, type Harness } from "../helpers/harness";

const board = {
  slackChannel: "C0BOARD",
  quorum: 3,
  members: [
    { slack: "U0CHAIR", name: "会長", chair: true },
    { slack: "U0M1", name: "委員1" },
    { slack: "U0M2", name: "委員2" },
    { slack: "U0M3", name: "委員3" },
    { slack: "U0M4", name: "委員4" },
  ],
};
const fields = [
  { code: "education", name: { ja: "学校教育", en: "Education" } },
  { code: "health", name: { ja: "健康", en: "Health" } },
  { code: "environment", name: { ja: "環境", en: "Environment" } },
];
/** The city of both years: only its departments change at the April reorganisation. */
function cityWith(departments: unknown[]): OrgConfig {
  return parseOrg({
    city: MINATO,
    window: { name: WINDOW_NAME, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
    planning: { members: [{ slack: "U0PLAN", name: "企画課" }], slackChannel: "C0PLAN" },
    fields,
    departments,
    board,
    reminders: {},
  });
}
/** FY2026: education, health (健康推進課), environment (環境課) */
function orgBefore(): OrgConfig {
  return cityWith([
    { code: "edu", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] },
    { code: "health", name: { ja: "健康推進課", en: "Health Promotion" }, slackChannel: "C0HEALTH", fields: ["health"] },
    { code: "env", name: { ja: "環境課", en: "Environment Division" }, slackChannel: "C0ENV", fields: ["environment"] },
  ]);
}
/** FY2027 after the April reorganisation: health renamed (保健予防課), env merged into green (環境政策課) */
function orgAfter(): OrgConfig {
  return cityWith([
    { code: "edu", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] },
    { code: "health", name: { ja: "保健予防課", en: "Disease Prevention" }, slackChannel: "C0HEALTH", fields: ["health"] },
    { code: "green", name: { ja: "環境政策課", en: "Environmental Policy" }, slackChannel: "C0GREEN", fields: ["environment"] },
  ]);
}

/** What the test knows of each proposal it seeds: the figures must agree with this. */
interface Seeded {
  fy: number;
  channel: "desk" | "api" | "chat" | "call";
  fields: string[];
  pattern: string;
  dept: string | null;
  outcome: "in_progress" | "agreement" | "no_agreement" | "declined" | "withdrawn";
  received: string;
  taken?: string;
  decided?: string;
}
const ledger: Seeded[] = [];
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

const clock = new TestClock(new Date("2026-04-05T09:00:00+09:00"));
let url: string;
let h: Harness;
const reports: Record<string, YearReport> = {};
let companySeq = 0;

function body(extra: Record<string, unknown>) {
  companySeq += 1;
  return {
    company: { name: `株式会社テスト${companySeq}`, contactName: "担当者", email: `c${companySeq}@example.jp` },
    title: `提案${companySeq}`,
    summary: "提案の概要です。",
    fields: ["education"],
    pattern: "other",
    costToCity: false,
    ...extra,
  };
}

const companyOf = new Map<string, string>();
async function propose(at: string, actor: Actor, extra: Record<string, unknown>): Promise<string> {
  clock.set(at);
  const b = body(extra);
  const id = (await h.app.workflow.submitProposal(b, actor)).id as string;
  companyOf.set(id, b.company.name);
  return id;
}
async function takeUp(at: string, proposalId: string, dept: string, opinion?: string) {
  clock.set(at);
  const routing = (await h.app.store.read.routings.listByProposal(proposalId)).find((r) => r.departmentCode === dept)!;
  await h.app.workflow.takeUp(routing.id, opinion ? { opinion } : {}, SYSTEM);
}
async function conclude(at: string, proposalId: string, dept: string, start: string, end: string, pattern = "other") {
  clock.set(at);
  return h.app.workflow.registerAgreement({ proposalId, companyName: companyOf.get(proposalId), title: "協定", pattern, departmentCode: dept, startDate: start, endDate: end }, SYSTEM);
}

const API: Actor = { platform: "api", userId: "intake" };
const WEB: Actor = { platform: "web", userId: "public-desk" };
const CHAT: Actor = { platform: "slack", userId: "U0WIN", channelId: "C0WINDOW" };

beforeAll(async () => {
  url = await tempDatabase();
  // ---- FY2026, before the reorganisation
  h = await startHarness({ org: orgBefore(), clock, databaseUrl: url });
  const wf = h.app.workflow;

  const p1 = await propose("2026-05-01T10:00:00+09:00", API, { fields: ["education"], pattern: "tech_trial" });
  await takeUp("2026-05-03T10:00:00+09:00", p1, "edu");
  const a1 = await conclude("2026-05-20T10:00:00+09:00", p1, "edu", "2026-06-01", "2027-05-31", "tech_trial");
  ledger.push({ fy: 2026, channel: "api", fields: ["education"], pattern: "tech_trial", dept: "edu", outcome: "agreement", received: "2026-05-01T10:00:00+09:00", taken: "2026-05-03T10:00:00+09:00", decided: "2026-05-20T10:00:00+09:00" });

  const p2 = await propose("2026-06-01T10:00:00+09:00", CHAT, { fields: ["health"], pattern: "other" });
  await takeUp("2026-06-10T10:00:00+09:00", p2, "health");
  clock.set("2026-07-01T10:00:00+09:00");
  await wf.recordNoAgreement(p2, { consentBy: "双方の担当者", reason: "金銭のやり取りがない軽易な取組" }, SYSTEM);
  ledger.push({ fy: 2026, channel: "chat", fields: ["health"], pattern: "other", dept: "health", outcome: "no_agreement", received: "2026-06-01T10:00:00+09:00", taken: "2026-06-10T10:00:00+09:00", decided: "2026-07-01T10:00:00+09:00" });

  const p3 = await propose("2026-07-01T10:00:00+09:00", API, { fields: ["health", "environment"], pattern: "co_hosting", costToCity: true });
  await takeUp("2026-07-02T10:00:00+09:00", p3, "health", "区の負担あり、効果は大きい");
  const round = (await h.app.store.read.rounds.listByProposal(p3))[0];
  clock.set("2026-07-06T10:00:00+09:00");
  for (const member of ["U0CHAIR", "U0M1", "U0M2"]) await wf.vote(round.id, { choice: "reject" }, { platform: "slack", userId: member, channelId: "C0BOARD" });
  expect((await h.app.store.read.rounds.get(round.id))?.state).toBe("rejected");
  ledger.push({ fy: 2026, channel: "api", fields: ["health", "environment"], pattern: "co_hosting", dept: "health", outcome: "declined", received: "2026-07-01T10:00:00+09:00", taken: "2026-07-02T10:00:00+09:00", decided: "2026-07-06T10:00:00+09:00" });

  const p4 = await propose("2026-08-01T10:00:00+09:00", WEB, { fields: ["environment"], pattern: "other" });
  await takeUp("2026-08-05T10:00:00+09:00", p4, "env");
  ledger.push({ fy: 2026, channel: "desk", fields: ["environment"], pattern: "other", dept: "env", outcome: "in_progress", received: "2026-08-01T10:00:00+09:00", taken: "2026-08-05T10:00:00+09:00" });
  // taken up, then withdrawn by the company (the window records it): no decision, and not stale
  const pw = await propose("2026-08-10T10:00:00+09:00", API, { fields: ["education"], pattern: "other" });
  await takeUp("2026-08-12T10:00:00+09:00", pw, "edu");
  clock.set("2026-08-20T10:00:00+09:00");
  await wf.withdrawProposal(pw, { reason: "社内の方針が変わったとの連絡" }, SYSTEM);
  ledger.push({ fy: 2026, channel: "api", fields: ["education"], pattern: "other", dept: "edu", outcome: "withdrawn", received: "2026-08-10T10:00:00+09:00", taken: "2026-08-12T10:00:00+09:00" });
  // received late in the year and never taken up
  await propose("2027-03-20T10:00:00+09:00", API, { fields: [], pattern: "other", title: "窓口への相談" });
  ledger.push({ fy: 2026, channel: "api", fields: [], pattern: "other", dept: null, outcome: "in_progress", received: "2027-03-20T10:00:00+09:00" });

  clock.set("2026-09-01T10:00:00+09:00");
  const call = await wf.publishChallenge({ kind: "theme_call", title: "学校でのICT活用", description: "ICT の提案を募集します。", departmentCode: "edu", deadline: "2026-10-31" }, SYSTEM);
  const p5 = await propose("2026-09-10T10:00:00+09:00", API, { fields: ["education"], pattern: "tech_trial", challenge: call.number });
  await takeUp("2026-09-20T10:00:00+09:00", p5, "edu");
  ledger.push({ fy: 2026, channel: "call", fields: ["education"], pattern: "tech_trial", dept: "edu", outcome: "in_progress", received: "2026-09-10T10:00:00+09:00", taken: "2026-09-20T10:00:00+09:00" });

  // the follow-up request (3 months after conclusion) falls due, is sent, and is answered with an amount
  await wf.runSweep(new Date("2026-08-31T10:00:00+09:00"));
  clock.set("2026-09-01T10:00:00+09:00");
  await wf.submitReport(a1.id, { status: "on_track", done: "講座を3回開いた", estimatedAmount: "1,200,000" }, SYSTEM);
  await wf.runSweep(new Date("2026-09-30T10:00:00+09:00"));
  await h.stop();

  // ---- FY2027, after the April reorganisation (same database, new org config)
  clock.set("2027-04-01T08:00:00+09:00");
  h = await startHarness({ org: orgAfter(), clock, databaseUrl: url });
  const wf2 = h.app.workflow;
  const p6 = await propose("2027-04-05T10:00:00+09:00", API, { fields: ["health"], pattern: "co_hosting" });
  await takeUp("2027-04-10T10:00:00+09:00", p6, "health");
  const a6 = await conclude("2027-05-01T10:00:00+09:00", p6, "health", "2027-05-01", "2028-04-30", "co_hosting");
  ledger.push({ fy: 2027, channel: "api", fields: ["health"], pattern: "co_hosting", dept: "health", outcome: "agreement", received: "2027-04-05T10:00:00+09:00", taken: "2027-04-10T10:00:00+09:00", decided: "2027-05-01T10:00:00+09:00" });

  const p7 = await propose("2027-04-06T10:00:00+09:00", CHAT, { fields: ["environment"], pattern: "other" });
  await takeUp("2027-04-15T10:00:00+09:00", p7, "green");
  clock.set("2027-06-01T10:00:00+09:00");
  await wf2.recordNoAgreement(p7, { consentBy: "双方", reason: "軽易な取組" }, SYSTEM);
  ledger.push({ fy: 2027, channel: "chat", fields: ["environment"], pattern: "other", dept: "green", outcome: "no_agreement", received: "2027-04-06T10:00:00+09:00", taken: "2027-04-15T10:00:00+09:00", decided: "2027-06-01T10:00:00+09:00" });

  // a department's own partnership (§6(1) ただし書), concluded this year: counted, and shown by origin
  clock.set("2027-07-01T10:00:00+09:00");
  await wf2.registerOwnPartnership({ kind: "agreement", companyName: "株式会社みどり", title: "緑化の実証", pattern: "other", departmentCode: "green", startDate: "2027-07-01", endDate: "2029-06-30" }, SYSTEM);

  // the first agreement is renewed (a new agreement) and then ends
  clock.set("2027-04-20T10:00:00+09:00");
  const draft = await wf2.startRenewal(a1.id, SYSTEM);
  clock.set("2027-05-10T10:00:00+09:00");
  await wf2.registerAgreement({ draftId: draft.id, companyName: companyOf.get(p1), title: "協定（更新）", pattern: "tech_trial", departmentCode: "edu", startDate: "2027-06-01", endDate: "2029-05-31" }, SYSTEM);

  clock.set("2027-08-01T10:00:00+09:00");
  await wf2.submitReport(a6.id, { status: "on_track", done: "共同イベントを開いた", estimatedAmount: "５００，０００円" }, SYSTEM);
  await wf2.submitReport(a6.id, { status: "on_track", done: "二回目" }, SYSTEM);

  clock.set("2027-09-01T12:00:00+09:00");
  reports.y2026 = await wf2.reports.year(2026);
  reports.y2027 = await wf2.reports.year(2027);
  reports.y2027health = await wf2.reports.year(2027, { department: "health" });
  reports.y2026en = await wf2.reports.year(2026, { locale: "en" });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  if (url) await removeDatabase(url);
});

const fig = (r: YearReport, id: string) => r.figures.find((f) => f.id === id)!;
const rowsOf = (r: YearReport, id: string, col = 0) => Object.fromEntries(fig(r, id).rows.map((x) => [x.label, x.values[col]]));
const nonZero = (o: Record<string, number | null>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v));
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
function medianOf(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return Math.round((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) * 10) / 10;
}

const DEPT_2026: Record<string, string> = { edu: "学校教育部", health: "健康推進課", env: "環境課" };
const DEPT_2027: Record<string, string> = { edu: "学校教育部", health: "保健予防課", green: "環境政策課" };
const CHANNEL: Record<string, string> = { desk: "公開窓口（ウェブ）", api: "API", chat: "チャット（職員の登録）", call: "募集への応募" };
const OUTCOME: Record<string, string> = { in_progress: "検討中", agreement: "協定締結", no_agreement: "協定によらない連携", declined: "不採択", withdrawn: "取り下げ" };
const PATTERN: Record<string, string> = { co_hosting: "事業の共同主催", tech_trial: "先端技術の実証実験", other: "その他の連携" };
const FIELD: Record<string, string> = { education: "学校教育", health: "健康", environment: "環境" };

describe.each([
  [2026, "y2026", DEPT_2026],
  [2027, "y2027", DEPT_2027],
] as const)("FY%i: proposals", (fy, key, deptNames) => {
  const mine = () => ledger.filter((p) => p.fy === fy);
  it("received by channel, field, department and pattern", () => {
    const r = reports[key];
    expect(nonZero(rowsOf(r, "byChannel"))).toEqual(tally(mine().map((p) => CHANNEL[p.channel])));
    expect(nonZero(rowsOf(r, "byField"))).toEqual(tally(mine().flatMap((p) => (p.fields.length ? p.fields.map((f) => FIELD[f]) : ["分野なし"]))));
    expect(nonZero(rowsOf(r, "byDepartment"))).toEqual(tally(mine().map((p) => (p.dept ? deptNames[p.dept] : "担当未決定"))));
    expect(nonZero(rowsOf(r, "byPattern"))).toEqual(tally(mine().map((p) => PATTERN[p.pattern])));
  });
  it("outcomes and the conversion rate", () => {
    const r = reports[key];
    expect(nonZero(rowsOf(r, "outcomes"))).toEqual(tally(mine().map((p) => OUTCOME[p.outcome])));
    expect(rowsOf(r, "outcomes")["取り下げ"]).toBe(mine().filter((p) => p.outcome === "withdrawn").length);
    const converted = mine().filter((p) => p.outcome === "agreement" || p.outcome === "no_agreement").length;
    expect(fig(r, "conversion").rows[0].values).toEqual([mine().length, converted, Math.round((converted / mine().length) * 1000) / 10]);
    expect(r.key.received).toBe(mine().length);
  });
  it("median and 90th percentile days to take-up and decision, overall and per department", () => {
    const r = reports[key];
    const all = fig(r, "leadTimes").rows[0];
    const taken = mine().filter((p) => p.taken).map((p) => days(p.received, p.taken!));
    const decided = mine().filter((p) => p.decided).map((p) => days(p.received, p.decided!));
    const p90 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1] * 10) / 10;
    expect(all.values).toEqual([taken.length, medianOf(taken), p90(taken), decided.length, medianOf(decided), p90(decided)]);
    for (const code of new Set(mine().map((p) => p.dept).filter(Boolean))) {
      const row = fig(r, "leadTimes").rows.find((x) => x.label === deptNames[code!])!;
      const t = mine().filter((p) => p.dept === code && p.taken).map((p) => days(p.received, p.taken!));
      expect(row.values[0], code!).toBe(t.length);
      expect(row.values[1], code!).toBe(medianOf(t));
    }
  });
});

describe("history stays as it happened", () => {
  it("last year's figures name last year's departments (renamed and merged ones too)", () => {
    const labels = reports.y2026.figures.flatMap((f) => f.rows.map((r) => r.label)).join("\n");
    expect(labels).toContain("健康推進課");
    expect(labels).not.toContain("保健予防課");
    expect(labels).not.toContain("環境政策課");
    const byDept = rowsOf(reports.y2026, "byDepartment");
    expect(byDept["健康推進課"]).toBe(2);
    // env was merged into green in April: last year it is still 環境課, with its own row
    expect(byDept["環境課"]).toBe(1);
    expect(reports.y2026.departments.map((d) => d.name)).toContain("環境課");
    // this year's names for this year
    expect(rowsOf(reports.y2027, "byDepartment")["保健予防課"]).toBe(1);
    expect(rowsOf(reports.y2027, "byDepartment")["環境政策課"]).toBe(1);
    // in English too
    expect(rowsOf(reports.y2026en, "byDepartment")["Health Promotion"]).toBe(2);
  });
});

describe("stale, board, calls, agreements, reports, effect, partners", () => {
  it("proposals older than six months without a decision", () => {
    // FY2026 as of 2027-03-31: the desk proposal (Aug) and the call answer (Sep 10) are older than six months and undecided
    const undecided2026 = ledger.filter((p) => !p.decided && p.outcome !== "withdrawn" && Date.parse(p.received) < Date.parse("2026-10-01T00:00:00+09:00"));
    expect(reports.y2026.key.stale).toBe(undecided2026.length);
    expect(rowsOf(reports.y2026, "stale")).toEqual({ 環境課: 1, 学校教育部: 1 });
    // FY2027 as of 2027-09-01: the same two (received before 2027-03-01), nothing newer
    expect(reports.y2027.key.stale).toBe(2);
  });
  it("board rounds and their outcomes", () => {
    expect(nonZero(rowsOf(reports.y2026, "rounds"))).toEqual({ 否決: 1 });
    expect(nonZero(rowsOf(reports.y2027, "rounds"))).toEqual({});
  });
  it("answers to each theme call", () => {
    const rows = fig(reports.y2026, "callAnswers").rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].label).toContain("学校でのICT活用");
    expect(rows[0].values).toEqual([ledger.filter((p) => p.channel === "call").length]);
  });
  it("agreements concluded, active, ending, ended, renewed", () => {
    const cols = ["concluded", "renewed", "noAgreement", "active", "ending30", "ending90", "ended"];
    const total = (r: YearReport) => Object.fromEntries(cols.map((c, i) => [c, fig(r, "agreements").rows[0].values[i]]));
    // FY2026 at 2027-03-31: A1 concluded (ends 2027-05-31: 61 days → 31–90), one without agreement
    expect(total(reports.y2026)).toEqual({ concluded: 1, renewed: 0, noAgreement: 1, active: 1, ending30: 0, ending90: 1, ended: 0 });
    // FY2027 at 2027-09-01: A6, the renewal and green's own concluded, A1 ended on 2027-05-31, one without agreement
    expect(total(reports.y2027)).toEqual({ concluded: 3, renewed: 1, noAgreement: 1, active: 3, ending30: 0, ending90: 0, ended: 1 });
    expect(reports.y2027.key.concluded).toBe(3);
    // by origin: the same counts, the window's and the departments' own
    const byOrigin = (r: YearReport) => Object.fromEntries(fig(r, "agreementOrigins").rows.map((x) => [x.label, x.values]));
    expect(byOrigin(reports.y2027)).toEqual({ 窓口経由: [2, 1, 1, 2, 0, 0, 1], 部署独自: [1, 0, 0, 1, 0, 0, 0] });
    expect(byOrigin(reports.y2026)).toEqual({ 窓口経由: [1, 0, 1, 1, 0, 1, 0], 部署独自: [0, 0, 0, 0, 0, 0, 0] });
  });
  it("status reports due, received, overdue, and the effect amount per year and department", () => {
    const sr = (r: YearReport) => fig(r, "statusReports").rows[0].values;
    expect(sr(reports.y2026)).toEqual([1, 1, 0]);
    expect(sr(reports.y2027)).toEqual([0, 2, 0]);
    expect(rowsOf(reports.y2026, "effect", 1)).toEqual({ 合計: 1_200_000, 学校教育部: 1_200_000 });
    expect(rowsOf(reports.y2027, "effect", 1)).toEqual({ 合計: 500_000, 保健予防課: 500_000 });
    expect(rowsOf(reports.y2027, "effect", 0)).toEqual({ 合計: 1, 保健予防課: 1 });
  });
  it("cumulative partner companies", () => {
    expect(rowsOf(reports.y2026, "partners")).toMatchObject({ "2025年度": 0, "2026年度": 2 });
    expect(rowsOf(reports.y2027, "partners")).toMatchObject({ "2026年度": 2, "2027年度": 5 });
  });
  it("one department's view holds only that department's figures", () => {
    const r = reports.y2027health;
    expect(r.key.received).toBe(1);
    expect(nonZero(rowsOf(r, "byDepartment"))).toEqual({ 保健予防課: 1 });
    expect(fig(r, "agreements").rows.map((x) => x.label)).toEqual(["保健予防課"]);
    // health's partners: the 2026 partnership without agreement and this year's agreement
    expect(rowsOf(r, "partners")["2027年度"]).toBe(2);
  });
  it("every figure has its one definition", () => {
    for (const f of reports.y2027.figures) expect(f.definition.length, f.id).toBeGreaterThan(20);
  });
});
