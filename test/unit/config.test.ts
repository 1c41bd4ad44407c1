import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env";
import { loadOrg } from "../../src/config/org";

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
      window: { slackChannel: "C0WIN" },
      departments: [{ code: "edu", name: { ja: "教育" }, fields: [] }],
      board: { quorum: 1, members: [{ slack: "U0A", name: "A" }] },
    }));
    expect(() => loadOrg(file)).toThrow(/departments\.0\.name\.en/);
  });
  it("refuses duplicate department codes and a quorum larger than the board", () => {
    const dir = mkdtempSync(join(tmpdir(), "org-"));
    const file = join(dir, "org.yml");
    writeFileSync(file, `
window: { slackChannel: C0WIN }
departments:
  - { code: edu, name: { ja: 教育, en: Edu } }
  - { code: edu, name: { ja: 教育2, en: Edu2 } }
board: { quorum: 3, members: [{ slack: U0A, name: A }] }
`);
    expect(() => loadOrg(file)).toThrow(/departments\.1\.code: duplicate.*board\.quorum/);
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
