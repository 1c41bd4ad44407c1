/** The CLI on a fresh database: import (all or nothing), export, and a reminder sweep safe to run again. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "../../src/app/agreements/import";
import { runCli } from "../../src/cli";
import { parseEnv } from "../../src/config/env";
import { buildCore } from "../../src/core";
import { createLogger } from "../../src/logger";
import { tempDatabaseUrl } from "../helpers/db";
import { FakeSlack } from "../helpers/fake-slack";
import { testOrg } from "../helpers/org";

const HEADER = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";
let dir: string;
let fake: FakeSlack;
let env: ReturnType<typeof parseEnv>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-"));
  fake = await new FakeSlack().start();
  env = parseEnv({ DATABASE_URL: tempDatabaseUrl(), SLACK_BOT_TOKEN: "xoxb-cli", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.url, LOG_LEVEL: "silent" });
});
afterEach(async () => {
  await fake.stop();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env, (clock) =>
    buildCore(env, createLogger("silent"), { clock, org: testOrg(), skipMigrations: true }),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function csv(name: string, rows: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[HEADER, ...rows].join("\n")}\n`);
  return file;
}

describe("npm run cli -- import agreements", () => {
  it("a file with one bad row imports nothing and reports every bad row with its line and reason", async () => {
    const file = csv("bad.csv", [
      "株式会社みなとテック,7000012050002,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,",
      "港エナジー,1234567890123,省エネ診断,environment,other,2026-04-01,2027-03-31,maybe,,",
      "みなと保険,,がん検診啓発,public-health,co_hosting,2026-04-01,2029-04-01,true,,",
    ]);
    const res = await cli("import", "agreements", file, "--yes");
    expect(res.code).toBe(1);
    expect(res.err).toContain(`${file}:3: corporate_number`);
    expect(res.err).toContain(`${file}:3: department: 部署コード「environment」は組織設定にありません`);
    expect(res.err).toContain(`${file}:3: city_cost`);
    // §6(3)② the two-year rule applies to imported rows
    expect(res.err).toMatch(new RegExp(`${file}:4: end: .*最長2年`));
    expect(res.err).toContain("取り込みませんでした: 問題が 4 件あります");
    expect((await cli("export", "agreements", "--format", "csv")).out.trim()).toBe(`${HEADER},${EXPORT_COLUMNS.join(",")}`);
  });

  it("a good file imports every row; a term over two years passes with an exception reason", async () => {
    const file = csv("good.csv", [
      "株式会社みなとテック,7000012050002,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,初年度",
      "みなと保険,,がん検診啓発,public-health,co_hosting,2026-04-01,2029-03-31,true,3か年の啓発計画のため,",
    ]);
    const res = await cli("import", "agreements", file, "--yes");
    expect(res.code).toBe(0);
    expect(res.out.split("\n").at(-1)).toBe("協定を 2 件取り込みました");
    const exported = (await cli("export", "agreements", "--format", "csv")).out.split("\n");
    expect(exported).toHaveLength(3);
    expect(exported[1]).toContain("株式会社みなとテック,7000012050002,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,初年度,A-0001,agreement,active");
    expect(exported[2]).toContain("3か年の啓発計画のため");
  });

  it("names a missing column and a missing file", async () => {
    const file = join(dir, "header.csv");
    writeFileSync(file, "company,title\nA,B\n");
    const res = await cli("import", "agreements", file, "--yes");
    expect(res.code).toBe(1);
    expect(res.err).toContain("列がありません: corporate_number");
    expect((await cli("import", "agreements", join(dir, "none.csv"), "--yes")).err).toContain("ファイルが見つかりません");
    expect(await cli("import", "agreements", dir, "--yes")).toMatchObject({ code: 1, err: `ファイルとして読めません: ${dir}` });
    const unknown = await cli("export", "agreements", "--bogus");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("知らないオプションです: --bogus （npm run cli -- export agreements --help で使い方を表示）");
  });
});

describe("files for Excel", () => {
  it("the export has a BOM and neutralises cells that start like formulas; importing it restores them", async () => {
    const imported = await cli("import", "agreements", csv("a.csv", ['"=HYPERLINK(""http://evil.example"")",,@SUM(A1),school-education,other,2026-04-01,2027-03-31,false,,-1+1']), "--yes");
    expect(imported.code, imported.err).toBe(0);
    const out = (await cli("export", "agreements", "--format", "csv")).out;
    expect(out.startsWith("\uFEFF")).toBe(true);
    const row = out.split("\n")[1];
    expect(row.startsWith(`"'=HYPERLINK(`)).toBe(true);
    expect(row).toContain(",'@SUM(A1),");
    expect(row).toContain(",'-1+1,");
    for (const cell of row.split(",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+@]/);
    // a fresh database gets the original text back
    env = parseEnv({ DATABASE_URL: tempDatabaseUrl(), SLACK_BOT_TOKEN: "xoxb-cli", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.url, LOG_LEVEL: "silent" });
    const file = join(dir, "roundtrip.csv");
    writeFileSync(file, out);
    expect((await cli("import", "agreements", file, "--yes")).code).toBe(0);
    const again = (await cli("export", "agreements", "--format", "csv")).out;
    expect(again.split("\n")[1]).toBe(row);
  });
});

describe("npm run cli -- export agreements", () => {
  it("writes end dates as calendar events, to a file with --out", async () => {
    await cli("import", "agreements", csv("a.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,"]), "--yes");
    const out = join(dir, "agreements.ics");
    expect((await cli("export", "agreements", "--format", "ics", "--out", out)).code).toBe(0);
    const ics = readFileSync(out, "utf8");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART;VALUE=DATE:20280331\r\n");
    expect(ics).toContain("DTEND;VALUE=DATE:20280401\r\n");
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect((await cli("export", "agreements", "--format", "pdf")).code).toBe(2);
  });
});

describe("npm run cli -- reminders run --now", () => {
  it("runs one sweep as if at that time, prints what it sent, and is safe to run again", async () => {
    await cli("import", "agreements", csv("a.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,"]), "--yes");
    const first = await cli("reminders", "run", "--now", "2028-03-30T09:00:00+09:00", "--yes");
    expect(first.code).toBe(0);
    // named by the agreement's number and title, never by an internal key
    expect(first.out).toMatch(/^送信済み\t終了前の通知\t協定 A-0001「出前授業」$/m);
    expect(first.out).not.toMatch(/expiry:/);
    expect(first.out).toContain("送信済み 1 件、送信待ち 0 件");
    expect(fake.posted("C0EDU")).toHaveLength(1);
    const again = await cli("reminders", "run", "--now", "2028-03-30T09:00:00+09:00", "--yes");
    expect(again.out).toContain("送信済み 0 件、送信待ち 0 件、不要になったもの 0 件");
    expect(fake.posted("C0EDU")).toHaveLength(1);
    expect((await cli("reminders", "run", "--now", "yesterday")).code).toBe(2);
  });
});

describe("npm run cli -- export audit", () => {
  it("writes the whole audit trail as CSV, every change with who and when, and refuses a bad date", async () => {
    await cli("import", "agreements", csv("a.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,"]), "--yes");
    const res = await cli("export", "audit");
    expect(res.code).toBe(0);
    expect(res.out.startsWith("\uFEFF")).toBe(true); // UTF-8 with BOM: Excel opens it as UTF-8
    const lines = res.out.slice(1).split("\n");
    expect(lines[0]).toBe("id,at,actor,platform,action,subject_type,subject_id,proposal_id,data");
    expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00,cli:import,cli,agreement\.imported,agreement,/);
    expect((await cli("export", "audit", "--from", "2000-01-01", "--to", "2000-12-31")).out).toBe(`\uFEFF${lines[0]}`);
    expect((await cli("export", "audit", "--from", "yesterday")).code).toBe(2);
  });
});

describe("npm run cli -- outbox", () => {
  it("lists messages not delivered yet with why, and makes them due again", async () => {
    await cli("import", "agreements", csv("a.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,"]), "--yes");
    fake.fail("chat.postMessage", 200, 2, {}, { ok: false, error: "not_in_channel" });
    await cli("reminders", "run", "--now", "2028-03-30T09:00:00+09:00", "--yes");
    const list = await cli("outbox", "list");
    expect(list.out).toMatch(/^slack\tC0EDU\treminder:.*試行 1 回\t次回 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00\tslack: not_in_channel$/m);
    expect(list.out).not.toContain("1970");
    expect(list.out).toContain("未送信のメッセージ: 2 件");
    expect((await cli("outbox", "retry", "--yes")).out).toContain("未送信のメッセージ 2 件を");
  });
});

describe("import from Excel on Japanese Windows", () => {
  it("a Shift_JIS (CP932) file imports with its Japanese intact; a file in neither encoding is refused and nothing stored", async () => {
    // encoded as CP932 with a table built from the platform's own Shift_JIS decoder (there is no encoder)
    const decoder = new TextDecoder("shift_jis");
    const table = new Map<string, number[]>();
    for (let hi = 0x81; hi <= 0xfc; hi++) for (let lo = 0x40; lo <= 0xfc; lo++) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
    const sjis = (s: string) => Buffer.from([...s].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
    const file = join(dir, "sjis.csv");
    writeFileSync(file, sjis(`${HEADER}\r\n株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,\r\n`));
    const res = await cli("import", "agreements", file, "--yes");
    expect(res.code, res.err).toBe(0);
    const out = (await cli("export", "agreements", "--format", "csv")).out;
    expect(out).toContain("株式会社みなとテック");
    expect(out).toContain("出前授業");
    expect(out).not.toContain("\uFFFD");
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0x82, 0xff, 0xfe, 0x2c, 0x0a])]));
    const refused = await cli("import", "agreements", bad, "--yes");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("UTF-8 でも Shift_JIS（CP932）でもありません");
    expect((await cli("export", "agreements", "--format", "csv")).out.split("\n")).toHaveLength(2);
  });
});

describe("import is idempotent", () => {
  it("the same file twice imports nothing the second time and names the agreements it matched, by line", async () => {
    const file = csv("twice.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,", "みなと保険,,がん検診啓発,public-health,other,2026-04-01,2027-03-31,false,,"]);
    expect((await cli("import", "agreements", file, "--yes")).out).toContain("協定を 2 件取り込みました");
    const again = await cli("import", "agreements", file, "--yes");
    expect(again.code).toBe(0);
    expect(again.out).toContain("協定を 0 件取り込みました（2 件は取り込み済み）");
    expect(again.err).toContain(`${file}:2: A-0001 として取り込み済みのため飛ばしました`);
    expect(again.err).toContain(`${file}:3: A-0002 として取り込み済みのため飛ばしました`);
    expect((await cli("export", "agreements", "--format", "csv")).out.trim().split("\n")).toHaveLength(3);
  });
});

describe("the calendar on standard output", () => {
  it("ends every line with CRLF and speaks the configured language", async () => {
    const { childEnv, runCliProcess } = await import("../helpers/server-process");
    const childDb = tempDatabaseUrl();
    const childEnvEn = childEnv(childDb, fake.url, { LOG_LEVEL: "warn", LOCALE: "en" });
    const file = csv("ics.csv", ["株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,"]);
    expect((await runCliProcess(childEnvEn, ["import", "agreements", file, "--yes"])).code).toBe(0);
    const res = await runCliProcess(childEnvEn, ["export", "agreements", "--format", "ics"]);
    expect(res.code, res.err).toBe(0);
    expect(res.out.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(res.out.split("\r\n").slice(0, -1).every((l) => !l.includes("\n"))).toBe(true);
    expect(res.out).toContain("X-WR-CALNAME:Agreement end dates");
    expect(res.out).toContain("SUMMARY:Agreement ends: A-0001 出前授業");
    // and the CLI's own words too
    const usage = await runCliProcess(childEnvEn, ["nonsense"]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("unknown command: nonsense");
    expect(usage.err).toContain("npm run cli -- --help");
    const option = await runCliProcess(childEnvEn, ["export", "agreements", "--bogus"]);
    expect(option.code).toBe(2);
  }, 60_000);
});

describe("npm run cli -- tenant …, and --tenant with any command", () => {
  const chiyoda = () => {
    const file = join(dir, "chiyoda.yml");
    writeFileSync(
      file,
      [
        "city: { name: { ja: 千代田区, en: Chiyoda City }, policy: { ja: 千代田区公民連携方針, en: Chiyoda policy } }",
        "window: { name: { ja: 公民連携担当, en: Partnership Office }, slackChannel: C0CHWIN }",
        "departments: [{ code: environment, name: { ja: 環境まちづくり部, en: Environment }, slackChannel: C0CHENV }]",
        "board: { slackChannel: C0CHBRD, quorum: 1, members: [{ slack: U0CHAIR, name: 会長, chair: true }] }",
        "tenant: { teamsTenants: [0c0d0e0f-1111-4222-8333-444455556666], shareRegister: true }",
      ].join("\n"),
    );
    return file;
  };

  it("adds a municipality checked like the org config, lists it, issues its token once, and acts for it with --tenant", async () => {
    // a wrong rulebook is refused before anything is stored
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "city: { name: { ja: 千代田区, en: Chiyoda } }\n");
    expect((await cli("tenant", "add", "chiyoda", "--config", bad)).code).toBe(2);
    expect((await cli("tenant", "list")).out).toContain("default");
    expect((await cli("tenant", "add", "Bad_Slug", "--config", chiyoda())).code).toBe(2);

    const added = await cli("tenant", "add", "chiyoda", "--config", chiyoda());
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain("千代田区");
    expect((await cli("tenant", "add", "chiyoda", "--config", chiyoda())).out).toContain("更新");
    const list = await cli("tenant", "list");
    expect(list.out).toContain("chiyoda\t千代田区\tTeams: 0c0d0e0f-1111-4222-8333-444455556666\t共有台帳に参加");

    const issued = await cli("tenant", "token", "chiyoda");
    expect(issued.code).toBe(0);
    const token = issued.out.split("\n").at(-1)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await cli("tenant", "token", "nowhere")).code).toBe(1);

    // --tenant: the same commands, for that municipality's rows and rules
    const file = join(dir, "ch.csv");
    writeFileSync(file, `${HEADER}\n九段商事,,公園清掃,environment,other,2026-04-01,2027-03-31,false,,\n`);
    const imported = await cli("import", "agreements", file, "--yes", "--tenant", "chiyoda");
    expect(imported.code, imported.err).toBe(0);
    expect((await cli("export", "agreements", "--tenant=chiyoda")).out).toContain("公園清掃");
    // the default municipality has none of it (and its rules know no department "environment")
    expect((await cli("export", "agreements")).out).not.toContain("公園清掃");
    expect((await cli("import", "agreements", file, "--yes")).code).toBe(1);
    expect((await cli("export", "agreements", "--tenant", "nowhere")).code).toBe(2);
    expect((await cli("export", "agreements", "--tenant")).code).toBe(2);
  });
});
