/**
 * Issue 11: export, then import into a fresh database, restores everything the export holds: numbers,
 * states (ended stays ended), agreements without an agreement document (no end date), approved
 * exceptions over two years, and renewal links.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { proposalBody, startHarness, TestClock, type Harness } from "../helpers/harness";

let h: Harness;
let fresh: Harness | undefined;
beforeEach(async () => {
  h = await startHarness({ clock: new TestClock(new Date("2026-11-25T09:00:00+09:00")) });
});
afterEach(async () => {
  await h.cleanup();
  await fresh?.cleanup();
  fresh = undefined;
});

const EDU = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };
const WINDOW = { platform: "slack" as const, userId: "U0WIN", channelId: "C0WINDOW" };
const HEADER = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";

async function takenProposal(title: string): Promise<string> {
  const res = await h.api("POST", "/api/proposals", proposalBody({ title, pattern: "other" }));
  const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
  await h.app.workflow.takeUp(routing.id, {}, EDU);
  return res.json.id;
}

describe("export → import into a fresh database", () => {
  it("restores numbers, states, no-agreement records, exception approvals and renewal links", async () => {
    const base = { companyName: "株式会社みなとテック", pattern: "other", departmentCode: "school-education" };
    // A-0001 → renewed as A-0002 (a draft, then concluded)
    const first = await h.app.workflow.registerAgreement({ ...base, proposalId: await takenProposal("出前授業"), title: "出前授業", startDate: "2025-04-01", endDate: "2027-03-31" }, EDU);
    const draft = await h.app.workflow.startRenewal(first.id, EDU);
    await h.app.workflow.registerAgreement({ ...base, draftId: draft.id, title: "出前授業（第2期）", startDate: "2027-04-01", endDate: "2029-03-31" }, EDU);
    // A-0003: ended long ago
    expect((await h.app.workflow.importAgreements(`${HEADER}\n=みなと保険,,がん検診啓発,public-health,co_hosting,2023-04-01,2024-03-31,false,,\n`)).problems).toEqual([]);
    // A-0004: no agreement document, by mutual consent: no end date
    await h.app.workflow.recordNoAgreement(await takenProposal("図書館での読み聞かせ"), { consentBy: "学校教育部長・同社CSR部長", reason: "1回限りで金銭のやりとりなし" }, EDU);
    // A-0005: three years, approved as an exception by the window
    const long = await h.app.workflow.registerAgreement(
      { ...base, proposalId: await takenProposal("3か年の実証"), title: "3か年の実証", startDate: "2026-04-01", endDate: "2029-03-31", exceptionReason: "3か年の実証計画のため" },
      EDU,
    );
    expect(long.state).toBe("pending_exception");
    await h.app.workflow.approveException(long.id, WINDOW);

    const exported = await h.app.workflow.exportAgreementsCsv();
    const rows = exported.replace(/^\uFEFF/, "").trim().split("\n");
    expect(rows).toHaveLength(6);

    fresh = await startHarness({ clock: new TestClock(new Date("2026-11-25T09:00:00+09:00")) });
    const res = await fresh.app.workflow.importAgreements(exported);
    expect(res.problems).toEqual([]);
    expect(res.imported).toBe(5);
    // everything the export holds comes back as it was
    expect(await fresh.app.workflow.exportAgreementsCsv()).toBe(exported);

    const list = await fresh.app.workflow.listAgreements();
    const byNumber = Object.fromEntries(list.map((a) => [a.number, a]));
    expect(byNumber["A-0001"]).toMatchObject({ state: "active", endDate: "2027-03-31" });
    expect(byNumber["A-0003"]).toMatchObject({ state: "ended" });
    expect(byNumber["A-0004"]).toMatchObject({ kind: "no_agreement", endDate: null, state: "active" });
    const renewal = (await fresh.api("GET", `/api/agreements/${byNumber["A-0002"].id}`)).json;
    expect(renewal.predecessor).toMatchObject({ number: "A-0001" });
    const exception = await fresh.app.store.read.agreements.get(byNumber["A-0005"].id);
    expect(exception).toMatchObject({ state: "active", exceptionReason: "3か年の実証計画のため", exceptionApprovedBy: "slack:U0WIN" });
    const consent = await fresh.app.store.read.agreements.get(byNumber["A-0004"].id);
    expect(consent).toMatchObject({ consentBy: "学校教育部長・同社CSR部長", consentReason: "1回限りで金銭のやりとりなし" });
    // numbering goes on after the imported numbers
    const next = await fresh.app.workflow.importAgreements(`${HEADER}\n新しい会社,,新しい協定,school-education,other,2026-04-01,2027-03-31,false,,\n`);
    expect(next.problems).toEqual([]);
    expect((await fresh.app.workflow.listAgreements()).map((a) => a.number)).toContain("A-0006");
    // the same export again imports nothing
    expect(await fresh.app.workflow.importAgreements(exported)).toMatchObject({ imported: 0, problems: [] });
  });

  it("refuses a number already used, a number twice in the file and an unknown predecessor, and stores nothing", async () => {
    const cols = `${HEADER},number,kind,state,predecessor`;
    const twice = await h.app.workflow.importAgreements(`${cols}\nA社,,一,school-education,other,2026-04-01,2027-03-31,false,,,A-0007,agreement,active,\nB社,,二,school-education,other,2026-04-01,2027-03-31,false,,,A-0007,agreement,active,\n`);
    expect(twice.problems).toEqual([{ line: 3, field: "number", message: "協定番号 A-0007 がこのファイルに2回あります" }]);
    const orphan = await h.app.workflow.importAgreements(`${cols}\nA社,,一,school-education,other,2026-04-01,2027-03-31,false,,,A-0007,agreement,active,A-0099\n`);
    expect(orphan.problems).toEqual([{ line: 2, field: "predecessor", message: "前の協定 A-0099 がこのファイルにもデータベースにもありません" }]);
    expect(await h.app.workflow.listAgreements()).toEqual([]);
    expect((await h.app.workflow.importAgreements(`${cols}\nA社,,一,school-education,other,2026-04-01,2027-03-31,false,,,A-0007,agreement,active,\n`)).problems).toEqual([]);
    const taken = await h.app.workflow.importAgreements(`${cols}\nC社,,三,school-education,other,2026-04-01,2027-03-31,false,,,A-0007,agreement,active,\n`);
    expect(taken.problems).toEqual([{ line: 2, field: "number", message: "協定番号 A-0007 はすでに別の協定に使われています" }]);
    expect(await h.app.workflow.listAgreements()).toHaveLength(1);
  });

  it("refuses two renewals of one agreement, a cycle of renewals, a number too large for the column, and a no-agreement end that is not a date", async () => {
    const cols = `${HEADER},number,kind,state,predecessor`;
    const row = (co: string, n: string, pred = "", kind = "agreement", end = "2027-03-31") => `${co},,${co}の協定,school-education,other,2026-04-01,${end},false,,,${n},${kind},active,${pred}`;
    const twice = await h.app.workflow.importAgreements(`${cols}\n${row("A社", "A-0001")}\n${row("B社", "A-0002", "A-0001")}\n${row("C社", "A-0003", "A-0001")}\n`);
    expect(twice.problems).toEqual([{ line: 4, field: "predecessor", message: "前の協定 A-0001 にはすでに後継の協定があります" }]);
    const cycle = await h.app.workflow.importAgreements(`${cols}\n${row("A社", "A-0001", "A-0002")}\n${row("B社", "A-0002", "A-0001")}\n`);
    expect(cycle.problems).toEqual([{ line: 3, field: "predecessor", message: "協定 A-0002 の前の協定をたどると A-0002 に戻ります" }]);
    const huge = await h.app.workflow.importAgreements(`${cols}\n${row("A社", "A-9999999999")}\n`);
    expect(huge.problems).toEqual([{ line: 2, field: "number", message: "協定番号が大きすぎます" }]);
    const noEnd = await h.app.workflow.importAgreements(`${cols}\n${row("A社", "", "", "no_agreement", "あした")}\n`);
    expect(noEnd.problems.map((p) => p.field)).toEqual(["end"]);
    expect(await h.app.workflow.listAgreements()).toEqual([]);
    // a ten-digit number still round-trips
    expect((await h.app.workflow.importAgreements(`${cols}\n${row("A社", "A-1000000000")}\n`)).problems).toEqual([]);
    const exported = await h.app.workflow.exportAgreementsCsv();
    fresh = await startHarness();
    expect((await fresh.app.workflow.importAgreements(exported)).problems).toEqual([]);
  });
});
