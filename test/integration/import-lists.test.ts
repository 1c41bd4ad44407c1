/**
 * `import partnerships`: the lists offices already keep (issue 23), as files laid out like the published
 * ones: an .xlsx saved by exceljs with a title row, real Excel date cells and ○ columns of kinds of help,
 * and a partnership list saved as CSV by Excel on Japanese Windows (CP932).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli";
import { parseEnv } from "../../src/config/env";
import { buildCore } from "../../src/core";
import { openStore } from "../../src/db/open";
import { createLogger } from "../../src/logger";
import { removeDatabase, tempDatabase } from "../helpers/db";
import { testOrg } from "../helpers/org";

let dir: string;
let url: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "lists-"));
  url = await tempDatabase();
});
afterEach(async () => {
  await removeDatabase(url);
});

async function cli(argv: string[], locale: "ja" | "en" = "ja") {
  const env = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent", LOCALE: locale });
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env, (clock) =>
    // a fixed day, so that which agreements have ended does not change with the date the tests run
    buildCore(env, createLogger("silent"), { clock: clock ?? { now: () => new Date("2026-12-01T00:00:00Z") }, org: testOrg(), skipMigrations: true }),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function stored() {
  const store = await openStore(url, 1);
  try {
    const r = store.read;
    return { agreements: await r.agreements.list(), disasters: await r.disasters.list() };
  } finally {
    await store.close();
  }
}

/** A prefecture's open-data list of disaster agreements: a title row, a blank row, then the header. */
async function disasterXlsx(name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("災害時応援協定");
  ws.addRow(["災害時応援協定一覧（令和6年4月1日現在）"]);
  ws.addRow([]);
  ws.addRow(["No.", "市町村名", "協定の名称", "協定締結先", "締結年月日", "所管課", "物資", "人員", "輸送", "医療", "避難所", "広報", "連絡方法", "備考"]);
  const rows: unknown[][] = [
    [1, "港区", "災害時における物資供給に関する協定", "株式会社みなとストア", new Date(Date.UTC(2005, 7, 31)), "学校教育部", "○", "", "○", "", "", "", "防災無線", ""],
    [2, "港区", "災害時における緊急輸送に関する協定", "みなと運輸株式会社、港湾トラック協同組合／株式会社アイ・エス・ビー", "H17.8.31", "", "", "", "〇", "", "", "", "", ""],
    [3, "港区", "災害時における医療救護に関する協定", "一般社団法人 みなと医師会", "令和元年5月1日", "みなと保健所", "", "●", "", "●", "", "", "", ""],
    [4, "港区", "災害時における物資供給に関する協定（改正）", "株式会社みなとストア", 45383, "学校教育部", "○", "○", "○", "", "", "", "", "品目を追加"],
    [5, "港区", "災害時における避難所の提供に関する協定", "みなと学園", "R1.4.1", "", "", "", "", "", "○", "", "", ""],
    [6, "港区", "災害時における広報に関する協定", "みなとFM株式会社", "Ｒ６．４．１", "", "", "", "", "", "", "○", "", ""],
  ];
  for (const r of rows) ws.addRow(r);
  ws.getCell("E4").numFmt = "yyyy/m/d";
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

// CP932 with a table built from the platform's own Shift_JIS decoder (Node has no encoder), as cli.test.ts does
const decoder = new TextDecoder("shift_jis");
const table = new Map<string, number[]>();
for (let hi = 0x81; hi <= 0xfc; hi++) for (let lo = 0x40; lo <= 0xfc; lo++) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
const sjis = (s: string) => Buffer.from([...s].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));

/** A department's partnership list, saved by Excel on Japanese Windows as "CSV (comma delimited)". */
function partnershipCsv(name: string): string {
  const lines = [
    "協定名,締結先,協定締結日,担当課,有効期限,概要,法人番号,先方担当者,ＦＡＸ番号",
    "包括連携協定,株式会社みなとテック,平成29年4月1日,学校教育部,,地域の活性化,7000012050002,営業部 山田,03-0000-0000",
    "出前授業に関する協定,\"みなと保険株式会社,みなと生命株式会社\",２０２４年４月１日,Public Health,R8.3.31,がん検診の啓発,,,",
    "見守り活動に関する協定,港エナジー,令和元年4月1日,学校教育部,,,,,",
    "環境保全に関する協定,みなと電力,2024/4/1,環境課,,,,,",
    "窓口経由の連携協定,株式会社みなとラボ,2025-10-01,企業連携推進担当,2027-09-30,,,,",
    "包括連携協定（変更）,株式会社みなとテック,R7.4.1,学校教育部,2028-03-31,連携分野に防災を追加,,,",
  ];
  const file = join(dir, name);
  writeFileSync(file, sjis(`${lines.join("\r\n")}\r\n`));
  return file;
}

