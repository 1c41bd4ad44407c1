/**
 * Issues 19 and 20, through the real `node dist/cli.js` on real SQLite files: help generated from the
 * table of commands; commands that cannot be undone change nothing without --yes (the database's every
 * row hashed before and after); config check against broken files, in Japanese and English; doctor
 * against a fake Slack Web API and against a refused connection.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { synopsis } from "../../src/cli/help";
import { COMMANDS } from "../../src/cli/table";
import { en, ja } from "../../src/i18n/cli";
import { tempDatabaseUrl } from "../helpers/db";
import { FakeSlack } from "../helpers/fake-slack";
import { childEnv, runCliProcess } from "../helpers/server-process";

const HEADER = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";
const ROW = "株式会社みなとテック,,出前授業,school-education,tech_trial,2026-04-01,2028-03-31,false,,";
const END_DAY = "2028-03-31T09:00:00+09:00";

let dir: string;
let fake: FakeSlack;
let url: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-safety-"));
  fake = await new FakeSlack().start();
  url = tempDatabaseUrl();
  env = childEnv(url, fake.url, { LOG_LEVEL: "warn" });
});
afterEach(async () => {
  await fake.stop();
});

const cli = (...args: string[]) => runCliProcess(env, args);

/** Every table's rows, hashed: equal snapshots mean nothing was written. */
function snapshot(): Record<string, string> {
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    return Object.fromEntries(
      tables.map((t) => {
        const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
        return [t, `${rows.length}:${createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16)}`];
      }),
    );
  } finally {
    db.close();
  }
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function imported(): Promise<void> {
  const res = await cli("import", "agreements", file("one.csv", `${HEADER}\n${ROW}\n`), "--yes");
  expect(res.code, res.err).toBe(0);
}

describe("help from the table", () => {
  it("lists every command of the table with its options and example, in Japanese and English; `<command> --help` shows that one", async () => {
    for (const [locale, t] of [["ja", ja], ["en", en]] as const) {
      const res = await runCliProcess({ ...env, LOCALE: locale }, ["--help"]);
      expect(res.code).toBe(0);
      for (const c of COMMANDS) {
        expect(res.out).toContain(synopsis(c, t));
        expect(res.out).toContain(`npm run cli -- ${c.example}`);
        for (const o of Object.keys(c.options)) expect(res.out).toContain(`--${o}`);
      }
      expect(res.out).toContain(t.help.usage);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(["reminders run", "import agreements", "outbox retry", "db copy", "config check", "doctor"]));
    const one = await cli("import", "agreements", "--help");
    expect(one.code).toBe(0);
    expect(one.out.split("\n")[0]).toBe("import agreements <ファイル.csv> [--dry-run] [--yes]");
    expect(one.out).not.toContain("reminders run");
    expect((await cli("help", "doctor")).out).toContain(ja.commands.doctor.summary);
  }, 60_000);

  it("a wrong command line exits 2 with one line in the configured language and a pointer to --help", async () => {
    const cases: Array<[string[], string, string]> = [
      [["nonsense"], "知らないコマンドです: nonsense", "unknown command: nonsense"],
      [["export", "audit", "--bogus"], "知らないオプションです: --bogus", "unknown option: --bogus"],
      [["export", "audit", "--from"], "--from には値が必要です", "--from needs a value"],
      [["export", "audit", "--from", "2027-13-45"], "--from: YYYY-MM-DD の日付を指定してください（2027-13-45 は使えません）", "--from: a date YYYY-MM-DD, not 2027-13-45"],
      [["reminders", "run", "--now", "tomorrow"], "--now: 日時（ISO 8601）ではありません: tomorrow", "--now: not an ISO date-time: tomorrow"],
      [["outbox", "retry", "--yes=1"], "--yes は値をとりません", "--yes takes no value"],
    ];
    for (const [args, jaText, enText] of cases) {
      const jaRes = await cli(...args);
      expect(jaRes.code, args.join(" ")).toBe(2);
      expect(jaRes.err.trim().split("\n")).toHaveLength(1);
      expect(jaRes.err).toContain(jaText);
      expect(jaRes.err).toContain("--help");
      const enRes = await runCliProcess({ ...env, LOCALE: "en" }, args);
      expect(enRes.code).toBe(2);
      expect(enRes.err).toContain(enText);
    }
  }, 120_000);
});

