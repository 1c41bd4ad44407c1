import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env";
import { loadOrg, parseOrg } from "../../src/config/org";
import { MINATO, WINDOW_NAME } from "../helpers/org";

describe("environment", () => {
  it("has defaults for everything a first start needs", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3978);
    expect(env.DATABASE_URL).toBe("file:./data/app.db");
    expect(env.LOCALE).toBe("ja");
    expect(env.TZ_NAME).toBe("Asia/Tokyo");
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
  });
  it("names the variable of a wrong value", () => {
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
    expect(() => parseEnv({ LOCALE: "fr" })).toThrow(/LOCALE/);
    expect(() => parseEnv({ SLACK_BOT_TOKEN: "abc" })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => parseEnv({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    // the desk's address carries status links and cookies: plain http only on one's own machine
    expect(() => parseEnv({ PUBLIC_BASE_URL: "http://desk.example.lg.jp" })).toThrow(/PUBLIC_BASE_URL: must be https:\/\//);
    expect(() => parseEnv({ PUBLIC_BASE_URL: "http://localhost.evil.example" })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => parseEnv({ PUBLIC_BASE_URL: "http://127.0.0.1.nip.io" })).toThrow(/PUBLIC_BASE_URL/);
    for (const ok of ["https://desk.example.lg.jp", "http://localhost:3978", "http://127.0.0.1:3978/", "http://[::1]:3978"]) expect(parseEnv({ PUBLIC_BASE_URL: ok }).PUBLIC_BASE_URL, ok).toBe(ok);
    // the server's limits have sane defaults and are read from the environment
    expect(parseEnv({})).toMatchObject({ HTTP_REQUEST_TIMEOUT_MS: 30_000, HTTP_HEADERS_TIMEOUT_MS: 20_000, HTTP_MAX_CONNECTIONS: 1_000 });
    expect(parseEnv({ HTTP_MAX_CONNECTIONS: "50" }).HTTP_MAX_CONNECTIONS).toBe(50);
    expect(() => parseEnv({ HTTP_REQUEST_TIMEOUT_MS: "0" })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe("organisation config", () => {
  it("the shipped example is valid and realistic", () => {
    const org = loadOrg("config/org.example.yml");
    expect(org.departments.length).toBeGreaterThanOrEqual(8);
    expect(org.departments.map((d) => d.code)).toContain("public-health");
    expect(org.board.quorum).toBe(3);
    expect(org.reminders.expiryLeadDays).toEqual([90, 60, 30, 7, 1]);
  });
  it("reads JSON too, and an error names the path of the bad key", () => {
    const dir = mkdtempSync(join(tmpdir(), "org-"));
    const file = join(dir, "org.json");
    writeFileSync(file, JSON.stringify({
      city: MINATO,
      window: { name: WINDOW_NAME, slackChannel: "C0WIN" },
      departments: [{ code: "edu", name: { ja: "教育" }, fields: [] }],
      board: { quorum: 1, members: [{ slack: "U0A", name: "A" }] },
    }));
    expect(() => loadOrg(file)).toThrow(/departments\.0\.name\.en/);
  });
  it("refuses duplicate department codes and a quorum larger than the board", () => {
    const dir = mkdtempSync(join(tmpdir(), "org-"));
    const file = join(dir, "org.yml");
    writeFileSync(file, `
city: { name: { ja: 架空市, en: Kaku City }, policy: { ja: 架空市方針, en: Kaku policy } }
window: { name: { ja: 連携窓口, en: Window }, slackChannel: C0WIN }
departments:
  - { code: edu, name: { ja: 教育, en: Edu } }
  - { code: edu, name: { ja: 教育2, en: Edu2 } }
board: { quorum: 3, members: [{ slack: U0A, name: A }] }
`);
    expect(() => loadOrg(file)).toThrow(/departments\.1\.code: duplicate.*board\.quorum/);
  });
  it("needs the city (its kind read from its name, or given) and the window's name, and says where", () => {
    const base = { window: { name: WINDOW_NAME, slackChannel: "C0WIN" }, departments: [{ code: "edu", name: { ja: "教育", en: "Edu" } }], board: { quorum: 1, members: [{ slack: "U0A", name: "A" }] } };
    expect(() => parseOrg(base)).toThrow(/city: is required/);
    expect(() => parseOrg({ ...base, city: MINATO, window: { slackChannel: "C0WIN" } })).toThrow(/window\.name:/);
    const city = (name: string, kind?: string) => parseOrg({ ...base, city: { ...MINATO, name: { ja: name, en: "X" }, ...(kind ? { kind } : {}) } }).city.kind;
    expect(city("港区")).toBe("区");
    expect(city("横浜市")).toBe("市");
    expect(city("奥多摩町")).toBe("町");
    expect(city("檜原村")).toBe("村");
    expect(city("Kaku", "市")).toBe("市");
    expect(() => city("東京都")).toThrow(/city\.kind: cannot be read from the name 東京都/);
    expect(() => city("港区", "県")).toThrow(/city\.kind:/);
    expect(parseOrg({ ...base, city: { name: MINATO.name, policy: { ja: "方針", en: "policy" } } }).city.policy.sections).toEqual({});
  });
});

describe("the doors said at start", () => {
  it("name what is open and shut, and why", async () => {
    const { doors } = await import("../../src/bootstrap");
    const { parseEnv } = await import("../../src/config/env");
    const shut = doors(parseEnv({}));
    expect(shut["/slack/events"]).toMatch(/^shut: Slack is off/);
    expect(shut["/api/messages"]).toMatch(/^shut \(404\)/);
    expect(shut["/api/proposals, /api/agreements"]).toMatch(/^shut \(503\)/);
    const open = doors(parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", INTAKE_API_TOKEN: "0123456789abcdef", TEAMS_EMULATOR: "1" }));
    expect(open["/slack/events"]).toMatch(/^open/);
    expect(open["/api/messages"]).toMatch(/WITHOUT AUTHENTICATION/);
    expect(open["/api/proposals, /api/agreements"]).toMatch(/^open/);
  });
});