describe("npm run cli -- import partnerships: a disaster-agreement list (.xlsx)", () => {
  it("a dry run shows every row and problem and stores nothing; the real run stores the good rows; a second run changes nothing", async () => {
    const file = await disasterXlsx("disaster.xlsx");
    const dry = await cli(["import", "partnerships", file, "--dry-run"]);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain(`${file}:4: 新規: 災害協定「災害時における物資供給に関する協定」株式会社みなとストア`);
    expect(dry.out).toContain(`${file}:5: 新規: 災害協定「災害時における緊急輸送に関する協定」みなと運輸株式会社（ほか 2 者）`);
    expect(dry.out).toContain(`${file}:7: 改正を反映: 災害協定「災害時における物資供給に関する協定（改正）」株式会社みなとストア`);
    // 令和 began on 2019-05-01: R1.4.1 is named as impossible, with its cause
    expect(dry.err).toContain(`${file}:8: 締結年月日: 「R1.4.1」は令和が始まった 2019-05-01 より前の日付です`);
    expect(dry.out).toContain("知らない列（内容は各記録にそのまま残します）: 連絡方法");
    expect(dry.out).toContain("取り込むと: 新規 4 件、変更なし 0 件、改正の反映 1 件、問題のある行 1 件");
    expect(dry.out).toContain("何も保存していません");
    expect(await stored()).toEqual({ agreements: [], disasters: [] });

    const real = await cli(["import", "partnerships", file, "--yes"]);
    expect(real.code).toBe(1);
    expect(real.out).toContain("新規 4 件、変更なし 0 件、改正の反映 1 件、問題のある行 1 件");
    expect(real.err).toContain("問題のある行は取り込んでいません");
    const { disasters, agreements } = await stored();
    expect(agreements).toEqual([]);
    expect(disasters).toHaveLength(4);
    const goods = disasters.find((d) => d.title === "災害時における物資供給に関する協定")!;
    // the Excel date cell, the amendment applied once (its ○ columns, its note), the unknown column kept
    expect(goods.concludedOn).toBe("2005-08-31");
    expect(JSON.parse(goods.helpKinds!)).toEqual(["goods", "staff", "transport"]);
    expect(goods.departmentCode).toBe("school-education");
    const extra = JSON.parse(goods.extra!);
    expect(extra.columns).toEqual({ "No.": "1", 市町村名: "港区", 連絡方法: "防災無線" });
    expect(extra.amendments).toEqual([expect.objectContaining({ title: "災害時における物資供給に関する協定（改正）", on: "2024-04-01" })]);
    const transport = disasters.find((d) => d.title.includes("緊急輸送"))!;
    expect(JSON.parse(transport.counterparties!)).toEqual(["みなと運輸株式会社", "港湾トラック協同組合", "株式会社アイ・エス・ビー"]);
    expect(transport.concludedOn).toBe("2005-08-31");
    expect(transport.departmentCode).toBeNull();
    expect(disasters.find((d) => d.title.includes("医療救護"))!.concludedOn).toBe("2019-05-01");
    expect(disasters.find((d) => d.title.includes("広報"))!.concludedOn).toBe("2024-04-01");

    // one audit event per record stored and per amendment applied, in the import's transaction
    const trail = (await cli(["export", "audit", "--from", "2000-01-01", "--to", "2099-12-31"])).out;
    expect(trail.match(/disaster\.imported/g)).toHaveLength(4);
    expect(trail.match(/disaster\.amended/g)).toHaveLength(1);

    // the export carries the kind and the department (and reads back as the same rows)
    const csv = (await cli(["export", "disasters"])).out;
    const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
    expect(lines[0]).toBe("kind,title,counterparties,department,department_name,concluded,end,help_kinds,last_used,company_contact,city_contact,state,source");
    expect(lines.filter((l) => l.startsWith("disaster,"))).toHaveLength(4);
    expect(csv).toContain("disaster,災害時における物資供給に関する協定,株式会社みなとストア,school-education,学校教育部,2005-08-31,,goods staff transport");

    const again = await cli(["import", "partnerships", file, "--yes"]);
    expect(again.out).toContain("新規 0 件、変更なし 5 件、改正の反映 0 件、問題のある行 1 件");
    expect(again.out).toContain(`${file}:7: 取り込み済み（変更なし）`);
    const after = await stored();
    expect(after.disasters).toHaveLength(4);
    expect(JSON.parse(after.disasters.find((d) => d.id === goods.id)!.extra!).amendments).toHaveLength(1);
  });

  it("--kind decides for the whole file; a wrong kind is a wrong command line", async () => {
    const file = await disasterXlsx("forced.xlsx");
    expect((await cli(["import", "partnerships", file, "--kind", "bogus"])).code).toBe(2);
    // as partnerships, the rows without a department are problems; the others become agreements
    const res = await cli(["import", "partnerships", file, "--kind", "partnership", "--yes"]);
    expect(res.err).toContain(`${file}:5: 所管課: 連携協定には所管課が必要です`);
    const { agreements, disasters } = await stored();
    expect(disasters).toEqual([]);
    expect(agreements.map((a) => [a.title, a.origin, a.departmentCode])).toEqual(
      expect.arrayContaining([
        ["災害時における物資供給に関する協定", "own", "school-education"],
        ["災害時における医療救護に関する協定", "own", "public-health"],
      ]),
    );
  });

  it("speaks English when the org's language is English", async () => {
    const file = await disasterXlsx("disaster-en.xlsx");
    const res = await cli(["import", "partnerships", file, "--yes"], "en");
    expect(res.out).toContain(`${file}:5: new: disaster agreement "災害時における緊急輸送に関する協定" みなと運輸株式会社 (and 2 more)`);
    expect(res.err).toContain(`${file}:8: 締結年月日: "R1.4.1" is before 令和 began on 2019-05-01`);
    expect(res.out).toContain("unknown columns (their cells are kept with each record as they are): 連絡方法");
    expect(res.out).toContain("4 new, 0 unchanged, 1 amendments applied, 1 rows with problems");
  });
});