describe("commands that cannot be undone ask for --yes", () => {
  it("reminders run --now shows what would be sent and changes nothing; with --yes it sends and ends the agreement", async () => {
    await imported();
    const before = snapshot();
    const plan = await cli("reminders", "run", "--now", END_DAY);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(`SQLite ${url.replace(/^file:/, "")}`);
    expect(plan.out).toMatch(/^送信予定\t終了日の通知\t協定 A-0001「出前授業」$/m);
    expect(plan.out).toContain("--yes");
    expect(snapshot()).toEqual(before);
    expect(fake.of("chat.postMessage")).toHaveLength(0);
    expect((await cli("export", "agreements")).out).toContain(",active");

    const done = await cli("reminders", "run", "--now", END_DAY, "--yes");
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/^送信済み\t終了日の通知\t協定 A-0001「出前授業」/m);
    expect(snapshot()).not.toEqual(before);
    expect(fake.posted("C0EDU").length).toBeGreaterThan(0);
    expect((await cli("export", "agreements")).out).toContain(",ended");
  }, 120_000);

  it("import agreements says what it would import where; --dry-run lists every problem; nothing is stored without --yes", async () => {
    const good = file("good.csv", `${HEADER}\n${ROW}\nみなと保険,,がん検診啓発,public-health,other,2026-04-01,2027-03-31,false,,\n`);
    const bad = file("bad.csv", `${HEADER}\n${ROW}\n港エナジー,1234567890123,省エネ診断,environment,other,2026-04-01,2027-03-31,maybe,,\n`);
    const before = snapshot();
    const plan = await cli("import", "agreements", good);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(`${good} を SQLite ${url.replace(/^file:/, "")} に取り込みます`);
    expect(plan.out).toContain("取り込まれる協定: 2 件");
    expect(plan.out).toContain("--yes");
    const dry = await cli("import", "agreements", good, "--dry-run", "--yes");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("--dry-run");
    const problems = await cli("import", "agreements", bad, "--dry-run");
    expect(problems.code).toBe(1);
    expect(problems.err).toContain(`${bad}:3: department`);
    expect(problems.err).toContain(`${bad}:3: city_cost`);
    expect(problems.err).toContain(`${bad}:3: corporate_number`);
    expect(snapshot()).toEqual(before);

    const done = await cli("import", "agreements", good, "--yes");
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain("協定を 2 件取り込みました");
    expect(snapshot()).not.toEqual(before);
    // a dry run of the same file now finds both rows already there (the database's own checks ran)
    const again = await cli("import", "agreements", good, "--dry-run");
    expect(again.out).toContain("取り込まれる協定: 0 件（2 件は取り込み済みのため飛ばします）");
  }, 120_000);

  it("outbox retry says how many messages in how many channels, and makes them due only with --yes", async () => {
    await imported();
    // a channel the bot is not in: the messages wait in the outbox
    fake.fail("chat.postMessage", 200, 20, {}, { ok: false, error: "not_in_channel" });
    expect((await cli("reminders", "run", "--now", END_DAY, "--yes")).code).toBe(0);
    const before = snapshot();
    expect(before.OutboundMessage).not.toMatch(/^0:/);
    const pending = Number(/未送信のメッセージ: (\d+) 件/.exec((await cli("outbox", "list")).out)![1]);
    expect(pending).toBeGreaterThan(1);
    const plan = await cli("outbox", "retry");
    expect(plan.code, plan.err).toBe(0);
    const [, messages, channels] = /未送信のメッセージ (\d+) 件（(\d+) チャンネル）を今すぐ再送の対象にします/.exec(plan.out)!;
    expect(Number(messages)).toBe(pending);
    const lines = plan.out.split("\n").filter((l) => /^ {2}slack:C0\w+\t\d+ 件$/.test(l));
    expect(lines).toHaveLength(Number(channels));
    expect(lines.reduce((n, l) => n + Number(/\t(\d+)/.exec(l)![1]), 0)).toBe(pending);
    expect(snapshot()).toEqual(before);
    const done = await cli("outbox", "retry", "--yes");
    expect(done.out).toContain(`未送信のメッセージ ${pending} 件を`);
    expect(snapshot()).not.toEqual(before);
  }, 120_000);

  it("db copy says what it would copy where, without the target's password, and touches nothing without --yes", async () => {
    await imported();
    const before = snapshot();
    const plan = await cli("db", "copy", "--to", "postgresql://office:s3cret-pw@127.0.0.1:1/partner");
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(`SQLite ${url.replace(/^file:/, "")} を PostgreSQL postgresql://office:***@127.0.0.1:1/partner に写します`);
    expect(plan.out).toMatch(/^ {2}Agreement\t1 行$/m);
    expect(plan.out + plan.err).not.toContain("s3cret-pw");
    expect(snapshot()).toEqual(before);
  }, 60_000);
});

describe("outbox list with Teams off", () => {
  it("gives messages to Teams channels their reason", async () => {
    const org = file(
      "teams.json",
      JSON.stringify({
        city: { name: { ja: "テスト区", en: "Test City" }, policy: { ja: "方針", en: "policy" } },
        window: { name: { ja: "企業連携推進担当", en: "Partnership Office" }, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
        departments: [{ code: "school-education", name: { ja: "学校教育部", en: "School Education" }, teamsChannel: "19:edu@thread.tacv2" }],
        board: { slackChannel: "C0BOARD", quorum: 1, members: [{ slack: "U0CHAIR", name: "会長", chair: true }] },
      }),
    );
    env = { ...env, ORG_CONFIG: org };
    await imported();
    expect((await cli("reminders", "run", "--now", END_DAY, "--yes")).code).toBe(0);
    const list = await cli("outbox", "list");
    expect(list.out).toMatch(/^teams\t19:edu@thread\.tacv2\t.*\tTeams が無効です（MICROSOFT_APP_ID がありません）/m);
    expect((await runCliProcess({ ...env, LOCALE: "en" }, ["outbox", "list"])).out).toContain("Teams is off: no MICROSOFT_APP_ID");
  }, 120_000);
});

describe("config check", () => {
  const broken = {
    window: { name: { ja: "企業連携推進担当", en: "Partnership Office" }, slackChannel: "C0WINDOW", teamsChannel: "19:win@thread.tacv2" },
    fields: [{ code: "education", name: { ja: "教育", en: "Education" } }],
    departments: [
      { code: "school", name: { ja: "学校教育部", en: "Schools" }, slackChannel: "C0EDU", fields: ["education"] },
      { code: "health", name: { ja: "保健所", en: "Health" }, slackChannel: "U0PERSON", fields: ["education", "foo"] },
      { code: "school", name: { ja: "重複", en: "Twice" }, teamsChannel: "general" },
    ],
    board: { slackChannel: "C0BOARD", quorum: 4, members: [{ slack: "U0A", name: "A", chair: true }, { slack: "U0B", name: "B" }, { name: "C" }] },
  };

  it("names each problem with its path, in Japanese, and exits 1", async () => {
    const path = file("broken.json", JSON.stringify(broken));
    const res = await runCliProcess({ ...env, PUBLIC_DESK: "1" }, ["config", "check", "--config", path]);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`組織設定: ${path}`);
    for (const line of [
      "departments.1.fields.1: 分野コード「foo」は fields にありません",
      "departments.1.slackChannel: 「U0PERSON」は Slack のチャンネル ID（C… か G…）ではありません",
      "departments.2.teamsChannel: 「general」は Teams のチャンネル ID（19:…@thread.tacv2 か 19:…@thread.skype）ではありません",
      "departments.2.code: 部署コード「school」が重複しています",
      "board.quorum: 定足数 4 が委員の数 3 を超えています",
      "board.members.2: slack か teams の ID が必要です",
      "window.contact: PUBLIC_DESK=1 のときは window.contact",
      "city.name: 市区町村の名前",
    ])
      expect(res.err).toContain(line);
    // a Teams channel while Teams is off: a warning, on standard output
    expect(res.out).toContain("window.teamsChannel: （警告）Teams が無効");
    expect(res.out).toContain(`${path}: 問題 8 件、警告 2 件`);
    expect(res.err).not.toContain("departments.0");
  }, 60_000);

  it("says the same in English (LOCALE=en)", async () => {
    const path = file("broken.yml", JSON.stringify(broken));
    const res = await runCliProcess({ ...env, LOCALE: "en", PUBLIC_DESK: "1" }, ["config", "check", "--config", path]);
    expect(res.code).toBe(1);
    for (const line of [
      'departments.1.fields.1: field code "foo" is not in fields',
      'departments.1.slackChannel: "U0PERSON" is not a Slack channel id (C… or G…)',
      "board.quorum: quorum 4 is more than the 3 board member(s)",
      "window.contact: PUBLIC_DESK=1 needs window.contact",
    ])
      expect(res.err).toContain(line);
    expect(res.out).toContain("window.teamsChannel: (warning) a Teams channel while Teams is off");
  }, 60_000);

  it("a sound file passes; a file that is no YAML is one problem; without org.yml it says the example is in use", async () => {
    const good = {
      ...broken,
      city: { name: { ja: "テスト区", en: "Test City" }, policy: { ja: "方針", en: "policy" } },
      window: { name: { ja: "企業連携推進担当", en: "Partnership Office" }, slackChannel: "C0WINDOW", contact: { phone: "03-0000-0000" } },
      departments: [broken.departments[0]],
      board: { slackChannel: "G0BOARD", quorum: 2, members: broken.board.members.slice(0, 2) },
    };
    const ok = await cli("config", "check", "--config", file("good.json", JSON.stringify(good)));
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain("問題はありません");
    const notYaml = await cli("config", "check", "--config", file("bad.yml", "window: [unclosed\n"));
    expect(notYaml.code).toBe(1);
    expect(notYaml.err).toMatch(/^\(file\): YAML／JSON として読めません/m);
    const example = await runCliProcess({ ...env, ORG_CONFIG: "" }, ["config", "check"]);
    expect(example.out).toContain("組織設定: config/org.example.yml");
    expect(example.err).toContain("警告: これは例の設定");
  }, 60_000);
});