describe("npm run cli -- import partnerships: a department's partnership list (CSV, CP932)", () => {
  it("makes agreements of the departments (their own, or the window's), keeps unknown columns, applies the amendment once", async () => {
    const file = partnershipCsv("own.csv");
    const res = await cli(["import", "partnerships", file, "--yes"]);
    expect(res.err).toContain(`${file}:4: 協定締結日: 「令和元年4月1日」は令和が始まった 2019-05-01 より前の日付です`);
    expect(res.err).toContain(`${file}:5: 担当課: 部署「環境課」は組織設定にありません（部署名かコードで）`);
    expect(res.out).toContain(`${file}:2: 新規: 連携協定（部署独自） A-0001「包括連携協定」株式会社みなとテック`);
    expect(res.out).toContain(`${file}:3: 新規: 連携協定（部署独自） A-0002「出前授業に関する協定」みなと保険株式会社（ほか 1 者）`);
    expect(res.out).toContain(`${file}:6: 新規: 連携協定（窓口） A-0003「窓口経由の連携協定」株式会社みなとラボ`);
    expect(res.out).toContain(`${file}:7: 改正を反映: 連携協定（部署独自） A-0001「包括連携協定（変更）」`);
    expect(res.out).toContain("知らない列（内容は各記録にそのまま残します）: ＦＡＸ番号");
    expect(res.out).toContain("新規 3 件、変更なし 0 件、改正の反映 1 件、問題のある行 2 件");
    const { agreements, disasters } = await stored();
    expect(disasters).toEqual([]);
    expect(agreements).toHaveLength(3);
    const byTitle = (t: string) => agreements.find((a) => a.title === t)!;
    const general = byTitle("包括連携協定");
    expect(general).toMatchObject({ origin: "own", departmentCode: "school-education", startDate: "2017-04-01", endDate: "2028-03-31", companyContact: "営業部 山田", notes: "地域の活性化", state: "active" });
    expect(JSON.parse(general.extra!).columns).toEqual({ ＦＡＸ番号: "03-0000-0000" });
    const lesson = byTitle("出前授業に関する協定");
    expect(lesson).toMatchObject({ origin: "own", departmentCode: "public-health", startDate: "2024-04-01", endDate: "2026-03-31", state: "ended" });
    expect(JSON.parse(lesson.extra!).counterparties).toEqual(["みなと保険株式会社", "みなと生命株式会社"]);
    expect(byTitle("窓口経由の連携協定")).toMatchObject({ origin: "window", departmentCode: "window" });

    const again = await cli(["import", "partnerships", file, "--yes"]);
    expect(again.out).toContain("新規 0 件、変更なし 4 件、改正の反映 0 件、問題のある行 2 件");
    expect((await stored()).agreements).toHaveLength(3);

    // the public register and the export say what kind each is
    const exported = await cli(["export", "agreements", "--format", "csv"]);
    expect(exported.out.split("\n")[0]).toContain(",origin");
  });
});