describe("doctor", () => {
  it("says which doors are open and that they work, against a fake Slack Web API", async () => {
    await imported();
    const res = await runCliProcess({ ...env, ORG_CONFIG: file("good.json", JSON.stringify(goodOrg())) }, ["doctor"]);
    expect(res.out).toMatch(/^動作\tデータベース\tSQLite .*マイグレーションは最新です$/m);
    expect(res.out).toMatch(/^動作\t組織設定\t/m);
    expect(res.out).toMatch(/^動作\tSlack\tトークンは有効です（ワークスペース T0CITY、ボット partner-bot）$/m);
    expect(res.out).toMatch(/^閉\tTeams\t/m);
    expect(res.out).toMatch(/^動作\t受付 API\t/m);
    expect(res.out).not.toContain(env.INTAKE_API_TOKEN);
    expect(res.out).toMatch(/^閉\tSMTP\t/m);
    expect(res.code, res.out).toBe(0);
    expect(fake.of("auth.test")).toHaveLength(1);
  }, 60_000);

  it("tells a refused token from a network that does not answer, and exits 1", async () => {
    await imported();
    const org = file("good.json", JSON.stringify(goodOrg()));
    fake.fail("auth.test", 200, 1, {}, { ok: false, error: "invalid_auth" });
    const token = await runCliProcess({ ...env, ORG_CONFIG: org, LOCALE: "en" }, ["doctor"]);
    expect(token.code).toBe(1);
    expect(token.out).toMatch(/^BROKEN\tSlack\tthe token was refused \(invalid_auth\)$/m);
    expect(token.out).toContain("SLACK_BOT_TOKEN");

    const closed = await closedPort();
    const offline = await runCliProcess({ ...env, ORG_CONFIG: org, LOCALE: "en", SLACK_API_URL: `http://127.0.0.1:${closed}/api/`, SMTP_URL: `smtp://127.0.0.1:${closed}` }, ["doctor"]);
    expect(offline.code).toBe(1);
    expect(offline.out).toMatch(/^BROKEN\tSlack\tthe Slack Web API cannot be reached \(ECONNREFUSED\); this is not the token$/m);
    expect(offline.out).toContain("HTTPS_PROXY");
    expect(offline.out).not.toMatch(/Slack.*token was refused/);
    expect(offline.out).toMatch(/^BROKEN\tSMTP\tsmtp:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)$/m);
  }, 60_000);

  it("reads the database without creating it", async () => {
    const missing = `file:${join(dir, "none", "app.db")}`;
    const res = await runCliProcess({ ...env, DATABASE_URL: missing }, ["doctor"]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^不調\tデータベース\tSQLite .*まだありません$/m);
    const { existsSync } = await import("node:fs");
    expect(existsSync(join(dir, "none", "app.db"))).toBe(false);
  }, 60_000);
});

function goodOrg() {
  return {
    city: { name: { ja: "テスト区", en: "Test City" }, policy: { ja: "方針", en: "policy" } },
    window: { name: { ja: "企業連携推進担当", en: "Partnership Office" }, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
    fields: [{ code: "education", name: { ja: "教育", en: "Education" } }, { code: "health", name: { ja: "健康", en: "Health" } }],
    departments: [
      { code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] },
      { code: "public-health", name: { ja: "保健所", en: "Public Health" }, slackChannel: "C0HEALTH", fields: ["health"] },
    ],
    board: { slackChannel: "C0BOARD", quorum: 1, members: [{ slack: "U0CHAIR", name: "会長", chair: true }] },
  };
}

/** A port nothing listens on (bound, then closed): connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
